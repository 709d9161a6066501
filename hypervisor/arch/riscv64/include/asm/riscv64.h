/* riscv64 arch internals shared by its files: the way back to HS-mode Linux, the SBI handler of guest ecalls, fault injection. */
#ifndef ASM_RISCV64_H
#define ASM_RISCV64_H

#include <hv/types.h>

struct cell;
struct hvisor_system;
struct per_cpu;
struct trap_frame;
struct vcpu;

/*
 * entry.S: to Linux in HS mode at f->sepc (4-byte aligned) with f's
 * registers (t0, t1 clobbered) and its satp, by the reverse stvec trick.
 */
void riscv64_return_hs(struct trap_frame *f, u64 satp) __noreturn;

/* sbi.c: an ecall from VS mode (sepc already past it). */
void riscv64_handle_sbi(struct per_cpu *c, struct trap_frame *f);

/* sbi_cell.c: an ecall from VS mode of a cell other than the root. */
void riscv64_cell_sbi(struct per_cpu *c, struct trap_frame *f);

/* irq.c: vCPU 0 of a cell (re)starts: its physical PLIC sources routed. */
void riscv64_vcpu_irqs_start(struct vcpu *v);

/* timer.c: the timebase (Hz, from the platform config); 0 or -EINVAL. */
int riscv64_timer_init(u64 timebase_hz);
u64 riscv64_ms_to_ticks(u64 ms);
/* timer.c: the wait of a guest's trapped WFI (at HS, until an interrupt). */
void riscv64_guest_wfi(struct per_cpu *c);
/*
 * A retentive SBI HSM suspend of the vCPU on c: the wait of a trapped
 * WFI (what the guest enabled wakes it, its guest file under AIA too),
 * ended by deadline_ms at the latest.
 */
void riscv64_guest_suspend(struct per_cpu *c, u64 deadline_ms);

/*
 * traps.c: the HS interrupt irq (IRQ_S_*) of the calling hart, pending
 * now: a kick, a physical external interrupt, the hypervisor's deadline.
 */
void riscv64_take_interrupt(struct per_cpu *c, u64 irq);

/* traps.c: enters the guest's trap handler (vstvec) with cause and tval. */
void riscv64_inject(struct trap_frame *f, u64 cause, u64 tval);

#endif
