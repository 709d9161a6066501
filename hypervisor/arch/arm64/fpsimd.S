/* FP/SIMD state of a vCPU that starts: all zero (the C code is built without FP registers). */
	.arch_extension fp
	.arch_extension simd

	.text
	.global arm64_fpsimd_clear
arm64_fpsimd_clear:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	movi	v\n\().2d, #0
	.endr
	msr	fpcr, xzr
	msr	fpsr, xzr
	ret
