/* RISC-V part of a cell: its G-stage VMID and its virtual PLIC. */
#ifndef ASM_CELL_H
#define ASM_CELL_H

#include <hv/types.h>

struct vplic_cell;

struct arch_cell {
	u16 vmid; /* hgatp.VMID: the cell's slot, root 0 */
	struct vplic_cell *vplic; /* non-root cells in PLIC mode (vplic_cell.c) */
};

#endif
