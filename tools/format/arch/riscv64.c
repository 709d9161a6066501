/* riscv64 text of the driver's answers: ISA, H extension and SBI for `hvisor info`, scause decoding for faults. */
#include "format/arch.h"

#include <arch/riscv64/asm/hvisor_call.h>
#include <hvisor/config.h>
#include <inttypes.h>
#include <string.h>

static const struct {
	uint64_t bit;
	const char *name;
} extension_names[] = {
	{ HVISOR_RISCV64_EXT_SSTC, "sstc" },
	{ HVISOR_RISCV64_EXT_SSAIA, "ssaia" },
	{ HVISOR_RISCV64_EXT_SMAIA, "smaia" },
	{ HVISOR_RISCV64_EXT_SVPBMT, "svpbmt" },
	{ HVISOR_RISCV64_EXT_ZICBOM, "zicbom" },
	{ HVISOR_RISCV64_EXT_ZICBOZ, "zicboz" },
	{ HVISOR_RISCV64_EXT_SVNAPOT, "svnapot" },
	{ HVISOR_RISCV64_EXT_SSCOFPMF, "sscofpmf" },
};

static const char *sbi_impl_name(uint64_t id)
{
	static const char *const names[] = {
		"Berkeley Boot Loader",
		"OpenSBI",
		"Xvisor",
		"KVM",
		"RustSBI",
		"Diosix",
		"Coffer",
		"Xen",
		"PolarFire HSS",
		"coreboot",
		"oreboot",
		"bhyve",
	};

	return id < sizeof(names) / sizeof(names[0]) ? names[id] : "unknown";
}

/* "rv64imafdch_sstc": the letters in canonical order, then the rest. */
static void isa_string(uint64_t isa, uint64_t ext, char *buf, size_t size)
{
	static const char order[] = "imafdqlcbkjtpvnh";
	size_t n = (size_t)snprintf(buf, size, "rv64");
	const char *c;
	unsigned int i;

	for (c = order; *c && n + 1 < size; c++)
		if (isa & (1ULL << (*c - 'a')))
			buf[n++] = *c;
	/* letters outside the canonical order (should be none) */
	for (i = 0; i < 26 && n + 1 < size; i++)
		if ((isa & (1ULL << i)) && !strchr(order, 'a' + (int)i))
			buf[n++] = (char)('a' + i);
	buf[n] = '\0';
	for (i = 0; i < sizeof(extension_names) / sizeof(extension_names[0]);
	     i++)
		if ((ext & extension_names[i].bit) && n < size)
			n += (size_t)snprintf(buf + n, size - n, "_%s",
					      extension_names[i].name);
}

static void print_info(FILE *f, const struct hvisor_info *info)
{
	const uint64_t *a = info->arch_info;
	uint64_t isa = a[HVISOR_RISCV64_INFO_ISA];
	uint64_t sbi = a[HVISOR_RISCV64_INFO_SBI];
	uint64_t probe = a[HVISOR_RISCV64_INFO_PROBE];
	uint64_t spec = sbi >> 32, impl = sbi & 0xffffffffULL;
	uint64_t impl_version = probe >> 32;
	char line[160];

	isa_string(isa, a[HVISOR_RISCV64_INFO_EXT], line, sizeof(line));
	fprintf(f, "ISA: %s\n", line);
	fprintf(f, "H extension: %s\n",
		isa & (1ULL << ('h' - 'a')) ? "yes" : "no");
	fprintf(f, "SBI: v%" PRIu64 ".%" PRIu64 ", %s (ID %" PRIu64 ")",
		(spec >> 24) & 0x7f, spec & 0xffffff, sbi_impl_name(impl),
		impl);
	if (impl == HVISOR_SBI_IMPL_OPENSBI)
		/* OpenSBI: major << 16 | minor */
		fprintf(f, " v%" PRIu64 ".%" PRIu64 "\n", impl_version >> 16,
			impl_version & 0xffff);
	else
		fprintf(f, " version 0x%" PRIx64 "\n", impl_version);
	fprintf(f, "hvisor SBI extension 0x%x: %s\n", HVISOR_SBI_EXT,
		(probe & HVISOR_RISCV64_PROBE_MASK) ? "answers" : "not there");
	fprintf(f, "KVM: %s\n",
		(probe & HVISOR_RISCV64_KVM) ? "loaded" : "not loaded");
}

static void foreign_detail(const struct hvisor_info *info, char *buf,
			   size_t size)
{
	const uint64_t *a = info->arch_info;
	uint64_t impl = a[HVISOR_RISCV64_INFO_SBI] & 0xffffffffULL;

	if (a[HVISOR_RISCV64_INFO_PROBE] & HVISOR_RISCV64_PROBE_MASK)
		snprintf(buf, size, " (it answers the hvisor SBI extension)");
	else if (a[HVISOR_RISCV64_INFO_PROBE] & HVISOR_RISCV64_KVM)
		snprintf(buf, size, " (KVM is loaded)");
	else
		snprintf(buf, size, " (the SBI is %s's: Linux is its guest)",
			 sbi_impl_name(impl));
}

/* scause: bit 63 interrupt, the rest the exception or interrupt code. */
static void scause_text(uint64_t scause, char *buf, size_t size)
{
	static const char *const exceptions[] = {
		[0] = "instruction address misaligned",
		[1] = "instruction access fault",
		[2] = "illegal instruction",
		[3] = "breakpoint",
		[4] = "load address misaligned",
		[5] = "load access fault",
		[6] = "store/AMO address misaligned",
		[7] = "store/AMO access fault",
		[8] = "environment call from U-mode",
		[9] = "environment call from HS-mode",
		[10] = "environment call from VS-mode",
		[11] = "environment call from M-mode",
		[12] = "instruction page fault",
		[13] = "load page fault",
		[15] = "store/AMO page fault",
		[20] = "instruction guest-page fault",
		[21] = "load guest-page fault",
		[22] = "virtual instruction",
		[23] = "store/AMO guest-page fault",
	};
	uint64_t code = scause & ~(1ULL << 63);

	if (scause >> 63)
		snprintf(buf, size, "interrupt %" PRIu64, code);
	else if (code < sizeof(exceptions) / sizeof(exceptions[0]) &&
		 exceptions[code])
		snprintf(buf, size, "%s", exceptions[code]);
	else
		snprintf(buf, size, "exception %" PRIu64, code);
}

const struct format_arch_ops format_arch_riscv64 = {
	.arch = HVISOR_ARCH_RISCV64,
	.hyp_mode = "H extension",
	.hyp_free = "Linux in HS mode hands it over",
	.hyp_host = "Linux uses it",
	.print_info = print_info,
	.foreign_detail = foreign_detail,
	.syndrome_name = "scause",
	.gpa_name = "gpa",
	.syndrome_text = scause_text,
};
