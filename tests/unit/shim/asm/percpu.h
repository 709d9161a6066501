/* Fake-arch part of the per-CPU state (host unit tests): how often the CPU was set up. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <hv/types.h>

struct arch_per_cpu {
	unsigned int warm_inits; /* arch_cpu_init(c, false): entry from Linux */
	unsigned int cold_inits; /* arch_cpu_init(c, true): started by us */
};

#endif
