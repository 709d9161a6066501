/* Conversion of a JSON system config into struct hvisor_system and its regions. */
#include "config/from_json.h"
#include "config/json_read.h"
#include "config/regions_json.h"

#include <hvisor/config.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The root cell's regions follow the system struct directly. */
_Static_assert(offsetof(struct hvisor_system, root_cell) +
			       sizeof(struct hvisor_cell_desc) ==
		       sizeof(struct hvisor_system),
	       "struct hvisor_system must end with its root cell");

void config_blob_free(struct config_blob *b)
{
	free(b->data);
	b->data = NULL;
	b->size = 0;
}

static void parse_hypervisor(struct jobj *top, struct hvisor_system *sys)
{
	struct jobj o;

	if (jobj_enter(&o, top, "hypervisor")) {
		jobj_u64(&o, "phys_start", &sys->hypervisor_phys);
		jobj_u64(&o, "size", &sys->hypervisor_size);
	}
	jobj_end(&o);
}

static void parse_gic(struct jobj *platform, struct hvisor_platform *p)
{
	struct jobj o;

	if (jobj_enter(&o, platform, "gic")) {
		jobj_u32(&o, "version", &p->gic_version);
		jobj_u64(&o, "gicd_base", &p->gicd_base);
		jobj_u64(&o, "gicd_size", &p->gicd_size);
		jobj_u64(&o, "gicr_base", &p->gicr_base);
		jobj_u64(&o, "gicr_size", &p->gicr_size);
		jobj_u32(&o, "maintenance_irq", &p->maintenance_irq);
	}
	jobj_end(&o);
}

static void parse_uart(struct jobj *platform, struct hvisor_platform *p)
{
	struct jobj o;

	if (jobj_enter(&o, platform, "uart")) {
		jobj_u64(&o, "base", &p->uart_base);
		jobj_u64(&o, "size", &p->uart_size);
	}
	jobj_end(&o);
}

static void parse_platform(struct jobj *top, struct hvisor_platform *p)
{
	struct jobj o;

	if (jobj_enter(&o, top, "platform")) {
		jobj_u32(&o, "num_cpus", &p->num_cpus);
		parse_gic(&o, p);
		parse_uart(&o, p);
		jobj_u32_opt(&o, "root_irq", &p->root_irq); /* 0: none */
	}
	jobj_end(&o);
}

/* Fills the root cell descriptor; returns its regions (or NULL). */
static struct hvisor_mem_region *
parse_root_cell(struct jobj *top, struct hvisor_cell_desc *cell, size_t *count)
{
	struct hvisor_mem_region *regions = NULL;
	uint32_t cpus[HVISOR_MAX_CPUS / 32] = { 0 };
	struct jobj o;

	*count = 0;
	if (jobj_enter(&o, top, "root_cell")) {
		jobj_string(&o, "name", cell->name, sizeof(cell->name));
		config_parse_ids(&o, "cpus", HVISOR_MAX_CPUS, "CPU", cpus);
		cell->cpus = cpus[0] | (uint64_t)cpus[1] << 32;
		regions = config_parse_regions(&o, false, count);
		config_parse_ids(&o, "interrupts", HVISOR_MAX_IRQS, "interrupt",
				 cell->irqs);
	}
	jobj_end(&o);
	return regions;
}

int config_system_from_json(struct json_object *root, const char *file,
			    struct config_blob *out, struct diag *d)
{
	struct hvisor_mem_region *regions = NULL;
	struct hvisor_system head;
	struct hvisor_system *sys;
	struct jctx ctx;
	struct jobj top;
	size_t count = 0, size;

	out->data = NULL;
	out->size = 0;
	memset(&head, 0, sizeof(head));
	jctx_init(&ctx, file, d);
	if (jobj_begin(&top, &ctx, root)) {
		parse_hypervisor(&top, &head);
		parse_platform(&top, &head.platform);
		regions = parse_root_cell(&top, &head.root_cell, &count);
	}
	jobj_end(&top);
	if (ctx.errors) {
		free(regions);
		return -1;
	}

	size = sizeof(*sys) + count * sizeof(*regions);
	if (size > UINT32_MAX) {
		diag_add(d, file, "root_cell.memory_regions",
			 "too many memory regions (%zu)", count);
		free(regions);
		return -1;
	}
	sys = calloc(1, size);
	if (!sys) {
		diag_add(d, file, NULL, "out of memory");
		free(regions);
		return -1;
	}
	*sys = head;
	memcpy(sys->magic, HVISOR_SYSTEM_MAGIC, sizeof(sys->magic));
	sys->version = HVISOR_CONFIG_VERSION;
	sys->size = (uint32_t)size;
	memcpy(sys->root_cell.magic, HVISOR_CELL_MAGIC,
	       sizeof(sys->root_cell.magic));
	sys->root_cell.version = HVISOR_CONFIG_VERSION;
	sys->root_cell.size =
		(uint32_t)(sizeof(sys->root_cell) + count * sizeof(*regions));
	sys->root_cell.num_mem_regions = (uint32_t)count;
	if (count)
		memcpy((void *)hvisor_cell_regions(&sys->root_cell), regions,
		       count * sizeof(*regions));
	free(regions);
	out->data = sys;
	out->size = size;
	return 0;
}
