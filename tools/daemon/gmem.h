/* Guest RAM the daemon can reach: guest-physical ranges and their mappings in the daemon. */
#ifndef HVISOR_DAEMON_GMEM_H
#define HVISOR_DAEMON_GMEM_H

#include <stdint.h>

#define GMEM_MAX_RANGES 16

struct gmem_range {
	uint64_t gpa; /* guest-physical start */
	uint64_t size; /* bytes, > 0 */
	uint8_t *host; /* where the range is mapped in the daemon */
};

/* A cell's rootshared RAM; ranges never overlap. */
struct gmem {
	unsigned int num;
	struct gmem_range range[GMEM_MAX_RANGES];
};

void gmem_init(struct gmem *m);

/*
 * Adds [gpa, gpa + size) mapped at host. -EINVAL for an empty range, one
 * that wraps around 2^64 or overlaps another; -ENOSPC when full.
 */
int gmem_add(struct gmem *m, uint64_t gpa, uint64_t size, void *host);

/*
 * The daemon's address of guest-physical gpa when the whole of
 * [gpa, gpa + len) lies in one range (len 0 counts as 1), else NULL. Safe for
 * any gpa and len: no overflow.
 */
void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len);

/*
 * The daemon's address of gpa and in *chunk how many of the len bytes from
 * there are contiguous in one range (1..len); NULL when gpa is in no range.
 * Buffers spanning adjacent ranges are walked chunk by chunk.
 */
void *gmem_chunk(const struct gmem *m, uint64_t gpa, uint64_t len,
		 uint64_t *chunk);

#endif
