/* vCPU requests and interrupt injection, and the checks every exit does before returning to the guest. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/vcpu.h>

struct vcpu *cell_vcpu(struct cell *cell, unsigned int v)
{
	return &per_cpu(cell->vcpu_cpu[v])->vcpu;
}

void vcpu_request(unsigned int cpu, u32 req)
{
	struct per_cpu *c = per_cpu(cpu);

	__atomic_fetch_or(&c->vcpu.requests, req, __ATOMIC_SEQ_CST);
	if (c != this_cpu())
		arch_kick_cpu(cpu); /* also wakes a vCPU that sleeps */
}

void vcpu_inject(struct cell *cell, unsigned int v, unsigned int irq)
{
	struct vcpu *vcpu;

	if (v >= cell->num_vcpus || irq >= HVISOR_MAX_IRQS)
		return;
	vcpu = cell_vcpu(cell, v);
	__atomic_fetch_or(&vcpu->pending_irqs[irq / 32], 1u << (irq % 32),
			  __ATOMIC_SEQ_CST);
	if (READ_ONCE(vcpu->on))
		vcpu_request(vcpu->cpu, VCPU_REQ_INJECT);
}

void vcpu_handle_requests(struct per_cpu *c)
{
	u32 req = __atomic_exchange_n(&c->vcpu.requests, 0, __ATOMIC_SEQ_CST);

	if (req & VCPU_REQ_STOP)
		vcpu_stop_self(c);
	if (req & VCPU_REQ_FLUSH_TLB)
		arch_flush_stage2(c->cell);
	if (c->cell != &root_cell)
		arch_vcpu_flush_irqs(&c->vcpu);
}
