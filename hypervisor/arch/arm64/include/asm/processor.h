/* Guest register frame saved on every trap to EL2. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <hv/types.h>

struct trap_frame {
	u64 x[31];
	u64 elr; /* guest PC */
	u64 spsr;
	u64 esr;
};

static inline u64 frame_reg(const struct trap_frame *f, unsigned int r)
{
	return r == 31 ? 0 : f->x[r];
}

static inline void frame_set_reg(struct trap_frame *f, unsigned int r, u64 v)
{
	if (r != 31)
		f->x[r] = v;
}

#endif
