/* riscv64 configs: the "platform" fields (timebase, "irqchip" PLIC or APLIC/IMSIC, "clint", "firmware"), their dump and checker paths, the ns16550 console, virtio PLIC sources. */
#include "config/arch.h"
#include "config/dump.h"

#include <hvisor/config_check.h>
#include <hvisor/platform_riscv64.h>

static const char *const irqchip_names[] = { "plic", "aplic-imsic", NULL };
static const uint32_t irqchip_types[] = { HVISOR_IRQCHIP_PLIC,
					  HVISOR_IRQCHIP_APLIC_IMSIC };

static void parse_irqchip(struct jobj *o, struct hvisor_riscv64_platform *r)
{
	struct json_object *v = jobj_get(o, "type", true);
	size_t saved;
	int n;

	if (v) {
		saved = jctx_push_key(o->ctx, "type");
		n = jval_choice(o->ctx, v, "interrupt controller",
				irqchip_names);
		if (n >= 0)
			r->irqchip = irqchip_types[n];
		jctx_pop(o->ctx, saved);
	}
	jobj_u32(o, "num_sources", &r->num_sources);
	if (r->irqchip == HVISOR_IRQCHIP_APLIC_IMSIC) {
		jobj_u64(o, "aplic_base", &r->aplic_base);
		jobj_u64(o, "aplic_size", &r->aplic_size);
		jobj_u64(o, "imsic_base", &r->imsic_base);
		jobj_u32(o, "imsic_guest_index_bits",
			 &r->imsic_guest_index_bits);
		jobj_u32(o, "imsic_guest_files", &r->imsic_guest_files);
		jobj_u32(o, "imsic_num_ids", &r->imsic_num_ids);
		jobj_u32(o, "guest_file", &r->guest_file);
		/* and below: the virtual PLIC the cells get (guest-physical) */
	}
	jobj_u64(o, "base", &r->plic_base);
	jobj_u64(o, "size", &r->plic_size);
	jobj_u32(o, "contexts_per_hart", &r->contexts_per_hart);
	jobj_u32(o, "s_context", &r->s_context);
}

/* An optional { "base", "size" } object. */
static void parse_window(struct jobj *platform, const char *key, uint64_t *base,
			 uint64_t *size)
{
	struct jobj o;

	if (jobj_enter_opt(&o, platform, key)) {
		jobj_u64(&o, "base", base);
		jobj_u64(&o, "size", size);
	}
	jobj_end(&o);
}

static void parse_platform(struct jobj *platform, struct hvisor_platform *p)
{
	struct hvisor_riscv64_platform *r = &p->arch.riscv64;
	struct jobj o;

	jobj_u64(platform, "timebase_frequency", &r->timebase_frequency);
	if (jobj_enter(&o, platform, "irqchip"))
		parse_irqchip(&o, r);
	jobj_end(&o);
	parse_window(platform, "clint", &r->clint_base, &r->clint_size);
	parse_window(platform, "firmware", &r->firmware_base,
		     &r->firmware_size);
}

static void dump_platform(FILE *f, const struct hvisor_platform *p)
{
	const struct hvisor_riscv64_platform *r = &p->arch.riscv64;

	fprintf(f, "  timebase: %llu Hz\n",
		(unsigned long long)r->timebase_frequency);
	if (r->irqchip == HVISOR_IRQCHIP_PLIC) {
		fprintf(f,
			"  irqchip: plic, %u sources, %u contexts per hart, S context %u\n",
			r->num_sources, r->contexts_per_hart, r->s_context);
		config_dump_window(f, "plic", NULL, r->plic_base, r->plic_size);
	} else {
		fprintf(f, "  irqchip: %s (%u), %u sources\n",
			r->irqchip == HVISOR_IRQCHIP_APLIC_IMSIC ?
				"aplic-imsic" :
				"unknown",
			r->irqchip, r->num_sources);
		config_dump_window(f, "aplic", NULL, r->aplic_base,
				   r->aplic_size);
		fprintf(f,
			"  imsic: 0x%llx, %u guest file(s) per hart, guest index bits %u, %u ids, guest file %u\n",
			(unsigned long long)r->imsic_base, r->imsic_guest_files,
			r->imsic_guest_index_bits, r->imsic_num_ids,
			r->guest_file);
		config_dump_window(f, "cells' plic", NULL, r->plic_base,
				   r->plic_size);
	}
	if (r->clint_size)
		config_dump_window(f, "clint", NULL, r->clint_base,
				   r->clint_size);
	if (r->firmware_size)
		config_dump_window(f, "firmware", NULL, r->firmware_base,
				   r->firmware_size);
}

static const struct config_field_path field_paths[] = {
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.timebase_frequency",
	  "platform.timebase_frequency" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.irqchip",
	  "platform.irqchip.type" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.num_sources",
	  "platform.irqchip.num_sources" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.plic_base",
	  "platform.irqchip.base" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.plic_size",
	  "platform.irqchip.size" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.contexts_per_hart",
	  "platform.irqchip.contexts_per_hart" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.s_context",
	  "platform.irqchip.s_context" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.aplic_base",
	  "platform.irqchip.aplic_base" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.aplic_size",
	  "platform.irqchip.aplic_size" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.imsic_base",
	  "platform.irqchip.imsic_base" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.imsic_guest_index_bits",
	  "platform.irqchip.imsic_guest_index_bits" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.imsic_guest_files",
	  "platform.irqchip.imsic_guest_files" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.imsic_num_ids",
	  "platform.irqchip.imsic_num_ids" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.guest_file",
	  "platform.irqchip.guest_file" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.clint_base",
	  "platform.clint.base" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.clint_size",
	  "platform.clint.size" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.firmware_base",
	  "platform.firmware.base" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.firmware_size",
	  "platform.firmware.size" },
	{ 0, NULL, NULL },
};

/* The console-type name table of riscv64: the 16550 UART only. */
static const char *const console_names[] = { "ns16550", NULL };
static const uint32_t console_types[] = { HVISOR_CONSOLE_8250 };

const struct config_arch_ops config_arch_riscv64 = {
	.arch = HVISOR_ARCH_RISCV64,
	.console_names = console_names,
	.console_types = console_types,
	.virtio_irq_min = 1,
	.virtio_irq_max = 1023,
	.virtio_irq_kind = "a PLIC interrupt source",
	.parse_platform = parse_platform,
	.dump_platform = dump_platform,
	.field_paths = field_paths,
};
