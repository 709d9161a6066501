/* Test guest entry on arm64: relocate, clear bss, set the stack, call guest_main. */
	.section .text.start, "ax"
	.global _start
_start:
	adrp	x9, __rela_start
	add	x9, x9, :lo12:__rela_start
	adrp	x10, __rela_end
	add	x10, x10, :lo12:__rela_end
	adr	x11, _start
1:	cmp	x9, x10
	b.hs	2f
	ldp	x12, x13, [x9]
	cmp	x13, #1027			/* R_AARCH64_RELATIVE */
	b.ne	3f
	ldr	x13, [x9, #16]
	add	x13, x13, x11
	str	x13, [x11, x12]
3:	add	x9, x9, #24
	b	1b
2:	adrp	x9, __bss_start
	add	x9, x9, :lo12:__bss_start
	adrp	x10, __bss_end
	add	x10, x10, :lo12:__bss_end
4:	cmp	x9, x10
	b.hs	5f
	str	xzr, [x9], #8
	b	4b
5:	adrp	x9, __stack_top
	add	sp, x9, :lo12:__stack_top
	bl	guest_main
6:	wfi
	b	6b
