/* AArch64 CPU identity (MPIDR) and the hyp-stub vectors the host kernel had. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <hv/types.h>

struct per_cpu;

/* MPIDR_EL1 affinity fields (Aff3, Aff2, Aff1, Aff0) */
#define MPIDR_AFF_MASK 0xff00ffffffUL

/* Physical address of the Linux hyp-stub vectors, stored by the entry code. */
extern u64 arm64_stub_vectors;

/* The CPU under the hypervisor with this MPIDR (affinity bits), or NULL. */
struct per_cpu *arm64_cpu_by_mpidr(u64 mpidr);

#endif
