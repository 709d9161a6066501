/* Config checker: memory regions of the root cell and of cells, alone, against each other and against the root. */
#include "check.h"

#define KNOWN_MEM_FLAGS                                            \
	(HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE | \
	 HVISOR_MEM_DMA | HVISOR_MEM_IO | HVISOR_MEM_ROOTSHARED |  \
	 HVISOR_MEM_LOADABLE)
#define VIRTIO_IRQ_BITS (0x3ffu << HVISOR_MEM_VIRTIO_IRQ_SHIFT)

/* Regions backed by physical memory: all of the root's, ram and io of cells. */
bool ck_region_is_physical(const struct hvisor_mem_region *r, bool root)
{
	return root || r->type == HVISOR_MEM_TYPE_RAM ||
	       r->type == HVISOR_MEM_TYPE_IO;
}

static int fail_overlap(const struct hvisor_check_where *w, int other,
			const char *reason, uint64_t value)
{
	return ck_fail_with(w, HVISOR_CHECK_OVERLAP, NULL, reason, value,
			    HVISOR_CHECK_VALUE_HEX, other, -1);
}

/* Type and flags; a virtio region's interrupt (bits 16-25 of its flags). */
static int check_region_kind(const struct hvisor_mem_region *r, bool root,
			     const struct hvisor_arch_rules *rules,
			     const struct hvisor_check_where *w)
{
	uint32_t flags = r->flags, irq;

	if (r->type > HVISOR_MEM_TYPE_TESTDEV)
		return ck_fail(w, HVISOR_CHECK_TYPE, "type",
			       "unknown region type", r->type,
			       HVISOR_CHECK_VALUE_DEC);
	if (root && r->type == HVISOR_MEM_TYPE_TESTDEV)
		return ck_fail(
			w, HVISOR_CHECK_TYPE, "type",
			"testdev regions are for cells, not the root cell",
			r->type, HVISOR_CHECK_VALUE_DEC);
	if (r->type == HVISOR_MEM_TYPE_VIRTIO && !root) {
		irq = HVISOR_MEM_VIRTIO_IRQ(flags);
		flags &= ~VIRTIO_IRQ_BITS;
		if (irq && !ck_irq_in(rules, irq))
			return ck_fail(w, HVISOR_CHECK_IRQ, "flags",
				       rules->reasons.virtio_irq, irq,
				       HVISOR_CHECK_VALUE_DEC);
	}
	if (flags & ~KNOWN_MEM_FLAGS)
		return ck_fail(w, HVISOR_CHECK_FLAGS, "flags",
			       "unknown flag bits", flags & ~KNOWN_MEM_FLAGS,
			       HVISOR_CHECK_VALUE_HEX);
	if (!(r->flags & HVISOR_MEM_IO) != (r->type != HVISOR_MEM_TYPE_IO))
		return ck_fail(
			w, HVISOR_CHECK_FLAGS, "flags",
			"the io flag must be set exactly on regions of type io",
			r->flags, HVISOR_CHECK_VALUE_HEX);
	if (!ck_region_is_physical(r, root) && flags)
		return ck_fail(w, HVISOR_CHECK_FLAGS, "flags",
			       "virtio and testdev regions take no flags",
			       flags, HVISOR_CHECK_VALUE_HEX);
	if (!ck_region_is_physical(r, root) && r->phys_start)
		return ck_fail(
			w, HVISOR_CHECK_RESERVED, "phys_start",
			"must be 0 in virtio and testdev regions (they have no memory)",
			r->phys_start, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* Size, alignment, address spaces and identity mapping. */
static int check_region_range(const struct hvisor_mem_region *r, bool root,
			      const struct hvisor_arch_rules *rules,
			      const struct hvisor_check_where *w)
{
	if (r->size == 0)
		return ck_fail(w, HVISOR_CHECK_EMPTY, "size",
			       "must not be zero", 0, HVISOR_CHECK_VALUE_NONE);
	if (!ck_aligned(r->phys_start, CK_PAGE))
		return ck_fail(w, HVISOR_CHECK_ALIGN, "phys_start",
			       ck_align_reason(CK_PAGE), r->phys_start,
			       HVISOR_CHECK_VALUE_HEX);
	if (!ck_aligned(r->virt_start, CK_PAGE))
		return ck_fail(w, HVISOR_CHECK_ALIGN, "virt_start",
			       ck_align_reason(CK_PAGE), r->virt_start,
			       HVISOR_CHECK_VALUE_HEX);
	if (!ck_aligned(r->size, CK_PAGE))
		return ck_fail(w, HVISOR_CHECK_ALIGN, "size",
			       ck_align_reason(CK_PAGE), r->size,
			       HVISOR_CHECK_VALUE_HEX);
	if (ck_region_is_physical(r, root) &&
	    !ck_range_fits(r->phys_start, r->size, rules->pa_bits))
		return ck_fail(w, HVISOR_CHECK_OVERFLOW, "size",
			       rules->reasons.pa_space, r->size,
			       HVISOR_CHECK_VALUE_HEX);
	if (!ck_range_fits(r->virt_start, r->size, rules->gpa_bits))
		return ck_fail(w, HVISOR_CHECK_OVERFLOW, "size",
			       rules->reasons.gpa_space, r->size,
			       HVISOR_CHECK_VALUE_HEX);
	if (root && r->virt_start != r->phys_start)
		return ck_fail(
			w, HVISOR_CHECK_IDENTITY, "virt_start",
			"root cell memory must be identity-mapped (virt_start == phys_start)",
			r->virt_start, HVISOR_CHECK_VALUE_HEX);
	if ((r->flags & HVISOR_MEM_DMA) && r->virt_start != r->phys_start)
		return ck_fail(
			w, HVISOR_CHECK_IDENTITY, "virt_start",
			"a dma region must be identity-mapped (virt_start == phys_start)",
			r->virt_start, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* Physical memory no region may cover: the hypervisor's, the arch's frames. */
static int check_region_vs_system(const struct hvisor_mem_region *r,
				  const struct hvisor_system *sys,
				  const struct hvisor_arch_rules *rules,
				  const struct hvisor_check_where *w)
{
	const char *reason;
	uint64_t at = 0;

	if (ck_ranges_overlap(r->phys_start, r->size, sys->hypervisor_phys,
			      sys->hypervisor_size))
		return fail_overlap(
			w, -1, "physical range overlaps the hypervisor memory",
			sys->hypervisor_phys);
	reason = rules->check_phys_range(sys, r->phys_start, r->size, &at);
	if (!reason)
		reason = ck_pci_phys_range(sys, r->phys_start, r->size, &at);
	return reason ? fail_overlap(w, -1, reason, at) : HVISOR_CHECK_OK;
}

/* Region i against regions 0..i-1 of the same cell. */
static int check_region_vs_earlier(const struct hvisor_mem_region *regions,
				   uint32_t i, bool root,
				   const struct hvisor_check_where *w)
{
	const struct hvisor_mem_region *r = &regions[i];
	uint32_t j;

	for (j = 0; j < i; j++) {
		const struct hvisor_mem_region *o = &regions[j];

		if (ck_region_is_physical(r, root) &&
		    ck_region_is_physical(o, root) &&
		    ck_ranges_overlap(r->phys_start, r->size, o->phys_start,
				      o->size))
			return fail_overlap(w, (int)j,
					    "physical range overlaps",
					    o->phys_start);
		if (ck_ranges_overlap(r->virt_start, r->size, o->virt_start,
				      o->size))
			return fail_overlap(w, (int)j,
					    "guest-physical range overlaps",
					    o->virt_start);
	}
	return HVISOR_CHECK_OK;
}

/* The root region of r's type that holds r's physical range, or NULL. */
static const struct hvisor_mem_region *
root_region_of(const struct hvisor_system *sys,
	       const struct hvisor_mem_region *r)
{
	const struct hvisor_mem_region *rr =
		hvisor_cell_regions(&sys->root_cell);
	uint32_t i;

	for (i = 0; i < sys->root_cell.num_mem_regions; i++, rr++)
		if (rr->type == r->type &&
		    ck_range_inside(r->phys_start, r->size, rr->phys_start,
				    rr->size))
			return rr;
	return NULL;
}

/* A cell region against the system: the root lends it, arch frames stay free. */
static int check_cell_region_vs_system(const struct hvisor_mem_region *r,
				       const struct hvisor_system *sys,
				       const struct hvisor_arch_rules *rules,
				       const struct hvisor_check_where *w)
{
	const struct hvisor_mem_region *rr;
	const char *reason;
	uint64_t at = 0;
	int ret;

	if (ck_region_is_physical(r, false)) {
		ret = check_region_vs_system(r, sys, rules, w);
		if (ret)
			return ret;
		rr = root_region_of(sys, r);
		if (!rr)
			return ck_fail(
				w, HVISOR_CHECK_NOT_ROOTS, NULL,
				"physical range is not inside a root cell region of the same type",
				r->phys_start, HVISOR_CHECK_VALUE_HEX);
		/* RAM comes only from what the root lends to cells */
		if (r->type == HVISOR_MEM_TYPE_RAM &&
		    !(rr->flags & HVISOR_MEM_LOADABLE))
			return ck_fail(
				w, HVISOR_CHECK_NOT_ROOTS, NULL,
				"physical range is root cell ram not flagged loadable (the root's own memory)",
				r->phys_start, HVISOR_CHECK_VALUE_HEX);
	}
	reason = rules->check_guest_range(sys, r->virt_start, r->size,
					  HVISOR_GUEST_REGION, &at);
	return reason ? ck_fail(w, HVISOR_CHECK_OVERLAP, NULL, reason, at,
				HVISOR_CHECK_VALUE_HEX) :
			HVISOR_CHECK_OK;
}

/* Each region of cell (the root cell if root), then: is there ram? */
static int check_regions(const struct hvisor_cell_desc *cell,
			 const struct hvisor_system *sys, bool root,
			 const struct hvisor_arch_rules *rules,
			 const struct hvisor_check_where *cw)
{
	const struct hvisor_mem_region *regions = hvisor_cell_regions(cell);
	struct hvisor_check_where w = { cw->err, HVISOR_CHECK_PART_REGION, -1,
					cw->cell };
	bool has_ram = false;
	uint32_t i;
	int ret;

	for (i = 0; i < cell->num_mem_regions; i++) {
		w.region = (int)i;
		ret = check_region_kind(&regions[i], root, rules, &w);
		if (!ret)
			ret = check_region_range(&regions[i], root, rules, &w);
		if (!ret && root)
			ret = check_region_vs_system(&regions[i], sys, rules,
						     &w);
		else if (!ret && sys)
			ret = check_cell_region_vs_system(&regions[i], sys,
							  rules, &w);
		if (!ret)
			ret = check_region_vs_earlier(regions, i, root, &w);
		if (ret)
			return ret;
		if (regions[i].type == HVISOR_MEM_TYPE_RAM)
			has_ram = true;
	}
	if (!has_ram)
		return ck_fail(cw, HVISOR_CHECK_NO_RAM, "memory_regions",
			       "needs at least one region of type ram", 0,
			       HVISOR_CHECK_VALUE_NONE);
	return HVISOR_CHECK_OK;
}

int ck_root_regions(const struct hvisor_system *sys,
		    const struct hvisor_arch_rules *rules,
		    struct hvisor_check_error *err)
{
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_CELL, -1, -1 };

	return check_regions(&sys->root_cell, sys, true, rules, &w);
}

int ck_cell_regions(const struct hvisor_cell_desc *cell,
		    const struct hvisor_system *sys,
		    const struct hvisor_arch_rules *rules,
		    const struct hvisor_check_where *cw)
{
	return check_regions(cell, sys, false, rules, cw);
}

/*
 * Each virtio region's interrupt is its own: not the console's or the
 * doorbell's, not a physical interrupt of the cell, not another virtio
 * region's. Runs after the console and doorbell checks.
 */
int ck_virtio_irqs(const struct hvisor_cell_desc *cell,
		   const struct hvisor_system *sys,
		   const struct hvisor_arch_rules *rules,
		   const struct hvisor_check_where *cw)
{
	const char *reason;
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	struct hvisor_check_where w = { cw->err, HVISOR_CHECK_PART_REGION, -1,
					cw->cell };
	uint32_t i, j, irq;

	for (i = 0; i < cell->num_mem_regions; i++) {
		irq = HVISOR_MEM_VIRTIO_IRQ(r[i].flags);
		if (r[i].type != HVISOR_MEM_TYPE_VIRTIO || !irq)
			continue;
		w.region = (int)i;
		reason = ck_virtual_irq_platform(sys, rules, irq);
		if (reason)
			return ck_fail(&w, HVISOR_CHECK_IRQ, "flags", reason,
				       irq, HVISOR_CHECK_VALUE_DEC);
		if (cell->console_base && irq == cell->console_irq)
			return ck_fail(
				&w, HVISOR_CHECK_IRQ, "flags",
				"virtio interrupt is also console_irq: a virtio interrupt needs its own ID",
				irq, HVISOR_CHECK_VALUE_DEC);
		if (irq == cell->doorbell_irq)
			return ck_fail(
				&w, HVISOR_CHECK_IRQ, "flags",
				"virtio interrupt is also doorbell_irq: a virtio interrupt needs its own ID",
				irq, HVISOR_CHECK_VALUE_DEC);
		if (ck_irq_set(cell->irqs, irq))
			return ck_fail(
				&w, HVISOR_CHECK_IRQ, "flags",
				"virtio interrupt is one of the cell's physical interrupts: a virtio interrupt needs its own ID",
				irq, HVISOR_CHECK_VALUE_DEC);
		for (j = 0; j < i; j++)
			if (r[j].type == HVISOR_MEM_TYPE_VIRTIO &&
			    HVISOR_MEM_VIRTIO_IRQ(r[j].flags) == irq)
				return ck_fail_with(
					&w, HVISOR_CHECK_IRQ, "flags",
					"virtio interrupt is also the interrupt of",
					irq, HVISOR_CHECK_VALUE_DEC, (int)j,
					-1);
	}
	return HVISOR_CHECK_OK;
}
