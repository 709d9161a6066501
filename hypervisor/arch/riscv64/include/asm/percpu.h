/* RISC-V part of the per-CPU state: the hart, the frame of the current exit, and what Linux had in HS mode. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <hv/types.h>

struct trap_frame;

/* HS-mode state of Linux taken over at entry and given back at disable. */
struct hs_saved {
	u64 satp;
	u64 stvec;
	u64 sscratch;
	u64 henvcfg;
	u64 hcounteren;
};

struct arch_per_cpu {
	struct trap_frame *frame; /* the guest's registers of the current exit */
	u64 hartid; /* from the entry (a4) or the cold start (a0) */
	bool hart_known; /* hartid is set (bss is zeroed at install) */
	struct hs_saved linux_hs;
	u32 guest_ipi; /* an SBI IPI of the guest waits for VSSIP (atomic) */
	u32 root_irq; /* the root's root_irq waits for VSEIP (atomic) */
	bool sstc; /* the hart has Sstc (henvcfg.STCE sticks) */
};

#endif
