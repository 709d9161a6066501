/* AArch64 part of the per-CPU state: the EL2 registers Linux had. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <hv/types.h>

/* EL2 state saved at entry and given back at disable. */
struct el2_saved {
	u64 vbar;
	u64 hcr;
	u64 sctlr;
	u64 tcr;
	u64 mair;
	u64 ttbr0;
	u64 vtcr;
	u64 vttbr;
	u64 cptr;
	u64 mdcr;
	u64 cnthctl;
	u64 cntvoff;
	u64 vpidr;
	u64 vmpidr;
	u64 ich_hcr;
	u64 icc_sre;
	u64 tpidr;
};

struct trap_frame;

struct arch_per_cpu {
	struct el2_saved linux_el2;
	struct trap_frame *frame; /* the guest's registers of the current exit */
};

#endif
