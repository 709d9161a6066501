/* Sets of physical address ranges for config create: add, merge, subtract. */
#include "create/ranges.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fprintf(stderr, "hvisor: out of memory\n");
		exit(1);
	}
	return p;
}

void range_set_free(struct range_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->r[i].what);
	free(s->r);
	s->r = NULL;
	s->n = s->cap = 0;
}

void range_add(struct range_set *s, uint64_t start, uint64_t end,
	       const char *what)
{
	if (end <= start)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->r = xrealloc(s->r, s->cap * sizeof(*s->r));
	}
	s->r[s->n].start = start;
	s->r[s->n].end = end;
	s->r[s->n].what = what ? strdup(what) : NULL;
	s->n++;
}

static int by_start(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Appends ", b" to *a unless b is already in it. */
static void join_what(char **a, char *b)
{
	size_t la, lb;

	if (!b)
		return;
	if (!*a) {
		*a = b;
		return;
	}
	if (strstr(*a, b)) {
		free(b);
		return;
	}
	la = strlen(*a);
	lb = strlen(b);
	*a = xrealloc(*a, la + lb + 3);
	memcpy(*a + la, ", ", 2);
	memcpy(*a + la + 2, b, lb + 1);
	free(b);
}

void range_normalize(struct range_set *s, bool join_adjacent)
{
	size_t i, out = 0;

	if (!s->n)
		return;
	qsort(s->r, s->n, sizeof(*s->r), by_start);
	for (i = 0; i < s->n; i++) {
		struct range *last = out ? &s->r[out - 1] : NULL;

		if (last && (s->r[i].start < last->end ||
			     (join_adjacent && s->r[i].start == last->end))) {
			if (s->r[i].end > last->end)
				last->end = s->r[i].end;
			join_what(&last->what, s->r[i].what);
			continue;
		}
		s->r[out++] = s->r[i];
	}
	s->n = out;
}

void range_subtract(struct range_set *s, const struct range_set *sub)
{
	struct range_set out = { 0 };
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		uint64_t start = s->r[i].start, end = s->r[i].end;

		for (j = 0; j < sub->n && start < end; j++) {
			const struct range *c = &sub->r[j];

			if (c->end <= start || c->start >= end)
				continue;
			if (c->start > start)
				range_add(&out, start, c->start, s->r[i].what);
			start = c->end > start ? c->end : start;
		}
		if (start < end)
			range_add(&out, start, end, s->r[i].what);
	}
	range_set_free(s);
	*s = out;
}

bool range_covered(const struct range_set *s, uint64_t start, uint64_t end)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->r[i].start <= start && end <= s->r[i].end)
			return true;
	return false;
}

bool range_meets(const struct range_set *s, uint64_t start, uint64_t end)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->r[i].start < end && start < s->r[i].end)
			return true;
	return false;
}
