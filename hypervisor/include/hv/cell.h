/* Cells: partitions with their CPUs, memory (stage 2) and MMIO devices. */
#ifndef HV_CELL_H
#define HV_CELL_H

#include <hv/types.h>
#include <hv/mmio.h>
#include <hv/paging.h>
#include <hvisor/config.h>

struct cell {
	unsigned int id;
	const struct hvisor_cell_desc *config;
	u64 cpus;
	struct page_table stage2;
	struct mmio_table mmio;
};

extern struct cell root_cell;

int cell_init_root(const struct hvisor_cell_desc *desc);
bool cell_owns_irq(const struct cell *cell, unsigned int irq);
bool cell_owns_cpu(const struct cell *cell, unsigned int cpu);
void cell_destroy_root(void);

#endif
