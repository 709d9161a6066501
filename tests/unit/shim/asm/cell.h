/* Fake-arch part of a cell (host unit tests): what the fake arch records about the cell. */
#ifndef ASM_CELL_H
#define ASM_CELL_H

#include <hv/types.h>

struct arch_cell {
	unsigned int inits; /* arch_cell_init calls */
	unsigned int resets; /* arch_cell_reset calls */
	unsigned int stage2_flushes; /* arch_flush_stage2 calls */
	bool irqs_taken; /* between arch_cell_take_irqs and _release_irqs */
};

#endif
