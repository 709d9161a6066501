/* RISC-V part of a cell: its G-stage VMID (the virtual interrupt controller comes later). */
#ifndef ASM_CELL_H
#define ASM_CELL_H

#include <hv/types.h>

struct arch_cell {
	u16 vmid; /* hgatp.VMID: the cell's slot, root 0 */
};

#endif
