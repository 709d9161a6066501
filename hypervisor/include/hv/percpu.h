/* Per-CPU state of the hypervisor. */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include <hv/types.h>
#include <hvisor/hypercall.h>
#include <asm/percpu.h>
#include <hv/layout.h>

struct cell;

struct per_cpu {
	u8 stack[PERCPU_STACK_SIZE]; /* must be first: grows down to here */
	unsigned int cpu_id; /* Linux logical id */
	u64 mpidr;
	struct cell *cell;
	bool entered; /* under the hypervisor */
	bool online;
	u64 exits[HVISOR_NUM_EXITS];
	/* the vCPU this CPU runs for a non-root cell */
	unsigned int vcpu_id;
	bool vcpu_on;
	u64 vcpu_entry, vcpu_context;
	volatile u32 requests; /* VCPU_REQ_* */
	u32 pending_irqs[32]; /* virtual interrupts to inject */
	/* a virtio access waiting for the root's daemon */
	volatile u64 vio_seq;
	u64 vio_value;
	u32 vio_done;
	struct arch_per_cpu arch;
} __aligned(PAGE_SIZE);

struct per_cpu *per_cpu(unsigned int cpu);
struct per_cpu *this_cpu(void);
struct per_cpu *cpu_by_mpidr(u64 mpidr);

#endif
