/* Turns binary-config check errors into messages that name the JSON path. */
#include "config/error.h"
#include "config/arch.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const struct config_field_path field_paths[] = {
	{ HVISOR_CHECK_PART_BLOB, "arch", "arch" },
	{ HVISOR_CHECK_PART_HYPERVISOR, "hypervisor_phys",
	  "hypervisor.phys_start" },
	{ HVISOR_CHECK_PART_HYPERVISOR, "hypervisor_size", "hypervisor.size" },
	{ HVISOR_CHECK_PART_PLATFORM, "num_cpus", "platform.num_cpus" },
	{ HVISOR_CHECK_PART_PLATFORM, "root_irq", "platform.root_irq" },
	{ HVISOR_CHECK_PART_PLATFORM, "uart.base", "platform.uart.base" },
	{ HVISOR_CHECK_PART_PLATFORM, "uart.size", "platform.uart.size" },
	{ HVISOR_CHECK_PART_PLATFORM, "uart.type", "platform.uart.type" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.ecam_base",
	  "platform.pci.ecam_base" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.ecam_size",
	  "platform.pci.ecam_size" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.bus_end", "platform.pci.bus_end" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.intx_irqs",
	  "platform.pci.intx_irqs" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.smmu_base",
	  "platform.pci.smmu.base" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.smmu_size",
	  "platform.pci.smmu.size" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.windows.base",
	  "platform.pci.windows" },
	{ HVISOR_CHECK_PART_PLATFORM, "pci.windows.size",
	  "platform.pci.windows" },
	/* a cell's arch is the config's "arch", the root cell's the system's */
	{ HVISOR_CHECK_PART_CELL, "arch", "arch" },
	{ HVISOR_CHECK_PART_CELL, "name", ".name" },
	{ HVISOR_CHECK_PART_CELL, "cpus", ".cpus" },
	{ HVISOR_CHECK_PART_CELL, "irqs", ".interrupts" },
	{ HVISOR_CHECK_PART_CELL, "memory_regions", ".memory_regions" },
	{ 0, NULL, NULL },
};

/* Fields that only cell configs (not the root cell) have in JSON. */
static const struct config_field_path cell_paths[] = {
	{ HVISOR_CHECK_PART_CELL, "entry", ".entry" },
	{ HVISOR_CHECK_PART_CELL, "console_base", ".console.base" },
	{ HVISOR_CHECK_PART_CELL, "console_irq", ".console.irq" },
	{ HVISOR_CHECK_PART_CELL, "console_type", ".console.type" },
	{ HVISOR_CHECK_PART_CELL, "doorbell_irq", ".doorbell_irq" },
	{ HVISOR_CHECK_PART_CELL, "mailbox_base", ".mailbox" },
	{ HVISOR_CHECK_PART_CELL, "pci_devices", ".pci_devices" },
	{ HVISOR_CHECK_PART_CELL, "pci_ecam_base", ".pci_ecam_base" },
	{ 0, NULL, NULL },
};

/* "CELL.rest" or, for a top-level cell (cell ""), "rest". */
static void join(char *buf, size_t size, const char *cell, const char *rest)
{
	if (*cell)
		snprintf(buf, size, "%s.%s", cell, rest);
	else
		snprintf(buf, size, "%s", rest);
}

static bool lookup(const struct config_field_path *table,
		   const struct hvisor_check_error *e, const char *field,
		   const char *cell, char *buf, size_t size)
{
	for (; table && table->field; table++) {
		if (table->part != e->part || strcmp(table->field, field))
			continue;
		if (table->path[0] == '.')
			join(buf, size, cell, table->path + 1);
		else
			snprintf(buf, size, "%s", table->path);
		return true;
	}
	return false;
}

/*
 * The paths of the arch plug-in that field names: the checker calls the
 * fields of struct hvisor_platform.arch "arch.<arch name>.<member>".
 */
static const struct config_field_path *arch_paths(const char *field)
{
	static const char prefix[] = "arch.";
	const struct config_arch_ops *ops;
	const char *name, *end;
	char arch[16];

	if (strncmp(field, prefix, sizeof(prefix) - 1))
		return NULL;
	name = field + sizeof(prefix) - 1;
	end = strchr(name, '.');
	if (!end || (size_t)(end - name) >= sizeof(arch))
		return NULL;
	snprintf(arch, sizeof(arch), "%.*s", (int)(end - name), name);
	ops = config_arch_find(config_arch_tag(arch));
	return ops ? ops->field_paths : NULL;
}

void config_check_path(const struct hvisor_check_error *e, const char *cell,
		       char *buf, size_t size)
{
	const char *field = e->field ? e->field : "";
	const bool is_root = e->cell < 0;
	char rest[96];

	if (e->part == HVISOR_CHECK_PART_REGION) {
		/* a virtio region's interrupt lives in its flags (JSON "irq") */
		if (e->code == HVISOR_CHECK_IRQ && !strcmp(field, "flags"))
			field = "irq";
		snprintf(rest, sizeof(rest), "memory_regions[%d]%s%s",
			 e->region, *field ? "." : "", field);
		join(buf, size, cell, rest);
		return;
	}
	if (lookup(field_paths, e, field, cell, buf, size) ||
	    lookup(arch_paths(field), e, field, cell, buf, size) ||
	    (!is_root && lookup(cell_paths, e, field, cell, buf, size)))
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
	else if (e->value_kind == HVISOR_CHECK_VALUE_BDF)
		snprintf(value, sizeof(value), " (%02x:%02x.%u)",
			 (unsigned int)(e->value >> 8) & 0xff,
			 (unsigned int)(e->value >> 3) & 0x1f,
			 (unsigned int)e->value & 7);
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
