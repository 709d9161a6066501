/* Cells: the root cell's stage-2 memory map and ownership queries. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/printk.h>
#include <hv/string.h>

struct cell root_cell;

static u64 region_map_flags(const struct hvisor_mem_region *r)
{
	u64 flags = 0;

	if (r->flags & HVISOR_MEM_READ)
		flags |= MAP_READ;
	if (r->flags & HVISOR_MEM_WRITE)
		flags |= MAP_WRITE;
	if (r->flags & HVISOR_MEM_EXECUTE)
		flags |= MAP_EXEC;
	if ((r->flags & HVISOR_MEM_IO) || r->type == HVISOR_MEM_TYPE_IO)
		flags |= MAP_DEVICE;
	return flags;
}

int cell_init_root(const struct hvisor_cell_desc *desc)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(desc);
	unsigned int n;
	int err;

	memset(&root_cell, 0, sizeof(root_cell));
	root_cell.id = 0;
	root_cell.config = desc;
	root_cell.cpus = desc->cpus;
	err = paging_init(&root_cell.stage2, &stage2_pte_format, &mem_pool);
	if (err)
		return err;
	for (n = 0; n < desc->num_mem_regions; n++, r++) {
		if (r->type == HVISOR_MEM_TYPE_VIRTIO)
			continue; /* trapped, never mapped */
		err = paging_map(&root_cell.stage2, r->virt_start, r->phys_start,
				 r->size, region_map_flags(r));
		if (err) {
			printk("root cell: mapping region %u failed (%d)\n", n,
			       err);
			return err;
		}
	}
	return arch_cell_init(&root_cell);
}

void cell_destroy_root(void)
{
	paging_destroy(&root_cell.stage2);
}

bool cell_owns_irq(const struct cell *cell, unsigned int irq)
{
	return irq < HVISOR_MAX_IRQS &&
	       (cell->config->irqs[irq / 32] & (1u << (irq % 32)));
}

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < 64 && (cell->cpus & BIT(cpu));
}
