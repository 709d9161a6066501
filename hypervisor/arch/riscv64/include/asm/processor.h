/* Guest register frame saved on every trap to HS mode, and register access with x0 rules. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <hv/types.h>

/*
 * x[0] is a slot only (x0 is hard-wired to 0): the frame is indexed by
 * register number. The size keeps the stack 16-byte aligned.
 */
struct trap_frame {
	u64 x[32];
	u64 sepc; /* guest PC */
	u64 sstatus;
	u64 hstatus;
	u64 scause;
	u64 stval;
	u64 htval;
	u64 htinst;
	u64 pad;
};

static inline u64 frame_reg(const struct trap_frame *f, unsigned int r)
{
	return r == 0 || r > 31 ? 0 : f->x[r];
}

static inline void frame_set_reg(struct trap_frame *f, unsigned int r, u64 v)
{
	if (r != 0 && r < 32)
		f->x[r] = v;
}

#endif
