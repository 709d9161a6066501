/* RISC-V: the driver's two hand-overs by the stvec trick, into the hypervisor and (DISABLE) back, with their landing code (include/arch/riscv64/asm/hvisor_call.h). */
#include <linux/linkage.h>
#include <asm/hvisor_call.h>

#define HC_DISABLE 0 /* HVISOR_HC_DISABLE (checked in entry.c) */

	.text
	.option push
	/* 4-byte instructions only: the landing addresses are stvec values */
	.option norvc
	.balign 4

/*
 * long hvisor_riscv_enter(satp, stvec, sscratch, cpu, hart, entry_pa),
 * interrupts off. stvec = the entry, satp = 0: the next fetch faults into
 * the hypervisor with sepc = 1f. It returns there in VS mode with a0 = 0,
 * or in HS mode with a0 = -errno (then stvec = 1f: put Linux's back, and
 * drop TLB entries of the time without translation). a1 (Linux's stvec) is
 * preserved by the protocol, t0 and t1 are not.
 */
SYM_FUNC_START(hvisor_riscv_enter)
	fence.i
	csrw	stvec, a5
	csrw	satp, zero
1:	csrw	stvec, a1
	sfence.vma
	ret
SYM_FUNC_END(hvisor_riscv_enter)

/*
 * long hvisor_riscv_disable(void), interrupts off: HVISOR_HC_DISABLE. In VS
 * mode stvec reads vstvec, Linux's handler. On success the hypervisor
 * returns to HS mode by the reverse trick at the instruction after the
 * ecall (stvec = it): Linux's stvec goes back and the TLB is flushed
 * (entries of HS mode from before the enable may be stale). A refused
 * DISABLE returns there in VS mode, where both are harmless.
 */
SYM_FUNC_START(hvisor_riscv_disable)
	csrr	t2, stvec
	li	a7, HVISOR_SBI_EXT
	li	a6, HC_DISABLE
	ecall
	csrw	stvec, t2
	sfence.vma
	ret
SYM_FUNC_END(hvisor_riscv_disable)

	.option pop
