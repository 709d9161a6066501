/* AArch64 part of the per-CPU state: the EL2 registers Linux had, the current exit, locks held. */
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

/* What the CPU was doing for its guest when it last entered EL2. */
enum arm64_exit {
	ARM64_EXIT_NONE, /* entering from the driver: no guest frame yet */
	ARM64_EXIT_TRAP, /* a synchronous exception (frame->esr) */
	ARM64_EXIT_IRQ,
	ARM64_EXIT_SERROR,
	ARM64_EXIT_START, /* cold entry: the vCPU is being set up */
};

/* Spinlocks the CPU holds, so that a fault at EL2 can give them back. */
#define ARM64_MAX_HELD_LOCKS 8

/* A fault taken at EL2, kept for the report once its stack is gone. */
struct arm64_hyp_fault {
	u64 esr, far, elr;
	unsigned int locks; /* held at the fault, released */
};

struct trap_frame;

struct arch_per_cpu {
	struct el2_saved linux_el2;
	struct trap_frame *frame; /* the guest's registers of the current exit */
	enum arm64_exit exit;
	u64 exit_far, exit_gpa; /* of a data abort being emulated */
	void *held_locks[ARM64_MAX_HELD_LOCKS];
	unsigned int num_held;
	unsigned int locks_unrecorded; /* held beyond the array */
	bool in_hyp_fault; /* a fault at EL2 is being contained */
	struct arm64_hyp_fault hyp_fault;
};

#endif
