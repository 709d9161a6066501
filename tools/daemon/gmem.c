/* Guest RAM the daemon can reach: guest-physical ranges and their mappings in the daemon. */
#include "gmem.h"

#include <errno.h>
#include <stddef.h>

void gmem_init(struct gmem *m)
{
	m->num = 0;
}

int gmem_add(struct gmem *m, uint64_t gpa, uint64_t size, void *host)
{
	unsigned int i;

	if (!size || gpa + size - 1 < gpa || !host)
		return -EINVAL;
	for (i = 0; i < m->num; i++) {
		const struct gmem_range *r = &m->range[i];

		if (gpa <= r->gpa + (r->size - 1) && r->gpa <= gpa + (size - 1))
			return -EINVAL;
	}
	if (m->num == GMEM_MAX_RANGES)
		return -ENOSPC;
	m->range[m->num].gpa = gpa;
	m->range[m->num].size = size;
	m->range[m->num].host = host;
	m->num++;
	return 0;
}

static const struct gmem_range *find(const struct gmem *m, uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < m->num; i++)
		if (gpa >= m->range[i].gpa &&
		    gpa - m->range[i].gpa < m->range[i].size)
			return &m->range[i];
	return NULL;
}

void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	const struct gmem_range *r = find(m, gpa);
	uint64_t off;

	if (!r)
		return NULL;
	off = gpa - r->gpa;
	if (len > r->size - off)
		return NULL;
	return r->host + off;
}

void *gmem_chunk(const struct gmem *m, uint64_t gpa, uint64_t len,
		 uint64_t *chunk)
{
	const struct gmem_range *r = find(m, gpa);
	uint64_t off, room;

	*chunk = 0;
	if (!r || !len)
		return NULL;
	off = gpa - r->gpa;
	room = r->size - off;
	*chunk = len < room ? len : room;
	return r->host + off;
}
