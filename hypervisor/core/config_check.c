/* Checks binary system and cell configs; freestanding, shared by the CLI, driver and hypervisor. */
#include <hvisor/config.h>
#include <hvisor/config_check.h>
#include <hvisor/virtio.h>

#define KNOWN_MEM_FLAGS                                            \
	(HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE | \
	 HVISOR_MEM_DMA | HVISOR_MEM_IO | HVISOR_MEM_ROOTSHARED |  \
	 HVISOR_MEM_LOADABLE)

#define FIRST_PPI 16
#define FIRST_SPI HVISOR_CHECK_FIRST_SPI
#define PAGE HVISOR_CHECK_PAGE_SIZE

/* Where a check failed: the config, the part of it and the region, if any. */
struct where {
	struct hvisor_check_error *err;
	int part;
	int region;
	int cell; /* -1: the system config, else the cell config's index */
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
	err->cell = w->cell;
	err->other_cell = -1;
	return code;
}

/* A collision with region other (-1: none) of cell config other_cell. */
static int fail_with(const struct where *w, int code, const char *field,
		     const char *reason, uint64_t value, int kind, int other,
		     int other_cell)
{
	fail(w, code, field, reason, value, kind);
	w->err->other_region = other;
	w->err->other_cell = other_cell;
	return code;
}

static int fail_overlap(const struct where *w, int other, const char *reason,
			uint64_t value)
{
	return fail_with(w, HVISOR_CHECK_OVERLAP, (const char *)0, reason,
			 value, HVISOR_CHECK_VALUE_HEX, other, -1);
}

static int ok(struct hvisor_check_error *err)
{
	err->code = HVISOR_CHECK_OK;
	err->cell = -1;
	err->other_cell = -1;
	return HVISOR_CHECK_OK;
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

/* [a, a + a_size) lies inside [b, b + b_size); both satisfy range_fits(). */
static bool range_inside(uint64_t a, uint64_t a_size, uint64_t b,
			 uint64_t b_size)
{
	return a >= b && a + a_size <= b + b_size;
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

static unsigned int count_bits(uint64_t v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static bool irq_set(const uint32_t *irqs, unsigned int irq)
{
	return irqs[irq / 32] & (1u << (irq % 32));
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
	struct where w = { err, HVISOR_CHECK_PART_HYPERVISOR, -1, -1 };

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
	struct where w = { err, HVISOR_CHECK_PART_PLATFORM, -1, -1 };
	int ret;

	if (p->root_irq != 0 && (p->root_irq < FIRST_SPI ||
				 p->root_irq >= HVISOR_CHECK_FIRST_SPECIAL_IRQ))
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
			   p->uart_size, PAGE, "must be a multiple of 4096");
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
			     uint64_t avail, const struct where *w)
{
	uint64_t regions_size;

	if (!cell || avail < sizeof(*cell))
		return fail(w, HVISOR_CHECK_TRUNCATED, "size",
			    "blob is shorter than struct hvisor_cell_desc",
			    avail, HVISOR_CHECK_VALUE_DEC);
	if (!bytes_equal(cell->magic, HVISOR_CELL_MAGIC, sizeof(cell->magic)))
		return fail(w, HVISOR_CHECK_MAGIC, "magic",
			    "wrong magic: not a cell descriptor", 0,
			    HVISOR_CHECK_VALUE_NONE);
	if (cell->version != HVISOR_CONFIG_VERSION)
		return fail(w, HVISOR_CHECK_VERSION, "version",
			    "unsupported config version (expected 1)",
			    cell->version, HVISOR_CHECK_VALUE_DEC);
	/* 64-bit arithmetic: a huge count cannot wrap around. */
	regions_size = (uint64_t)cell->num_mem_regions *
		       sizeof(struct hvisor_mem_region);
	if (regions_size > avail - sizeof(*cell))
		return fail(w, HVISOR_CHECK_TRUNCATED, "num_mem_regions",
			    "more memory regions than the blob holds",
			    cell->num_mem_regions, HVISOR_CHECK_VALUE_DEC);
	if (cell->size != sizeof(*cell) + regions_size)
		return fail(w, HVISOR_CHECK_SIZE, "size",
			    "does not match num_mem_regions", cell->size,
			    HVISOR_CHECK_VALUE_DEC);
	if (cell->size != avail)
		return fail(w, HVISOR_CHECK_SIZE, "size",
			    "does not match the end of the blob", cell->size,
			    HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

/* Name, CPUs and interrupts of any cell on a platform with num_cpus CPUs. */
static int check_cell_fields(const struct hvisor_cell_desc *cell,
			     uint32_t num_cpus, const struct where *w)
{
	uint64_t foreign;
	unsigned int irq;
	size_t i, end;

	for (end = 0; end < sizeof(cell->name); end++)
		if (cell->name[end] == '\0')
			break;
	if (end == sizeof(cell->name))
		return fail(w, HVISOR_CHECK_NAME, "name",
			    "is not NUL-terminated", 0,
			    HVISOR_CHECK_VALUE_NONE);
	if (end == 0)
		return fail(w, HVISOR_CHECK_NAME, "name", "must not be empty",
			    0, HVISOR_CHECK_VALUE_NONE);
	/* Zero padding: names compare equal exactly when their bytes do. */
	for (i = end; i < sizeof(cell->name); i++)
		if (cell->name[i] != '\0')
			return fail(w, HVISOR_CHECK_NAME, "name",
				    "bytes after the terminating NUL must be 0",
				    i, HVISOR_CHECK_VALUE_DEC);
	if (cell->cpus == 0)
		return fail(w, HVISOR_CHECK_CPUS, "cpus",
			    "must name at least one CPU", 0,
			    HVISOR_CHECK_VALUE_NONE);
	foreign = num_cpus >= 64 ? 0 : cell->cpus >> num_cpus;
	if (foreign)
		return fail(w, HVISOR_CHECK_CPUS, "cpus",
			    "names a CPU at or above platform.num_cpus",
			    num_cpus + lowest_bit(foreign),
			    HVISOR_CHECK_VALUE_DEC);
	for (irq = HVISOR_CHECK_FIRST_SPECIAL_IRQ; irq < HVISOR_MAX_IRQS; irq++)
		if (irq_set(cell->irqs, irq))
			return fail(
				w, HVISOR_CHECK_IRQ, "irqs",
				"interrupt IDs 1020-1023 are special and cannot be assigned",
				irq, HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

/* Regions backed by physical memory: all of the root's, ram and io of cells. */
static bool region_is_physical(const struct hvisor_mem_region *r, bool root)
{
	return root || r->type == HVISOR_MEM_TYPE_RAM ||
	       r->type == HVISOR_MEM_TYPE_IO;
}

static int check_region(const struct hvisor_mem_region *r, bool root,
			const struct where *w)
{
	uint32_t flags, irq;

	if (r->type > HVISOR_MEM_TYPE_TESTDEV)
		return fail(w, HVISOR_CHECK_TYPE, "type", "unknown region type",
			    r->type, HVISOR_CHECK_VALUE_DEC);
	if (root && r->type == HVISOR_MEM_TYPE_TESTDEV)
		return fail(w, HVISOR_CHECK_TYPE, "type",
			    "testdev regions are for cells, not the root cell",
			    r->type, HVISOR_CHECK_VALUE_DEC);
	/* a virtio region carries its interrupt ID in bits 16-25 */
	flags = r->flags;
	if (r->type == HVISOR_MEM_TYPE_VIRTIO && !root) {
		irq = HVISOR_MEM_VIRTIO_IRQ(flags);
		flags &= ~(0x3ffu << HVISOR_MEM_VIRTIO_IRQ_SHIFT);
		if (irq && (irq < 32 || irq >= HVISOR_CHECK_FIRST_SPECIAL_IRQ))
			return fail(w, HVISOR_CHECK_IRQ, "flags",
				    "virtio interrupt must be an SPI (32-1019)",
				    irq, HVISOR_CHECK_VALUE_DEC);
	}
	if (flags & ~KNOWN_MEM_FLAGS)
		return fail(w, HVISOR_CHECK_FLAGS, "flags", "unknown flag bits",
			    flags & ~KNOWN_MEM_FLAGS, HVISOR_CHECK_VALUE_HEX);
	if (!(r->flags & HVISOR_MEM_IO) != (r->type != HVISOR_MEM_TYPE_IO))
		return fail(
			w, HVISOR_CHECK_FLAGS, "flags",
			"the io flag must be set exactly on regions of type io",
			r->flags, HVISOR_CHECK_VALUE_HEX);
	if (!region_is_physical(r, root) && flags)
		return fail(w, HVISOR_CHECK_FLAGS, "flags",
			    "virtio and testdev regions take no flags", flags,
			    HVISOR_CHECK_VALUE_HEX);
	if (!region_is_physical(r, root) && r->phys_start)
		return fail(
			w, HVISOR_CHECK_RESERVED, "phys_start",
			"must be 0 in virtio and testdev regions (they have no memory)",
			r->phys_start, HVISOR_CHECK_VALUE_HEX);
	if (r->size == 0)
		return fail(w, HVISOR_CHECK_EMPTY, "size", "must not be zero",
			    0, HVISOR_CHECK_VALUE_NONE);
	if (!aligned(r->phys_start, PAGE))
		return fail(w, HVISOR_CHECK_ALIGN, "phys_start",
			    "must be a multiple of 4096", r->phys_start,
			    HVISOR_CHECK_VALUE_HEX);
	if (!aligned(r->virt_start, PAGE))
		return fail(w, HVISOR_CHECK_ALIGN, "virt_start",
			    "must be a multiple of 4096", r->virt_start,
			    HVISOR_CHECK_VALUE_HEX);
	if (!aligned(r->size, PAGE))
		return fail(w, HVISOR_CHECK_ALIGN, "size",
			    "must be a multiple of 4096", r->size,
			    HVISOR_CHECK_VALUE_HEX);
	if (region_is_physical(r, root) && !range_fits(r->phys_start, r->size))
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
	if ((r->flags & HVISOR_MEM_DMA) && r->virt_start != r->phys_start)
		return fail(
			w, HVISOR_CHECK_IDENTITY, "virt_start",
			"a dma region must be identity-mapped (virt_start == phys_start)",
			r->virt_start, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* Physical memory no region may cover: hypervisor memory and the GIC. */
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

/*
 * A cell's guest-physical range must leave the GIC frames free: the
 * hypervisor emulates the GIC for the cell at the platform's addresses.
 */
static int check_guest_vs_gic(uint64_t start, uint64_t size,
			      const struct hvisor_platform *p,
			      const struct where *w, const char *field,
			      const char *gicd_reason, const char *gicr_reason)
{
	if (ranges_overlap(start, size, p->gicd_base, p->gicd_size))
		return fail(w, HVISOR_CHECK_OVERLAP, field, gicd_reason,
			    p->gicd_base, HVISOR_CHECK_VALUE_HEX);
	if (ranges_overlap(start, size, p->gicr_base, p->gicr_size))
		return fail(w, HVISOR_CHECK_OVERLAP, field, gicr_reason,
			    p->gicr_base, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* Region i against regions 0..i-1 of the same cell. */
static int check_region_vs_earlier(const struct hvisor_mem_region *regions,
				   uint32_t i, bool root, const struct where *w)
{
	const struct hvisor_mem_region *r = &regions[i];
	uint32_t j;

	for (j = 0; j < i; j++) {
		const struct hvisor_mem_region *o = &regions[j];

		if (region_is_physical(r, root) &&
		    region_is_physical(o, root) &&
		    ranges_overlap(r->phys_start, r->size, o->phys_start,
				   o->size))
			return fail_overlap(w, (int)j,
					    "physical range overlaps",
					    o->phys_start);
		if (ranges_overlap(r->virt_start, r->size, o->virt_start,
				   o->size))
			return fail_overlap(w, (int)j,
					    "guest-physical range overlaps",
					    o->virt_start);
	}
	return HVISOR_CHECK_OK;
}

static int check_root_regions(const struct hvisor_system *sys,
			      struct hvisor_check_error *err)
{
	const struct hvisor_cell_desc *cell = &sys->root_cell;
	const struct hvisor_mem_region *regions = hvisor_cell_regions(cell);
	struct where w = { err, HVISOR_CHECK_PART_REGION, -1, -1 };
	bool has_ram = false;
	uint32_t i;
	int ret;

	for (i = 0; i < cell->num_mem_regions; i++) {
		w.region = (int)i;
		ret = check_region(&regions[i], true, &w);
		if (!ret)
			ret = check_region_vs_system(&regions[i], sys, &w);
		if (!ret)
			ret = check_region_vs_earlier(regions, i, true, &w);
		if (ret)
			return ret;
		if (regions[i].type == HVISOR_MEM_TYPE_RAM)
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

/* What only cell configs set must stay 0 in the root cell. */
static int check_root_unused(const struct hvisor_cell_desc *cell,
			     struct hvisor_check_error *err)
{
	static const char reason[] = "must be 0 in the root cell";
	struct where w = { err, HVISOR_CHECK_PART_CELL, -1, -1 };

	if (cell->flags)
		return fail(&w, HVISOR_CHECK_RESERVED, "flags", reason,
			    cell->flags, HVISOR_CHECK_VALUE_HEX);
	if (cell->entry)
		return fail(&w, HVISOR_CHECK_RESERVED, "entry", reason,
			    cell->entry, HVISOR_CHECK_VALUE_HEX);
	if (cell->console_base)
		return fail(&w, HVISOR_CHECK_RESERVED, "console_base", reason,
			    cell->console_base, HVISOR_CHECK_VALUE_HEX);
	if (cell->console_irq)
		return fail(&w, HVISOR_CHECK_RESERVED, "console_irq", reason,
			    cell->console_irq, HVISOR_CHECK_VALUE_DEC);
	if (cell->doorbell_irq)
		return fail(&w, HVISOR_CHECK_RESERVED, "doorbell_irq", reason,
			    cell->doorbell_irq, HVISOR_CHECK_VALUE_DEC);
	if (cell->mailbox_base)
		return fail(&w, HVISOR_CHECK_RESERVED, "mailbox_base", reason,
			    cell->mailbox_base, HVISOR_CHECK_VALUE_HEX);
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
	w.cell = -1;
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
	w.part = HVISOR_CHECK_PART_CELL;
	ret = check_cell_layout(&sys->root_cell, blob_size - cell_offset, &w);
	if (!ret)
		ret = check_hypervisor(sys, err);
	if (!ret)
		ret = check_platform(sys, err);
	if (!ret)
		ret = check_cell_fields(&sys->root_cell, sys->platform.num_cpus,
					&w);
	if (!ret)
		ret = check_root_unused(&sys->root_cell, err);
	if (!ret)
		ret = check_root_regions(sys, err);
	return ret ? ret : ok(err);
}

/* CPUs and interrupts of a cell: SPIs only; with sys, the root's to give. */
static int check_cell_resources(const struct hvisor_cell_desc *cell,
				const struct hvisor_system *sys,
				const struct where *w)
{
	const struct hvisor_cell_desc *root = sys ? &sys->root_cell : NULL;
	unsigned int irq;
	uint64_t extra;

	if (cell->flags)
		return fail(w, HVISOR_CHECK_RESERVED, "flags",
			    "no cell flags are defined: must be 0", cell->flags,
			    HVISOR_CHECK_VALUE_HEX);
	if (count_bits(cell->cpus) > HVISOR_CHECK_CELL_MAX_CPUS)
		return fail(w, HVISOR_CHECK_CPUS, "cpus",
			    "more CPUs than a cell can have (16)",
			    count_bits(cell->cpus), HVISOR_CHECK_VALUE_DEC);
	for (irq = 0; irq < FIRST_SPI; irq++)
		if (irq_set(cell->irqs, irq))
			return fail(
				w, HVISOR_CHECK_IRQ, "irqs",
				"only SPIs (32-1019) can be passed through to a cell",
				irq, HVISOR_CHECK_VALUE_DEC);
	if (!root)
		return HVISOR_CHECK_OK;
	extra = cell->cpus & ~root->cpus;
	if (extra)
		return fail(w, HVISOR_CHECK_NOT_ROOTS, "cpus",
			    "CPU is not one of the root cell's CPUs",
			    lowest_bit(extra), HVISOR_CHECK_VALUE_DEC);
	if (!(root->cpus & ~cell->cpus))
		return fail(
			w, HVISOR_CHECK_ROOT_CPU, "cpus",
			"takes every CPU of the root cell, which must keep at least one",
			0, HVISOR_CHECK_VALUE_NONE);
	for (irq = FIRST_SPI; irq < HVISOR_MAX_IRQS; irq++) {
		if (!irq_set(cell->irqs, irq))
			continue;
		if (!irq_set(root->irqs, irq))
			return fail(
				w, HVISOR_CHECK_NOT_ROOTS, "irqs",
				"interrupt is not one of the root cell's interrupts",
				irq, HVISOR_CHECK_VALUE_DEC);
		if (irq == sys->platform.root_irq)
			return fail(
				w, HVISOR_CHECK_IRQ, "irqs",
				"is platform.root_irq, which stays with the root cell",
				irq, HVISOR_CHECK_VALUE_DEC);
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
		    range_inside(r->phys_start, r->size, rr->phys_start,
				 rr->size))
			return rr;
	return (const struct hvisor_mem_region *)0;
}

/* A cell region against the system: the root hands it over, GIC stays free. */
static int check_cell_region_vs_system(const struct hvisor_mem_region *r,
				       const struct hvisor_system *sys,
				       const struct where *w)
{
	int ret;

	if (region_is_physical(r, false)) {
		ret = check_region_vs_system(r, sys, w);
		if (ret)
			return ret;
		if (!root_region_of(sys, r))
			return fail(
				w, HVISOR_CHECK_NOT_ROOTS, (const char *)0,
				"physical range is not inside a root cell region of the same type",
				r->phys_start, HVISOR_CHECK_VALUE_HEX);
	}
	return check_guest_vs_gic(
		r->virt_start, r->size, &sys->platform, w, (const char *)0,
		"guest-physical range overlaps the GIC distributor (emulated by the hypervisor)",
		"guest-physical range overlaps the GIC redistributors (emulated by the hypervisor)");
}

static int check_cell_regions(const struct hvisor_cell_desc *cell,
			      const struct hvisor_system *sys,
			      const struct where *cw)
{
	const struct hvisor_mem_region *regions = hvisor_cell_regions(cell);
	struct where w = { cw->err, HVISOR_CHECK_PART_REGION, -1, cw->cell };
	bool has_ram = false;
	uint32_t i;
	int ret;

	for (i = 0; i < cell->num_mem_regions; i++) {
		w.region = (int)i;
		ret = check_region(&regions[i], false, &w);
		if (!ret && sys)
			ret = check_cell_region_vs_system(&regions[i], sys, &w);
		if (!ret)
			ret = check_region_vs_earlier(regions, i, false, &w);
		if (ret)
			return ret;
		if (regions[i].type == HVISOR_MEM_TYPE_RAM)
			has_ram = true;
	}
	if (!has_ram)
		return fail(cw, HVISOR_CHECK_NO_RAM, "memory_regions",
			    "needs at least one region of type ram", 0,
			    HVISOR_CHECK_VALUE_NONE);
	return HVISOR_CHECK_OK;
}

/* Index of a ram region with all of flags holding [ipa, ipa + size), or -1. */
static int ram_region_at(const struct hvisor_cell_desc *cell, uint64_t ipa,
			 uint64_t size, uint32_t flags)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint32_t i;

	if (!range_fits(ipa, size))
		return -1;
	for (i = 0; i < cell->num_mem_regions; i++, r++)
		if (r->type == HVISOR_MEM_TYPE_RAM &&
		    (r->flags & flags) == flags &&
		    range_inside(ipa, size, r->virt_start, r->size))
			return (int)i;
	return -1;
}

static int check_entry(const struct hvisor_cell_desc *cell,
		       const struct where *w)
{
	if (!aligned(cell->entry, HVISOR_CHECK_ENTRY_ALIGN))
		return fail(w, HVISOR_CHECK_ALIGN, "entry",
			    "must be a multiple of 4", cell->entry,
			    HVISOR_CHECK_VALUE_HEX);
	if (ram_region_at(cell, cell->entry, HVISOR_CHECK_ENTRY_ALIGN,
			  HVISOR_MEM_EXECUTE) < 0)
		return fail(w, HVISOR_CHECK_RANGE, "entry",
			    "is not inside a ram region with the execute flag",
			    cell->entry, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* A virtual SPI of the cell: console or doorbell interrupt. */
static int check_virtual_irq(const struct hvisor_cell_desc *cell, uint32_t irq,
			     const char *field, const char *range_reason,
			     const struct where *w)
{
	if (irq < FIRST_SPI || irq >= HVISOR_CHECK_FIRST_SPECIAL_IRQ)
		return fail(w, HVISOR_CHECK_IRQ, field, range_reason, irq,
			    HVISOR_CHECK_VALUE_DEC);
	if (irq_set(cell->irqs, irq))
		return fail(
			w, HVISOR_CHECK_IRQ, field,
			"is one of the cell's physical interrupts: a virtual interrupt needs its own ID",
			irq, HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

/* The emulated PL011's page must trap: no region, no GIC frame under it. */
static int check_console(const struct hvisor_cell_desc *cell,
			 const struct hvisor_system *sys, const struct where *w)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint64_t base = cell->console_base;
	uint32_t i;
	int ret;

	if (!base) {
		if (cell->console_irq)
			return fail(
				w, HVISOR_CHECK_RESERVED, "console_irq",
				"must be 0 when there is no console (console_base 0)",
				cell->console_irq, HVISOR_CHECK_VALUE_DEC);
		return HVISOR_CHECK_OK;
	}
	if (!aligned(base, PAGE))
		return fail(w, HVISOR_CHECK_ALIGN, "console_base",
			    "must be a multiple of 4096", base,
			    HVISOR_CHECK_VALUE_HEX);
	if (!range_fits(base, PAGE))
		return fail(w, HVISOR_CHECK_OVERFLOW, "console_base",
			    "must be below 2^48", base, HVISOR_CHECK_VALUE_HEX);
	for (i = 0; i < cell->num_mem_regions; i++, r++)
		if (ranges_overlap(base, PAGE, r->virt_start, r->size))
			return fail_with(
				w, HVISOR_CHECK_OVERLAP, "console_base",
				"console page overlaps the guest-physical range of",
				base, HVISOR_CHECK_VALUE_HEX, (int)i, -1);
	if (sys) {
		ret = check_guest_vs_gic(
			base, PAGE, &sys->platform, w, "console_base",
			"console page overlaps the GIC distributor (emulated by the hypervisor)",
			"console page overlaps the GIC redistributors (emulated by the hypervisor)");
		if (ret)
			return ret;
	}
	return check_virtual_irq(cell, cell->console_irq, "console_irq",
				 "must be an SPI (32-1019)", w);
}

static int check_doorbell_mailbox(const struct hvisor_cell_desc *cell,
				  const struct where *w)
{
	int ret;

	if (cell->doorbell_irq) {
		ret = check_virtual_irq(
			cell, cell->doorbell_irq, "doorbell_irq",
			"must be an SPI (32-1019) or 0 for none", w);
		if (ret)
			return ret;
		if (cell->console_base &&
		    cell->doorbell_irq == cell->console_irq)
			return fail(w, HVISOR_CHECK_IRQ, "doorbell_irq",
				    "must differ from the console interrupt",
				    cell->doorbell_irq, HVISOR_CHECK_VALUE_DEC);
	}
	if (!cell->mailbox_base)
		return HVISOR_CHECK_OK;
	if (!aligned(cell->mailbox_base, PAGE))
		return fail(w, HVISOR_CHECK_ALIGN, "mailbox_base",
			    "must be a multiple of 4096", cell->mailbox_base,
			    HVISOR_CHECK_VALUE_HEX);
	if (ram_region_at(cell, cell->mailbox_base, PAGE,
			  HVISOR_MEM_ROOTSHARED) < 0)
		return fail(
			w, HVISOR_CHECK_RANGE, "mailbox_base",
			"must be inside a ram region with the rootshared flag",
			cell->mailbox_base, HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

/* One cell config alone, and against the system config when sys is set. */
static int check_one_cell(const struct hvisor_system *sys,
			  const struct hvisor_cell_desc *cell, uint64_t size,
			  int index, struct hvisor_check_error *err)
{
	struct where w = { err, HVISOR_CHECK_PART_CELL, -1, index };
	int ret;

	ret = check_cell_layout(cell, size, &w);
	if (!ret)
		ret = check_cell_fields(
			cell, sys ? sys->platform.num_cpus : HVISOR_MAX_CPUS,
			&w);
	if (!ret)
		ret = check_cell_resources(cell, sys, &w);
	if (!ret)
		ret = check_cell_regions(cell, sys, &w);
	if (!ret)
		ret = check_entry(cell, &w);
	if (!ret)
		ret = check_console(cell, sys, &w);
	if (!ret)
		ret = check_doorbell_mailbox(cell, &w);
	return ret;
}

/* Physical memory of cell a (index ai) against cell b (index bi). */
static int check_memory_between(const struct hvisor_cell_desc *a, int ai,
				const struct hvisor_cell_desc *b, int bi,
				struct hvisor_check_error *err)
{
	const struct hvisor_mem_region *ra = hvisor_cell_regions(a);
	struct where w = { err, HVISOR_CHECK_PART_REGION, -1, ai };
	uint32_t i, j;

	for (i = 0; i < a->num_mem_regions; i++, ra++) {
		const struct hvisor_mem_region *rb = hvisor_cell_regions(b);

		if (!region_is_physical(ra, false))
			continue;
		w.region = (int)i;
		for (j = 0; j < b->num_mem_regions; j++, rb++)
			if (region_is_physical(rb, false) &&
			    ranges_overlap(ra->phys_start, ra->size,
					   rb->phys_start, rb->size) &&
			    !(ra->flags & rb->flags & HVISOR_MEM_ROOTSHARED))
				return fail_with(
					&w, HVISOR_CHECK_OVERLAP,
					(const char *)0,
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
	struct where w = { err, HVISOR_CHECK_PART_CELL, -1, ai };
	unsigned int k;
	uint32_t common;
	int ret;

	ret = check_memory_between(a, ai, b, bi, err);
	if (ret)
		return ret;
	if (a->cpus & b->cpus)
		return fail_with(&w, HVISOR_CHECK_TAKEN, "cpus",
				 "CPU already belongs to the cell of",
				 lowest_bit(a->cpus & b->cpus),
				 HVISOR_CHECK_VALUE_DEC, -1, bi);
	for (k = 0; k < HVISOR_MAX_IRQS / 32; k++) {
		common = a->irqs[k] & b->irqs[k];
		if (common)
			return fail_with(
				&w, HVISOR_CHECK_TAKEN, "irqs",
				"interrupt already belongs to the cell of",
				k * 32 + lowest_bit(common),
				HVISOR_CHECK_VALUE_DEC, -1, bi);
	}
	if (bytes_equal(a->name, b->name, sizeof(a->name)))
		return fail_with(&w, HVISOR_CHECK_TAKEN, "name",
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
		const struct hvisor_cell_desc *cell = cells ? cells[i] : 0;
		struct where w = { err, HVISOR_CHECK_PART_CELL, -1, (int)i };

		ret = check_one_cell(sys, cell, cells && sizes ? sizes[i] : 0,
				     (int)i, err);
		for (j = 0; !ret && j < i; j++)
			ret = check_between(cell, (int)i, cells[j], (int)j,
					    err);
		if (ret)
			return ret;
		taken |= cell->cpus;
		if (sys && !(sys->root_cell.cpus & ~taken))
			return fail(
				&w, HVISOR_CHECK_ROOT_CPU, "cpus",
				"with the cells before it, takes every CPU of the root cell, which must keep at least one",
				0, HVISOR_CHECK_VALUE_NONE);
	}
	return ok(err);
}

int hvisor_check_cell(const void *system_blob, uint64_t system_size,
		      const void *cell_blob, uint64_t cell_size,
		      struct hvisor_check_error *err)
{
	return hvisor_check_cells(system_blob, system_size, &cell_blob,
				  &cell_size, 1, err);
}
