/* The plug-ins for booting Linux in a cell, by arch. */
#include "linux/arch.h"

extern const struct linux_arch_ops linux_arch_arm64;
extern const struct linux_arch_ops linux_arch_riscv64;

const struct linux_arch_ops *const linux_arches[] = { &linux_arch_arm64,
						      &linux_arch_riscv64,
						      NULL };
