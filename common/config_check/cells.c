/* Config checker: several cell configs meant to run at once (hvisor_check_cells, hvisor_check_cell). */
#include "check.h"

/* Physical memory of cell a (index ai) against cell b (index bi). */
static int check_memory_between(const struct hvisor_cell_desc *a, int ai,
				const struct hvisor_cell_desc *b, int bi,
				struct hvisor_check_error *err)
{
	const struct hvisor_mem_region *ra = hvisor_cell_regions(a);
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_REGION, -1, ai };
	uint32_t i, j;

	for (i = 0; i < a->num_mem_regions; i++, ra++) {
		const struct hvisor_mem_region *rb = hvisor_cell_regions(b);

		if (!ck_region_is_physical(ra, false))
			continue;
		w.region = (int)i;
		for (j = 0; j < b->num_mem_regions; j++, rb++)
			if (ck_region_is_physical(rb, false) &&
			    ck_ranges_overlap(ra->phys_start, ra->size,
					      rb->phys_start, rb->size) &&
			    !(ra->flags & rb->flags & HVISOR_MEM_ROOTSHARED))
				return ck_fail_with(
					&w, HVISOR_CHECK_OVERLAP, NULL,
					"physical range is not rootshared in both cells but overlaps",
					rb->phys_start, HVISOR_CHECK_VALUE_HEX,
					(int)j, bi);
	}
	return HVISOR_CHECK_OK;
}

/* Cell a (index ai) against an earlier cell b (index bi). */
static int check_between(const struct hvisor_cell_desc *a, int ai,
			 const struct hvisor_cell_desc *b, int bi,
			 struct hvisor_check_error *err)
{
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_CELL, -1, ai };
	unsigned int k;
	uint32_t common;
	int ret, shared;

	if (a->arch != b->arch)
		return ck_fail_with(&w, HVISOR_CHECK_ARCH, "arch",
				    "differs from the arch of the cell of",
				    a->arch, HVISOR_CHECK_VALUE_DEC, -1, bi);
	ret = check_memory_between(a, ai, b, bi, err);
	if (ret)
		return ret;
	if (a->cpus & b->cpus)
		return ck_fail_with(&w, HVISOR_CHECK_TAKEN, "cpus",
				    "CPU already belongs to the cell of",
				    ck_lowest_bit(a->cpus & b->cpus),
				    HVISOR_CHECK_VALUE_DEC, -1, bi);
	for (k = 0; k < HVISOR_MAX_IRQS / 32; k++) {
		common = a->irqs[k] & b->irqs[k];
		if (common)
			return ck_fail_with(
				&w, HVISOR_CHECK_TAKEN, "irqs",
				"interrupt already belongs to the cell of",
				k * 32 + ck_lowest_bit(common),
				HVISOR_CHECK_VALUE_DEC, -1, bi);
	}
	shared = ck_pci_shared(a, b);
	if (shared >= 0)
		return ck_fail_with(&w, HVISOR_CHECK_TAKEN, "pci_devices",
				    "PCI device already belongs to the cell of",
				    (uint64_t)shared, HVISOR_CHECK_VALUE_BDF,
				    -1, bi);
	if (ck_bytes_equal(a->name, b->name, sizeof(a->name)))
		return ck_fail_with(&w, HVISOR_CHECK_TAKEN, "name",
				    "is already the name of the cell of", 0,
				    HVISOR_CHECK_VALUE_NONE, -1, bi);
	return HVISOR_CHECK_OK;
}

int hvisor_check_cells(const void *system_blob, uint64_t system_size,
		       const void *const *cells, const uint64_t *sizes,
		       unsigned int n, struct hvisor_check_error *err)
{
	const struct hvisor_system *sys = system_blob;
	struct hvisor_check_error local;
	uint64_t taken = 0;
	unsigned int i, j;
	int ret;

	if (!err)
		err = &local;
	if (sys) {
		ret = hvisor_check_system(system_blob, system_size, err);
		if (ret)
			return ret;
	}
	for (i = 0; i < n; i++) {
		const struct hvisor_cell_desc *cell = cells ? cells[i] : NULL;
		struct hvisor_check_where w = { err, HVISOR_CHECK_PART_CELL, -1,
						(int)i };

		ret = ck_one_cell(sys, cell, cells && sizes ? sizes[i] : 0,
				  (int)i, err);
		for (j = 0; !ret && j < i; j++)
			ret = check_between(cell, (int)i, cells[j], (int)j,
					    err);
		if (ret)
			return ret;
		taken |= cell->cpus;
		if (sys && !(sys->root_cell.cpus & ~taken))
			return ck_fail(
				&w, HVISOR_CHECK_ROOT_CPU, "cpus",
				"with the cells before it, takes every CPU of the root cell, which must keep at least one",
				0, HVISOR_CHECK_VALUE_NONE);
	}
	return ck_ok(err);
}

int hvisor_check_cell(const void *system_blob, uint64_t system_size,
		      const void *cell_blob, uint64_t cell_size,
		      struct hvisor_check_error *err)
{
	return hvisor_check_cells(system_blob, system_size, &cell_blob,
				  &cell_size, 1, err);
}
