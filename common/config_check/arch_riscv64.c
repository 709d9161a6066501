/* Config checker rules for riscv64: the PLIC (or the APLIC and IMSIC files), the CLINT and SBI firmware no cell may map, interrupt source numbers, Sv39 identity and Sv39x4 address sizes, ns16550 consoles, virtual PLIC sources of cells. */
#include "check.h"

#define PLIC_CONTEXT_BASE 0x200000ULL /* threshold/claim of context 0 */
#define PLIC_CONTEXT_STRIDE 0x1000ULL
#define MAX_SOURCES 1024 /* PLIC sources 0..1023, 0 = "no interrupt" */
#define MAX_CONTEXTS_PER_HART 16
#define MAX_TIMEBASE 10000000000ULL /* 10 GHz */
#define MAX_GUEST_INDEX_BITS 6 /* the AIA spec's limit */
#define MAX_WINDOWS 5

/* AIA: the S-level IMSIC window, every hart's 2^gib pages (S file first). */
static uint64_t imsic_window_size(const struct hvisor_system *sys)
{
	const struct hvisor_riscv64_platform *r = &sys->platform.arch.riscv64;

	if (r->imsic_guest_index_bits > MAX_GUEST_INDEX_BITS)
		return 0;
	return (uint64_t)sys->platform.num_cpus
	       << (r->imsic_guest_index_bits + 12);
}

/* An arch window that cells never map and what overlapping it means. */
struct rv_window {
	uint64_t base, size;
	const char *phys, *guest;
};

static unsigned int rv_windows(const struct hvisor_system *sys,
			       struct rv_window out[MAX_WINDOWS])
{
	const struct hvisor_riscv64_platform *r = &sys->platform.arch.riscv64;
	unsigned int n = 0;

	if (r->irqchip == HVISOR_IRQCHIP_APLIC_IMSIC) {
		/* out[0]: the cells' virtual PLIC, guest-physical only */
		out[n++] = (struct rv_window){
			r->plic_base,
			r->plic_size,
			NULL,
			"guest-physical range overlaps the cells' virtual PLIC (emulated by the hypervisor)",
		};
		out[n++] = (struct rv_window){
			r->aplic_base,
			r->aplic_size,
			"physical range overlaps the APLIC (the hypervisor's)",
			NULL,
		};
		out[n++] = (struct rv_window){
			r->imsic_base,
			imsic_window_size(sys),
			"physical range overlaps the IMSIC interrupt files (the hypervisor maps each hart's guest file)",
			"guest-physical range overlaps the IMSIC interrupt files (each vCPU's guest file is mapped there)",
		};
	} else {
		out[n++] = (struct rv_window){
			r->plic_base,
			r->plic_size,
			"physical range overlaps the PLIC (filtered or emulated by the hypervisor)",
			"guest-physical range overlaps the PLIC (emulated by the hypervisor)",
		};
	}
	out[n++] = (struct rv_window){
		r->clint_base,
		r->clint_size,
		"physical range overlaps the CLINT (M-mode timer and IPIs)",
		NULL,
	};
	out[n++] = (struct rv_window){
		r->firmware_base,
		r->firmware_size,
		"physical range overlaps the SBI firmware (OpenSBI)",
		NULL,
	};
	return n;
}

static const char *check_phys_range(const struct hvisor_system *sys,
				    uint64_t start, uint64_t size, uint64_t *at)
{
	struct rv_window w[MAX_WINDOWS];
	unsigned int i, n = rv_windows(sys, w);

	for (i = 0; i < n; i++)
		if (w[i].size && w[i].phys &&
		    ck_ranges_overlap(start, size, w[i].base, w[i].size)) {
			*at = w[i].base;
			return w[i].phys;
		}
	return NULL;
}

/* A cell's virtual PLIC sits at the platform's PLIC address; AIA: its guest files. */
static const char *check_guest_range(const struct hvisor_system *sys,
				     uint64_t start, uint64_t size,
				     enum hvisor_guest_range what, uint64_t *at)
{
	struct rv_window w[MAX_WINDOWS];
	unsigned int i, n = rv_windows(sys, w);

	(void)what;
	for (i = 0; i < n; i++)
		if (w[i].size && w[i].guest &&
		    ck_ranges_overlap(start, size, w[i].base, w[i].size)) {
			*at = w[i].base;
			return w[i].guest;
		}
	return NULL;
}

/* An optional window (size 0 = none): page aligned, clear of the hypervisor. */
static int check_optional_window(const struct hvisor_arch_rules *rules,
				 const struct hvisor_system *sys,
				 const struct hvisor_check_where *w,
				 const char *base_name, uint64_t base,
				 const char *size_name, uint64_t size)
{
	int ret;

	if (!size && !base)
		return HVISOR_CHECK_OK;
	ret = ck_window(rules, w, base_name, base, size_name, size, CK_PAGE);
	if (ret)
		return ret;
	if (ck_ranges_overlap(base, size, sys->hypervisor_phys,
			      sys->hypervisor_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP, base_name,
			       "overlaps the hypervisor memory", base,
			       HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* PLIC mode: the AIA fields stay 0. */
static int check_no_aia(const struct hvisor_riscv64_platform *r,
			const struct hvisor_check_where *w)
{
	const struct {
		const char *field;
		uint64_t value;
	} aia[] = {
		{ "arch.riscv64.aplic_base", r->aplic_base },
		{ "arch.riscv64.aplic_size", r->aplic_size },
		{ "arch.riscv64.imsic_base", r->imsic_base },
		{ "arch.riscv64.imsic_guest_index_bits",
		  r->imsic_guest_index_bits },
		{ "arch.riscv64.imsic_guest_files", r->imsic_guest_files },
		{ "arch.riscv64.imsic_num_ids", r->imsic_num_ids },
		{ "arch.riscv64.guest_file", r->guest_file },
	};
	size_t i;

	for (i = 0; i < sizeof(aia) / sizeof(aia[0]); i++)
		if (aia[i].value)
			return ck_fail(w, HVISOR_CHECK_RESERVED, aia[i].field,
				       "must be 0 with a PLIC (AIA fields)",
				       aia[i].value, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

static int check_plic(const struct hvisor_arch_rules *rules,
		      const struct hvisor_system *sys,
		      const struct hvisor_check_where *w)
{
	const struct hvisor_riscv64_platform *r = &sys->platform.arch.riscv64;
	uint64_t contexts;
	int ret;

	if (r->num_sources < 2 || r->num_sources > MAX_SOURCES)
		return ck_fail(
			w, HVISOR_CHECK_RANGE, "arch.riscv64.num_sources",
			"must be between 2 and 1024 (source 0 is \"no interrupt\")",
			r->num_sources, HVISOR_CHECK_VALUE_DEC);
	if (r->contexts_per_hart < 1 ||
	    r->contexts_per_hart > MAX_CONTEXTS_PER_HART)
		return ck_fail(w, HVISOR_CHECK_RANGE,
			       "arch.riscv64.contexts_per_hart",
			       "must be between 1 and 16", r->contexts_per_hart,
			       HVISOR_CHECK_VALUE_DEC);
	if (r->s_context >= r->contexts_per_hart)
		return ck_fail(w, HVISOR_CHECK_RANGE, "arch.riscv64.s_context",
			       "must be below contexts_per_hart", r->s_context,
			       HVISOR_CHECK_VALUE_DEC);
	ret = ck_window(rules, w, "arch.riscv64.plic_base", r->plic_base,
			"arch.riscv64.plic_size", r->plic_size, CK_PAGE);
	if (ret)
		return ret;
	contexts = (uint64_t)sys->platform.num_cpus * r->contexts_per_hart;
	if (r->plic_size < PLIC_CONTEXT_BASE + contexts * PLIC_CONTEXT_STRIDE)
		return ck_fail(
			w, HVISOR_CHECK_IRQCHIP, "arch.riscv64.plic_size",
			"too small for the contexts of platform.num_cpus harts",
			r->plic_size, HVISOR_CHECK_VALUE_HEX);
	/* AIA: the fields describe the cells' virtual PLIC, guest-physical */
	if (r->irqchip == HVISOR_IRQCHIP_APLIC_IMSIC)
		return HVISOR_CHECK_OK;
	if (ck_ranges_overlap(r->plic_base, r->plic_size, sys->hypervisor_phys,
			      sys->hypervisor_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP,
			       "arch.riscv64.plic_base",
			       "overlaps the hypervisor memory", r->plic_base,
			       HVISOR_CHECK_VALUE_HEX);
	return check_no_aia(r, w);
}

/*
 * AIA (aplic-imsic): the S-level APLIC, the IMSIC files (QEMU virt with
 * aia-guests=N: N guest files per hart, 2^gib pages per hart) and the
 * guest file the hypervisor gives the root and every cell hart (1).
 */
static int check_aia(const struct hvisor_arch_rules *rules,
		     const struct hvisor_system *sys,
		     const struct hvisor_check_where *w)
{
	const struct hvisor_riscv64_platform *r = &sys->platform.arch.riscv64;
	uint64_t size;
	int ret;

	ret = ck_window(rules, w, "arch.riscv64.aplic_base", r->aplic_base,
			"arch.riscv64.aplic_size", r->aplic_size, CK_PAGE);
	if (ret)
		return ret;
	if (ck_ranges_overlap(r->aplic_base, r->aplic_size,
			      sys->hypervisor_phys, sys->hypervisor_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP,
			       "arch.riscv64.aplic_base",
			       "overlaps the hypervisor memory", r->aplic_base,
			       HVISOR_CHECK_VALUE_HEX);
	if (r->imsic_guest_index_bits < 1 ||
	    r->imsic_guest_index_bits > MAX_GUEST_INDEX_BITS)
		return ck_fail(
			w, HVISOR_CHECK_IRQCHIP,
			"arch.riscv64.imsic_guest_index_bits",
			"must be 1 to 6: the harts need guest interrupt files (QEMU: aia-guests=1 gives 1, 2-3 give 2, 4-7 give 3)",
			r->imsic_guest_index_bits, HVISOR_CHECK_VALUE_DEC);
	if (r->imsic_guest_files < 1 ||
	    r->imsic_guest_files >= 1u << r->imsic_guest_index_bits)
		return ck_fail(
			w, HVISOR_CHECK_IRQCHIP,
			"arch.riscv64.imsic_guest_files",
			"must be 1 to 2^imsic_guest_index_bits - 1 (QEMU's aia-guests, at least 1)",
			r->imsic_guest_files, HVISOR_CHECK_VALUE_DEC);
	if (r->guest_file != 1)
		return ck_fail(
			w, HVISOR_CHECK_IRQCHIP, "arch.riscv64.guest_file",
			"must be 1: the root and every cell hart use guest interrupt file 1",
			r->guest_file, HVISOR_CHECK_VALUE_DEC);
	if (r->imsic_num_ids < 63 || r->imsic_num_ids > 2047 ||
	    (r->imsic_num_ids & 63) != 63)
		return ck_fail(
			w, HVISOR_CHECK_RANGE, "arch.riscv64.imsic_num_ids",
			"must be 63, 127, ... 2047 (a multiple of 64 minus 1, the IMSIC's riscv,num-ids)",
			r->imsic_num_ids, HVISOR_CHECK_VALUE_DEC);
	if (!r->aplic_base || !r->imsic_base)
		return ck_fail(w, HVISOR_CHECK_EMPTY,
			       r->aplic_base ? "arch.riscv64.imsic_base" :
					       "arch.riscv64.aplic_base",
			       "must not be zero", 0, HVISOR_CHECK_VALUE_NONE);
	size = imsic_window_size(sys);
	ret = ck_window(rules, w, "arch.riscv64.imsic_base", r->imsic_base,
			"arch.riscv64.imsic_guest_index_bits", size, CK_PAGE);
	if (ret)
		return ret;
	if (ck_ranges_overlap(r->imsic_base, size, sys->hypervisor_phys,
			      sys->hypervisor_size) ||
	    ck_ranges_overlap(r->imsic_base, size, r->aplic_base,
			      r->aplic_size))
		return ck_fail(
			w, HVISOR_CHECK_OVERLAP, "arch.riscv64.imsic_base",
			"the IMSIC files overlap the hypervisor memory or the APLIC",
			r->imsic_base, HVISOR_CHECK_VALUE_HEX);
	/* the cells' virtual PLIC (the test guest's console and doorbell) */
	return check_plic(rules, sys, w);
}

/* Interrupts of the root: PLIC sources that exist; root_irq is virtual. */
static int check_root_sources(const struct hvisor_system *sys,
			      const struct hvisor_check_where *w)
{
	const struct hvisor_riscv64_platform *r = &sys->platform.arch.riscv64;
	uint32_t root_irq = sys->platform.root_irq;
	unsigned int irq;

	for (irq = r->num_sources; irq < MAX_SOURCES; irq++)
		if (ck_irq_set(sys->root_cell.irqs, irq))
			return ck_fail(
				w, HVISOR_CHECK_IRQ, "arch.riscv64.num_sources",
				"the root cell owns an interrupt source the PLIC does not have",
				irq, HVISOR_CHECK_VALUE_DEC);
	if (!root_irq)
		return HVISOR_CHECK_OK;
	if (root_irq >= r->num_sources)
		return ck_fail(
			w, HVISOR_CHECK_IRQ, "root_irq",
			"must be a PLIC source (below num_sources) for the root's PLIC driver",
			root_irq, HVISOR_CHECK_VALUE_DEC);
	if (ck_irq_set(sys->root_cell.irqs, root_irq))
		return ck_fail(
			w, HVISOR_CHECK_IRQ, "root_irq",
			"is raised by the hypervisor (the PLIC has no software pending): the root cell must not own it as a device source",
			root_irq, HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

/* A cell's virtual PLIC has the platform's sources: 1..num_sources-1. */
static const char *check_virtual_irq(const struct hvisor_system *sys,
				     uint32_t irq)
{
	if (irq >= sys->platform.arch.riscv64.num_sources)
		return "is not a source of the cell's virtual PLIC (it has the platform's num_sources)";
	return NULL;
}

static int check_platform(const struct hvisor_arch_rules *rules,
			  const struct hvisor_system *sys,
			  const struct hvisor_check_where *w)
{
	const struct hvisor_riscv64_platform *r = &sys->platform.arch.riscv64;
	int ret;

	if (r->timebase_frequency == 0 || r->timebase_frequency > MAX_TIMEBASE)
		return ck_fail(
			w, HVISOR_CHECK_RANGE,
			"arch.riscv64.timebase_frequency",
			"must be the time CSR's frequency in Hz (1 Hz to 10 GHz)",
			r->timebase_frequency, HVISOR_CHECK_VALUE_DEC);
	if (r->irqchip == HVISOR_IRQCHIP_APLIC_IMSIC)
		ret = check_aia(rules, sys, w);
	else if (r->irqchip == HVISOR_IRQCHIP_PLIC)
		ret = check_plic(rules, sys, w);
	else
		return ck_fail(
			w, HVISOR_CHECK_IRQCHIP, "arch.riscv64.irqchip",
			"unknown interrupt controller (plic or aplic-imsic)",
			r->irqchip, HVISOR_CHECK_VALUE_DEC);
	if (!ret)
		ret = check_optional_window(
			rules, sys, w, "arch.riscv64.clint_base", r->clint_base,
			"arch.riscv64.clint_size", r->clint_size);
	if (!ret)
		ret = check_optional_window(rules, sys, w,
					    "arch.riscv64.firmware_base",
					    r->firmware_base,
					    "arch.riscv64.firmware_size",
					    r->firmware_size);
	return ret ? ret : check_root_sources(sys, w);
}

const struct hvisor_arch_rules hvisor_riscv64_rules = {
	.arch = HVISOR_ARCH_RISCV64,
	.name = "riscv64",
	/* the hypervisor's Sv39 identity map reaches 2^38 (arch/riscv64/paging.c) */
	.pa_bits = 38,
	/* Sv39x4 G stage */
	.gpa_bits = 41,
	.entry_align = 4,
	/* PLIC sources; 0 means "no interrupt" */
	.irq_first = 1,
	.irq_last = MAX_SOURCES - 1,
	/* no per-hart interrupt IDs in the platform's fields */
	.platform_irq_first = 1,
	.platform_irq_last = 0,
	.cell_consoles = 1u << HVISOR_CONSOLE_8250,
	.uart_types = 1u << HVISOR_CONSOLE_8250,
	.platform_size = sizeof(struct hvisor_riscv64_platform),
	.reasons = {
		.pa_space = "physical range ends beyond 2^38 (the hypervisor's Sv39 identity map)",
		.gpa_space = "guest-physical range ends beyond the 41-bit address space (Sv39x4)",
		.irq_below = "interrupt source 0 means \"no interrupt\" and cannot be assigned",
		.irq_above = "PLIC sources end at 1023",
		.virtual_irq = "must be an interrupt source (1-1023)",
		.virtual_irq_or_none = "must be an interrupt source (1-1023) or 0 for none",
		.virtio_irq = "virtio interrupt must be an interrupt source (1-1023)",
	},
	.check_platform = check_platform,
	.check_phys_range = check_phys_range,
	.check_guest_range = check_guest_range,
	.check_virtual_irq = check_virtual_irq,
};
