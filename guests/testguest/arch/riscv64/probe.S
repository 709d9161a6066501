/* Test guest probing instructions on riscv64: a trap on a marked instruction returns 1 instead. */

	.option norvc
	.text
/* int probe_loadN(uintptr_t addr, uint64_t *val): 0 = loaded, 1 = trapped */
.macro probe name, insn
	.global	\name
	.global	\name\()_insn
\name:
\name\()_insn:
	\insn	a2, 0(a0)
	sd	a2, 0(a1)
	li	a0, 0
	ret
.endm

	probe	probe_load8, lbu
	probe	probe_load16, lhu
	probe	probe_load32, lwu
	probe	probe_load64, ld

/* int probe_csr_stimecmp(void): 0 = the CSR reads, 1 = it trapped */
	.global	probe_csr_stimecmp
	.global	probe_csr_stimecmp_insn
probe_csr_stimecmp:
probe_csr_stimecmp_insn:
	csrr	a1, 0x14d
	li	a0, 0
	ret

/* Where a trapping probe resumes (ra still returns to the caller). */
	.global	probe_resume
probe_resume:
	li	a0, 1
	ret

/*
 * int probe_exec(uintptr_t addr): jumps to addr. A fault on that fetch
 * resumes at probe_exec_fixup (exception.c): 1; 0 if the code at addr
 * returned.
 */
	.global	probe_exec
probe_exec:
	addi	sp, sp, -16
	sd	ra, 0(sp)
	jalr	ra, 0(a0)
	li	a0, 0
	j	1f
	.global	probe_exec_fixup
probe_exec_fixup:
	li	a0, 1
1:	ld	ra, 0(sp)
	addi	sp, sp, 16
	ret
