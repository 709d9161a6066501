/* The riscv64 hooks of hv/arch.h that are not written yet: each stops the CPU with a message naming itself. */
#include <hv/arch.h>
#include <hv/percpu.h>
#include <asm/processor.h>

/*
 * Until HS-mode entry exists (the driver refuses to enter, -EOPNOTSUPP)
 * none of these can be reached; if one is, it says so instead of
 * pretending.
 */
#define NOT_IMPLEMENTED(name) panic_stop("riscv64: " name " not implemented")

/* The stubs take the interface's parameters and use none of them. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

int arch_global_init(struct page_table *hv_pt)
{
	NOT_IMPLEMENTED("arch_global_init (CPU checks, interrupt controller)");
}

int arch_cpu_init(struct per_cpu *c, bool cold)
{
	NOT_IMPLEMENTED("arch_cpu_init (satp, stvec, moving Linux to VS mode)");
}

void arch_cpu_entry_failed(struct per_cpu *c)
{
	NOT_IMPLEMENTED("arch_cpu_entry_failed (giving HS mode back)");
}

void arch_cpu_exit(struct per_cpu *c)
{
	NOT_IMPLEMENTED("arch_cpu_exit (disable)");
}

int arch_cell_init(struct cell *cell)
{
	NOT_IMPLEMENTED("arch_cell_init (PLIC/AIA filters, virtual PLIC)");
}

void arch_cell_exit(struct cell *cell)
{
	NOT_IMPLEMENTED("arch_cell_exit");
}

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

void arch_flush_stage2(struct cell *cell)
{
	NOT_IMPLEMENTED("arch_flush_stage2 (remote hfence.gvma by VMID)");
}

void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	NOT_IMPLEMENTED("arch_vcpu_reset");
}

void arch_vcpu_flush_irqs(struct vcpu *v)
{
	NOT_IMPLEMENTED("arch_vcpu_flush_irqs (hvip)");
}

void arch_vcpu_sleep(struct vcpu *v, u64 deadline_ms)
{
	NOT_IMPLEMENTED("arch_vcpu_sleep (stimecmp deadline, wfi)");
}

void arch_raise_root_irq(void)
{
	NOT_IMPLEMENTED("arch_raise_root_irq");
}

/* Needs platform.timebase_frequency, which the config does not carry yet. */
u64 arch_time_ms(void)
{
	NOT_IMPLEMENTED("arch_time_ms (timebase frequency)");
}

void riscv64_handle_trap(struct trap_frame *f);

/* Every trap to HS mode from a guest or from the hypervisor itself. */
void riscv64_handle_trap(struct trap_frame *f)
{
	NOT_IMPLEMENTED(
		"trap handling (SBI calls, guest-page faults, interrupts)");
}

long riscv64_entry(struct trap_frame *f);

/*
 * From hv_entry, on the driver's entry protocol: would record Linux's
 * satp/stvec/sscratch and hart id, then hv_cpu_entry().
 */
long riscv64_entry(struct trap_frame *f)
{
	NOT_IMPLEMENTED("the entry from the driver");
}
