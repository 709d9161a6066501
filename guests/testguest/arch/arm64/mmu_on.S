/* Test guest MMU switch-on on arm64 (leaf, no stack: secondaries call it first). */

#define MAIR_VALUE 0xff00 /* attr 0 Device-nGnRnE, attr 1 Normal WB RW-alloc */
#define TCR_T0SZ 25 /* 39-bit VA: walk starts at level 1 */
#define TCR_LOW (TCR_T0SZ | 1 << 8 | 1 << 10 | 3 << 12) /* WB WA, inner shareable */
#define TCR_EPD1 (1 << 23) /* no TTBR1 walks */
#define SCTLR_M (1 << 0)
#define SCTLR_A (1 << 1)
#define SCTLR_C (1 << 2)
#define SCTLR_I (1 << 12)
#define SCTLR_WXN (1 << 19)

	.text
	.global	mmu_enable
mmu_enable:
	mov	x1, #MAIR_VALUE
	msr	mair_el1, x1
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #7		/* PARange */
	mov	x3, #5			/* 48 bits at most with 4K pages */
	cmp	x2, x3
	csel	x2, x2, x3, ls
	lsl	x2, x2, #32		/* TCR_EL1.IPS */
	mov	x1, #TCR_LOW
	orr	x1, x1, #TCR_EPD1
	orr	x1, x1, x2
	msr	tcr_el1, x1
	adrp	x0, mmu_l1
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x1, sctlr_el1
	orr	x1, x1, #SCTLR_M
	orr	x1, x1, #SCTLR_C
	orr	x1, x1, #SCTLR_I
	bic	x1, x1, #SCTLR_A
	bic	x1, x1, #SCTLR_WXN
	msr	sctlr_el1, x1
	isb
	ic	iallu
	dsb	nsh
	isb
	ret
