/* riscv64 interrupt hooks of hv/arch.h: a cell's physical PLIC sources and virtual PLIC (hvip.VSEIP), its reset, and the root's virtual root_irq (PLIC filter or, AIA, the APLIC). */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <asm/aia.h>
#include <asm/csr.h>
#include <asm/plic.h>
#include <asm/riscv64.h>
#include <asm/vplic.h>

void arch_cell_reset(struct cell *cell)
{
	riscv64_vplic_reset(cell);
}

/*
 * The cell's physical sources go to the S context of vCPU 0's hart. Not
 * at create: OpenSBI clears a hart's PLIC contexts (enables off,
 * threshold 7) whenever HSM starts it, so the route is made each time
 * vCPU 0 starts (riscv64_vcpu_irqs_start), after the firmware is done.
 */
void arch_cell_take_irqs(struct cell *cell)
{
	riscv64_plic_take(cell);
}

void riscv64_vcpu_irqs_start(struct vcpu *v)
{
	struct cell *cell = vcpu_per_cpu(v)->cell;
	int err;

	if (cell == &root_cell || v->id != 0)
		return;
	err = riscv64_vplic_start(cell);
	if (err)
		printk("hvisor: cell %u: its PLIC sources not routed (%d)\n",
		       cell->id, err);
}

void arch_cell_release_irqs(struct cell *cell)
{
	riscv64_plic_release(cell);
}

void arch_vcpu_flush_irqs(struct vcpu *v)
{
	riscv64_vplic_flush(v);
}

/*
 * platform.root_irq: pending in the root's PLIC filter; the root hart
 * whose context has it enabled gets hvip.VSEIP, by a kick when it is not
 * the calling one (traps.c raises it on the kick's SSIP).
 */
void arch_raise_root_irq(void)
{
	int cpu;

	if (riscv64_aia_active()) {
		/* an MSI of the APLIC to the root hart Linux chose */
		riscv64_aia_raise_root_irq();
		return;
	}
	cpu = riscv64_plic_raise_root_irq();
	if (cpu < 0)
		return;
	if ((unsigned int)cpu == this_cpu()->cpu_id &&
	    this_cpu()->cell == &root_cell) {
		csr_set(hvip, HVIP_VSEIP);
		return;
	}
	__atomic_store_n(&per_cpu(cpu)->arch.root_irq, 1, __ATOMIC_SEQ_CST);
	arch_kick_cpu(cpu);
}
