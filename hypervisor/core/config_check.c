/* Checks binary system configs; freestanding, shared by the CLI, driver and hypervisor. */
#include <hvisor/config.h>
#include <hvisor/config_check.h>

#define KNOWN_MEM_FLAGS                                            \
	(HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE | \
	 HVISOR_MEM_DMA | HVISOR_MEM_IO | HVISOR_MEM_ROOTSHARED |  \
	 HVISOR_MEM_LOADABLE)

#define FIRST_PPI 16
#define FIRST_SPI 32

/* Where a check failed: the part of the config and the region, if any. */
struct where {
	struct hvisor_check_error *err;
	int part;
	int region;
};

static int fail(const struct where *w, int code, const char *field,
		const char *reason, uint64_t value, int kind)
{
	struct hvisor_check_error *err = w->err;

	err->code = code;
	err->part = w->part;
	err->field = field;
	err->region = w->region;
	err->other_region = -1;
	err->reason = reason;
	err->value = value;
	err->value_kind = kind;
	return code;
}

static bool bytes_equal(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool aligned(uint64_t value, uint64_t align)
{
	return (value & (align - 1)) == 0;
}

/* [start, start + size) neither wraps nor leaves the physical address space. */
static bool range_fits(uint64_t start, uint64_t size)
{
	return start < HVISOR_CHECK_PA_LIMIT &&
	       size <= HVISOR_CHECK_PA_LIMIT - start;
}

/* Both ranges must already satisfy range_fits(). */
static bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b,
			   uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* A device or memory window: aligned base, non-empty aligned size, fits. */
static int check_window(const struct where *w, const char *base_name,
			uint64_t base, const char *size_name, uint64_t size,
			uint64_t align, const char *misaligned)
{
	if (!aligned(base, align))
		return fail(w, HVISOR_CHECK_ALIGN, base_name, misaligned, base,
			    HVISOR_CHECK_VALUE_HEX);
	if (size == 0)
		return fail(w, HVISOR_CHECK_EMPTY, size_name,
			    "must not be zero", 0, HVISOR_CHECK_VALUE_NONE);
	if (!aligned(size, align))
		return fail(w, HVISOR_CHECK_ALIGN, size_name, misaligned, size,
			    HVISOR_CHECK_VALUE_HEX);
	if (!range_fits(base, size))
		return fail(
			w, HVISOR_CHECK_OVERFLOW, size_name,
			"range ends beyond the 48-bit physical address space",
			size, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

static int check_hypervisor(const struct hvisor_system *sys,
			    struct hvisor_check_error *err)
{
	struct where w = { err, HVISOR_CHECK_PART_HYPERVISOR, -1 };

	return check_window(&w, "hypervisor_phys", sys->hypervisor_phys,
			    "hypervisor_size", sys->hypervisor_size,
			    HVISOR_CHECK_HV_ALIGN,
			    "must be a multiple of 2 MiB (0x200000)");
}

static int check_gic(const struct hvisor_system *sys, const struct where *w)
{
	const struct hvisor_platform *p = &sys->platform;
	int ret;

	if (p->gic_version != HVISOR_GIC_V3)
		return fail(w, HVISOR_CHECK_GIC, "gic_version",
			    "unsupported GIC version (only 3 is supported)",
			    p->gic_version, HVISOR_CHECK_VALUE_DEC);
	ret = check_window(w, "gicd_base", p->gicd_base, "gicd_size",
			   p->gicd_size, HVISOR_CHECK_GIC_ALIGN,
			   "must be a multiple of 64 KiB (0x10000)");
	if (ret)
		return ret;
	ret = check_window(w, "gicr_base", p->gicr_base, "gicr_size",
			   p->gicr_size, HVISOR_CHECK_GIC_ALIGN,
			   "must be a multiple of 64 KiB (0x10000)");
	if (ret)
		return ret;
	if (!aligned(p->gicr_size, HVISOR_CHECK_GICR_STRIDE))
		return fail(
			w, HVISOR_CHECK_ALIGN, "gicr_size",
			"must be a multiple of 128 KiB (one GICv3 redistributor)",
			p->gicr_size, HVISOR_CHECK_VALUE_HEX);
	if (p->gicr_size / HVISOR_CHECK_GICR_STRIDE < p->num_cpus)
		return fail(
			w, HVISOR_CHECK_GIC, "gicr_size",
			"too small for one redistributor per CPU of platform.num_cpus",
			p->gicr_size, HVISOR_CHECK_VALUE_HEX);
	if (ranges_overlap(p->gicd_base, p->gicd_size, p->gicr_base,
			   p->gicr_size))
		return fail(w, HVISOR_CHECK_OVERLAP, "gicr_base",
			    "redistributors overlap the distributor",
			    p->gicr_base, HVISOR_CHECK_VALUE_HEX);
	if (p->maintenance_irq < FIRST_PPI || p->maintenance_irq >= FIRST_SPI)
		return fail(w, HVISOR_CHECK_IRQ, "maintenance_irq",
			    "must be a PPI (16-31)", p->maintenance_irq,
			    HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

static int check_platform(const struct hvisor_system *sys,
			  struct hvisor_check_error *err)
{
	const struct hvisor_platform *p = &sys->platform;
	struct where w = { err, HVISOR_CHECK_PART_PLATFORM, -1 };
	int ret;

	if (p->root_irq != 0 &&
	    (p->root_irq < 32 || p->root_irq >= HVISOR_CHECK_FIRST_SPECIAL_IRQ))
		return fail(&w, HVISOR_CHECK_IRQ, "root_irq",
			    "must be an SPI (32-1019) or 0 for none",
			    p->root_irq, HVISOR_CHECK_VALUE_DEC);
	if (p->num_cpus == 0 || p->num_cpus > HVISOR_MAX_CPUS)
		return fail(&w, HVISOR_CHECK_RANGE, "num_cpus",
			    "must be between 1 and 64", p->num_cpus,
			    HVISOR_CHECK_VALUE_DEC);
	ret = check_gic(sys, &w);
	if (ret)
		return ret;
	ret = check_window(&w, "uart_base", p->uart_base, "uart_size",
			   p->uart_size, HVISOR_CHECK_PAGE_SIZE,
			   "must be a multiple of 4096");
	if (ret)
		return ret;
	if (ranges_overlap(p->gicd_base, p->gicd_size, sys->hypervisor_phys,
			   sys->hypervisor_size))
		return fail(&w, HVISOR_CHECK_OVERLAP, "gicd_base",
			    "overlaps the hypervisor memory", p->gicd_base,
			    HVISOR_CHECK_VALUE_HEX);
	if (ranges_overlap(p->gicr_base, p->gicr_size, sys->hypervisor_phys,
			   sys->hypervisor_size))
		return fail(&w, HVISOR_CHECK_OVERLAP, "gicr_base",
			    "overlaps the hypervisor memory", p->gicr_base,
			    HVISOR_CHECK_VALUE_HEX);
	if (ranges_overlap(p->uart_base, p->uart_size, sys->hypervisor_phys,
			   sys->hypervisor_size))
		return fail(&w, HVISOR_CHECK_OVERLAP, "uart_base",
			    "overlaps the hypervisor memory", p->uart_base,
			    HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/*
 * Magic, version and sizes of a cell descriptor that starts a region of
 * avail bytes. On success the descriptor and its regions lie inside it.
 */
static int check_cell_layout(const struct hvisor_cell_desc *cell,
			     uint64_t avail, struct hvisor_check_error *err)
{
	struct where w = { err, HVISOR_CHECK_PART_CELL, -1 };
	uint64_t regions_size;

	if (avail < sizeof(*cell))
		return fail(&w, HVISOR_CHECK_TRUNCATED, "size",
			    "blob is shorter than struct hvisor_cell_desc",
			    avail, HVISOR_CHECK_VALUE_DEC);
	if (!bytes_equal(cell->magic, HVISOR_CELL_MAGIC, sizeof(cell->magic)))
		return fail(&w, HVISOR_CHECK_MAGIC, "magic",
			    "wrong magic: not a cell descriptor", 0,
			    HVISOR_CHECK_VALUE_NONE);
	if (cell->version != HVISOR_CONFIG_VERSION)
		return fail(&w, HVISOR_CHECK_VERSION, "version",
			    "unsupported config version (expected 1)",
			    cell->version, HVISOR_CHECK_VALUE_DEC);
	/* 64-bit arithmetic: a huge count cannot wrap around. */
	regions_size = (uint64_t)cell->num_mem_regions *
		       sizeof(struct hvisor_mem_region);
	if (regions_size > avail - sizeof(*cell))
		return fail(&w, HVISOR_CHECK_TRUNCATED, "num_mem_regions",
			    "more memory regions than the blob holds",
			    cell->num_mem_regions, HVISOR_CHECK_VALUE_DEC);
	if (cell->size != sizeof(*cell) + regions_size)
		return fail(&w, HVISOR_CHECK_SIZE, "size",
			    "does not match num_mem_regions", cell->size,
			    HVISOR_CHECK_VALUE_DEC);
	if (cell->size != avail)
		return fail(&w, HVISOR_CHECK_SIZE, "size",
			    "does not match the end of the blob", cell->size,
			    HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

static int lowest_bit(uint64_t v)
{
	int n = 0;

	while (!(v & 1)) {
		v >>= 1;
		n++;
	}
	return n;
}

/* Name, CPUs and interrupts of a cell on a platform with num_cpus CPUs. */
static int check_cell_fields(const struct hvisor_cell_desc *cell,
			     uint32_t num_cpus, struct hvisor_check_error *err)
{
	struct where w = { err, HVISOR_CHECK_PART_CELL, -1 };
	uint64_t foreign;
	unsigned int irq;
	size_t i;

	for (i = 0; i < sizeof(cell->name); i++)
		if (cell->name[i] == '\0')
			break;
	if (i == sizeof(cell->name))
		return fail(&w, HVISOR_CHECK_NAME, "name",
			    "is not NUL-terminated", 0,
			    HVISOR_CHECK_VALUE_NONE);
	if (i == 0)
		return fail(&w, HVISOR_CHECK_NAME, "name", "must not be empty",
			    0, HVISOR_CHECK_VALUE_NONE);
	if (cell->cpus == 0)
		return fail(&w, HVISOR_CHECK_CPUS, "cpus",
			    "must name at least one CPU", 0,
			    HVISOR_CHECK_VALUE_NONE);
	foreign = num_cpus >= 64 ? 0 : cell->cpus >> num_cpus;
	if (foreign)
		return fail(&w, HVISOR_CHECK_CPUS, "cpus",
			    "names a CPU at or above platform.num_cpus",
			    num_cpus + lowest_bit(foreign),
			    HVISOR_CHECK_VALUE_DEC);
	for (irq = HVISOR_CHECK_FIRST_SPECIAL_IRQ; irq < HVISOR_MAX_IRQS; irq++)
		if (cell->irqs[irq / 32] & (1u << (irq % 32)))
			return fail(
				&w, HVISOR_CHECK_IRQ, "irqs",
				"interrupt IDs 1020-1023 are special and cannot be assigned",
				irq, HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

static int check_region(const struct hvisor_mem_region *r, bool root,
			const struct where *w)
{
	const uint64_t page = HVISOR_CHECK_PAGE_SIZE;

	if (r->type > HVISOR_MEM_TYPE_VIRTIO)
		return fail(w, HVISOR_CHECK_TYPE, "type", "unknown region type",
			    r->type, HVISOR_CHECK_VALUE_DEC);
	if (r->flags & ~KNOWN_MEM_FLAGS)
		return fail(w, HVISOR_CHECK_FLAGS, "flags", "unknown flag bits",
			    r->flags & ~KNOWN_MEM_FLAGS,
			    HVISOR_CHECK_VALUE_HEX);
	if (!(r->flags & HVISOR_MEM_IO) != (r->type != HVISOR_MEM_TYPE_IO))
		return fail(
			w, HVISOR_CHECK_FLAGS, "flags",
			"the io flag must be set exactly on regions of type io",
			r->flags, HVISOR_CHECK_VALUE_HEX);
	if (r->size == 0)
		return fail(w, HVISOR_CHECK_EMPTY, "size", "must not be zero",
			    0, HVISOR_CHECK_VALUE_NONE);
	if (!aligned(r->phys_start, page))
		return fail(w, HVISOR_CHECK_ALIGN, "phys_start",
			    "must be a multiple of 4096", r->phys_start,
			    HVISOR_CHECK_VALUE_HEX);
	if (!aligned(r->virt_start, page))
		return fail(w, HVISOR_CHECK_ALIGN, "virt_start",
			    "must be a multiple of 4096", r->virt_start,
			    HVISOR_CHECK_VALUE_HEX);
	if (!aligned(r->size, page))
		return fail(w, HVISOR_CHECK_ALIGN, "size",
			    "must be a multiple of 4096", r->size,
			    HVISOR_CHECK_VALUE_HEX);
	if (!range_fits(r->phys_start, r->size))
		return fail(
			w, HVISOR_CHECK_OVERFLOW, "size",
			"physical range ends beyond the 48-bit address space",
			r->size, HVISOR_CHECK_VALUE_HEX);
	if (!range_fits(r->virt_start, r->size))
		return fail(
			w, HVISOR_CHECK_OVERFLOW, "size",
			"guest-physical range ends beyond the 48-bit address space",
			r->size, HVISOR_CHECK_VALUE_HEX);
	if (root && r->virt_start != r->phys_start)
		return fail(
			w, HVISOR_CHECK_IDENTITY, "virt_start",
			"root cell memory must be identity-mapped (virt_start == phys_start)",
			r->virt_start, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

static int fail_overlap(const struct where *w, int other, const char *reason,
			uint64_t value)
{
	fail(w, HVISOR_CHECK_OVERLAP, (const char *)0, reason, value,
	     HVISOR_CHECK_VALUE_HEX);
	w->err->other_region = other;
	return HVISOR_CHECK_OVERLAP;
}

/* Memory that no cell region may cover: hypervisor memory and the GIC. */
static int check_region_vs_system(const struct hvisor_mem_region *r,
				  const struct hvisor_system *sys,
				  const struct where *w)
{
	const struct hvisor_platform *p = &sys->platform;

	if (ranges_overlap(r->phys_start, r->size, sys->hypervisor_phys,
			   sys->hypervisor_size))
		return fail_overlap(
			w, -1, "physical range overlaps the hypervisor memory",
			sys->hypervisor_phys);
	if (ranges_overlap(r->phys_start, r->size, p->gicd_base, p->gicd_size))
		return fail_overlap(
			w, -1,
			"physical range overlaps the GIC distributor (emulated by the hypervisor)",
			p->gicd_base);
	if (ranges_overlap(r->phys_start, r->size, p->gicr_base, p->gicr_size))
		return fail_overlap(
			w, -1,
			"physical range overlaps the GIC redistributors (emulated by the hypervisor)",
			p->gicr_base);
	return HVISOR_CHECK_OK;
}

static int check_regions(const struct hvisor_cell_desc *cell, bool root,
			 const struct hvisor_system *sys,
			 struct hvisor_check_error *err)
{
	const struct hvisor_mem_region *regions = hvisor_cell_regions(cell);
	struct where w = { err, HVISOR_CHECK_PART_REGION, -1 };
	bool has_ram = false;
	uint32_t i, j;
	int ret;

	for (i = 0; i < cell->num_mem_regions; i++) {
		const struct hvisor_mem_region *r = &regions[i];

		w.region = (int)i;
		ret = check_region(r, root, &w);
		if (ret)
			return ret;
		ret = check_region_vs_system(r, sys, &w);
		if (ret)
			return ret;
		for (j = 0; j < i; j++) {
			const struct hvisor_mem_region *o = &regions[j];

			if (ranges_overlap(r->phys_start, r->size,
					   o->phys_start, o->size))
				return fail_overlap(&w, (int)j,
						    "physical range overlaps",
						    o->phys_start);
			if (ranges_overlap(r->virt_start, r->size,
					   o->virt_start, o->size))
				return fail_overlap(
					&w, (int)j,
					"guest-physical range overlaps",
					o->virt_start);
		}
		if (r->type == HVISOR_MEM_TYPE_RAM)
			has_ram = true;
	}
	if (!has_ram) {
		w.part = HVISOR_CHECK_PART_CELL;
		w.region = -1;
		return fail(&w, HVISOR_CHECK_NO_RAM, "memory_regions",
			    "needs at least one region of type ram", 0,
			    HVISOR_CHECK_VALUE_NONE);
	}
	return HVISOR_CHECK_OK;
}

int hvisor_check_system(const void *blob, uint64_t blob_size,
			struct hvisor_check_error *err)
{
	const uint64_t cell_offset = offsetof(struct hvisor_system, root_cell);
	const struct hvisor_system *sys = blob;
	struct hvisor_check_error local;
	struct where w;
	int ret;

	if (!err)
		err = &local;
	w.err = err;
	w.part = HVISOR_CHECK_PART_BLOB;
	w.region = -1;
	if (!blob || blob_size < sizeof(*sys))
		return fail(&w, HVISOR_CHECK_TRUNCATED, "size",
			    "blob is shorter than struct hvisor_system",
			    blob_size, HVISOR_CHECK_VALUE_DEC);
	if (!bytes_equal(sys->magic, HVISOR_SYSTEM_MAGIC, sizeof(sys->magic)))
		return fail(&w, HVISOR_CHECK_MAGIC, "magic",
			    "wrong magic: not a system config", 0,
			    HVISOR_CHECK_VALUE_NONE);
	if (sys->version != HVISOR_CONFIG_VERSION)
		return fail(&w, HVISOR_CHECK_VERSION, "version",
			    "unsupported config version (expected 1)",
			    sys->version, HVISOR_CHECK_VALUE_DEC);
	if (sys->size != blob_size)
		return fail(&w, HVISOR_CHECK_SIZE, "size",
			    "does not match the size of the blob", sys->size,
			    HVISOR_CHECK_VALUE_DEC);
	ret = check_cell_layout(&sys->root_cell, blob_size - cell_offset, err);
	if (!ret)
		ret = check_hypervisor(sys, err);
	if (!ret)
		ret = check_platform(sys, err);
	if (!ret)
		ret = check_cell_fields(&sys->root_cell, sys->platform.num_cpus,
					err);
	if (!ret)
		ret = check_regions(&sys->root_cell, true, sys, err);
	if (!ret)
		err->code = HVISOR_CHECK_OK;
	return ret;
}
