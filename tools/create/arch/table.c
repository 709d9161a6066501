/* The config create plug-ins this build has, one per arch. */
#include "config/arch.h"
#include "create/create.h"

extern const struct create_arch_ops create_arch_arm64;
extern const struct create_arch_ops create_arch_riscv64;

static const struct create_arch_ops *const create_arches[] = {
	&create_arch_arm64,
	&create_arch_riscv64,
	NULL,
};

const struct create_arch_ops *create_arch_find(uint32_t arch)
{
	return ARCH_PLUGIN_FIND(create_arches, arch);
}
