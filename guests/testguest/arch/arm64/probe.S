/* Test guest probing loads on arm64: a fault on the marked load returns 1 instead. */

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
