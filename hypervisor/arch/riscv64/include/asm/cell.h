/* RISC-V part of a cell: its G-stage VMID, its virtual PLIC, the SBI calls it made that were unknown. */
#ifndef ASM_CELL_H
#define ASM_CELL_H

#include <hv/types.h>

struct vplic_cell;

struct arch_cell {
	u16 vmid; /* hgatp.VMID: the cell's slot, root 0 */
	struct vplic_cell *vplic; /* non-root cells in PLIC mode (vplic_cell.c) */
	/* extension << 32 | function of unknown SBI calls, logged once each */
	u64 unknown_sbi[8];
	unsigned int num_unknown_sbi;
};

#endif
