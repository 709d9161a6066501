/* AArch64 spinlock on load-acquire/store-exclusive; each CPU records the locks it holds. */
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

/*
 * The calling CPU took / gives back lock (arch/arm64/fault.c): a fault
 * taken at EL2 releases what the CPU held before it contains the fault.
 */
void arm64_lock_taken(spinlock_t *lock);
void arm64_lock_given(spinlock_t *lock);

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
	arm64_lock_taken(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	arm64_lock_given(lock);
	asm volatile("stlr wzr, %0" : "=Q"(lock->locked) : : "memory");
}

#endif
