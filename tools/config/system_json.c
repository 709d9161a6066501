/* Conversion of a JSON system config into struct hvisor_system and its regions. */
#include "config/arch.h"
#include "config/from_json.h"
#include "config/json_read.h"
#include "config/pci_json.h"
#include "config/regions_json.h"

#include <hvisor/config.h>
#include <stdint.h>
#include <string.h>

static void parse_hypervisor(struct jobj *top, struct hvisor_system *sys)
{
	struct jobj o;

	if (jobj_enter(&o, top, "hypervisor")) {
		jobj_u64(&o, "phys_start", &sys->hypervisor_phys);
		jobj_u64(&o, "size", &sys->hypervisor_size);
	}
	jobj_end(&o);
}

static void parse_uart(struct jobj *platform,
		       const struct config_arch_ops *arch,
		       struct hvisor_uart *uart)
{
	struct jobj o;

	if (jobj_enter(&o, platform, "uart")) {
		jobj_u64(&o, "base", &uart->base);
		jobj_u64(&o, "size", &uart->size);
		config_parse_console_type(&o, arch, &uart->type);
	}
	jobj_end(&o);
}

static void parse_platform(struct jobj *top, const struct config_arch_ops *arch,
			   struct hvisor_platform *p)
{
	struct jobj o;

	if (jobj_enter(&o, top, "platform")) {
		jobj_u32(&o, "num_cpus", &p->num_cpus);
		arch->parse_platform(&o, p);
		parse_uart(&o, arch, &p->uart);
		config_parse_pci_host(&o, &p->pci);
		jobj_u32_opt(&o, "root_irq", &p->root_irq); /* 0: none */
	}
	jobj_end(&o);
}

/* Fills the root cell descriptor; returns its regions (or NULL). */
static struct hvisor_mem_region *
parse_root_cell(struct jobj *top, const struct config_arch_ops *arch,
		struct hvisor_cell_desc *cell, size_t *count)
{
	struct hvisor_mem_region *regions = NULL;
	uint32_t cpus[HVISOR_MAX_CPUS / 32] = { 0 };
	struct jobj o;

	*count = 0;
	if (jobj_enter(&o, top, "root_cell")) {
		jobj_string(&o, "name", cell->name, sizeof(cell->name));
		config_parse_ids(&o, "cpus", HVISOR_MAX_CPUS, "CPU", cpus);
		cell->cpus = cpus[0] | (uint64_t)cpus[1] << 32;
		regions = config_parse_regions(&o, arch, false, count);
		config_parse_ids(&o, "interrupts", HVISOR_MAX_IRQS, "interrupt",
				 cell->irqs);
	}
	jobj_end(&o);
	return regions;
}

static struct hvisor_mem_region *
parse_system(struct jobj *top, const struct config_arch_ops *arch, void *head,
	     size_t *count)
{
	struct hvisor_system *sys = head;

	parse_hypervisor(top, sys);
	parse_platform(top, arch, &sys->platform);
	return parse_root_cell(top, arch, &sys->root_cell, count);
}

int config_system_from_json(struct json_object *root, const char *file,
			    struct config_blob *out, struct diag *d)
{
	static const struct config_json_kind kind = {
		{ HVISOR_SYSTEM_MAGIC, sizeof(struct hvisor_system), SIZE_MAX,
		  "root_cell.memory_regions" },
		parse_system,
	};
	struct hvisor_system head;

	memset(&head, 0, sizeof(head));
	return config_from_json(root, file, 0, &kind, &head, d, out);
}
