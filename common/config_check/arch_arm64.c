/* Config checker rules for arm64: GICv3 frames and INTID classes, 48-bit PAs, the hypervisor's 44-bit stage 2, PL011 consoles. */
#include "check.h"

#define GIC_ALIGN 0x10000ULL /* GICD/GICR frames: 64 KiB */
#define GICR_STRIDE 0x20000ULL /* one GICv3 redistributor: RD + SGI frames */
#define FIRST_PPI 16
#define LAST_PPI 31
#define FIRST_SPI 32
#define LAST_SPI 1019 /* INTIDs 1020-1023 are special */

/* A GIC frame and what overlapping it means, per use of a range. */
struct gic_frame {
	uint64_t base, size;
	const char *phys, *guest, *console;
};

static void gic_frames(const struct hvisor_system *sys, struct gic_frame out[2])
{
	const struct hvisor_arm64_platform *a = &sys->platform.arch.arm64;

	out[0] = (struct gic_frame){
		a->gicd_base,
		a->gicd_size,
		"physical range overlaps the GIC distributor (emulated by the hypervisor)",
		"guest-physical range overlaps the GIC distributor (emulated by the hypervisor)",
		"console page overlaps the GIC distributor (emulated by the hypervisor)",
	};
	out[1] = (struct gic_frame){
		a->gicr_base,
		a->gicr_size,
		"physical range overlaps the GIC redistributors (emulated by the hypervisor)",
		"guest-physical range overlaps the GIC redistributors (emulated by the hypervisor)",
		"console page overlaps the GIC redistributors (emulated by the hypervisor)",
	};
}

/* The GIC frame that [start, start + size) overlaps, or NULL. */
static const struct gic_frame *gic_frame_at(const struct hvisor_system *sys,
					    uint64_t start, uint64_t size,
					    struct gic_frame f[2], uint64_t *at)
{
	int i;

	gic_frames(sys, f);
	for (i = 0; i < 2; i++)
		if (ck_ranges_overlap(start, size, f[i].base, f[i].size)) {
			*at = f[i].base;
			return &f[i];
		}
	return NULL;
}

static const char *check_phys_range(const struct hvisor_system *sys,
				    uint64_t start, uint64_t size, uint64_t *at)
{
	struct gic_frame f[2];
	const struct gic_frame *hit = gic_frame_at(sys, start, size, f, at);

	return hit ? hit->phys : NULL;
}

/* The hypervisor emulates the GIC for a cell at the platform's addresses. */
static const char *check_guest_range(const struct hvisor_system *sys,
				     uint64_t start, uint64_t size,
				     enum hvisor_guest_range what, uint64_t *at)
{
	struct gic_frame f[2];
	const struct gic_frame *hit = gic_frame_at(sys, start, size, f, at);

	if (!hit)
		return NULL;
	return what == HVISOR_GUEST_CONSOLE ? hit->console : hit->guest;
}

static int check_gic_frames(const struct hvisor_arch_rules *rules,
			    const struct hvisor_system *sys,
			    const struct hvisor_check_where *w)
{
	const struct hvisor_arm64_platform *a = &sys->platform.arch.arm64;
	int ret;

	ret = ck_window(rules, w, "arch.arm64.gicd_base", a->gicd_base,
			"arch.arm64.gicd_size", a->gicd_size, GIC_ALIGN);
	if (!ret)
		ret = ck_window(rules, w, "arch.arm64.gicr_base", a->gicr_base,
				"arch.arm64.gicr_size", a->gicr_size,
				GIC_ALIGN);
	if (ret)
		return ret;
	if (!ck_aligned(a->gicr_size, GICR_STRIDE))
		return ck_fail(
			w, HVISOR_CHECK_ALIGN, "arch.arm64.gicr_size",
			"must be a multiple of 128 KiB (one GICv3 redistributor)",
			a->gicr_size, HVISOR_CHECK_VALUE_HEX);
	if (a->gicr_size / GICR_STRIDE < sys->platform.num_cpus)
		return ck_fail(
			w, HVISOR_CHECK_IRQCHIP, "arch.arm64.gicr_size",
			"too small for one redistributor per CPU of platform.num_cpus",
			a->gicr_size, HVISOR_CHECK_VALUE_HEX);
	if (ck_ranges_overlap(a->gicd_base, a->gicd_size, a->gicr_base,
			      a->gicr_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "arch.arm64.gicr_base",
			       "redistributors overlap the distributor",
			       a->gicr_base, HVISOR_CHECK_VALUE_HEX);
	if (ck_ranges_overlap(a->gicd_base, a->gicd_size, sys->hypervisor_phys,
			      sys->hypervisor_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "arch.arm64.gicd_base",
			       "overlaps the hypervisor memory", a->gicd_base,
			       HVISOR_CHECK_VALUE_HEX);
	if (ck_ranges_overlap(a->gicr_base, a->gicr_size, sys->hypervisor_phys,
			      sys->hypervisor_size))
		return ck_fail(w, HVISOR_CHECK_OVERLAP, "arch.arm64.gicr_base",
			       "overlaps the hypervisor memory", a->gicr_base,
			       HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}

static int check_platform(const struct hvisor_arch_rules *rules,
			  const struct hvisor_system *sys,
			  const struct hvisor_check_where *w)
{
	const struct hvisor_arm64_platform *a = &sys->platform.arch.arm64;
	int ret;

	if (a->gic_version != HVISOR_GIC_V3)
		return ck_fail(w, HVISOR_CHECK_IRQCHIP,
			       "arch.arm64.gic_version",
			       "unsupported GIC version (only 3 is supported)",
			       a->gic_version, HVISOR_CHECK_VALUE_DEC);
	ret = check_gic_frames(rules, sys, w);
	if (ret)
		return ret;
	if (a->maintenance_irq < rules->platform_irq_first ||
	    a->maintenance_irq > rules->platform_irq_last)
		return ck_fail(w, HVISOR_CHECK_IRQ,
			       "arch.arm64.maintenance_irq",
			       "must be a PPI (16-31)", a->maintenance_irq,
			       HVISOR_CHECK_VALUE_DEC);
	return HVISOR_CHECK_OK;
}

const struct hvisor_arch_rules hvisor_arm64_rules = {
	.arch = HVISOR_ARCH_ARM64,
	.name = "arm64",
	.pa_bits = 48,
	/* VTCR_EL2.T0SZ of the hypervisor's stage 2 (arch/arm64/setup.c) */
	.gpa_bits = 44,
	.entry_align = 4, /* A64 instructions */
	/* SGIs and PPIs are per vCPU and virtual: only SPIs are assigned */
	.irq_first = FIRST_SPI,
	.irq_last = LAST_SPI,
	.platform_irq_first = FIRST_PPI,
	.platform_irq_last = LAST_PPI,
	.cell_consoles = 1u << HVISOR_CONSOLE_PL011,
	.uart_types = 1u << HVISOR_CONSOLE_PL011,
	.platform_size = sizeof(struct hvisor_arm64_platform),
	.reasons = {
		.pa_space = "physical range ends beyond the 48-bit address space",
		.gpa_space = "guest-physical range ends beyond the 44-bit address space",
		.irq_below = "only SPIs (32-1019) can be passed through to a cell",
		.irq_above = "interrupt IDs 1020-1023 are special and cannot be assigned",
		.virtual_irq = "must be an SPI (32-1019)",
		.virtual_irq_or_none = "must be an SPI (32-1019) or 0 for none",
		.virtio_irq = "virtio interrupt must be an SPI (32-1019)",
	},
	.check_platform = check_platform,
	.check_phys_range = check_phys_range,
	.check_guest_range = check_guest_range,
};
