/* Test guest probing loads and fetches on arm64: a fault on the marked load or the branch target returns 1 instead. */

	.text
/* int probe_loadN(uintptr_t addr, uint64_t *val): 0 = loaded, 1 = faulted */
.macro probe name, insn, reg
	.global	\name
\name:
	.pushsection .rodata.probe, "a"
	.quad	1f - .
	.popsection
1:	\insn	\reg, [x0]
	str	x2, [x1]
	mov	w0, #0
	ret
.endm

	.pushsection .rodata.probe, "a"
	.balign	8
	.global	probe_table
probe_table:
	.popsection
	probe	probe_load8, ldrb, w2
	probe	probe_load16, ldrh, w2
	probe	probe_load32, ldr, w2
	probe	probe_load64, ldr, x2
	.pushsection .rodata.probe, "a"
	.global	probe_table_end
probe_table_end:
	.popsection

/* Where a faulting probe resumes (x30 still returns to the caller). */
	.global	probe_fixup
probe_fixup:
	mov	w0, #1
	ret

/*
 * int probe_exec(uintptr_t addr): branches to addr. A fault on the fetch
 * resumes at probe_exec_fixup (exception.c): 1; 0 if addr returned.
 */
	.global	probe_exec
probe_exec:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	blr	x0
	mov	w0, #0
	b	1f
	.global	probe_exec_fixup
probe_exec_fixup:
	mov	w0, #1
1:	ldp	x29, x30, [sp], #16
	ret
