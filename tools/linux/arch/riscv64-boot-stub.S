/*
 * Boot stub of a riscv64 Linux cell: enters the kernel as the RISC-V boot protocol wants.
 *
 * The hypervisor starts a cell's vCPU 0 at the config's entry in VS mode
 * with a0 = 0 (its hart id), a1 = 0, vsatp = 0 and interrupts off; Linux
 * needs a0 = the boot hart's id (the DTB's cpu@0) and a1 = the DTB's
 * address. `hvisor cell linux` loads this stub at the entry with the two
 * addresses patched into its literals (8-byte aligned: the entry is). The
 * CLI holds the same machine code as words (tools/linux/arch/riscv64.c);
 * the unit test test_dtb_cell_riscv64 assembles this file and compares.
 * The page that holds the stub is in the DTB's reserve map.
 *
 * A second run means the cell was reset (SBI SRST warm or cold reboot):
 * the kernel's memory is no longer as loaded, so the stub powers the cell
 * off (SBI SRST shutdown) instead of entering it.
 */
	.option	norvc
	.equ	RAN, 0x48
	.equ	DTB, 0x50
	.equ	KERNEL, 0x58
	.text
	.globl	_start
_start:
	auipc	t0, 0			/* t0 = the stub: position independent */
	lw	t1, RAN(t0)
	bnez	t1, again
	li	t1, 1
	sw	t1, RAN(t0)
	fence.i				/* fetch the kernel as loaded */
	li	a0, 0			/* hart id 0 */
	ld	a1, DTB(t0)
	ld	t2, KERNEL(t0)
	jr	t2
again:
	li	a7, 0x53525354		/* SBI extension SRST */
	li	a6, 0			/* system_reset */
	li	a0, 0			/* type: shutdown */
	li	a1, 0			/* reason: none */
	ecall
1:	wfi
	j	1b
ran:	.word	0			/* 0x48: 0 until the first run */
	.word	0
dtb:	.dword	0			/* 0x50 */
kernel:	.dword	0			/* 0x58 */
