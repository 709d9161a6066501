/* GICv3 distributor and redistributor filtering for cells. */
#ifndef ASM_GIC_H
#define ASM_GIC_H

#include <hv/types.h>

struct cell;

int gicv3_cell_init(struct cell *cell);

#endif
