/* vCPUs: each physical CPU of a cell runs one; requests change what it does next. */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <hv/types.h>

struct per_cpu;
struct cell;

#define VCPU_REQ_STOP BIT(0) /* leave the cell: CPU off */
#define VCPU_REQ_INJECT BIT(1) /* new virtual interrupts pending */
#define VCPU_REQ_FLUSH_TLB BIT(2) /* stage-2 changed */

/* Asks the vCPU on cpu to act; kicks it if it runs elsewhere. */
void vcpu_request(unsigned int cpu, u32 req);
/* Called on every exit before returning to the guest. */
void vcpu_handle_requests(struct per_cpu *c);
/* Injects virtual interrupt irq into vCPU vcpu of cell. */
void vcpu_inject(struct cell *cell, unsigned int vcpu, unsigned int irq);
/* Powers the calling CPU off for good (its cell stopped it). */
void vcpu_stop_self(struct per_cpu *c) __noreturn;
/* Asks every running vCPU of the cell (except the caller) to stop; waits. */
int vcpu_stop_cell(struct cell *cell);

/* Arch hooks. */
void arch_kick_cpu(unsigned int cpu);
u64 arch_cpu_power_on(unsigned int cpu);
void arch_cpu_power_off(void) __noreturn;
bool arch_cpu_is_off(unsigned int cpu);
void arch_vcpu_flush_irqs(struct per_cpu *c);
void arch_vcpu_reset(struct per_cpu *c);
void arch_raise_root_irq(void);
/* Sleeps (wfi) until an interrupt or deadline_ms; handles what woke it. */
void arch_vcpu_sleep(struct per_cpu *c, u64 deadline_ms);

#endif
