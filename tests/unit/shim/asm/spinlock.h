/* Host stand-in for the hypervisor's spinlocks: the unit tests are single-threaded. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

typedef struct {
	int locked;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}

static inline void spin_lock(spinlock_t *lock)
{
	lock->locked = 1;
}

static inline void spin_unlock(spinlock_t *lock)
{
	lock->locked = 0;
}

#endif
