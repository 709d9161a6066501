/* Fake-arch part of a vCPU (host unit tests): the guest "registers" arch_vcpu_reset sets. */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

#include <hv/types.h>

struct arch_vcpu {
	u64 entry, arg; /* where the guest starts after the last reset */
	unsigned int resets; /* arch_vcpu_reset calls */
	unsigned int irq_flushes; /* arch_vcpu_flush_irqs calls */
};

#endif
