/* riscv64 HS-mode entry: image header, the entry from the driver, the trap vector, the cold entry of a hart, the return to a guest. */
#include <asm/hvisor_call.h>
#include <hv/layout.h>

#include <generated/asm-defines.h>
#define R_RISCV_RELATIVE 3

	.section .header, "a"
	.global hvisor_header
hvisor_header:
	.ascii "HVISORIM"
	.word 2				/* abi: HVISOR_IMAGE_ABI */
	.word 48			/* header_size */
	/*
	 * Differences, resolved at link time: ld 2.40 would turn the
	 * absolute __core_size into a load-address relocation in a PIE.
	 */
	.quad __core_end - hvisor_header	/* core_size */
	.quad hv_entry - hvisor_header	/* entry */
	.word MAX_CPUS			/* max_cpus */
	.word 0				/* config_size (driver) */
	.word 0				/* online_cpus (driver) */
	.word 0

	.text

/* x1 and x3-x31 to / from the frame at sp (x2, sp itself, is saved apart). */
.macro save_gprs
	sd	x1, 8(sp)
	.irp n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, (\n * 8)(sp)
	.endr
.endm

.macro restore_gprs
	ld	x1, 8(sp)
	.irp n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, (\n * 8)(sp)
	.endr
.endm

/* The trap CSRs into the frame at sp; clobbers t0. */
.macro save_trap_csrs
	csrr	t0, sepc
	sd	t0, FRAME_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, FRAME_SSTATUS(sp)
	csrr	t0, hstatus
	sd	t0, FRAME_HSTATUS(sp)
	csrr	t0, scause
	sd	t0, FRAME_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, FRAME_STVAL(sp)
	csrr	t0, htval
	sd	t0, FRAME_HTVAL(sp)
	csrr	t0, htinst
	sd	t0, FRAME_HTINST(sp)
.endm

/*
 * \pc <- per_cpu(\cpu), \frame <- its frame at the top of its stack;
 * \cpu < MAX_CPUS. PC-relative only: usable before relocation.
 */
.macro percpu_frame pc, frame, cpu
	li	\pc, PERCPU_SIZE
	mul	\pc, \pc, \cpu
	lla	\frame, per_cpu_data
	add	\pc, \pc, \frame
	li	\frame, PERCPU_STACK_SIZE - FRAME_SIZE
	add	\frame, \pc, \frame
.endm

/*
 * Applies R_RISCV_RELATIVE relocations for the load address (the image is
 * linked at 0). Idempotent. Clobbers t0-t4.
 */
apply_relocs:
	lla	t0, __rela_start
	lla	t1, __rela_end
	lla	t2, hvisor_header		/* load base */
1:	bgeu	t0, t1, 3f
	ld	t3, 8(t0)			/* r_info */
	li	t4, R_RISCV_RELATIVE
	bne	t3, t4, 2f
	ld	t3, 0(t0)			/* r_offset */
	ld	t4, 16(t0)			/* r_addend */
	add	t3, t3, t2
	add	t4, t4, t2
	sd	t4, 0(t3)
2:	addi	t0, t0, 24
	j	1b
3:	ret

/*
 * The entry from the driver (include/arch/riscv64/asm/hvisor_call.h): HS
 * mode, translation off, at the image's PA, sepc = where Linux resumes;
 * a0-a4 as the protocol says, t0-t1 not preserved.
 */
	.balign 4
	.global hv_entry
hv_entry:
	li	t0, MAX_CPUS
	bgeu	a3, t0, hv_entry_bad_cpu
	percpu_frame t0, t1, a3
	sd	sp, 16(t1)
	mv	sp, t1
	save_gprs
	save_trap_csrs
	csrw	sscratch, zero			/* in the hypervisor */
	li	t0, PERCPU_STACK_SIZE - FRAME_SIZE
	sub	tp, sp, t0			/* this_cpu() */
	call	apply_relocs
	mv	a0, sp
	call	riscv64_entry
	sd	a0, (10 * 8)(sp)		/* the result in Linux's a0 */
	j	trap_return
/*
 * Back to Linux in HS mode with -EINVAL: the reverse stvec trick. With
 * stvec = the resume address (a Linux VA) and Linux's satp back, the next
 * fetch faults and lands there; the driver restores its stvec.
 */
hv_entry_bad_cpu:
	mv	t1, a0				/* Linux's satp */
	li	a0, -22				/* -EINVAL */
	csrr	t0, sepc
	csrw	stvec, t0
	csrw	satp, t1
	j	.				/* not reached: the fetch faults */

/*
 * The trap vector (stvec, direct mode). sscratch is the frame of this CPU
 * while a guest runs and 0 while the hypervisor does.
 */
	.balign 4
	.global hv_trap_vector
hv_trap_vector:
	csrrw	sp, sscratch, sp
	beqz	sp, hv_self_trap
	save_gprs
	csrr	t0, sscratch
	sd	t0, 16(sp)			/* the guest's sp */
	csrw	sscratch, zero
	save_trap_csrs
	li	t0, PERCPU_STACK_SIZE - FRAME_SIZE
	sub	tp, sp, t0
	mv	a0, sp
	call	riscv64_handle_trap
	j	trap_return

/* A trap of the hypervisor itself: a frame on its own stack. */
hv_self_trap:
	csrrw	sp, sscratch, sp		/* sp back, sscratch 0 again */
	addi	sp, sp, -FRAME_SIZE
	save_gprs
	addi	t0, sp, FRAME_SIZE
	sd	t0, 16(sp)
	save_trap_csrs
	mv	a0, sp
	call	riscv64_handle_trap
	j	.

/*
 * Cold entry of a hart the hypervisor started (SBI HSM hart_start):
 * HS mode, translation off, a0 = hart id, a1 = CPU id.
 */
	.balign 4
	.global hv_cold_entry
hv_cold_entry:
	li	t0, MAX_CPUS
	bgeu	a1, t0, 1f
	percpu_frame t0, t1, a1
	mv	tp, t0
	mv	sp, t1
	csrw	sscratch, zero
	mv	a2, a1
	mv	a1, a0
	mv	a0, sp
	call	riscv64_cpu_resume		/* fills the frame */
	j	trap_return
1:	wfi
	j	1b

/* Restores the guest from the frame at sp and returns to it. */
trap_return:
	ld	t0, FRAME_SEPC(sp)
	csrw	sepc, t0
	ld	t0, FRAME_SSTATUS(sp)
	csrw	sstatus, t0
	ld	t0, FRAME_HSTATUS(sp)
	csrw	hstatus, t0
	csrw	sscratch, sp			/* the next trap's frame */
	restore_gprs
	ld	sp, 16(sp)
	sret

/*
 * riscv64_return_hs(frame, satp): back to Linux in HS mode by the reverse
 * stvec trick, with every register of the frame but t0 and t1 (the entry
 * protocol's scratch registers). stvec = the frame's sepc (a Linux VA,
 * 4-byte aligned), then Linux's satp: the next fetch, at a hypervisor PA
 * Linux does not map for the kernel, faults and lands there in HS mode.
 */
	.balign 4
	.global riscv64_return_hs
riscv64_return_hs:
	mv	sp, a0
	mv	t1, a1
	ld	t0, FRAME_SEPC(sp)
	csrw	stvec, t0
	ld	x1, 8(sp)
	.irp n, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, (\n * 8)(sp)
	.endr
	ld	sp, 16(sp)
	csrw	satp, t1
	j	.				/* not reached: the fetch faults */
