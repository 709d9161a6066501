/* Test guest entry on riscv64 (S or VS mode, satp 0): relocate, clear bss, per-vCPU stacks, the trap vector; primary and secondary entry. */
#include <asm/hvisor_call.h>

#include "platform.h"

#define R_RISCV_RELATIVE 3
#define FRAME_SIZE (32 * 8) /* x1-x31, sepc */

	.option norvc
	.section .text.start, "ax"
	.global _start
_start:
	/* a0 = hart id, a1 = DTB or argument: kept in s0/s1 */
	mv	s0, a0
	mv	s1, a1
	csrw	sie, zero
	csrci	sstatus, 2
	/* apply R_RISCV_RELATIVE relocations for the load address */
	lla	t0, __rela_start
	lla	t1, __rela_end
	lla	t2, _start
1:	bgeu	t0, t1, 2f
	ld	t3, 8(t0)
	li	t4, R_RISCV_RELATIVE
	bne	t3, t4, 3f
	ld	t3, 0(t0)
	ld	t4, 16(t0)
	add	t3, t3, t2
	add	t4, t4, t2
	sd	t4, 0(t3)
3:	addi	t0, t0, 24
	j	1b
2:	fence.i
	lla	t0, __bss_start
	lla	t1, __bss_end
4:	bgeu	t0, t1, 5f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	4b
5:	lla	sp, cpu_stacks
	li	t0, PLAT_STACK_SIZE
	add	sp, sp, t0
	li	tp, 0			/* tp = vCPU id */
	lla	t0, trap_vector
	csrw	stvec, t0
	mv	a0, s0
	mv	a1, s1
	call	arch_primary_entry
6:	wfi
	j	6b

/* SBI HSM hart_start target: a0 = hart id, a1 = vCPU id, satp 0. */
	.text
	.global secondary_entry
secondary_entry:
	csrw	sie, zero
	li	t0, PLAT_MAX_VCPUS
	bgeu	a1, t0, 6b
	lla	sp, cpu_stacks
	li	t0, PLAT_STACK_SIZE
	addi	t1, a1, 1
	mul	t1, t1, t0
	add	sp, sp, t1
	mv	tp, a1
	lla	t0, trap_vector
	csrw	stvec, t0
	mv	a0, a1
	call	arch_secondary_entry
	j	6b

/* Every trap of the guest (direct mode): frame on the current stack. */
	.balign	4
	.global	trap_vector
trap_vector:
	addi	sp, sp, -FRAME_SIZE
	sd	x1, 0 * 8(sp)
	sd	x3, 2 * 8(sp)
	sd	x4, 3 * 8(sp)
	sd	x5, 4 * 8(sp)
	sd	x6, 5 * 8(sp)
	sd	x7, 6 * 8(sp)
	sd	x8, 7 * 8(sp)
	sd	x9, 8 * 8(sp)
	sd	x10, 9 * 8(sp)
	sd	x11, 10 * 8(sp)
	sd	x12, 11 * 8(sp)
	sd	x13, 12 * 8(sp)
	sd	x14, 13 * 8(sp)
	sd	x15, 14 * 8(sp)
	sd	x16, 15 * 8(sp)
	sd	x17, 16 * 8(sp)
	sd	x18, 17 * 8(sp)
	sd	x19, 18 * 8(sp)
	sd	x20, 19 * 8(sp)
	sd	x21, 20 * 8(sp)
	sd	x22, 21 * 8(sp)
	sd	x23, 22 * 8(sp)
	sd	x24, 23 * 8(sp)
	sd	x25, 24 * 8(sp)
	sd	x26, 25 * 8(sp)
	sd	x27, 26 * 8(sp)
	sd	x28, 27 * 8(sp)
	sd	x29, 28 * 8(sp)
	sd	x30, 29 * 8(sp)
	sd	x31, 30 * 8(sp)
	addi	t0, sp, FRAME_SIZE
	sd	t0, 1 * 8(sp)		/* x2 as it was */
	csrr	t0, sepc
	sd	t0, 31 * 8(sp)
	mv	a0, sp
	call	arch_trap
	ld	t0, 31 * 8(sp)
	csrw	sepc, t0
	ld	x1, 0 * 8(sp)
	ld	x3, 2 * 8(sp)
	ld	x4, 3 * 8(sp)
	ld	x5, 4 * 8(sp)
	ld	x6, 5 * 8(sp)
	ld	x7, 6 * 8(sp)
	ld	x8, 7 * 8(sp)
	ld	x9, 8 * 8(sp)
	ld	x10, 9 * 8(sp)
	ld	x11, 10 * 8(sp)
	ld	x12, 11 * 8(sp)
	ld	x13, 12 * 8(sp)
	ld	x14, 13 * 8(sp)
	ld	x15, 14 * 8(sp)
	ld	x16, 15 * 8(sp)
	ld	x17, 16 * 8(sp)
	ld	x18, 17 * 8(sp)
	ld	x19, 18 * 8(sp)
	ld	x20, 19 * 8(sp)
	ld	x21, 20 * 8(sp)
	ld	x22, 21 * 8(sp)
	ld	x23, 22 * 8(sp)
	ld	x24, 23 * 8(sp)
	ld	x25, 24 * 8(sp)
	ld	x26, 25 * 8(sp)
	ld	x27, 26 * 8(sp)
	ld	x28, 27 * 8(sp)
	ld	x29, 28 * 8(sp)
	ld	x30, 29 * 8(sp)
	ld	x31, 30 * 8(sp)
	addi	sp, sp, FRAME_SIZE
	sret

/* struct sbiret sbi_call(ext, fid, a0, a1, a2) */
	.global	sbi_call
sbi_call:
	mv	a7, a0
	mv	a6, a1
	mv	a0, a2
	mv	a1, a3
	mv	a2, a4
	ecall
	ret

/* long hvisor_hypercall(code, a1, a2, a3): the hvisor SBI extension, a6 = code */
	.global	hvisor_hypercall
hvisor_hypercall:
	li	a7, HVISOR_SBI_EXT
	mv	a6, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	ecall
	ret

	.section .bss.stacks, "aw", %nobits
	.balign	16
cpu_stacks:
	.space	PLAT_MAX_VCPUS * PLAT_STACK_SIZE
