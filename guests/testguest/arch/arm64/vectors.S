/* Test guest EL1 exception vectors on arm64: save the frame, call C, return. */

#define FRAME_SIZE (34 * 8) /* x0-x30, elr, spsr, padding */

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x21, elr_el1
	mrs	x22, spsr_el1
	stp	x30, x21, [sp, #16 * 15]
	str	x22, [sp, #16 * 16]
.endm

.macro restore_frame
	ldp	x30, x21, [sp, #16 * 15]
	ldr	x22, [sp, #16 * 16]
	msr	elr_el1, x21
	msr	spsr_el1, x22
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #FRAME_SIZE
.endm

/* A vector slot is 0x80 bytes: each one branches to its handler below. */
.macro vector target
	.balign	0x80
	b	\target
.endm

	.text
	.balign	0x800
	.global	el1_vectors
el1_vectors:
	/* current EL with SP_EL0 */
	vector	bad_sync_sp0
	vector	bad_irq_sp0
	vector	bad_fiq_sp0
	vector	bad_serror_sp0
	/* current EL with SP_EL1: the guest's own exceptions */
	vector	sync_handler
	vector	irq_handler
	vector	bad_fiq
	vector	bad_serror
	/* lower EL, AArch64 and AArch32: never used */
	vector	bad_sync_lower
	vector	bad_irq_lower
	vector	bad_fiq_lower
	vector	bad_serror_lower
	vector	bad_sync_32
	vector	bad_irq_32
	vector	bad_fiq_32
	vector	bad_serror_32

sync_handler:
	save_frame
	mov	x0, sp
	bl	arch_sync_exception
	restore_frame
	eret

irq_handler:
	save_frame
	bl	arch_irq_exception
	restore_frame
	eret

/* Every unexpected kind: report it (kind in x1) and never return. */
.macro bad name, kind
\name:
	save_frame
	mov	x0, sp
	mov	x1, #\kind
	bl	arch_bad_exception
	b	.
.endm

	bad	bad_sync_sp0, 0
	bad	bad_irq_sp0, 1
	bad	bad_fiq_sp0, 2
	bad	bad_serror_sp0, 3
	bad	bad_fiq, 6
	bad	bad_serror, 7
	bad	bad_sync_lower, 8
	bad	bad_irq_lower, 9
	bad	bad_fiq_lower, 10
	bad	bad_serror_lower, 11
	bad	bad_sync_32, 12
	bad	bad_irq_32, 13
	bad	bad_fiq_32, 14
	bad	bad_serror_32, 15
