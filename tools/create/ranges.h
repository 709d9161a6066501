/* Sets of physical address ranges for config create: add, merge, subtract, page rounding. */
#ifndef HVISOR_TOOLS_CREATE_RANGES_H
#define HVISOR_TOOLS_CREATE_RANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CREATE_PAGE 0x1000ull

/* [start, end) with a description (owned, may be NULL). */
struct range {
	uint64_t start, end;
	char *what;
};

struct range_set {
	struct range *r;
	size_t n, cap;
};

void range_set_free(struct range_set *s);

/* Adds [start, end) (empty ones are ignored); what is copied. */
void range_add(struct range_set *s, uint64_t start, uint64_t end,
	       const char *what);

/*
 * Sorts by start and merges ranges that overlap (with join_adjacent, also
 * those that touch); descriptions of merged ranges are joined with ", ".
 */
void range_normalize(struct range_set *s, bool join_adjacent);

/* Removes from s every address in sub (both normalized). */
void range_subtract(struct range_set *s, const struct range_set *sub);

/* Whether [start, end) lies wholly inside one range of s (normalized). */
bool range_covered(const struct range_set *s, uint64_t start, uint64_t end);

/* Whether [start, end) meets any range of s. */
bool range_meets(const struct range_set *s, uint64_t start, uint64_t end);

static inline uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

#endif
