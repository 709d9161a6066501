/* EL2 entry: image header, entry vectors, trap vectors, cold CPU entry, exit to Linux. */
#include <asm/hvisor_call.h>
#include <hv/layout.h>

#include <generated/asm-defines.h>
#define R_AARCH64_RELATIVE 1027

	.section .header, "a"
	.global hvisor_header
hvisor_header:
	.ascii "HVISORIM"
	.word 2				/* abi: HVISOR_IMAGE_ABI */
	.word 48			/* header_size */
	.quad __core_size
	.quad __entry_offset		/* entry: the entry vectors */
	.word MAX_CPUS			/* max_cpus */
	.word 0				/* config_size (driver) */
	.word 0				/* online_cpus (driver) */
	.word 0

	.text

/* Load the address of a symbol, PC-relative. */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* x0 <- per_cpu(cpu in \cpu); clobbers \tmp. */
.macro percpu_base dst, cpu, tmp
	adr_l	\dst, per_cpu_data
	mov	\tmp, #PERCPU_SIZE
	madd	\dst, \cpu, \tmp, \dst
.endm

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #FRAME_ELR]
	mrs	x0, esr_el2
	str	x0, [sp, #FRAME_ESR]
.endm

/* Restores the guest from the frame at x0 and returns to it. */
	.global frame_return
frame_return:
	ldp	x1, x2, [x0, #FRAME_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
	isb

/*
 * Applies R_AARCH64_RELATIVE relocations for the load address (the image is
 * linked at 0). Idempotent. Clobbers x9-x13.
 */
apply_relocs:
	adr_l	x9, __rela_start
	adr_l	x10, __rela_end
	adr_l	x11, hvisor_header		/* load base */
1:	cmp	x9, x10
	b.hs	2f
	ldp	x12, x13, [x9]			/* r_offset, r_info */
	cmp	x13, #R_AARCH64_RELATIVE
	b.ne	3f
	ldr	x13, [x9, #16]			/* r_addend */
	add	x13, x13, x11
	str	x13, [x11, x12]
3:	add	x9, x9, #24
	b	1b
2:	ret

/*
 * Entry vectors, installed with HVC_SET_VECTORS. hvc #0 with
 * x0 = HVISOR_ENTER_MAGIC, x1 = stub vectors PA, x2 = CPU id.
 */
	.balign 2048
	.global init_vectors
init_vectors:
	.rept 8
	b	.
	.balign 0x80
	.endr
	/* 0x400: lower EL, AArch64, synchronous */
	b	init_sync
	.balign 0x80
	.rept 7
	b	.
	.balign 0x80
	.endr

init_sync:
	mrs	x9, esr_el2
	lsr	x9, x9, #26
	cmp	x9, #0x16			/* HVC64 */
	b.ne	init_refuse
	ldr	x9, =HVISOR_ENTER_MAGIC
	cmp	x0, x9
	b.eq	init_enter
	cmp	x0, #HVISOR_HVC_SET_VECTORS		/* behave like the stub */
	b.ne	init_refuse
	msr	vbar_el2, x1
	mov	x0, #0
	eret
init_refuse:
	ldr	x0, =HVISOR_HVC_STUB_ERR
	eret

init_enter:
	cmp	x2, #MAX_CPUS
	b.hs	init_bad_cpu
	percpu_base x9, x2, x10
	add	sp, x9, #PERCPU_STACK_SIZE
	save_frame
	bl	apply_relocs
	ldr	x1, [sp, #8]			/* stub vectors */
	adr_l	x9, arm64_stub_vectors
	str	x1, [x9]
	ldr	x0, [sp, #16]			/* cpu id */
	bl	hv_cpu_entry
	str	x0, [sp, #0]			/* result into guest x0 */
	b	trap_return
init_bad_cpu:
	mov	x0, #-22			/* -EINVAL */
	eret

/*
 * Cold entry of a CPU started by the hypervisor through PSCI CPU_ON:
 * MMU off, x0 = CPU id. Continues into the root's entry point at EL1.
 */
	.global hv_cold_entry
hv_cold_entry:
	cmp	x0, #MAX_CPUS
	b.hs	.
	mov	x20, x0
	percpu_base x9, x20, x10
	add	sp, x9, #PERCPU_STACK_SIZE
	sub	sp, sp, #FRAME_SIZE
	mov	x0, sp
	mov	x1, x20
	bl	arm64_cpu_resume		/* fills the frame */
	b	trap_return

/* Main vectors, active while the hypervisor runs. */
	.balign 2048
	.global hyp_vectors
hyp_vectors:
	.rept 4					/* current EL, SP0 */
	b	.
	.balign 0x80
	.endr
	/* current EL, SPx: a fault in the hypervisor itself */
	save_frame
	mov	x0, sp
	bl	arch_handle_hyp_fault
	b	.
	.balign 0x80
	save_frame
	mov	x0, sp
	bl	arch_handle_hyp_irq
	b	trap_return
	.balign 0x80
	b	.
	.balign 0x80
	b	.
	.balign 0x80
	/* lower EL, AArch64 */
	save_frame
	mov	x0, sp
	bl	arch_handle_trap
	b	trap_return
	.balign 0x80
	save_frame
	mov	x0, sp
	bl	arch_handle_irq
	b	trap_return
	.balign 0x80
	b	.
	.balign 0x80
	save_frame
	mov	x0, sp
	bl	arch_handle_serror
	b	trap_return
	.balign 0x80
	.rept 4					/* lower EL, AArch32 */
	b	.
	.balign 0x80
	.endr

trap_return:
	mov	x0, sp
	add	sp, sp, #FRAME_SIZE
	b	frame_return

/*
 * Contains a fault taken at EL2 to the guest of the current exit: x0 = its
 * frame (at the top of the stack). The stack restarts just below it, so
 * nothing of the faulting code's frames is used again.
 */
	.global arm64_contain_fault
arm64_contain_fault:
	mov	sp, x0
	bl	arch_contain_hyp_fault
	b	trap_return

/*
 * Leaves the hypervisor on this CPU: x0 = frame, x1 = SCTLR_EL2 and
 * x2 = VBAR_EL2 that Linux had. Turns the MMU off and returns to the guest.
 */
	.global el2_exit_to_linux
el2_exit_to_linux:
	msr	sctlr_el2, x1
	isb
	tlbi	alle2
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	msr	vbar_el2, x2
	isb
	b	frame_return

	.ltorg
