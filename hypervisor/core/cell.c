/* Cells: the root cell, and creating, loading, starting, stopping and destroying the others. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/range.h>
#include <hv/string.h>
#include <hv/vcpu.h>
#include <hvisor/config_check.h>

struct cell root_cell;
static struct cell *cells[MAX_CELLS];
static unsigned int next_cell_id = 1;
static spinlock_t mgmt_lock = SPINLOCK_INIT;

u64 cell_map_flags(const struct hvisor_mem_region *r)
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

static bool region_is_memory(const struct hvisor_mem_region *r)
{
	return r->type == HVISOR_MEM_TYPE_RAM || r->type == HVISOR_MEM_TYPE_IO;
}

static void root_stage2_flush(const struct page_table *pt)
{
	(void)pt;
	arch_flush_stage2(&root_cell);
}

int cell_init_root(const struct hvisor_cell_desc *desc)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(desc);
	unsigned int n;
	int err;

	memset(&root_cell, 0, sizeof(root_cell));
	memset(cells, 0, sizeof(cells));
	next_cell_id = 1;
	root_cell.config = desc;
	root_cell.cpus = desc->cpus;
	root_cell.state = HVISOR_CELL_RUNNING;
	root_cell.power = CELL_POWER_RUNNING;
	memcpy(root_cell.irqs, desc->irqs, sizeof(root_cell.irqs));
	err = paging_init(&root_cell.stage2, &stage2_pte_format, &mem_pool);
	if (err)
		return err;
	for (n = 0; n < desc->num_mem_regions; n++, r++) {
		if (!region_is_memory(r))
			continue; /* trapped, never mapped */
		err = paging_map(&root_cell.stage2, r->virt_start,
				 r->phys_start, r->size, cell_map_flags(r));
		if (err) {
			printk("root cell: mapping region %u failed (%d)\n", n,
			       err);
			return err;
		}
	}
	err = pci_root_init(&root_cell);
	if (!err)
		err = arch_cell_init(&root_cell);
	/* from now on the root runs on it: changes follow break-before-make */
	root_cell.stage2.flush = root_stage2_flush;
	return err;
}

void cell_destroy_root(void)
{
	paging_destroy(&root_cell.stage2);
}

bool cell_owns_irq(const struct cell *cell, unsigned int irq)
{
	return irq < HVISOR_MAX_IRQS &&
	       (cell->irqs[irq / 32] & (1u << (irq % 32)));
}

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < 64 && (cell->cpus & BIT(cpu));
}

struct cell *cell_by_id(unsigned int id)
{
	unsigned int n;

	for (n = 0; n < MAX_CELLS; n++)
		if (cells[n] && cells[n]->id == id)
			return cells[n];
	return NULL;
}

struct cell *cell_get(unsigned int id)
{
	struct cell *cell;

	spin_lock(&mgmt_lock);
	cell = cell_by_id(id);
	if (!cell)
		spin_unlock(&mgmt_lock);
	return cell;
}

void cell_put(struct cell *cell)
{
	(void)cell;
	spin_unlock(&mgmt_lock);
}

unsigned int cell_count(void)
{
	unsigned int n, count = 0;

	for (n = 0; n < MAX_CELLS; n++)
		count += cells[n] != NULL;
	return count;
}

/* A buffer in root RAM the hypervisor may write: returns its address. */
void *root_buffer(u64 buf, u64 size)
{
	u64 pa, flags, p;

	if (!size || buf + size < buf)
		return NULL;
	for (p = buf & PAGE_MASK; p < buf + size; p += PAGE_SIZE) {
		if (!paging_lookup(&root_cell.stage2, p, &pa, &flags) ||
		    pa != p ||
		    (flags & (MAP_WRITE | MAP_DEVICE)) != MAP_WRITE ||
		    !paging_lookup(&hv_pt, pa, NULL, NULL))
			return NULL;
	}
	return (void *)buf;
}

/* The root region holding [start, start + size), or NULL. */
static const struct hvisor_mem_region *root_region_of(u64 start, u64 size)
{
	const struct hvisor_cell_desc *d = root_cell.config;
	const struct hvisor_mem_region *r = hvisor_cell_regions(d);
	unsigned int n;

	for (n = 0; n < d->num_mem_regions; n++, r++)
		if (region_is_memory(r) && start >= r->phys_start &&
		    start + size <= r->phys_start + r->size)
			return r;
	return NULL;
}

static bool taken_by_other_cell(const struct hvisor_mem_region *m)
{
	unsigned int n, i;

	for (n = 0; n < MAX_CELLS; n++) {
		const struct hvisor_cell_desc *d;
		const struct hvisor_mem_region *r;

		if (!cells[n])
			continue;
		d = cells[n]->config;
		r = hvisor_cell_regions(d);
		for (i = 0; i < d->num_mem_regions; i++, r++)
			if (region_is_memory(r) &&
			    ranges_overlap(r->phys_start, r->size,
					   m->phys_start, m->size) &&
			    !((r->flags & m->flags) & HVISOR_MEM_ROOTSHARED))
				return true;
	}
	return false;
}

static void report_cell_error(const struct hvisor_check_error *e)
{
	printk("hvisor: invalid cell config: part %d region %d field %s: "
	       "%s (0x%lx)\n",
	       e->part, e->region, e->field ? e->field : "-", e->reason,
	       (unsigned long)e->value);
}

/*
 * The static rules are the shared checker's (against the system config);
 * what is left is ownership against the live system.
 */
static int check_cell(const struct hvisor_cell_desc *d, u64 size)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(d);
	struct hvisor_check_error cerr;
	unsigned int n, cpu;

	if (hvisor_check_cell(system_config, system_config->size, d, size,
			      &cerr)) {
		report_cell_error(&cerr);
		return -EINVAL;
	}
	for (n = 0; n < MAX_CELLS; n++)
		if (cells[n] &&
		    !memcmp(cells[n]->config->name, d->name, HVISOR_NAME_LEN)) {
			printk("cell config: a cell named %s exists\n",
			       d->name);
			return -EEXIST;
		}
	if ((d->cpus & ~root_cell.cpus) || !(root_cell.cpus & ~d->cpus)) {
		printk("cell %s: CPUs 0x%lx must be root CPUs, leaving the "
		       "root at least one (root has 0x%lx)\n",
		       d->name, (unsigned long)d->cpus,
		       (unsigned long)root_cell.cpus);
		return -EINVAL;
	}
	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if ((d->cpus & BIT(cpu)) && per_cpu(cpu)->online) {
			printk("cell %s: CPU %u is still online in the root\n",
			       d->name, cpu);
			return -EBUSY;
		}
	for (n = 0; n < d->num_mem_regions; n++, r++)
		if (region_is_memory(r) && taken_by_other_cell(r)) {
			printk("cell %s: region %u overlaps another cell\n",
			       d->name, n);
			return -EBUSY;
		}
	for (n = 0; n < HVISOR_MAX_IRQS; n++)
		if ((d->irqs[n / 32] & (1u << (n % 32))) &&
		    !cell_owns_irq(&root_cell, n)) {
			printk("cell %s: interrupt %u is not the root's to "
			       "give\n",
			       d->name, n);
			return -EBUSY;
		}
	return 0;
}

static void root_remap(const struct hvisor_mem_region *r)
{
	const struct hvisor_mem_region *rr =
		root_region_of(r->phys_start, r->size);

	/* the whole root region, so split tables collapse back into blocks */
	if (rr)
		paging_map(&root_cell.stage2, rr->virt_start, rr->phys_start,
			   rr->size, cell_map_flags(rr));
}

/* Takes the cell's own memory out of the root's stage 2. */
static void root_unmap_cell(const struct cell *cell)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_mem_regions; n++, r++)
		if (region_is_memory(r) && !(r->flags & HVISOR_MEM_ROOTSHARED))
			paging_unmap(&root_cell.stage2, r->phys_start, r->size);
}

static void set_loadable_mapping(struct cell *cell, bool map);

/*
 * Zeroes the cell's own RAM (type ram, not rootshared; with loadable_only
 * only what set_loadable maps into the root) and writes the zeros back to
 * memory, so that neither the root nor the next cell, with caches on or
 * off, reads what the cell left. Every CPU of the cell is off. Returns the
 * bytes zeroed.
 */
static u64 scrub_ram(const struct cell *cell, bool loadable_only)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell->config);
	u64 bytes = 0;
	unsigned int n;

	for (n = 0; n < cell->config->num_mem_regions; n++, r++) {
		void *p = (void *)r->phys_start;

		if (r->type != HVISOR_MEM_TYPE_RAM ||
		    (r->flags & HVISOR_MEM_ROOTSHARED) ||
		    (loadable_only && !(r->flags & HVISOR_MEM_LOADABLE)))
			continue;
		/* cell RAM is root RAM, which the hypervisor maps (main.c) */
		if (!paging_lookup(&hv_pt, r->phys_start, NULL, NULL) ||
		    !paging_lookup(&hv_pt, r->phys_start + r->size - 1, NULL,
				   NULL)) {
			printk("hvisor: cell %u: region %u not mapped, not "
			       "zeroed\n",
			       cell->id, n);
			continue;
		}
		memset(p, 0, r->size);
		arch_dcache_clean(p, r->size);
		bytes += r->size;
	}
	return bytes;
}

static void scrub_and_report(const struct cell *cell, bool loadable_only)
{
	u64 t0 = arch_time_ms(), bytes = scrub_ram(cell, loadable_only);

	if (bytes)
		printk("hvisor: cell %u: %lu KiB of RAM zeroed in %lu ms\n",
		       cell->id, (unsigned long)(bytes >> 10),
		       (unsigned long)(arch_time_ms() - t0));
}

static void free_cell(struct cell *cell)
{
	pci_smmu_free(cell);
	arch_cell_exit(cell);
	console_exit(cell);
	virtio_cell_exit(cell);
	paging_destroy(&cell->stage2);
	page_free(&mem_pool, (void *)cell->config, cell->config_pages);
	page_free(&mem_pool, cell,
		  ALIGN_UP(sizeof(*cell), PAGE_SIZE) / PAGE_SIZE);
}

static int build_cell(struct cell *cell)
{
	const struct hvisor_cell_desc *d = cell->config;
	const struct hvisor_mem_region *r = hvisor_cell_regions(d);
	unsigned int n;
	int err;

	err = paging_init(&cell->stage2, &stage2_pte_format, &mem_pool);
	for (n = 0; !err && n < d->num_mem_regions; n++, r++) {
		if (region_is_memory(r))
			err = paging_map(&cell->stage2, r->virt_start,
					 r->phys_start, r->size,
					 cell_map_flags(r));
		else if (r->type == HVISOR_MEM_TYPE_TESTDEV)
			err = testdev_init(cell, r->virt_start, r->size);
		else if (r->type == HVISOR_MEM_TYPE_VIRTIO)
			err = virtio_cell_init(cell, n, r->virt_start, r->size);
	}
	if (!err)
		err = console_init(cell);
	if (!err)
		err = pci_cell_init(cell);
	return err ?: arch_cell_init(cell);
}

long cell_create(u64 config_pa, u64 size)
{
	const struct hvisor_cell_desc *src;
	struct hvisor_cell_desc *d;
	struct cell *cell;
	unsigned int n, slot, cpu, v = 0;
	long err;

	if (size < sizeof(*d) || size > 64 * 1024)
		return -EINVAL;
	src = root_buffer(config_pa, size);
	if (!src)
		return -EFAULT;
	spin_lock(&mgmt_lock);
	for (slot = 0; slot < MAX_CELLS && cells[slot]; slot++)
		;
	err = -ENOMEM;
	if (slot == MAX_CELLS) {
		printk("hvisor: no room for another cell (max %u)\n",
		       MAX_CELLS);
		goto out;
	}
	cell = page_zalloc(&mem_pool,
			   ALIGN_UP(sizeof(*cell), PAGE_SIZE) / PAGE_SIZE);
	if (!cell)
		goto out;
	cell->config_pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	d = page_alloc(&mem_pool, cell->config_pages);
	if (!d) {
		page_free(&mem_pool, cell,
			  ALIGN_UP(sizeof(*cell), PAGE_SIZE) / PAGE_SIZE);
		goto out;
	}
	memcpy(d, src, size);
	cell->config = d;
	err = check_cell(d, size);
	err = err ?: build_cell(cell);
	if (err) {
		free_cell(cell);
		goto out;
	}
	/*
	 * The CPUs leave the root under its power lock, so that a root CPU_ON
	 * racing with us cannot start one of them (it checks under that lock):
	 * each must be offline and really off, not on its way up.
	 */
	spin_lock(&root_cell.power_lock);
	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if ((d->cpus & BIT(cpu)) &&
		    (per_cpu(cpu)->online || READ_ONCE(per_cpu(cpu)->vcpu.on) ||
		     !arch_cpu_is_off(cpu))) {
			spin_unlock(&root_cell.power_lock);
			printk("cell %s: CPU %u is not off\n", d->name, cpu);
			free_cell(cell);
			err = -EBUSY;
			goto out;
		}
	/* Point of no return: take CPUs, memory and interrupts from the root. */
	root_cell.cpus &= ~d->cpus;
	for (cpu = 0; cpu < hv_num_cpus; cpu++) {
		struct per_cpu *c = per_cpu(cpu);

		if (!(d->cpus & BIT(cpu)))
			continue;
		c->cell = cell;
		memset(&c->vcpu, 0, sizeof(c->vcpu));
		c->vcpu.id = v;
		c->vcpu.cpu = cpu;
		memset(c->exits, 0, sizeof(c->exits));
		cell->vcpu_cpu[v++] = cpu;
	}
	spin_unlock(&root_cell.power_lock);
	cell->id = next_cell_id++;
	cell->state = HVISOR_CELL_SHUT_DOWN;
	cell->cpus = d->cpus;
	/* only interrupts a cell may own: hvisor_check_cell() refused others */
	memcpy(cell->irqs, d->irqs, sizeof(cell->irqs));
	root_unmap_cell(cell);
	arch_flush_stage2(&root_cell);
	pci_cell_take(cell);
	for (n = 0; n < HVISOR_MAX_IRQS / 32; n++)
		root_cell.irqs[n] &= ~cell->irqs[n];
	cell->num_vcpus = v;
	arch_cell_take_irqs(cell);
	cells[slot] = cell;
	printk("hvisor: cell %u \"%s\" created: CPUs 0x%lx, %u regions, pool "
	       "%lu/%lu pages used\n",
	       cell->id, d->name, (unsigned long)d->cpus, d->num_mem_regions,
	       (unsigned long)mem_pool.used, (unsigned long)mem_pool.pages);
	err = cell->id;
out:
	spin_unlock(&mgmt_lock);
	return err;
}

static void set_loadable_mapping(struct cell *cell, bool map)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_mem_regions; n++, r++) {
		if (r->type != HVISOR_MEM_TYPE_RAM ||
		    !(r->flags & HVISOR_MEM_LOADABLE) ||
		    (r->flags & HVISOR_MEM_ROOTSHARED))
			continue;
		if (map)
			paging_map(&root_cell.stage2, r->phys_start,
				   r->phys_start, r->size, MAP_RW);
		else
			paging_unmap(&root_cell.stage2, r->phys_start, r->size);
	}
	arch_flush_stage2(&root_cell);
}

long cell_set_loadable(unsigned int id)
{
	struct cell *cell;
	long err = 0;

	spin_lock(&mgmt_lock);
	cell = cell_by_id(id);
	if (!cell)
		err = -ENOENT;
	else if (cell->state == HVISOR_CELL_RUNNING)
		err = -EBUSY;
	else if (cell->state != HVISOR_CELL_LOADABLE) {
		/*
		 * A cell that ran (its power state left OFF) leaves data the
		 * root must not read: stop it for good, zero, then map.
		 */
		if (cell->power != CELL_POWER_OFF) {
			err = vcpu_stop_cell(cell);
			if (err)
				goto out;
			/* its devices write no more into what is zeroed */
			pci_cell_quiesce(cell);
			scrub_and_report(cell, true);
		}
		set_loadable_mapping(cell, true);
		cell->state = HVISOR_CELL_LOADABLE;
	}
out:
	spin_unlock(&mgmt_lock);
	return err;
}

long cell_start(unsigned int id)
{
	struct cell *cell;
	long err = 0;

	spin_lock(&mgmt_lock);
	cell = cell_by_id(id);
	if (!cell) {
		err = -ENOENT;
		goto out;
	}
	if (cell->state == HVISOR_CELL_RUNNING) {
		err = -EBUSY;
		goto out;
	}
	if (cell->state == HVISOR_CELL_LOADABLE)
		set_loadable_mapping(cell, false);
	memset(&cell->fault, 0, sizeof(cell->fault));
	cell->state = HVISOR_CELL_RUNNING;
	err = cell_power_on(cell);
	if (err) {
		cell->state = HVISOR_CELL_SHUT_DOWN;
		goto out;
	}
	printk("hvisor: cell %u \"%s\" started at 0x%lx on CPU %u\n", id,
	       cell->config->name, (unsigned long)cell->config->entry,
	       cell->vcpu_cpu[0]);
out:
	spin_unlock(&mgmt_lock);
	return err;
}

long cell_shutdown(unsigned int id)
{
	struct cell *cell;
	long err;

	spin_lock(&mgmt_lock);
	cell = cell_by_id(id);
	err = cell ? vcpu_stop_cell(cell) : -ENOENT;
	if (!err)
		pci_cell_quiesce(cell); /* a stopped cell's devices stop too */
	if (!err && cell->state != HVISOR_CELL_LOADABLE)
		cell->state = HVISOR_CELL_SHUT_DOWN;
	spin_unlock(&mgmt_lock);
	return err;
}

long cell_destroy(unsigned int id)
{
	const struct hvisor_mem_region *r;
	struct cell *cell;
	unsigned int n, cpu;
	long err;

	spin_lock(&mgmt_lock);
	cell = cell_by_id(id);
	err = cell ? vcpu_stop_cell(cell) : -ENOENT;
	if (err)
		goto out;
	/* no more DMA into the cell's RAM, then the device back to the root */
	pci_cell_release(cell);
	/* before the root can map it again, and before the next cell */
	scrub_and_report(cell, false);
	arch_cell_release_irqs(cell);
	r = hvisor_cell_regions(cell->config);
	for (n = 0; n < cell->config->num_mem_regions; n++, r++)
		if (region_is_memory(r))
			root_remap(r);
	/* remapping whole root regions must not hand back other cells' memory */
	for (n = 0; n < MAX_CELLS; n++) {
		if (!cells[n] || cells[n] == cell)
			continue;
		root_unmap_cell(cells[n]);
		if (cells[n]->state == HVISOR_CELL_LOADABLE)
			set_loadable_mapping(cells[n], true);
	}
	arch_flush_stage2(&root_cell);
	for (n = 0; n < HVISOR_MAX_IRQS / 32; n++)
		root_cell.irqs[n] |= cell->irqs[n];
	for (cpu = 0; cpu < hv_num_cpus; cpu++) {
		struct per_cpu *c = per_cpu(cpu);

		if (c->cell != cell)
			continue;
		c->cell = &root_cell;
		memset(&c->vcpu, 0, sizeof(c->vcpu));
		c->vcpu.id = cpu;
		c->vcpu.cpu = cpu;
		c->online = false;
		arch_dcache_clean(c, sizeof(*c));
	}
	root_cell.cpus |= cell->cpus;
	for (n = 0; n < MAX_CELLS; n++)
		if (cells[n] == cell)
			cells[n] = NULL;
	log_cell_gone(id);
	printk("hvisor: cell %u \"%s\" destroyed\n", id, cell->config->name);
	free_cell(cell);
	printk("hvisor: pool %lu/%lu pages used\n",
	       (unsigned long)mem_pool.used, (unsigned long)mem_pool.pages);
out:
	spin_unlock(&mgmt_lock);
	return err;
}
