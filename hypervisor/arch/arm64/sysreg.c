/* Trapped system registers and instructions of a cell: set/way cache maintenance, debug, PMU, RAS, ACTLR, the rest undefined (docs/traps.md). */
#include <hv/percpu.h>
#include <asm/processor.h>
#include <asm/sysregs.h>
#include <asm/traps.h>

/* Fields of the ISS of EC 0x18 (MSR, MRS, SYS). */
#define SYS_OP0(iss) (((iss) >> 20) & 3)
#define SYS_OP2(iss) (((iss) >> 17) & 7)
#define SYS_OP1(iss) (((iss) >> 14) & 7)
#define SYS_CRN(iss) (((iss) >> 10) & 0xf)
#define SYS_RT(iss) (((iss) >> 5) & 0x1f)
#define SYS_CRM(iss) (((iss) >> 1) & 0xf)
#define SYS_READ(iss) ((iss)&1)

#define SYS_ENC(op0, op1, crn, crm, op2) \
	((op0) << 16 | (op1) << 12 | (crn) << 8 | (crm) << 4 | (op2))

enum sys_answer {
	SYS_UNDEF, /* what an EL1 sees for a register it does not have */
	SYS_RAZ_WI,
	SYS_SET_WAY, /* done as clean and invalidate by set/way */
};

static enum sys_answer classify(u64 iss)
{
	unsigned int op0 = SYS_OP0(iss), op1 = SYS_OP1(iss), crn = SYS_CRN(iss),
		     crm = SYS_CRM(iss), op2 = SYS_OP2(iss);

	switch (SYS_ENC(op0, op1, crn, crm, op2)) {
	case SYS_ENC(1, 0, 7, 6, 2): /* DC ISW */
	case SYS_ENC(1, 0, 7, 10, 2): /* DC CSW */
	case SYS_ENC(1, 0, 7, 14, 2): /* DC CISW */
		return SYS_SET_WAY;
	case SYS_ENC(3, 0, 1, 0, 1): /* ACTLR_EL1: IMPLEMENTATION DEFINED */
	case SYS_ENC(3, 3, 9, 14, 0): /* PMUSERENR_EL0: EL0 has no PMU */
		return SYS_RAZ_WI;
	}
	/*
	 * Debug registers (MDCR_EL2.TDA, TDOSA, TDRA): the cell sees inert
	 * ones. Every Linux writes them while it boots; the physical debug
	 * state stays the hypervisor's (MDSCR_EL1 0: no debug exceptions).
	 */
	if (op0 == 2 && (op1 == 0 || op1 == 3))
		return SYS_RAZ_WI;
	/* RAS error records (HCR_EL2.TERR): none. */
	if (op0 == 3 && op1 == 0 && crn == 5 && crm >= 3 && crm <= 5)
		return SYS_RAZ_WI;
	/* PMU (TPM, TPMCR), trace (CPTR_EL2.TTA), IMPLEMENTATION DEFINED (TIDCP) */
	return SYS_UNDEF;
}

bool arm64_cell_sysreg(struct per_cpu *c, struct trap_frame *f)
{
	u64 iss = ESR_ISS(f->esr);

	(void)c;
	switch (classify(iss)) {
	case SYS_SET_WAY:
		/*
		 * Invalidating by set/way would drop dirty lines of whoever
		 * shares the cache; cleaning first loses nothing. The guest's
		 * level and set/way go to the hardware as they are: at worst
		 * another line is cleaned.
		 */
		asm volatile("dc cisw, %0"
			     :
			     : "r"(frame_reg(f, SYS_RT(iss)))
			     : "memory");
		dsb(sy);
		break;
	case SYS_RAZ_WI:
		if (SYS_READ(iss))
			frame_set_reg(f, SYS_RT(iss), 0);
		break;
	default:
		inject_undef(f);
		return true;
	}
	f->elr += 4;
	return true;
}
