/* Config checker: the system config (header, arch, hypervisor memory, platform, root cell) and the layout and fields every cell shares. */
#include "check.h"

_Static_assert(HVISOR_CONFIG_VERSION == 3,
	       "update the \"expected 3\" reasons with the version");

/* A blob that starts with magic[8], then the config version. */
static int check_magic_version(const char *magic, const char *want,
			       uint32_t version, const char *not_it,
			       const struct hvisor_check_where *w)
{
	if (!ck_bytes_equal(magic, want, 8))
		return ck_fail(w, HVISOR_CHECK_MAGIC, "magic", not_it, 0,
			       HVISOR_CHECK_VALUE_NONE);
	if (version != HVISOR_CONFIG_VERSION)
		return ck_fail(w, HVISOR_CHECK_VERSION, "version",
			       "unsupported config version (expected 3)",
			       version, HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

/*
 * Magic, version and sizes of a cell descriptor that starts a region of
 * avail bytes. On success the descriptor and its regions lie inside it.
 */
int ck_cell_layout(const struct hvisor_cell_desc *cell, uint64_t avail,
		   const struct hvisor_check_where *w)
{
	uint64_t regions_size;
	int ret;

	if (!cell || avail < sizeof(*cell))
		return ck_fail(w, HVISOR_CHECK_TRUNCATED, "size",
			       "blob is shorter than struct hvisor_cell_desc",
			       avail, HVISOR_CHECK_VALUE_DEC);
	ret = check_magic_version(cell->magic, HVISOR_CELL_MAGIC, cell->version,
				  "wrong magic: not a cell descriptor", w);
	if (ret)
		return ret;
	/* 64-bit arithmetic: a huge count cannot wrap around. */
	regions_size = (uint64_t)cell->num_mem_regions *
		       sizeof(struct hvisor_mem_region);
	if (regions_size > avail - sizeof(*cell))
		return ck_fail(w, HVISOR_CHECK_TRUNCATED, "num_mem_regions",
			       "more memory regions than the blob holds",
			       cell->num_mem_regions, HVISOR_CHECK_VALUE_DEC);
	if (cell->size != sizeof(*cell) + regions_size)
		return ck_fail(w, HVISOR_CHECK_SIZE, "size",
			       "does not match num_mem_regions", cell->size,
			       HVISOR_CHECK_VALUE_DEC);
	if (cell->size != avail)
		return ck_fail(w, HVISOR_CHECK_SIZE, "size",
			       "does not match the end of the blob", cell->size,
			       HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

/* Name, CPUs and interrupts of any cell on a platform with num_cpus CPUs. */
int ck_cell_fields(const struct hvisor_cell_desc *cell,
		   const struct hvisor_arch_rules *rules, uint32_t num_cpus,
		   const struct hvisor_check_where *w)
{
	uint64_t foreign;
	unsigned int irq;
	size_t i, end;

	for (end = 0; end < sizeof(cell->name); end++)
		if (cell->name[end] == '\0')
			break;
	if (end == sizeof(cell->name))
		return ck_fail(w, HVISOR_CHECK_NAME, "name",
			       "is not NUL-terminated", 0,
			       HVISOR_CHECK_VALUE_NONE);
	if (end == 0)
		return ck_fail(w, HVISOR_CHECK_NAME, "name",
			       "must not be empty", 0, HVISOR_CHECK_VALUE_NONE);
	/* Zero padding: names compare equal exactly when their bytes do. */
	for (i = end; i < sizeof(cell->name); i++)
		if (cell->name[i] != '\0')
			return ck_fail(
				w, HVISOR_CHECK_NAME, "name",
				"bytes after the terminating NUL must be 0", i,
				HVISOR_CHECK_VALUE_DEC);
	if (cell->cpus == 0)
		return ck_fail(w, HVISOR_CHECK_CPUS, "cpus",
			       "must name at least one CPU", 0,
			       HVISOR_CHECK_VALUE_NONE);
	foreign = num_cpus >= 64 ? 0 : cell->cpus >> num_cpus;
	if (foreign)
		return ck_fail(w, HVISOR_CHECK_CPUS, "cpus",
			       "names a CPU at or above platform.num_cpus",
			       num_cpus + ck_lowest_bit(foreign),
			       HVISOR_CHECK_VALUE_DEC);
	for (irq = rules->irq_last + 1; irq < HVISOR_MAX_IRQS; irq++)
		if (ck_irq_set(cell->irqs, irq))
			return ck_fail(w, HVISOR_CHECK_IRQ, "irqs",
				       rules->reasons.irq_above, irq,
				       HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

static int check_hypervisor(const struct hvisor_system *sys,
			    const struct hvisor_arch_rules *rules,
			    struct hvisor_check_error *err)
{
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_HYPERVISOR, -1,
					-1 };

	return ck_window(rules, &w, "hypervisor_phys", sys->hypervisor_phys,
			 "hypervisor_size", sys->hypervisor_size,
			 HVISOR_CHECK_HV_ALIGN);
}

/* The hypervisor's console: none (all 0), or a page-aligned device. */
static int check_uart(const struct hvisor_system *sys,
		      const struct hvisor_arch_rules *rules,
		      const struct hvisor_check_where *w)
{
	static const char no_uart[] =
		"must be 0 when uart.type is 0 (no hypervisor console)";
	const struct hvisor_uart *u = &sys->platform.uart;
	int ret;

	if (u->reserved)
		return ck_fail(w, HVISOR_CHECK_RESERVED, "uart.reserved",
			       "must be 0", u->reserved,
			       HVISOR_CHECK_VALUE_HEX);
	if (u->type == HVISOR_CONSOLE_NONE) {
		if (u->base)
			return ck_fail(w, HVISOR_CHECK_RESERVED, "uart.base",
				       no_uart, u->base,
				       HVISOR_CHECK_VALUE_HEX);
		if (u->size)
			return ck_fail(w, HVISOR_CHECK_RESERVED, "uart.size",
				       no_uart, u->size,
				       HVISOR_CHECK_VALUE_HEX);
		return HVISOR_CHECK_OK;
	}
	if (!ck_console_allowed(rules->uart_types, u->type))
		return ck_fail(w, HVISOR_CHECK_RANGE, "uart.type",
			       "is not a console device this arch supports",
			       u->type, HVISOR_CHECK_VALUE_DEC);
	ret = ck_window(rules, w, "uart.base", u->base, "uart.size", u->size,
			CK_PAGE);
	if (ret)
		return ret;
	if (ck_ranges_overlap(u->base, u->size, sys->hypervisor_phys,
			      sys->hypervisor_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "uart.base",
			       "overlaps the hypervisor memory", u->base,
			       HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

static int check_platform(const struct hvisor_system *sys,
			  const struct hvisor_arch_rules *rules,
			  struct hvisor_check_error *err)
{
	const struct hvisor_platform *p = &sys->platform;
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_PLATFORM, -1,
					-1 };
	uint32_t i;
	int ret;

	if (p->root_irq != 0 && !ck_irq_in(rules, p->root_irq))
		return ck_fail(&w, HVISOR_CHECK_IRQ, "root_irq",
			       rules->reasons.virtual_irq_or_none, p->root_irq,
			       HVISOR_CHECK_VALUE_DEC);
	if (p->num_cpus == 0 || p->num_cpus > HVISOR_MAX_CPUS)
		return ck_fail(&w, HVISOR_CHECK_RANGE, "num_cpus",
			       "must be between 1 and 64", p->num_cpus,
			       HVISOR_CHECK_VALUE_DEC);
	for (i = rules->platform_size; i < sizeof(p->arch.raw); i++)
		if (p->arch.raw[i])
			return ck_fail(
				&w, HVISOR_CHECK_RESERVED, "arch.raw",
				"bytes after the arch's platform struct must be 0",
				i, HVISOR_CHECK_VALUE_DEC);
	ret = rules->check_platform(rules, sys, &w);
	if (!ret)
		ret = ck_pci_host(sys, rules, &w);
	return ret ? ret : check_uart(sys, rules, &w);
}

/* What only cell configs set must stay 0 in the root cell. */
static int check_root_unused(const struct hvisor_cell_desc *cell,
			     struct hvisor_check_error *err)
{
	const struct {
		const char *field;
		uint64_t value;
		int kind;
	} unused[] = {
		{ "flags", cell->flags, HVISOR_CHECK_VALUE_HEX },
		{ "entry", cell->entry, HVISOR_CHECK_VALUE_HEX },
		{ "console_type", cell->console_type, HVISOR_CHECK_VALUE_DEC },
		{ "console_base", cell->console_base, HVISOR_CHECK_VALUE_HEX },
		{ "console_irq", cell->console_irq, HVISOR_CHECK_VALUE_DEC },
		{ "doorbell_irq", cell->doorbell_irq, HVISOR_CHECK_VALUE_DEC },
		{ "mailbox_base", cell->mailbox_base, HVISOR_CHECK_VALUE_HEX },
	};
	struct hvisor_check_where w = { err, HVISOR_CHECK_PART_CELL, -1, -1 };
	size_t i;

	for (i = 0; i < sizeof(unused) / sizeof(unused[0]); i++)
		if (unused[i].value)
			return ck_fail(&w, HVISOR_CHECK_RESERVED,
				       unused[i].field,
				       "must be 0 in the root cell",
				       unused[i].value, unused[i].kind);
	return HVISOR_CHECK_OK;
}

/* The header of struct hvisor_system; returns the arch's rules in *rules. */
static int check_header(const struct hvisor_system *sys, uint64_t blob_size,
			uint32_t expected_arch,
			const struct hvisor_arch_rules **rules,
			const struct hvisor_check_where *w)
{
	int ret;

	if (!sys || blob_size < sizeof(*sys))
		return ck_fail(w, HVISOR_CHECK_TRUNCATED, "size",
			       "blob is shorter than struct hvisor_system",
			       blob_size, HVISOR_CHECK_VALUE_DEC);
	ret = check_magic_version(sys->magic, HVISOR_SYSTEM_MAGIC, sys->version,
				  "wrong magic: not a system config", w);
	if (ret)
		return ret;
	if (blob_size > HVISOR_CHECK_SYSTEM_MAX_SIZE)
		return ck_fail(
			w, HVISOR_CHECK_SIZE, "size",
			"is larger than the 1 MiB a system config may have",
			blob_size, HVISOR_CHECK_VALUE_DEC);
	if (sys->size != blob_size)
		return ck_fail(w, HVISOR_CHECK_SIZE, "size",
			       "does not match the size of the blob", sys->size,
			       HVISOR_CHECK_VALUE_DEC);
	*rules = hvisor_arch_rules(sys->arch);
	if (!*rules)
		return ck_fail(
			w, HVISOR_CHECK_ARCH, "arch",
			"is not an arch this checker knows (HVISOR_ARCH_*)",
			sys->arch, HVISOR_CHECK_VALUE_DEC);
	if (expected_arch && sys->arch != expected_arch)
		return ck_fail(w, HVISOR_CHECK_ARCH, "arch",
			       "is not the arch of this hypervisor", sys->arch,
			       HVISOR_CHECK_VALUE_DEC);
	if (sys->reserved)
		return ck_fail(w, HVISOR_CHECK_RESERVED, "reserved",
			       "must be 0", sys->reserved,
			       HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

int hvisor_check_system_arch(const void *blob, uint64_t blob_size,
			     uint32_t expected_arch,
			     struct hvisor_check_error *err)
{
	const uint64_t cell_offset = offsetof(struct hvisor_system, root_cell);
	const struct hvisor_system *sys = blob;
	const struct hvisor_arch_rules *rules = NULL;
	struct hvisor_check_error local;
	struct hvisor_check_where w;
	int ret;

	if (!err)
		err = &local;
	w.err = err;
	w.part = HVISOR_CHECK_PART_BLOB;
	w.region = -1;
	w.cell = -1;
	ret = check_header(sys, blob_size, expected_arch, &rules, &w);
	if (ret)
		return ret;
	w.part = HVISOR_CHECK_PART_CELL;
	ret = ck_cell_layout(&sys->root_cell, blob_size - cell_offset, &w);
	if (!ret && sys->root_cell.arch != sys->arch)
		ret = ck_fail(&w, HVISOR_CHECK_ARCH, "arch",
			      "must be the arch of the system config",
			      sys->root_cell.arch, HVISOR_CHECK_VALUE_DEC);
	if (!ret)
		ret = check_hypervisor(sys, rules, err);
	if (!ret)
		ret = check_platform(sys, rules, err);
	if (!ret)
		ret = ck_cell_fields(&sys->root_cell, rules,
				     sys->platform.num_cpus, &w);
	if (!ret)
		ret = check_root_unused(&sys->root_cell, err);
	if (!ret)
		ret = ck_pci_root(&sys->root_cell, err);
	if (!ret)
		ret = ck_root_regions(sys, rules, err);
	if (!ret)
		ret = ck_pci_windows_owned(sys, err);
	return ret ? ret : ck_ok(err);
}

int hvisor_check_system(const void *blob, uint64_t blob_size,
			struct hvisor_check_error *err)
{
	return hvisor_check_system_arch(blob, blob_size, 0, err);
}
