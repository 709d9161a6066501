/* Spinlocks (the arch provides the primitives). */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/types.h>
#include <asm/spinlock.h>

#endif
