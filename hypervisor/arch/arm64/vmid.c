/* VMIDs of live cells: the lowest free one for each new cell, 0 for the root (pure logic). */
#include <asm/vmid.h>

void vmid_map_init(struct vmid_map *m)
{
	unsigned int n;

	for (n = 0; n < VMID_COUNT / 64; n++)
		m->used[n] = 0;
	m->used[0] = 1; /* the root */
}

bool vmid_used(const struct vmid_map *m, unsigned int vmid)
{
	return vmid < VMID_COUNT && (m->used[vmid / 64] & (1UL << (vmid % 64)));
}

unsigned int vmid_alloc(struct vmid_map *m)
{
	unsigned int vmid;

	for (vmid = 1; vmid < VMID_COUNT; vmid++)
		if (!vmid_used(m, vmid)) {
			m->used[vmid / 64] |= 1UL << (vmid % 64);
			return vmid;
		}
	return 0;
}

void vmid_free(struct vmid_map *m, unsigned int vmid)
{
	if (vmid && vmid < VMID_COUNT)
		m->used[vmid / 64] &= ~(1UL << (vmid % 64));
}
