/* Config checker: the platform's PCI host, the PCI devices of cells and their virtual ECAM windows. */
#include "check.h"

#define ECAM_ALIGN HVISOR_PCI_ECAM_BUS_SIZE

static bool host_present(const struct hvisor_system *sys)
{
	return sys && sys->platform.pci.ecam_base != 0;
}

static bool pci_host_empty(const struct hvisor_pci_host *h)
{
	const uint8_t *p = (const uint8_t *)h;
	size_t i;

	for (i = 0; i < sizeof(*h); i++)
		if (p[i])
			return false;
	return true;
}

static int check_windows(const struct hvisor_pci_host *h,
			 const struct hvisor_arch_rules *rules,
			 const struct hvisor_check_where *w)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < HVISOR_PCI_MAX_WINDOWS; i++) {
		const struct hvisor_pci_window *win = &h->windows[i];

		if (!win->size) {
			if (win->base)
				return ck_fail(
					w, HVISOR_CHECK_RESERVED,
					"pci.windows.base",
					"must be 0 in an unused window (size 0)",
					win->base, HVISOR_CHECK_VALUE_HEX);
			continue;
		}
		ret = ck_window(rules, w, "pci.windows.base", win->base,
				"pci.windows.size", win->size, CK_PAGE);
		if (ret)
			return ret;
		if (ck_ranges_overlap(win->base, win->size, h->ecam_base,
				      h->ecam_size))
			return ck_fail(w, HVISOR_CHECK_OVERLAP,
				       "pci.windows.base",
				       "window overlaps the ECAM window",
				       win->base, HVISOR_CHECK_VALUE_HEX);
		for (j = 0; j < i; j++)
			if (h->windows[j].size &&
			    ck_ranges_overlap(win->base, win->size,
					      h->windows[j].base,
					      h->windows[j].size))
				return ck_fail(w, HVISOR_CHECK_OVERLAP,
					       "pci.windows.base",
					       "window overlaps another window",
					       win->base,
					       HVISOR_CHECK_VALUE_HEX);
	}
	return HVISOR_CHECK_OK;
}

int ck_pci_host(const struct hvisor_system *sys,
		const struct hvisor_arch_rules *rules,
		const struct hvisor_check_where *w)
{
	const struct hvisor_pci_host *h = &sys->platform.pci;
	unsigned int i;
	int ret;

	if (!h->ecam_base) {
		if (!pci_host_empty(h))
			return ck_fail(
				w, HVISOR_CHECK_RESERVED, "pci.ecam_base",
				"is 0 (no PCI host): every other pci field must be 0 too",
				0, HVISOR_CHECK_VALUE_NONE);
		return HVISOR_CHECK_OK;
	}
	ret = ck_window(rules, w, "pci.ecam_base", h->ecam_base,
			"pci.ecam_size", h->ecam_size, ECAM_ALIGN);
	if (ret)
		return ret;
	if (h->bus_end > 255 || h->bus_start > h->bus_end)
		return ck_fail(
			w, HVISOR_CHECK_RANGE, "pci.bus_end",
			"bus range must satisfy bus_start <= bus_end <= 255",
			h->bus_end, HVISOR_CHECK_VALUE_DEC);
	if (h->ecam_size !=
	    (uint64_t)(h->bus_end - h->bus_start + 1) * ECAM_ALIGN)
		return ck_fail(w, HVISOR_CHECK_SIZE, "pci.ecam_size",
			       "must be 1 MiB per bus of bus_start..bus_end",
			       h->ecam_size, HVISOR_CHECK_VALUE_HEX);
	if (ck_ranges_overlap(h->ecam_base, h->ecam_size, sys->hypervisor_phys,
			      sys->hypervisor_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "pci.ecam_base",
			       "overlaps the hypervisor memory", h->ecam_base,
			       HVISOR_CHECK_VALUE_HEX);
	for (i = 0; i < 4; i++)
		if (!ck_irq_in(rules, h->intx_irqs[i]))
			return ck_fail(
				w, HVISOR_CHECK_IRQ, "pci.intx_irqs",
				"INTx interrupt is not one a cell may own",
				h->intx_irqs[i], HVISOR_CHECK_VALUE_DEC);
	ret = check_windows(h, rules, w);
	if (ret || (!h->smmu_base && !h->smmu_size))
		return ret;
	if (!h->smmu_base || h->smmu_size < 0x20000)
		return ck_fail(
			w, HVISOR_CHECK_RANGE, "pci.smmu_size",
			"an SMMUv3 has two 64 KiB register pages (0x20000)",
			h->smmu_size, HVISOR_CHECK_VALUE_HEX);
	ret = ck_window(rules, w, "pci.smmu_base", h->smmu_base,
			"pci.smmu_size", h->smmu_size, 0x10000);
	if (!ret &&
	    (ck_ranges_overlap(h->smmu_base, h->smmu_size, h->ecam_base,
			       h->ecam_size) ||
	     ck_ranges_overlap(h->smmu_base, h->smmu_size, sys->hypervisor_phys,
			       sys->hypervisor_size)))
		ret = ck_fail(
			w, HVISOR_CHECK_OVERLAP, "pci.smmu_base",
			"overlaps the ECAM window or the hypervisor memory",
			h->smmu_base, HVISOR_CHECK_VALUE_HEX);
	return ret;
}

const char *ck_pci_phys_range(const struct hvisor_system *sys, uint64_t start,
			      uint64_t size, uint64_t *at)
{
	const struct hvisor_pci_host *h = &sys->platform.pci;

	if (h->smmu_size &&
	    ck_ranges_overlap(start, size, h->smmu_base, h->smmu_size)) {
		*at = h->smmu_base;
		return "physical range overlaps the SMMUv3 (the hypervisor's)";
	}
	if (!h->ecam_base ||
	    !ck_ranges_overlap(start, size, h->ecam_base, h->ecam_size))
		return NULL;
	*at = h->ecam_base;
	return "physical range overlaps the PCI ECAM window (emulated by the hypervisor)";
}

/* Each window must lie in an io region of the root cell: the root owns it. */
int ck_pci_windows_owned(const struct hvisor_system *sys,
			 struct hvisor_check_error *err)
{
	const struct hvisor_pci_host *h = &sys->platform.pci;
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_PLATFORM, -1,
					-1 };
	unsigned int i, j;

	for (i = 0; h->ecam_base && i < HVISOR_PCI_MAX_WINDOWS; i++) {
		const struct hvisor_mem_region *r =
			hvisor_cell_regions(&sys->root_cell);
		bool inside = false;

		if (!h->windows[i].size)
			continue;
		for (j = 0; j < sys->root_cell.num_mem_regions; j++, r++)
			if (r->type == HVISOR_MEM_TYPE_IO &&
			    ck_range_inside(h->windows[i].base,
					    h->windows[i].size, r->phys_start,
					    r->size))
				inside = true;
		if (!inside)
			return ck_fail(
				&w, HVISOR_CHECK_NOT_ROOTS, "pci.windows.base",
				"window is not inside an io region of the root cell",
				h->windows[i].base, HVISOR_CHECK_VALUE_HEX);
	}
	return HVISOR_CHECK_OK;
}

/* The unused tail of pci_devices[] and the reserved fields are 0. */
static int check_pci_zero(const struct hvisor_cell_desc *cell,
			  const struct hvisor_check_where *w)
{
	const struct hvisor_pci_device *d = cell->pci_devices;
	unsigned int i;

	if (cell->pci_reserved)
		return ck_fail(w, HVISOR_CHECK_RESERVED, "pci_reserved",
			       "must be 0", cell->pci_reserved,
			       HVISOR_CHECK_VALUE_HEX);
	if (cell->num_pci_devices > HVISOR_CELL_MAX_PCI_DEVICES)
		return ck_fail(w, HVISOR_CHECK_RANGE, "pci_devices",
			       "more PCI devices than a cell can have (8)",
			       cell->num_pci_devices, HVISOR_CHECK_VALUE_DEC);
	for (i = 0; i < HVISOR_CELL_MAX_PCI_DEVICES; i++) {
		if (d[i].reserved || d[i].flags)
			return ck_fail(w, HVISOR_CHECK_RESERVED, "pci_devices",
				       "reserved and flags fields must be 0",
				       d[i].bdf, HVISOR_CHECK_VALUE_BDF);
		if (i >= cell->num_pci_devices && d[i].bdf)
			return ck_fail(w, HVISOR_CHECK_RESERVED, "pci_devices",
				       "entries past num_pci_devices must be 0",
				       d[i].bdf, HVISOR_CHECK_VALUE_BDF);
	}
	return HVISOR_CHECK_OK;
}

int ck_pci_root(const struct hvisor_cell_desc *root,
		struct hvisor_check_error *err)
{
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_CELL, -1, -1 };
	int ret = check_pci_zero(root, &w);

	if (ret)
		return ret;
	if (root->num_pci_devices)
		return ck_fail(
			&w, HVISOR_CHECK_RESERVED, "pci_devices",
			"must be empty in the root cell (it has every device the cells do not)",
			root->num_pci_devices, HVISOR_CHECK_VALUE_DEC);
	if (root->pci_ecam_base)
		return ck_fail(&w, HVISOR_CHECK_RESERVED, "pci_ecam_base",
			       "must be 0 in the root cell",
			       root->pci_ecam_base, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* The cell's virtual ECAM window: as large as the host's, free in its map. */
static int check_cell_ecam(const struct hvisor_cell_desc *cell,
			   const struct hvisor_system *sys,
			   const struct hvisor_arch_rules *rules,
			   const struct hvisor_check_where *w)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint64_t base = cell->pci_ecam_base, size, at = 0;
	const char *reason;
	uint32_t i;

	if (!ck_aligned(base, ECAM_ALIGN))
		return ck_fail(w, HVISOR_CHECK_ALIGN, "pci_ecam_base",
			       ck_align_reason(ECAM_ALIGN), base,
			       HVISOR_CHECK_VALUE_HEX);
	if (!sys)
		return HVISOR_CHECK_OK;
	size = sys->platform.pci.ecam_size;
	if (!ck_range_fits(base, size, rules->gpa_bits))
		return ck_fail(w, HVISOR_CHECK_OVERFLOW, "pci_ecam_base",
			       rules->reasons.gpa_space, base,
			       HVISOR_CHECK_VALUE_HEX);
	for (i = 0; i < cell->num_mem_regions; i++, r++)
		if (ck_ranges_overlap(base, size, r->virt_start, r->size))
			return ck_fail_with(
				w, HVISOR_CHECK_OVERLAP, "pci_ecam_base",
				"virtual ECAM window overlaps the guest-physical range of",
				base, HVISOR_CHECK_VALUE_HEX, (int)i, -1);
	if (cell->console_base &&
	    ck_ranges_overlap(base, size, cell->console_base, CK_PAGE))
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "pci_ecam_base",
			       "virtual ECAM window overlaps the console page",
			       base, HVISOR_CHECK_VALUE_HEX);
	reason = rules->check_guest_range(sys, base, size, HVISOR_GUEST_REGION,
					  &at);
	if (reason)
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "pci_ecam_base", reason,
			       at, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

int ck_pci_cell(const struct hvisor_cell_desc *cell,
		const struct hvisor_system *sys,
		const struct hvisor_arch_rules *rules,
		const struct hvisor_check_where *w)
{
	const struct hvisor_pci_host *h = sys ? &sys->platform.pci : NULL;
	unsigned int i, j, bus;
	int ret = check_pci_zero(cell, w);

	if (ret)
		return ret;
	if (!cell->num_pci_devices) {
		if (cell->pci_ecam_base)
			return ck_fail(
				w, HVISOR_CHECK_RESERVED, "pci_ecam_base",
				"must be 0 in a cell without PCI devices",
				cell->pci_ecam_base, HVISOR_CHECK_VALUE_HEX);
		return HVISOR_CHECK_OK;
	}
	if (sys && !host_present(sys))
		return ck_fail(
			w, HVISOR_CHECK_NOT_ROOTS, "pci_devices",
			"the system config has no PCI host (platform.pci)",
			cell->pci_devices[0].bdf, HVISOR_CHECK_VALUE_BDF);
	if (!cell->pci_ecam_base)
		return ck_fail(w, HVISOR_CHECK_RANGE, "pci_ecam_base",
			       "a cell with PCI devices needs its ECAM window",
			       0, HVISOR_CHECK_VALUE_NONE);
	for (i = 0; i < cell->num_pci_devices; i++) {
		uint16_t bdf = cell->pci_devices[i].bdf;

		bus = HVISOR_PCI_BUS(bdf);
		if (h && (bus < h->bus_start || bus > h->bus_end))
			return ck_fail(
				w, HVISOR_CHECK_NOT_ROOTS, "pci_devices",
				"device is not on a bus of the PCI host (platform.pci.bus_start..bus_end)",
				bdf, HVISOR_CHECK_VALUE_BDF);
		if (h && bus == h->bus_start && HVISOR_PCI_DEV(bdf) == 0)
			return ck_fail(
				w, HVISOR_CHECK_NOT_ROOTS, "pci_devices",
				"device 0 of the first bus is the host bridge, which stays with the root",
				bdf, HVISOR_CHECK_VALUE_BDF);
		for (j = 0; j < i; j++)
			if (cell->pci_devices[j].bdf == bdf)
				return ck_fail(w, HVISOR_CHECK_TAKEN,
					       "pci_devices",
					       "device is listed twice", bdf,
					       HVISOR_CHECK_VALUE_BDF);
	}
	return check_cell_ecam(cell, sys, rules, w);
}

/* The first device of a that b owns too, or -1. */
int ck_pci_shared(const struct hvisor_cell_desc *a,
		  const struct hvisor_cell_desc *b)
{
	unsigned int i, j;

	for (i = 0; i < a->num_pci_devices && i < HVISOR_CELL_MAX_PCI_DEVICES;
	     i++)
		for (j = 0;
		     j < b->num_pci_devices && j < HVISOR_CELL_MAX_PCI_DEVICES;
		     j++)
			if (a->pci_devices[i].bdf == b->pci_devices[j].bdf)
				return a->pci_devices[i].bdf;
	return -1;
}
