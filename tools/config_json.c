/* Conversion of a JSON system config into struct hvisor_system and its regions. */
#include "config_json.h"
#include "id_list.h"
#include "json_read.h"

#include <hvisor/config.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The root cell's regions follow the system struct directly. */
_Static_assert(offsetof(struct hvisor_system, root_cell) +
			       sizeof(struct hvisor_cell_desc) ==
		       sizeof(struct hvisor_system),
	       "struct hvisor_system must end with its root cell");

/* Indexes are HVISOR_MEM_TYPE_* values. */
static const char *const region_types[] = { "ram", "io", "virtio", NULL };

static const char *const flag_names[] = { "read", "write",	"execute",
					  "dma",  "rootshared", "loadable",
					  NULL };
static const uint32_t flag_bits[] = {
	HVISOR_MEM_READ, HVISOR_MEM_WRITE,	HVISOR_MEM_EXECUTE,
	HVISOR_MEM_DMA,	 HVISOR_MEM_ROOTSHARED, HVISOR_MEM_LOADABLE,
};

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

static uint32_t parse_flags(struct jctx *c, struct json_object *arr)
{
	size_t i, count = json_object_array_length(arr);
	uint32_t flags = 0;

	for (i = 0; i < count; i++) {
		size_t saved = jctx_push_index(c, i);
		int n = jval_choice(c, json_object_array_get_idx(arr, i),
				    "flag", flag_names);

		if (n >= 0 && (flags & flag_bits[n]))
			jctx_error(c, "flag \"%s\" is listed more than once",
				   flag_names[n]);
		else if (n >= 0)
			flags |= flag_bits[n];
		jctx_pop(c, saved);
	}
	return flags;
}

static void parse_region(struct jctx *c, struct json_object *v,
			 struct hvisor_mem_region *r)
{
	struct json_object *field;
	struct jobj o;
	size_t saved;
	int type;

	if (!jobj_begin(&o, c, v))
		return;
	field = jobj_get(&o, "type", true);
	if (field) {
		saved = jctx_push_key(c, "type");
		type = jval_choice(c, field, "region type", region_types);
		if (type >= 0)
			r->type = (uint32_t)type;
		jctx_pop(c, saved);
	}
	jobj_u64(&o, "phys_start", &r->phys_start);
	if (!jobj_u64_opt(&o, "virt_start", &r->virt_start))
		r->virt_start = r->phys_start;
	jobj_u64(&o, "size", &r->size);
	field = jobj_array(&o, "flags");
	if (field) {
		saved = jctx_push_key(c, "flags");
		r->flags = parse_flags(c, field);
		jctx_pop(c, saved);
	}
	if (r->type == HVISOR_MEM_TYPE_IO)
		r->flags |= HVISOR_MEM_IO;
	jobj_end(&o);
}

/* Returns the regions (calloc'ed, *count of them) or NULL. */
static struct hvisor_mem_region *parse_regions(struct jobj *cell, size_t *count)
{
	struct json_object *arr = jobj_array(cell, "memory_regions");
	struct hvisor_mem_region *regions;
	struct jctx *c = cell->ctx;
	size_t i, saved;

	*count = 0;
	if (!arr)
		return NULL;
	*count = json_object_array_length(arr);
	regions = calloc(*count ? *count : 1, sizeof(*regions));
	if (!regions) {
		jctx_error(c, "out of memory");
		return NULL;
	}
	saved = jctx_push_key(c, "memory_regions");
	for (i = 0; i < *count; i++) {
		size_t saved_index = jctx_push_index(c, i);

		parse_region(c, json_object_array_get_idx(arr, i), &regions[i]);
		jctx_pop(c, saved_index);
	}
	jctx_pop(c, saved);
	return regions;
}

static void parse_id_field(struct jobj *o, const char *key, unsigned int limit,
			   const char *what, uint32_t *bitmap)
{
	struct json_object *arr = jobj_array(o, key);
	size_t saved;

	if (!arr)
		return;
	saved = jctx_push_key(o->ctx, key);
	jval_id_list(o->ctx, arr, limit, what, bitmap);
	jctx_pop(o->ctx, saved);
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
		parse_id_field(&o, "cpus", HVISOR_MAX_CPUS, "CPU", cpus);
		cell->cpus = cpus[0] | (uint64_t)cpus[1] << 32;
		regions = parse_regions(&o, count);
		parse_id_field(&o, "interrupts", HVISOR_MAX_IRQS, "interrupt",
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
