/*
 * Boot stub of a Linux cell: enters the kernel as arm64's boot protocol wants.
 *
 * The hypervisor starts a cell's first vCPU at the config's entry with
 * x0 = 0, EL1, MMU and caches off; Linux needs x0 = the DTB's address and
 * x1-x3 = 0. `hvisor cell linux` loads this stub at the entry with the two
 * addresses patched into its literals. The CLI holds the same machine code
 * as words (tools/linux/arch/arm64.c); the unit test test_dtb_cell assembles this
 * file and compares. The page that holds the stub is in the DTB's reserve
 * map, so Linux leaves it alone.
 *
 * A second run means the cell was reset (PSCI SYSTEM_RESET, e.g. `reboot`):
 * the kernel's memory is no longer as loaded, so the stub powers the cell
 * off (PSCI SYSTEM_OFF) instead of entering it; `hvisor cell linux` boots
 * it again.
 */
	.text
	.globl	_start
_start:
	adr	x5, ran
	ldr	w6, [x5]
	cbnz	w6, again
	mov	w6, #1
	str	w6, [x5]		/* MMU off: goes straight to memory */
	ldr	x0, dtb
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x4, kernel
	br	x4
again:
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16	/* PSCI SYSTEM_OFF */
	smc	#0
	b	again
ran:	.word	0			/* offset 0x3c */
	.balign	8
dtb:	.quad	0			/* offset 0x40, patched by the CLI */
kernel:	.quad	0			/* offset 0x48, patched by the CLI */
