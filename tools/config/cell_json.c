/* Conversion of a JSON cell config into struct hvisor_cell_desc and its regions. */
#include "config/arch.h"
#include "config/from_json.h"
#include "config/json_read.h"
#include "config/pci_json.h"
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

/* "fault_policy": "abort" (the default) or "stop", optional. */
static void parse_fault_policy(struct jobj *top, struct hvisor_cell_desc *cell)
{
	static const char *const names[] = { "abort", "stop", NULL };
	struct json_object *v = jobj_get(top, "fault_policy", false);
	size_t saved;

	if (!v)
		return;
	saved = jctx_push_key(top->ctx, "fault_policy");
	if (jval_choice(top->ctx, v, "fault policy", names) == 1)
		cell->flags |= HVISOR_CELL_FLAG_FAULT_STOP;
	jctx_pop(top->ctx, saved);
}

/* "pmu": true gives the cell the CPUs' performance monitors; optional. */
static void parse_pmu(struct jobj *top, struct hvisor_cell_desc *cell)
{
	struct json_object *v = jobj_get(top, "pmu", false);
	char what[64];
	size_t saved;

	if (!v)
		return;
	if (!json_object_is_type(v, json_type_boolean)) {
		saved = jctx_push_key(top->ctx, "pmu");
		jctx_error(top->ctx, "expected true or false, got %s",
			   json_describe(v, what, sizeof(what)));
		jctx_pop(top->ctx, saved);
		return;
	}
	if (json_object_get_boolean(v))
		cell->flags |= HVISOR_CELL_FLAG_PMU;
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
	parse_fault_policy(top, cell);
	parse_pmu(top, cell);
	config_parse_pci_devices(top, cell);
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
