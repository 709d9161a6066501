/* Config checker: one cell config, alone and against the system config (arch, CPUs, interrupts, entry, console, doorbell, mailbox). */
#include "check.h"

#include <hvisor/cell.h>

_Static_assert(HVISOR_CHECK_CELL_MAX_CPUS == HVISOR_CELL_MAX_VCPUS,
	       "a cell has at most HVISOR_CELL_MAX_VCPUS CPUs");

/* CPUs and interrupts of a cell: assignable ones; with sys, the root's. */
static int check_cell_resources(const struct hvisor_cell_desc *cell,
				const struct hvisor_system *sys,
				const struct hvisor_arch_rules *rules,
				const struct hvisor_check_where *w)
{
	const struct hvisor_cell_desc *root = sys ? &sys->root_cell : NULL;
	unsigned int irq;
	uint64_t extra;

	if (cell->flags & ~HVISOR_CELL_FLAGS_KNOWN)
		return ck_fail(w, HVISOR_CHECK_FLAGS, "flags",
			       "unknown cell flag bits",
			       cell->flags & ~HVISOR_CELL_FLAGS_KNOWN,
			       HVISOR_CHECK_VALUE_HEX);
	if (ck_count_bits(cell->cpus) > HVISOR_CHECK_CELL_MAX_CPUS)
		return ck_fail(w, HVISOR_CHECK_CPUS, "cpus",
			       "more CPUs than a cell can have (16)",
			       ck_count_bits(cell->cpus),
			       HVISOR_CHECK_VALUE_DEC);
	for (irq = 0; irq < rules->irq_first; irq++)
		if (ck_irq_set(cell->irqs, irq))
			return ck_fail(w, HVISOR_CHECK_IRQ, "irqs",
				       rules->reasons.irq_below, irq,
				       HVISOR_CHECK_VALUE_DEC);
	if (!root)
		return HVISOR_CHECK_OK;
	extra = cell->cpus & ~root->cpus;
	if (extra)
		return ck_fail(w, HVISOR_CHECK_NOT_ROOTS, "cpus",
			       "CPU is not one of the root cell's CPUs",
			       ck_lowest_bit(extra), HVISOR_CHECK_VALUE_DEC);
	if (!(root->cpus & ~cell->cpus))
		return ck_fail(
			w, HVISOR_CHECK_ROOT_CPU, "cpus",
			"takes every CPU of the root cell, which must keep at least one",
			0, HVISOR_CHECK_VALUE_NONE);
	for (irq = rules->irq_first; irq <= rules->irq_last; irq++) {
		if (!ck_irq_set(cell->irqs, irq))
			continue;
		if (!ck_irq_set(root->irqs, irq))
			return ck_fail(
				w, HVISOR_CHECK_NOT_ROOTS, "irqs",
				"interrupt is not one of the root cell's interrupts",
				irq, HVISOR_CHECK_VALUE_DEC);
		if (irq == sys->platform.root_irq)
			return ck_fail(
				w, HVISOR_CHECK_IRQ, "irqs",
				"is platform.root_irq, which stays with the root cell",
				irq, HVISOR_CHECK_VALUE_DEC);
	}
	return HVISOR_CHECK_OK;
}

/* Index of a ram region with all of flags holding [ipa, ipa + size), or -1. */
static int ram_region_at(const struct hvisor_cell_desc *cell, uint64_t ipa,
			 uint64_t size, uint32_t flags,
			 const struct hvisor_arch_rules *rules)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint32_t i;

	if (!ck_range_fits(ipa, size, rules->gpa_bits))
		return -1;
	for (i = 0; i < cell->num_mem_regions; i++, r++)
		if (r->type == HVISOR_MEM_TYPE_RAM &&
		    (r->flags & flags) == flags &&
		    ck_range_inside(ipa, size, r->virt_start, r->size))
			return (int)i;
	return -1;
}

/* addr (entry, mailbox) aligned, and align bytes at it in ram with flags. */
static int check_ram_address(const struct hvisor_cell_desc *cell,
			     const char *field, uint64_t addr, uint64_t align,
			     uint32_t flags, const char *outside,
			     const struct hvisor_arch_rules *rules,
			     const struct hvisor_check_where *w)
{
	if (!ck_aligned(addr, align))
		return ck_fail(w, HVISOR_CHECK_ALIGN, field,
			       ck_align_reason(align), addr,
			       HVISOR_CHECK_VALUE_HEX);
	if (ram_region_at(cell, addr, align, flags, rules) < 0)
		return ck_fail(w, HVISOR_CHECK_RANGE, field, outside, addr,
			       HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* A virtual interrupt of the cell: console or doorbell. */
static int check_virtual_irq(const struct hvisor_cell_desc *cell,
			     const struct hvisor_system *sys, uint32_t irq,
			     const char *field, const char *range_reason,
			     const struct hvisor_arch_rules *rules,
			     const struct hvisor_check_where *w)
{
	const char *reason;

	if (!ck_irq_in(rules, irq))
		return ck_fail(w, HVISOR_CHECK_IRQ, field, range_reason, irq,
			       HVISOR_CHECK_VALUE_DEC);
	reason = ck_virtual_irq_platform(sys, rules, irq);
	if (reason)
		return ck_fail(w, HVISOR_CHECK_IRQ, field, reason, irq,
			       HVISOR_CHECK_VALUE_DEC);
	if (ck_irq_set(cell->irqs, irq))
		return ck_fail(
			w, HVISOR_CHECK_IRQ, field,
			"is one of the cell's physical interrupts: a virtual interrupt needs its own ID",
			irq, HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

/* The emulated console's page must trap: no region, no arch frame under it. */
static int check_console(const struct hvisor_cell_desc *cell,
			 const struct hvisor_system *sys,
			 const struct hvisor_arch_rules *rules,
			 const struct hvisor_check_where *w)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint64_t base = cell->console_base, at = 0;
	const char *reason;
	uint32_t i;

	if (!base) {
		if (cell->console_type != HVISOR_CONSOLE_NONE)
			return ck_fail(
				w, HVISOR_CHECK_RESERVED, "console_type",
				"must be 0 when there is no console (console_base 0)",
				cell->console_type, HVISOR_CHECK_VALUE_DEC);
		if (cell->console_irq)
			return ck_fail(
				w, HVISOR_CHECK_RESERVED, "console_irq",
				"must be 0 when there is no console (console_base 0)",
				cell->console_irq, HVISOR_CHECK_VALUE_DEC);
		return HVISOR_CHECK_OK;
	}
	if (cell->console_type == HVISOR_CONSOLE_NONE)
		return ck_fail(
			w, HVISOR_CHECK_RANGE, "console_type",
			"must name the console device (console_base is set)", 0,
			HVISOR_CHECK_VALUE_DEC);
	if (!ck_console_allowed(rules->cell_consoles, cell->console_type))
		return ck_fail(w, HVISOR_CHECK_RANGE, "console_type",
			       "is not a console device this arch emulates",
			       cell->console_type, HVISOR_CHECK_VALUE_DEC);
	if (!ck_aligned(base, CK_PAGE))
		return ck_fail(w, HVISOR_CHECK_ALIGN, "console_base",
			       ck_align_reason(CK_PAGE), base,
			       HVISOR_CHECK_VALUE_HEX);
	if (!ck_range_fits(base, CK_PAGE, rules->gpa_bits))
		return ck_fail(w, HVISOR_CHECK_OVERFLOW, "console_base",
			       rules->reasons.gpa_space, base,
			       HVISOR_CHECK_VALUE_HEX);
	for (i = 0; i < cell->num_mem_regions; i++, r++)
		if (ck_ranges_overlap(base, CK_PAGE, r->virt_start, r->size))
			return ck_fail_with(
				w, HVISOR_CHECK_OVERLAP, "console_base",
				"console page overlaps the guest-physical range of",
				base, HVISOR_CHECK_VALUE_HEX, (int)i, -1);
	reason = sys ? rules->check_guest_range(sys, base, CK_PAGE,
						HVISOR_GUEST_CONSOLE, &at) :
		       NULL;
	if (reason)
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "console_base", reason,
			       at, HVISOR_CHECK_VALUE_HEX);
	return check_virtual_irq(cell, sys, cell->console_irq, "console_irq",
				 rules->reasons.virtual_irq, rules, w);
}

static int check_doorbell_mailbox(const struct hvisor_cell_desc *cell,
				  const struct hvisor_system *sys,
				  const struct hvisor_arch_rules *rules,
				  const struct hvisor_check_where *w)
{
	int ret;

	if (cell->doorbell_irq) {
		ret = check_virtual_irq(cell, sys, cell->doorbell_irq,
					"doorbell_irq",
					rules->reasons.virtual_irq_or_none,
					rules, w);
		if (ret)
			return ret;
		if (cell->console_base &&
		    cell->doorbell_irq == cell->console_irq)
			return ck_fail(w, HVISOR_CHECK_IRQ, "doorbell_irq",
				       "must differ from the console interrupt",
				       cell->doorbell_irq,
				       HVISOR_CHECK_VALUE_DEC);
	}
	if (!cell->mailbox_base)
		return HVISOR_CHECK_OK;
	return check_ram_address(
		cell, "mailbox_base", cell->mailbox_base, CK_PAGE,
		HVISOR_MEM_ROOTSHARED,
		"must be inside a ram region with the rootshared flag", rules,
		w);
}

/* The cell's arch: the system config's, or (without one) a known arch. */
static int check_cell_arch(const struct hvisor_cell_desc *cell,
			   const struct hvisor_system *sys,
			   const struct hvisor_arch_rules **rules,
			   const struct hvisor_check_where *w)
{
	if (sys && cell->arch != sys->arch)
		return ck_fail(w, HVISOR_CHECK_ARCH, "arch",
			       "must be the arch of the system config",
			       cell->arch, HVISOR_CHECK_VALUE_DEC);
	*rules = hvisor_arch_rules(cell->arch);
	if (!*rules)
		return ck_fail(
			w, HVISOR_CHECK_ARCH, "arch",
			"is not an arch this checker knows (HVISOR_ARCH_*)",
			cell->arch, HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

int ck_one_cell(const struct hvisor_system *sys,
		const struct hvisor_cell_desc *cell, uint64_t size, int index,
		struct hvisor_check_error *err)
{
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_CELL, -1,
					index };
	const struct hvisor_arch_rules *rules = NULL;
	int ret;

	ret = ck_cell_layout(cell, size, &w);
	if (!ret && size > HVISOR_CHECK_CELL_MAX_SIZE)
		ret = ck_fail(
			&w, HVISOR_CHECK_SIZE, "size",
			"is larger than the 64 KiB a cell config may have",
			size, HVISOR_CHECK_VALUE_DEC);
	if (!ret)
		ret = check_cell_arch(cell, sys, &rules, &w);
	if (!ret)
		ret = ck_cell_fields(
			cell, rules,
			sys ? sys->platform.num_cpus : HVISOR_MAX_CPUS, &w);
	if (!ret)
		ret = check_cell_resources(cell, sys, rules, &w);
	if (!ret)
		ret = ck_cell_regions(cell, sys, rules, &w);
	if (!ret)
		ret = check_ram_address(
			cell, "entry", cell->entry, rules->entry_align,
			HVISOR_MEM_EXECUTE,
			"is not inside a ram region with the execute flag",
			rules, &w);
	if (!ret)
		ret = check_console(cell, sys, rules, &w);
	if (!ret)
		ret = check_doorbell_mailbox(cell, sys, rules, &w);
	if (!ret)
		ret = ck_virtio_irqs(cell, sys, rules, &w);
	if (!ret)
		ret = ck_pci_cell(cell, sys, rules, &w);
	return ret;
}
