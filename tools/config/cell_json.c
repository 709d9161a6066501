/* Conversion of a JSON cell config into struct hvisor_cell_desc and its regions. */
#include "config/arch.h"
#include "config/from_json.h"
#include "config/json_read.h"
#include "config/regions_json.h"

#include <hvisor/config.h>
#include <hvisor/ioctl.h>
#include <hvisor/virtio.h>
#include <stdio.h>
#include <string.h>

#define MAX_CELL_REGIONS                                                   \
	((HVISOR_CELL_CONFIG_MAX_SIZE - sizeof(struct hvisor_cell_desc)) / \
	 sizeof(struct hvisor_mem_region))

/* "console": { "base", "irq", "type" }, optional. */
static void parse_console(struct jobj *top, const struct config_arch_ops *arch,
			  struct hvisor_cell_desc *cell)
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
		config_parse_console_type(&o, arch, &cell->console_type);
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

/*
 * A virtio region's interrupt is virtual: not the console's, the
 * doorbell's, a physical one of the cell, nor another region's.
 */
static void check_virtio_irqs(struct jctx *c,
			      const struct hvisor_cell_desc *cell,
			      const struct hvisor_mem_region *r, size_t count)
{
	size_t i, j, saved;
	uint32_t irq;
	char why[64];

	for (i = 0; i < count; i++) {
		irq = HVISOR_MEM_VIRTIO_IRQ(r[i].flags);
		if (r[i].type != HVISOR_MEM_TYPE_VIRTIO || !irq)
			continue;
		why[0] = '\0';
		if (irq == cell->console_irq)
			snprintf(why, sizeof(why), "console.irq");
		else if (irq == cell->doorbell_irq)
			snprintf(why, sizeof(why), "doorbell_irq");
		else if (cell->irqs[irq / 32] & (1u << (irq % 32)))
			snprintf(why, sizeof(why),
				 "one of the cell's physical interrupts");
		for (j = 0; j < i && !why[0]; j++)
			if (r[j].type == HVISOR_MEM_TYPE_VIRTIO &&
			    HVISOR_MEM_VIRTIO_IRQ(r[j].flags) == irq)
				snprintf(why, sizeof(why),
					 "the irq of memory_regions[%zu]", j);
		if (!why[0])
			continue;
		saved = jctx_push_key(c, "memory_regions");
		jctx_push_index(c, i);
		jctx_push_key(c, "irq");
		jctx_error(
			c,
			"is also %s: a virtio interrupt needs its own ID (%u)",
			why, irq);
		jctx_pop(c, saved);
	}
}

/* Fills the descriptor; returns its regions (or NULL). */
static struct hvisor_mem_region *parse_cell(struct jobj *top,
					    const struct config_arch_ops *arch,
					    void *head, size_t *count)
{
	uint32_t cpus[HVISOR_MAX_CPUS / 32] = { 0 };
	struct hvisor_cell_desc *cell = head;
	struct hvisor_mem_region *regions;

	jobj_string(top, "name", cell->name, sizeof(cell->name));
	config_parse_ids(top, "cpus", HVISOR_MAX_CPUS, "CPU", cpus);
	cell->cpus = cpus[0] | (uint64_t)cpus[1] << 32;
	jobj_u64(top, "entry", &cell->entry);
	regions = config_parse_regions(top, arch, true, count);
	config_parse_ids(top, "interrupts", HVISOR_MAX_IRQS, "interrupt",
			 cell->irqs);
	parse_console(top, arch, cell);
	jobj_u32_opt(top, "doorbell_irq", &cell->doorbell_irq); /* 0: none */
	parse_mailbox(top, cell);
	check_virtio_irqs(top->ctx, cell, regions, *count);
	return regions;
}

int config_cell_from_json(struct json_object *root, const char *file,
			  uint32_t system_arch, struct config_blob *out,
			  struct diag *d)
{
	static const struct config_json_kind kind = {
		{ HVISOR_CELL_MAGIC, sizeof(struct hvisor_cell_desc),
		  MAX_CELL_REGIONS, "memory_regions" },
		parse_cell,
	};
	struct hvisor_cell_desc head;

	memset(&head, 0, sizeof(head));
	return config_from_json(root, file, system_arch, &kind, &head, d, out);
}
