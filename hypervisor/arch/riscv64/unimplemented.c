/* The riscv64 hooks of hv/arch.h for cells other than the root, not written yet: each stops the CPU with a message naming itself; and root_irq, which says it is missing. */
#include <hv/arch.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <asm/processor.h>

/*
 * What only cells other than the root reach: arch_cell_init refuses them
 * on riscv64, so none of these can be reached; if one is, it says so
 * instead of pretending.
 */
#define NOT_IMPLEMENTED(name) panic_stop("riscv64: " name " not implemented")

/* The stubs take the interface's parameters and use none of them. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

void arch_cell_reset(struct cell *cell)
{
	NOT_IMPLEMENTED("arch_cell_reset");
}

void arch_cell_take_irqs(struct cell *cell)
{
	NOT_IMPLEMENTED("arch_cell_take_irqs");
}

void arch_cell_release_irqs(struct cell *cell)
{
	NOT_IMPLEMENTED("arch_cell_release_irqs");
}

void arch_vcpu_flush_irqs(struct vcpu *v)
{
	NOT_IMPLEMENTED("arch_vcpu_flush_irqs (hvip)");
}

void arch_vcpu_sleep(struct vcpu *v, u64 deadline_ms)
{
	NOT_IMPLEMENTED("arch_vcpu_sleep (stimecmp deadline, wfi)");
}

/*
 * The virtual source platform.root_irq needs the PLIC filter's claim path;
 * only cells raise it (the next step). Not silent: every call says so.
 */
void arch_raise_root_irq(void)
{
	printk("hvisor: riscv64: raising root_irq is not implemented yet\n");
}
