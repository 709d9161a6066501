/* VMIDs of live cells (VTTBR_EL2.VMID, 8 bits): the pure allocator, host-tested. */
#ifndef ASM_VMID_H
#define ASM_VMID_H

#include <hv/types.h>

#define VMID_COUNT 256 /* 8-bit VMIDs; 0 is the root's */

struct vmid_map {
	u64 used[VMID_COUNT / 64];
};

/* Marks VMID 0 used (the root's), every other one free. */
void vmid_map_init(struct vmid_map *m);
/* The lowest free VMID, now used; 0 when none is free. */
unsigned int vmid_alloc(struct vmid_map *m);
/* Frees a VMID of a cell; 0 and unused ones are ignored. */
void vmid_free(struct vmid_map *m, unsigned int vmid);
bool vmid_used(const struct vmid_map *m, unsigned int vmid);

#endif
