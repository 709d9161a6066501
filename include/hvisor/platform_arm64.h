/* AArch64 part of the platform config: the GICv3 (hvisor_platform.arch.arm64). */
#ifndef HVISOR_PLATFORM_ARM64_H
#define HVISOR_PLATFORM_ARM64_H

#include <hvisor/types.h>

#define HVISOR_GIC_V3 3

struct hvisor_arm64_platform {
	uint64_t gicd_base;
	uint64_t gicd_size;
	uint64_t gicr_base;
	uint64_t gicr_size; /* all redistributors */
	uint32_t gic_version; /* HVISOR_GIC_V3 */
	uint32_t maintenance_irq; /* GIC maintenance PPI */
};

#endif
