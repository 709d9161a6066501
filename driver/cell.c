/* Cells: the driver's list, create, start, shutdown, destroy, list and info. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <hvisor/cell.h>
#include <hvisor/config_check.h>
#include <hvisor/mailbox.h>

/* The cell with @id, with hvisor.lock held; ERR_PTR(-ENODEV or -ENOENT). */
struct hvisor_cell *hvisor_cell_lookup(u32 id)
{
	struct hvisor_cell *cell;

	lockdep_assert_held(&hvisor.lock);
	if (!hvisor.enabled)
		return ERR_PTR(-ENODEV);
	list_for_each_entry(cell, &hvisor.cells, node) {
		if (cell->id == id)
			return cell;
	}
	return ERR_PTR(-ENOENT);
}

/* As hvisor_cell_lookup, without the lock: a reference to drop with put. */
struct hvisor_cell *hvisor_cell_get(u32 id)
{
	struct hvisor_cell *cell;

	mutex_lock(&hvisor.lock);
	cell = hvisor_cell_lookup(id);
	if (!IS_ERR(cell))
		kref_get(&cell->ref);
	mutex_unlock(&hvisor.lock);
	return cell;
}

static void cell_free(struct hvisor_cell *cell)
{
	kvfree(cell->config);
	kfree(cell);
}

static void cell_release(struct kref *ref)
{
	cell_free(container_of(ref, struct hvisor_cell, ref));
}

void hvisor_cell_put(struct hvisor_cell *cell)
{
	kref_put(&cell->ref, cell_release);
}

const char *hvisor_cell_state_name(long state)
{
	static const char *const names[HVISOR_CELL_NUM_STATES] =
		HVISOR_CELL_STATE_NAMES;

	if (state < 0 || state >= HVISOR_CELL_NUM_STATES)
		return "in an unknown state";
	return names[state];
}

/*
 * The RAM region of @desc that has all of @flags and holds the
 * guest-physical range [ipa, ipa + size), or NULL.
 */
const struct hvisor_mem_region *
hvisor_cell_ram_region(const struct hvisor_cell_desc *desc, u64 ipa, u64 size,
		       u32 flags)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(desc);
	u32 i;

	for (i = 0; i < desc->num_mem_regions; i++, r++) {
		if (r->type != HVISOR_MEM_TYPE_RAM ||
		    (r->flags & flags) != flags)
			continue;
		if (ipa >= r->virt_start && ipa - r->virt_start < r->size &&
		    size <= r->size - (ipa - r->virt_start))
			return r;
	}
	return NULL;
}

/*
 * The shared checker (without the system config, which the hypervisor
 * holds and checks the cell against), then what only Linux knows.
 */
static int check_cell_config(const struct hvisor_cell_desc *desc, u64 size)
{
	const struct hvisor_mem_region *r;
	struct hvisor_check_error err;
	unsigned int cpu;
	u32 i;

	if (hvisor_check_cell(NULL, 0, desc, size, &err)) {
		pr_err("cell config: part %d region %d field %s: %s (0x%llx)\n",
		       err.part, err.region, err.field ?: "-", err.reason,
		       err.value);
		return -EINVAL;
	}
	for (cpu = nr_cpu_ids; cpu < HVISOR_MAX_CPUS; cpu++) {
		if (desc->cpus & BIT_ULL(cpu)) {
			pr_err("cell config '%s': CPU %u does not exist (%u CPUs)\n",
			       desc->name, cpu, nr_cpu_ids);
			return -EINVAL;
		}
	}
	r = hvisor_cell_regions(desc);
	for (i = 0; i < desc->num_mem_regions; i++, r++) {
		if (r->type != HVISOR_MEM_TYPE_RAM ||
		    (r->flags & HVISOR_MEM_ROOTSHARED))
			continue;
		/* the hypervisor cannot tell which root RAM Linux runs in */
		if (region_intersects(r->phys_start, r->size,
				      IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE) != REGION_DISJOINT) {
			pr_err("cell config '%s': region %u (0x%llx-0x%llx) is RAM Linux uses\n",
			       desc->name, i, r->phys_start,
			       r->phys_start + r->size - 1);
			return -EINVAL;
		}
	}
	return 0;
}

static struct hvisor_cell *
cell_from_user(const struct hvisor_cell_create_args *args)
{
	const struct hvisor_mem_region *r;
	struct hvisor_cell_desc *desc;
	struct hvisor_cell *cell;
	unsigned int cpu;
	int ret;

	if (args->size < sizeof(*desc) ||
	    args->size > HVISOR_CELL_CONFIG_MAX_SIZE) {
		pr_err("cell config: size %llu not in [%zu, %d]\n", args->size,
		       sizeof(*desc), HVISOR_CELL_CONFIG_MAX_SIZE);
		return ERR_PTR(-EINVAL);
	}
	cell = kzalloc(sizeof(*cell), GFP_KERNEL);
	desc = kvmalloc(args->size, GFP_KERNEL);
	if (!cell || !desc) {
		ret = -ENOMEM;
		goto fail;
	}
	if (copy_from_user(desc, u64_to_user_ptr(args->config), args->size)) {
		ret = -EFAULT;
		goto fail;
	}
	ret = check_cell_config(desc, args->size);
	if (ret)
		goto fail;

	kref_init(&cell->ref);
	mutex_init(&cell->exec_lock);
	cell->config = desc;
	strscpy(cell->name, desc->name, sizeof(cell->name));
	for (cpu = 0; cpu < HVISOR_MAX_CPUS; cpu++) {
		if (desc->cpus & BIT_ULL(cpu))
			cpumask_set_cpu(cpu, &cell->cpus);
	}
	if (desc->mailbox_base) {
		r = hvisor_cell_ram_region(desc, desc->mailbox_base,
					   sizeof(struct hvisor_mailbox),
					   HVISOR_MEM_ROOTSHARED);
		cell->mailbox_pa =
			r->phys_start + desc->mailbox_base - r->virt_start;
	}
	return cell;

fail:
	kvfree(desc);
	kfree(cell);
	return ERR_PTR(ret);
}

/* Returns the new cell's id (> 0) or -errno; CPUs are back on failure. */
long hvisor_cell_create(const struct hvisor_cell_create_args *args)
{
	struct hvisor_cell *cell;
	struct hvisor_hc hc;
	void *blob;
	long ret;

	cell = cell_from_user(args);
	if (IS_ERR(cell))
		return PTR_ERR(cell);
	/* the hypervisor reads the blob by physical address */
	blob = alloc_pages_exact(args->size, GFP_KERNEL);
	if (!blob) {
		cell_free(cell);
		return -ENOMEM;
	}
	memcpy(blob, cell->config, args->size);

	mutex_lock(&hvisor.lock);
	if (!hvisor.enabled) {
		ret = -ENODEV;
		goto out;
	}
	ret = hvisor_cell_cpus_take(&cell->cpus);
	if (ret)
		goto out;
	hc = (struct hvisor_hc){ .code = HVISOR_HC_CELL_CREATE,
				 .arg1 = virt_to_phys(blob),
				 .arg2 = args->size };
	ret = hvisor_hc_any(&hc);
	if (ret == 0 || ret > U32_MAX) {
		pr_err("CELL_CREATE answered id %ld for cell '%s'\n", ret,
		       cell->name);
		ret = -EIO;
	}
	if (ret < 0) {
		pr_err("hypervisor refused cell '%s' (%ld; see 'hvisor console'); CPUs %*pbl go back to Linux\n",
		       cell->name, ret, cpumask_pr_args(&cell->cpus));
		hvisor_cell_cpus_give(&cell->cpus);
		goto out;
	}
	cell->id = ret;
	hvisor_cell_cpus_own(&cell->cpus, cell->id);
	mutex_lock(&hvisor.map_lock);
	list_add_tail(&cell->node, &hvisor.cells);
	mutex_unlock(&hvisor.map_lock);
	pr_info("cell '%s' created with id %u on CPUs %*pbl\n", cell->name,
		cell->id, cpumask_pr_args(&cell->cpus));
out:
	mutex_unlock(&hvisor.lock);
	free_pages_exact(blob, args->size);
	if (ret < 0)
		cell_free(cell);
	return ret;
}

/* A hypercall that only names the cell, with hvisor.lock held. */
static long cell_hc(const struct hvisor_cell *cell, u64 code, const char *what)
{
	struct hvisor_hc hc = { .code = code, .arg1 = cell->id };
	long ret = hvisor_hc_any(&hc);

	if (ret < 0)
		pr_err("cell '%s' (%u): %s refused (%ld; see 'hvisor console')\n",
		       cell->name, cell->id, what, ret);
	return ret;
}

int hvisor_cell_start(u32 id)
{
	struct hvisor_cell *cell;
	long ret;

	mutex_lock(&hvisor.lock);
	cell = hvisor_cell_lookup(id);
	ret = PTR_ERR_OR_ZERO(cell);
	if (!ret) {
		struct hvisor_hc hc = { .code = HVISOR_HC_CELL_GET_STATE,
					.arg1 = cell->id };

		/* a running cell keeps its mailbox: the start will be refused */
		ret = hvisor_hc_any(&hc);
		if (ret == HVISOR_CELL_RUNNING) {
			pr_err("cell '%s' (%u) is already running\n",
			       cell->name, cell->id);
			ret = -EBUSY;
		} else if (ret >= 0) {
			hvisor_mailbox_reset(cell);
			ret = cell_hc(cell, HVISOR_HC_CELL_START, "start");
		}
	}
	mutex_unlock(&hvisor.lock);
	return ret < 0 ? ret : 0;
}

int hvisor_cell_shutdown(u32 id)
{
	struct hvisor_cell *cell;
	long ret;

	mutex_lock(&hvisor.lock);
	cell = hvisor_cell_lookup(id);
	ret = PTR_ERR_OR_ZERO(cell);
	if (!ret)
		ret = cell_hc(cell, HVISOR_HC_CELL_SHUTDOWN, "shutdown");
	mutex_unlock(&hvisor.lock);
	/* a command waiting for the cell's answer notices at once */
	wake_up_all(&hvisor.irq_wait);
	return ret < 0 ? ret : 0;
}

/*
 * With hvisor.lock held. A process that maps the cell's rootshared RAM
 * (the virtio daemon) keeps the cell: its RAM goes back to the root, which
 * may reuse it, so no mapping may outlive the cell. map_lock keeps new
 * mappings out until the cell has left the list.
 */
static long destroy_unmapped(struct hvisor_cell *cell)
{
	long ret;
	int n;

	mutex_lock(&hvisor.map_lock);
	n = atomic_read(&cell->mappings);
	if (n) {
		pr_err("cell '%s' (%u): its RAM is mapped by a process (%d mapping%s): stop the virtio daemon first\n",
		       cell->name, cell->id, n, n == 1 ? "" : "s");
		ret = -EBUSY;
	} else {
		ret = cell_hc(cell, HVISOR_HC_CELL_DESTROY, "destroy");
		if (ret >= 0)
			list_del(&cell->node);
	}
	mutex_unlock(&hvisor.map_lock);
	return ret;
}

int hvisor_cell_destroy(u32 id)
{
	struct hvisor_cell *cell;
	long ret;

	mutex_lock(&hvisor.lock);
	cell = hvisor_cell_lookup(id);
	ret = PTR_ERR_OR_ZERO(cell);
	if (!ret)
		ret = destroy_unmapped(cell);
	if (ret < 0) {
		mutex_unlock(&hvisor.lock);
		return ret;
	}
	cell->gone = true;
	hvisor_cell_cpus_give(&cell->cpus);
	pr_info("cell '%s' (%u) destroyed; CPUs %*pbl are back in Linux\n",
		cell->name, cell->id, cpumask_pr_args(&cell->cpus));
	mutex_unlock(&hvisor.lock);

	wake_up_all(&hvisor.irq_wait);
	hvisor_cell_put(cell);
	return 0;
}

int hvisor_cell_list(struct hvisor_cell_list_args *args)
{
	struct hvisor_cell *cell;
	u32 *ids = NULL, n = 0;
	int ret = 0;

	/* at most one cell per CPU can exist */
	if (args->max)
		ids = kcalloc(min_t(u32, args->max, HVISOR_MAX_CPUS),
			      sizeof(*ids), GFP_KERNEL);
	if (args->max && !ids)
		return -ENOMEM;

	mutex_lock(&hvisor.lock);
	if (!hvisor.enabled)
		ret = -ENODEV;
	else
		list_for_each_entry(cell, &hvisor.cells, node) {
			if (n < args->max && n < HVISOR_MAX_CPUS)
				ids[n] = cell->id;
			n++;
		}
	mutex_unlock(&hvisor.lock);

	if (!ret) {
		args->count = n;
		n = min(n, args->max);
		if (n && copy_to_user(u64_to_user_ptr(args->ids), ids,
				      n * sizeof(*ids)))
			ret = -EFAULT;
	}
	kfree(ids);
	return ret;
}

int hvisor_cell_info(const struct hvisor_cell_info_args *args)
{
	struct hvisor_cell *cell;
	struct hvisor_hc hc;
	unsigned long page;
	long ret;

	BUILD_BUG_ON(sizeof(struct hvisor_cell_info) > PAGE_SIZE);
	page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;

	mutex_lock(&hvisor.lock);
	cell = hvisor_cell_lookup(args->id);
	ret = PTR_ERR_OR_ZERO(cell);
	if (!ret) {
		hc = (struct hvisor_hc){ .code = HVISOR_HC_CELL_GET_INFO,
					 .arg1 = cell->id,
					 .arg2 = virt_to_phys((void *)page) };
		ret = hvisor_hc_any(&hc);
		if (ret < 0)
			pr_err("cell '%s' (%u): GET_INFO failed (%ld)\n",
			       cell->name, cell->id, ret);
	}
	mutex_unlock(&hvisor.lock);

	if (ret >= 0 && copy_to_user(u64_to_user_ptr(args->info), (void *)page,
				     sizeof(struct hvisor_cell_info)))
		ret = -EFAULT;
	free_page(page);
	return ret < 0 ? ret : 0;
}

/*
 * With hvisor.lock held: -EBUSY and the list of cells when any exists (the
 * hypervisor would refuse to disable anyway).
 */
int hvisor_cells_block_disable(void)
{
	struct hvisor_cell *cell;
	char list[256];
	int len = 0;

	lockdep_assert_held(&hvisor.lock);
	if (list_empty(&hvisor.cells))
		return 0;
	list_for_each_entry(cell, &hvisor.cells, node)
		len += scnprintf(list + len, sizeof(list) - len, " %s(%u)",
				 cell->name, cell->id);
	pr_err("destroy the cells first:%s\n", list);
	return -EBUSY;
}
