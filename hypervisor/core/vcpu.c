/* vCPU requests and lifecycle: inject, stop, and the checks done on every exit. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>

#define STOP_TIMEOUT_POLLS 2000000

void vcpu_request(unsigned int cpu, u32 req)
{
	struct per_cpu *c = per_cpu(cpu);

	__atomic_fetch_or(&c->requests, req, __ATOMIC_SEQ_CST);
	if (c != this_cpu())
		arch_kick_cpu(cpu); /* also wakes a vCPU asleep in wfi */
}

void vcpu_inject(struct cell *cell, unsigned int vcpu, unsigned int irq)
{
	struct per_cpu *c;

	if (vcpu >= cell->num_vcpus || irq >= HVISOR_MAX_IRQS)
		return;
	c = per_cpu(cell->vcpu_cpu[vcpu]);
	__atomic_fetch_or(&c->pending_irqs[irq / 32], 1u << (irq % 32),
			  __ATOMIC_SEQ_CST);
	if (c->vcpu_on)
		vcpu_request(c->cpu_id, VCPU_REQ_INJECT);
}

void vcpu_stop_self(struct per_cpu *c)
{
	c->vcpu_on = false;
	hv_cpu_set_online(c, false);
	arch_dcache_clean(c, sizeof(*c));
	arch_cpu_power_off();
}

void vcpu_handle_requests(struct per_cpu *c)
{
	u32 req = __atomic_exchange_n(&c->requests, 0, __ATOMIC_SEQ_CST);

	if (req & VCPU_REQ_STOP)
		vcpu_stop_self(c);
	if (req & VCPU_REQ_FLUSH_TLB)
		arch_flush_stage2(c->cell);
	if (c->cell != &root_cell)
		arch_vcpu_flush_irqs(c);
}

int vcpu_stop_cell(struct cell *cell)
{
	struct per_cpu *self = this_cpu();
	unsigned int v, polls;
	int err = 0;

	for (v = 0; v < cell->num_vcpus; v++) {
		unsigned int cpu = cell->vcpu_cpu[v];

		if (per_cpu(cpu) != self && per_cpu(cpu)->vcpu_on)
			vcpu_request(cpu, VCPU_REQ_STOP);
	}
	for (v = 0; v < cell->num_vcpus; v++) {
		unsigned int cpu = cell->vcpu_cpu[v];

		if (per_cpu(cpu) == self)
			continue;
		for (polls = 0; !arch_cpu_is_off(cpu); polls++) {
			if (polls == STOP_TIMEOUT_POLLS) {
				printk("hvisor: cell %u: CPU %u does not stop\n",
				       cell->id, cpu);
				err = -EBUSY;
				break;
			}
		}
		per_cpu(cpu)->vcpu_on = false;
	}
	return err;
}
