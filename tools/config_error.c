/* Turns binary-config check errors into messages that name the JSON path. */
#include "config_error.h"

#include <inttypes.h>
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

void config_check_path(const struct hvisor_check_error *e, const char *cell,
		       char *buf, size_t size)
{
	const char *field = e->field ? e->field : "";
	size_t i;

	if (e->part == HVISOR_CHECK_PART_REGION) {
		snprintf(buf, size, "%s.memory_regions[%d]%s%s", cell,
			 e->region, *field ? "." : "", field);
		return;
	}
	for (i = 0; i < sizeof(field_paths) / sizeof(field_paths[0]); i++) {
		const struct field_path *fp = &field_paths[i];

		if (fp->part != e->part || strcmp(fp->field, field))
			continue;
		if (fp->path[0] == '.')
			snprintf(buf, size, "%s%s", cell, fp->path);
		else
			snprintf(buf, size, "%s", fp->path);
		return;
	}
	switch (e->part) {
	case HVISOR_CHECK_PART_CELL:
		snprintf(buf, size, "(binary) %s.%s", cell, field);
		break;
	case HVISOR_CHECK_PART_PLATFORM:
		snprintf(buf, size, "(binary) platform.%s", field);
		break;
	default:
		snprintf(buf, size, "(binary) system.%s", field);
		break;
	}
}

void config_report_check(const struct hvisor_check_error *e, const char *file,
			 const char *cell, struct diag *d)
{
	char path[128], other[96] = "", value[32] = "";

	config_check_path(e, cell, path, sizeof(path));
	if (e->other_region >= 0)
		snprintf(other, sizeof(other), " %s.memory_regions[%d]", cell,
			 e->other_region);
	if (e->value_kind == HVISOR_CHECK_VALUE_HEX)
		snprintf(value, sizeof(value), " (0x%" PRIx64 ")", e->value);
	else if (e->value_kind == HVISOR_CHECK_VALUE_DEC)
		snprintf(value, sizeof(value), " (%" PRIu64 ")", e->value);
	diag_add(d, file, path, "%s%s%s", e->reason ? e->reason : "invalid",
		 other, value);
}
