/* RISC-V spinlock: test and test-and-set with amoswap.w.aq, released with a store-release. */
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
	u32 busy;

	for (;;) {
		asm volatile("amoswap.w.aq %0, %2, %1"
			     : "=r"(busy), "+A"(lock->locked)
			     : "r"(1)
			     : "memory");
		if (!busy)
			return;
		/* wait without writing until it looks free */
		while (lock->locked)
			;
	}
}

static inline void spin_unlock(spinlock_t *lock)
{
	/* everything before the release is visible before the lock is free */
	asm volatile("fence rw, w\n\tsw zero, %0"
		     : "=A"(lock->locked)
		     :
		     : "memory");
}

#endif
