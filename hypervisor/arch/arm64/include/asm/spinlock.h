/* AArch64 spinlock on load-acquire/store-exclusive. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <hv/types.h>

typedef struct {
	volatile u32 locked;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}

static inline void spin_lock(spinlock_t *lock)
{
	u32 tmp, one = 1;

	asm volatile("	sevl\n"
		     "1:	wfe\n"
		     "2:	ldaxr	%w0, %1\n"
		     "	cbnz	%w0, 1b\n"
		     "	stxr	%w0, %w2, %1\n"
		     "	cbnz	%w0, 2b\n"
		     : "=&r"(tmp), "+Q"(lock->locked)
		     : "r"(one)
		     : "memory");
}

static inline void spin_unlock(spinlock_t *lock)
{
	asm volatile("stlr wzr, %0" : "=Q"(lock->locked) : : "memory");
}

#endif
