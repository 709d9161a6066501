/* riscv64 arch internals shared by its files: the way back to HS-mode Linux, the SBI handler of guest ecalls, fault injection. */
#ifndef ASM_RISCV64_H
#define ASM_RISCV64_H

#include <hv/types.h>

struct cell;
struct hvisor_system;
struct per_cpu;
struct trap_frame;

/*
 * The PLIC (asm/plic.h has the whole interface): set up for the
 * hypervisor from arch_global_init, the root's filter from
 * arch_cell_init, given back from arch_cell_exit. plic_fallback.c has weak
 * stand-ins until the filter is built in.
 */
int riscv64_plic_init(const struct hvisor_system *sys);
int riscv64_plic_cell_init(struct cell *cell);
void riscv64_plic_cell_exit(struct cell *cell);

/*
 * entry.S: to Linux in HS mode at f->sepc (4-byte aligned) with f's
 * registers (t0, t1 clobbered) and its satp, by the reverse stvec trick.
 */
void riscv64_return_hs(struct trap_frame *f, u64 satp) __noreturn;

/* sbi.c: an ecall from VS mode (sepc already past it). */
void riscv64_handle_sbi(struct per_cpu *c, struct trap_frame *f);

/* traps.c: enters the guest's trap handler (vstvec) with cause and tval. */
void riscv64_inject(struct trap_frame *f, u64 cause, u64 tval);

#endif
