/* arm64 configs: the "platform.gic" section (GICv3), its dump and checker paths, the PL011 console, virtio SPIs. */
#include "config/arch.h"
#include "config/dump.h"

#include <hvisor/config_check.h>
#include <hvisor/platform_arm64.h>

static void parse_platform(struct jobj *platform, struct hvisor_platform *p)
{
	struct hvisor_arm64_platform *gic = &p->arch.arm64;
	struct jobj o;

	if (jobj_enter(&o, platform, "gic")) {
		jobj_u32(&o, "version", &gic->gic_version);
		jobj_u64(&o, "gicd_base", &gic->gicd_base);
		jobj_u64(&o, "gicd_size", &gic->gicd_size);
		jobj_u64(&o, "gicr_base", &gic->gicr_base);
		jobj_u64(&o, "gicr_size", &gic->gicr_size);
		jobj_u32(&o, "maintenance_irq", &gic->maintenance_irq);
	}
	jobj_end(&o);
}

static void dump_platform(FILE *f, const struct hvisor_platform *p)
{
	const struct hvisor_arm64_platform *gic = &p->arch.arm64;

	fprintf(f, "  gic: version %u, maintenance irq %u\n", gic->gic_version,
		gic->maintenance_irq);
	config_dump_window(f, "gicd", NULL, gic->gicd_base, gic->gicd_size);
	config_dump_window(f, "gicr", NULL, gic->gicr_base, gic->gicr_size);
}

static const struct config_field_path field_paths[] = {
	{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gic_version",
	  "platform.gic.version" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicd_base",
	  "platform.gic.gicd_base" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicd_size",
	  "platform.gic.gicd_size" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicr_base",
	  "platform.gic.gicr_base" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicr_size",
	  "platform.gic.gicr_size" },
	{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.maintenance_irq",
	  "platform.gic.maintenance_irq" },
	{ 0, NULL, NULL },
};

/* The console-type name table of arm64: the PrimeCell UART only. */
static const char *const console_names[] = { "pl011", NULL };
static const uint32_t console_types[] = { HVISOR_CONSOLE_PL011 };

const struct config_arch_ops config_arch_arm64 = {
	.arch = HVISOR_ARCH_ARM64,
	.console_names = console_names,
	.console_types = console_types,
	/* the GIC's shared peripheral interrupts, 1020-1023 being special */
	.virtio_irq_min = 32,
	.virtio_irq_max = 1019,
	.virtio_irq_kind = "a shared peripheral interrupt",
	.parse_platform = parse_platform,
	.dump_platform = dump_platform,
	.field_paths = field_paths,
};
