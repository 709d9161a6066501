/* The arch tag of configs this hypervisor runs (hvisor_system.arch). */
#ifndef ASM_ARCH_TAG_H
#define ASM_ARCH_TAG_H

#include <hvisor/config.h>

#define ARCH_CONFIG_TAG HVISOR_ARCH_ARM64

#endif
