/* JSON memory regions and ID lists, shared by system and cell configs. */
#include "config/regions_json.h"
#include "config/id_list.h"

#include <hvisor/virtio.h>
#include <stdlib.h>

const char *const config_region_types[] = { "ram", "io", "virtio", "testdev",
					    NULL };

static const char *const flag_names[] = { "read", "write",	"execute",
					  "dma",  "rootshared", "loadable",
					  NULL };
static const uint32_t flag_bits[] = {
	HVISOR_MEM_READ, HVISOR_MEM_WRITE,	HVISOR_MEM_EXECUTE,
	HVISOR_MEM_DMA,	 HVISOR_MEM_ROOTSHARED, HVISOR_MEM_LOADABLE,
};

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

/*
 * "flags" of a region: required, or for virtio/testdev, absent or empty.
 * After an unknown type, whatever is there is read without more errors.
 */
static void parse_region_flags(struct jobj *o, int type, bool is_virtual,
			       struct hvisor_mem_region *r)
{
	struct jctx *c = o->ctx;
	struct json_object *arr;
	size_t saved;

	if (type < 0) {
		arr = jobj_get(o, "flags", false);
		if (!json_object_is_type(arr, json_type_array))
			return;
	} else if (is_virtual) {
		arr = jobj_get(o, "flags", false);
	} else {
		arr = jobj_array(o, "flags");
	}
	if (!arr)
		return;
	saved = jctx_push_key(c, "flags");
	if (is_virtual && (!json_object_is_type(arr, json_type_array) ||
			   json_object_array_length(arr)))
		jctx_error(
			c,
			"regions of type %s take no flags (leave it out or write [])",
			config_region_types[type]);
	else
		r->flags = parse_flags(c, arr);
	jctx_pop(c, saved);
}

/*
 * "irq" of a cell's virtio region: the interrupt the root's daemon injects
 * for the device, in the flags (HVISOR_MEM_VIRTIO_IRQ). Optional: 0 means
 * none.
 */
static void parse_virtio_irq(struct jobj *o, const struct config_arch_ops *arch,
			     struct hvisor_mem_region *r)
{
	uint32_t irq;
	size_t saved;

	if (!jobj_u32_opt(o, "irq", &irq))
		return;
	if (irq < arch->virtio_irq_min || irq > arch->virtio_irq_max) {
		saved = jctx_push_key(o->ctx, "irq");
		jctx_error(o->ctx, "must be %s (%u-%u), not %u",
			   arch->virtio_irq_kind, arch->virtio_irq_min,
			   arch->virtio_irq_max, irq);
		jctx_pop(o->ctx, saved);
		return;
	}
	r->flags |= irq << HVISOR_MEM_VIRTIO_IRQ_SHIFT;
}

static void parse_region(struct jctx *c, struct json_object *v,
			 const struct config_arch_ops *arch, bool cell,
			 struct hvisor_mem_region *r)
{
	struct json_object *field;
	bool is_virtual = false;
	struct jobj o;
	int type = -1;
	size_t saved;

	if (!jobj_begin(&o, c, v))
		return;
	field = jobj_get(&o, "type", true);
	if (field) {
		saved = jctx_push_key(c, "type");
		type = jval_choice(c, field, "region type",
				   config_region_types);
		if (type >= 0)
			r->type = (uint32_t)type;
		jctx_pop(c, saved);
	}
	is_virtual = cell && (type == HVISOR_MEM_TYPE_VIRTIO ||
			      type == HVISOR_MEM_TYPE_TESTDEV);
	if (type < 0) {
		/* Unknown type: no errors about what it would need. */
		jobj_u64_opt(&o, "phys_start", &r->phys_start);
		jobj_u64_opt(&o, "virt_start", &r->virt_start);
	} else if (!is_virtual) {
		jobj_u64(&o, "phys_start", &r->phys_start);
		if (!jobj_u64_opt(&o, "virt_start", &r->virt_start))
			r->virt_start = r->phys_start;
	} else {
		if (jobj_get(&o, "phys_start", false)) {
			saved = jctx_push_key(c, "phys_start");
			jctx_error(
				c,
				"not allowed in regions of type %s (they have no physical memory)",
				config_region_types[type]);
			jctx_pop(c, saved);
		}
		jobj_u64(&o, "virt_start", &r->virt_start);
	}
	jobj_u64(&o, "size", &r->size);
	parse_region_flags(&o, type, is_virtual, r);
	if (cell && type == HVISOR_MEM_TYPE_VIRTIO)
		parse_virtio_irq(&o, arch, r);
	if (r->type == HVISOR_MEM_TYPE_IO)
		r->flags |= HVISOR_MEM_IO;
	jobj_end(&o);
}

struct hvisor_mem_region *
config_parse_regions(struct jobj *o, const struct config_arch_ops *arch,
		     bool cell, size_t *count)
{
	struct json_object *arr = jobj_array(o, "memory_regions");
	struct hvisor_mem_region *regions;
	struct jctx *c = o->ctx;
	size_t i, saved;

	*count = 0;
	if (!arr)
		return NULL;
	regions = calloc(json_object_array_length(arr) ?: 1, sizeof(*regions));
	if (!regions) {
		jctx_error(c, "out of memory");
		return NULL;
	}
	*count = json_object_array_length(arr);
	saved = jctx_push_key(c, "memory_regions");
	for (i = 0; i < *count; i++) {
		size_t saved_index = jctx_push_index(c, i);

		parse_region(c, json_object_array_get_idx(arr, i), arch, cell,
			     &regions[i]);
		jctx_pop(c, saved_index);
	}
	jctx_pop(c, saved);
	return regions;
}

void config_parse_ids(struct jobj *o, const char *key, unsigned int limit,
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
