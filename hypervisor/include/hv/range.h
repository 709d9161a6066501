/* Address ranges [start, start + size): whether two of them meet. */
#ifndef HV_RANGE_H
#define HV_RANGE_H

#include <hv/types.h>

/* Sizes are non-zero and the ranges do not wrap (the config checker's rules). */
static inline bool ranges_overlap(u64 a, u64 asize, u64 b, u64 bsize)
{
	return a < b + bsize && b < a + asize;
}

#endif
