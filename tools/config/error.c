/* Turns binary-config check errors into messages that name the JSON path. */
#include "config/error.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct field_path {
	int part;
	const char *field; /* as in struct hvisor_check_error */
	const char *path; /* JSON path; a leading '.' goes after the cell */
};

static const struct field_path field_paths[] = {
	{ HVISOR_CHECK_PART_HYPERVISOR, "hypervisor_phys",
	  "hypervisor.phys_start" },
	{ HVISOR_CHECK_PART_HYPERVISOR, "hypervisor_size", "hypervisor.size" },
	{ HVISOR_CHECK_PART_PLATFORM, "num_cpus", "platform.num_cpus" },
	{ HVISOR_CHECK_PART_PLATFORM, "gic_version", "platform.gic.version" },
	{ HVISOR_CHECK_PART_PLATFORM, "gicd_base", "platform.gic.gicd_base" },
	{ HVISOR_CHECK_PART_PLATFORM, "gicd_size", "platform.gic.gicd_size" },
	{ HVISOR_CHECK_PART_PLATFORM, "gicr_base", "platform.gic.gicr_base" },
	{ HVISOR_CHECK_PART_PLATFORM, "gicr_size", "platform.gic.gicr_size" },
	{ HVISOR_CHECK_PART_PLATFORM, "maintenance_irq",
	  "platform.gic.maintenance_irq" },
	{ HVISOR_CHECK_PART_PLATFORM, "uart_base", "platform.uart.base" },
	{ HVISOR_CHECK_PART_PLATFORM, "uart_size", "platform.uart.size" },
	{ HVISOR_CHECK_PART_PLATFORM, "root_irq", "platform.root_irq" },
	{ HVISOR_CHECK_PART_CELL, "name", ".name" },
	{ HVISOR_CHECK_PART_CELL, "cpus", ".cpus" },
	{ HVISOR_CHECK_PART_CELL, "irqs", ".interrupts" },
	{ HVISOR_CHECK_PART_CELL, "memory_regions", ".memory_regions" },
};

/* Fields that only cell configs (not the root cell) have in JSON. */
static const struct field_path cell_paths[] = {
	{ HVISOR_CHECK_PART_CELL, "entry", ".entry" },
	{ HVISOR_CHECK_PART_CELL, "console_base", ".console.base" },
	{ HVISOR_CHECK_PART_CELL, "console_irq", ".console.irq" },
	{ HVISOR_CHECK_PART_CELL, "doorbell_irq", ".doorbell_irq" },
	{ HVISOR_CHECK_PART_CELL, "mailbox_base", ".mailbox" },
};

/* "CELL.rest" or, for a top-level cell (cell ""), "rest". */
static void join(char *buf, size_t size, const char *cell, const char *rest)
{
	if (*cell)
		snprintf(buf, size, "%s.%s", cell, rest);
	else
		snprintf(buf, size, "%s", rest);
}

static bool lookup(const struct field_path *table, size_t n,
		   const struct hvisor_check_error *e, const char *field,
		   const char *cell, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct field_path *fp = &table[i];

		if (fp->part != e->part || strcmp(fp->field, field))
			continue;
		if (fp->path[0] == '.')
			join(buf, size, cell, fp->path + 1);
		else
			snprintf(buf, size, "%s", fp->path);
		return true;
	}
	return false;
}

void config_check_path(const struct hvisor_check_error *e, const char *cell,
		       char *buf, size_t size)
{
	const char *field = e->field ? e->field : "";
	const bool is_root = e->cell < 0;
	char rest[96];

	if (e->part == HVISOR_CHECK_PART_REGION) {
		snprintf(rest, sizeof(rest), "memory_regions[%d]%s%s",
			 e->region, *field ? "." : "", field);
		join(buf, size, cell, rest);
		return;
	}
	if (lookup(field_paths, sizeof(field_paths) / sizeof(field_paths[0]), e,
		   field, cell, buf, size))
		return;
	if (!is_root &&
	    lookup(cell_paths, sizeof(cell_paths) / sizeof(cell_paths[0]), e,
		   field, cell, buf, size))
		return;
	switch (e->part) {
	case HVISOR_CHECK_PART_CELL:
		snprintf(buf, size, "(binary) %s.%s", *cell ? cell : "cell",
			 field);
		break;
	case HVISOR_CHECK_PART_PLATFORM:
		snprintf(buf, size, "(binary) platform.%s", field);
		break;
	default:
		snprintf(buf, size, "(binary) system.%s", field);
		break;
	}
}

static void report(const struct hvisor_check_error *e, const char *file,
		   const char *cell, const char *other_file, struct diag *d)
{
	char path[128], other[512] = "", value[32] = "";

	config_check_path(e, cell, path, sizeof(path));
	if (other_file && e->other_region >= 0)
		snprintf(other, sizeof(other), " memory_regions[%d] of %s",
			 e->other_region, other_file);
	else if (other_file)
		snprintf(other, sizeof(other), " %s", other_file);
	else if (e->other_region >= 0)
		snprintf(other, sizeof(other), " %s%smemory_regions[%d]", cell,
			 *cell ? "." : "", e->other_region);
	if (e->value_kind == HVISOR_CHECK_VALUE_HEX)
		snprintf(value, sizeof(value), " (0x%" PRIx64 ")", e->value);
	else if (e->value_kind == HVISOR_CHECK_VALUE_DEC)
		snprintf(value, sizeof(value), " (%" PRIu64 ")", e->value);
	diag_add(d, file, path, "%s%s%s", e->reason ? e->reason : "invalid",
		 other, value);
}

void config_report_check(const struct hvisor_check_error *e, const char *file,
			 const char *cell, struct diag *d)
{
	report(e, file, cell, NULL, d);
}

void config_report_cells_check(const struct hvisor_check_error *e,
			       const char *system_file,
			       const char *const *cell_files,
			       unsigned int num_cells, struct diag *d)
{
	const char *other = NULL;

	if (e->cell < 0 || (unsigned int)e->cell >= num_cells) {
		report(e, system_file, "root_cell", NULL, d);
		return;
	}
	if (e->other_cell >= 0 && (unsigned int)e->other_cell < num_cells)
		other = cell_files[e->other_cell];
	report(e, cell_files[e->cell], "", other, d);
}
