/* The architecture tags the tools know by name, and the config rules this build has for them. */
#include "config/arch.h"

extern const struct config_arch_ops config_arch_arm64;
extern const struct config_arch_ops config_arch_riscv64;

/* The first is the default: a config without "arch" is for arm64. */
const char *const config_arch_names[] = { "arm64", "riscv64", NULL };
const uint32_t config_arch_tags[] = { HVISOR_ARCH_ARM64, HVISOR_ARCH_RISCV64 };

const struct config_arch_ops *const config_arches[] = {
	&config_arch_arm64,
	&config_arch_riscv64,
	NULL,
};
