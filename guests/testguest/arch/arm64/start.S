/* Test guest entry on arm64: relocate, clear bss, per-vCPU stacks; primary and secondary entry. */
#include "platform.h"

	.section .text.start, "ax"
	.global _start
_start:
	/* apply R_AARCH64_RELATIVE relocations for the load address */
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
5:	adrp	x9, cpu_stacks
	add	x9, x9, :lo12:cpu_stacks
	mov	x10, #PLAT_STACK_SIZE
	add	sp, x9, x10
	bl	arch_primary_entry
6:	wfi
	b	6b

/* PSCI CPU_ON target: x0 = vCPU id (the context), MMU off, EL1. */
	.text
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	bl	mmu_enable
	cmp	x19, #PLAT_MAX_VCPUS
	b.hs	6b
	adrp	x9, cpu_stacks
	add	x9, x9, :lo12:cpu_stacks
	mov	x10, #PLAT_STACK_SIZE
	madd	x9, x19, x10, x9
	add	sp, x9, x10
	mov	x0, x19
	bl	arch_secondary_entry
	b	6b

	.section .bss.stacks, "aw", %nobits
	.balign	16
cpu_stacks:
	.space	PLAT_MAX_VCPUS * PLAT_STACK_SIZE
