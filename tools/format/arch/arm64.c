/* arm64 text of the driver's answers: EL2 and the Linux hyp stub for `hvisor info`, ESR_EL2 decoding for faults. */
#include "format/arch.h"

#include <arch/arm64/asm/hvisor_call.h>
#include <hvisor/config.h>
#include <inttypes.h>

static const char *el2_field_text(unsigned int field)
{
	switch (field) {
	case 0:
		return "EL2 not implemented";
	case 1:
		return "EL2 in AArch64 only";
	case 2:
		return "EL2 in AArch64 and AArch32";
	default:
		return "EL2 implemented (unknown encoding)";
	}
}

static void print_info(FILE *f, const struct hvisor_info *info)
{
	const uint64_t *a = info->arch_info;
	uint64_t pfr0 = a[HVISOR_ARM64_INFO_PFR0];
	uint64_t answer = a[HVISOR_ARM64_INFO_STUB_ANSWER];
	unsigned int el2_field = (unsigned int)(pfr0 >> 8) & 0xf;

	fprintf(f, "kernel EL: %" PRIu64 "\n", a[HVISOR_ARM64_INFO_CURRENT_EL]);
	fprintf(f, "ID_AA64PFR0_EL1: 0x%016" PRIx64 " (EL2 field %u: %s)\n",
		pfr0, el2_field, el2_field_text(el2_field));
	fprintf(f, "hyp stub answer: 0x%" PRIx64 "%s\n", answer,
		answer == HVISOR_HVC_STUB_ERR ?
			" (HVC_STUB_ERR: the Linux hyp stub is there)" :
			"");
	if (a[HVISOR_ARM64_INFO_STUB_VECTORS])
		fprintf(f, "hyp stub vectors: 0x%" PRIx64 "\n",
			a[HVISOR_ARM64_INFO_STUB_VECTORS]);
	else
		fprintf(f, "hyp stub vectors: unknown\n");
}

static void foreign_detail(const struct hvisor_info *info, char *buf,
			   size_t size)
{
	snprintf(buf, size, " (stub answered 0x%" PRIx64 ")",
		 info->arch_info[HVISOR_ARM64_INFO_STUB_ANSWER]);
}

/* The exception class of an ESR_EL2 value (bits 31:26). */
static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00:
		return "unknown reason";
	case 0x01:
		return "WFI/WFE";
	case 0x07:
		return "SIMD/FP access";
	case 0x0e:
		return "illegal execution state";
	case 0x15:
		return "SVC";
	case 0x16:
		return "HVC";
	case 0x17:
		return "SMC";
	case 0x18:
		return "system register access";
	case 0x20:
		return "instruction abort from a lower EL";
	case 0x21:
		return "instruction abort";
	case 0x22:
		return "PC alignment fault";
	case 0x24:
		return "data abort from a lower EL";
	case 0x25:
		return "data abort";
	case 0x26:
		return "SP alignment fault";
	case 0x2c:
		return "floating-point exception";
	case 0x2f:
		return "SError";
	case 0x30:
	case 0x31:
		return "breakpoint";
	case 0x32:
	case 0x33:
		return "software step";
	case 0x34:
	case 0x35:
		return "watchpoint";
	case 0x3c:
		return "BRK instruction";
	default:
		return NULL;
	}
}

/* Fault status code of an instruction or data abort (ISS bits 5:0). */
static void format_fsc(unsigned int fsc, char *buf, size_t size)
{
	static const char *const kinds[] = { "address size fault",
					     "translation fault",
					     "access flag fault",
					     "permission fault" };

	if (fsc < 0x10)
		snprintf(buf, size, ": %s, level %u", kinds[fsc >> 2], fsc & 3);
	else if (fsc == 0x10)
		snprintf(buf, size, ": synchronous external abort");
	else if (fsc == 0x21)
		snprintf(buf, size, ": alignment fault");
	else
		snprintf(buf, size, ": fault status 0x%02x", fsc);
}

static void esr_text(uint64_t esr, char *buf, size_t size)
{
	unsigned int ec = (unsigned int)(esr >> 26) & 0x3f;
	const char *name = ec_name(ec);
	char fsc[64] = "";

	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25)
		format_fsc((unsigned int)esr & 0x3f, fsc, sizeof(fsc));
	if (name)
		snprintf(buf, size, "%s%s", name, fsc);
	else
		snprintf(buf, size, "exception class 0x%02x", ec);
}

const struct format_arch_ops format_arch_arm64 = {
	.arch = HVISOR_ARCH_ARM64,
	.hyp_mode = "EL2",
	.hyp_free = "Linux hyp stub",
	.hyp_host = "VHE kernel",
	.print_info = print_info,
	.foreign_detail = foreign_detail,
	.syndrome_name = "esr",
	.gpa_name = "ipa",
	.syndrome_text = esr_text,
};
