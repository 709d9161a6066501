/* Conversion of a JSON cell config into struct hvisor_cell_desc and its regions. */
#include "config_json.h"
#include "config_regions_json.h"
#include "json_read.h"

#include <hvisor/config.h>
#include <hvisor/ioctl.h>
#include <hvisor/virtio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELL_REGIONS                                                   \
	((HVISOR_CELL_CONFIG_MAX_SIZE - sizeof(struct hvisor_cell_desc)) / \
	 sizeof(struct hvisor_mem_region))

/* "console": { "base", "irq" }, optional. */
static void parse_console(struct jobj *top, struct hvisor_cell_desc *cell)
{
	struct jobj o;
	size_t saved;

	if (jobj_enter_opt(&o, top, "console")) {
		if (jobj_u64(&o, "base", &cell->console_base) &&
		    !cell->console_base) {
			saved = jctx_push_key(o.ctx, "base");
			jctx_error(
				o.ctx,
				"must not be 0 (leave \"console\" out for no console)");
			jctx_pop(o.ctx, saved);
		}
		jobj_u32(&o, "irq", &cell->console_irq);
	}
	jobj_end(&o);
}

static void parse_mailbox(struct jobj *top, struct hvisor_cell_desc *cell)
{
	size_t saved;

	if (jobj_u64_opt(top, "mailbox", &cell->mailbox_base) &&
	    !cell->mailbox_base) {
		saved = jctx_push_key(top->ctx, "mailbox");
		jctx_error(top->ctx,
			   "must not be 0 (leave it out for no mailbox)");
		jctx_pop(top->ctx, saved);
	}
}

/* Fills the descriptor; returns its regions (or NULL). */
static struct hvisor_mem_region *
parse_cell(struct jobj *top, struct hvisor_cell_desc *cell, size_t *count)
{
	uint32_t cpus[HVISOR_MAX_CPUS / 32] = { 0 };
	struct hvisor_mem_region *regions;

	jobj_string(top, "name", cell->name, sizeof(cell->name));
	config_parse_ids(top, "cpus", HVISOR_MAX_CPUS, "CPU", cpus);
	cell->cpus = cpus[0] | (uint64_t)cpus[1] << 32;
	jobj_u64(top, "entry", &cell->entry);
	regions = config_parse_regions(top, true, count);
	config_parse_ids(top, "interrupts", HVISOR_MAX_IRQS, "interrupt",
			 cell->irqs);
	parse_console(top, cell);
	jobj_u32_opt(top, "doorbell_irq", &cell->doorbell_irq); /* 0: none */
	parse_mailbox(top, cell);
	return regions;
}

int config_cell_from_json(struct json_object *root, const char *file,
			  struct config_blob *out, struct diag *d)
{
	struct hvisor_mem_region *regions = NULL;
	struct hvisor_cell_desc head, *cell;
	struct jctx ctx;
	struct jobj top;
	size_t count = 0, size;

	out->data = NULL;
	out->size = 0;
	memset(&head, 0, sizeof(head));
	jctx_init(&ctx, file, d);
	if (jobj_begin(&top, &ctx, root))
		regions = parse_cell(&top, &head, &count);
	jobj_end(&top);
	if (!ctx.errors && count > MAX_CELL_REGIONS)
		diag_add(d, file, "memory_regions",
			 "too many memory regions (%zu, at most %zu)", count,
			 (size_t)MAX_CELL_REGIONS);
	if (ctx.errors || count > MAX_CELL_REGIONS) {
		free(regions);
		return -1;
	}

	size = sizeof(*cell) + count * sizeof(*regions);
	cell = calloc(1, size);
	if (!cell) {
		diag_add(d, file, NULL, "out of memory");
		free(regions);
		return -1;
	}
	*cell = head;
	memcpy(cell->magic, HVISOR_CELL_MAGIC, sizeof(cell->magic));
	cell->version = HVISOR_CONFIG_VERSION;
	cell->size = (uint32_t)size;
	cell->num_mem_regions = (uint32_t)count;
	if (count)
		memcpy(cell + 1, regions, count * sizeof(*regions));
	free(regions);
	out->data = cell;
	out->size = size;
	return 0;
}
