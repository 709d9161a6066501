/* Bit n of an array of 32-bit words: test, set, clear (no locking). */
#ifndef HV_BITMAP_H
#define HV_BITMAP_H

#include <hv/types.h>

static inline bool bitmap_test(const u32 *w, unsigned int n)
{
	return w[n / 32] & (1u << (n % 32));
}

static inline void bitmap_set(u32 *w, unsigned int n)
{
	w[n / 32] |= 1u << (n % 32);
}

static inline void bitmap_clear(u32 *w, unsigned int n)
{
	w[n / 32] &= ~(1u << (n % 32));
}

#endif
