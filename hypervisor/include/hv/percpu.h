/* Per-CPU state of the hypervisor: the physical CPU, and the vCPU it runs. */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include <hv/types.h>
#include <hv/vcpu.h>
#include <hvisor/hypercall.h>
#include <asm/percpu.h>
#include <hv/layout.h>

struct cell;

struct per_cpu {
	u8 stack[PERCPU_STACK_SIZE]; /* must be first: grows down to here */
	unsigned int cpu_id; /* Linux logical id */
	u64 hwid; /* the arch's hardware id of the CPU (set by arch code) */
	struct cell *cell;
	bool entered; /* under the hypervisor */
	bool online;
	u64 exits[HVISOR_NUM_EXITS];
	u64 mmio_retry_gpa; /* the access last retried (core/mmio.c) */
	u32 mmio_retries;
	/* the guest trap being handled (set by arch code): for fault records */
	u64 exit_pc, exit_syndrome;
	struct vcpu vcpu; /* what this CPU runs: root CPU or a cell's vCPU */
	struct arch_per_cpu arch;
} __aligned(PAGE_SIZE);

struct per_cpu *per_cpu(unsigned int cpu);

static inline struct per_cpu *vcpu_per_cpu(struct vcpu *v)
{
	return per_cpu(v->cpu);
}

#endif
