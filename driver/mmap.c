/* mmap of /dev/hvisor: the request ring and cells' rootshared RAM, counted. */
#include "driver.h"

#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/version.h>

/*
 * Every VMA is counted in hvisor.mappings, and a VMA of cell RAM in its
 * cell's mappings too (with a reference): disable and cell destroy are
 * refused while a count is not 0. open runs for copies (fork, split, mremap
 * move), close for each VMA going away.
 */
static void vma_open(struct vm_area_struct *vma)
{
	struct hvisor_cell *cell = vma->vm_private_data;

	atomic_inc(&hvisor.mappings);
	if (cell) {
		kref_get(&cell->ref);
		atomic_inc(&cell->mappings);
	}
}

static void vma_close(struct vm_area_struct *vma)
{
	struct hvisor_cell *cell = vma->vm_private_data;

	if (cell) {
		atomic_dec(&cell->mappings);
		hvisor_cell_put(cell);
	}
	atomic_dec(&hvisor.mappings);
}

static const struct vm_operations_struct hvisor_vm_ops = {
	.open = vma_open,
	.close = vma_close,
};

/* With map_lock held: the cell with a rootshared RAM region holding the range. */
static struct hvisor_cell *shared_owner(u64 pa, u64 size)
{
	const struct hvisor_mem_region *r;
	struct hvisor_cell *cell;
	u32 i;

	list_for_each_entry(cell, &hvisor.cells, node) {
		r = hvisor_cell_regions(cell->config);
		for (i = 0; i < cell->config->num_mem_regions; i++, r++) {
			if (r->type != HVISOR_MEM_TYPE_RAM ||
			    !(r->flags & HVISOR_MEM_ROOTSHARED))
				continue;
			if (pa >= r->phys_start &&
			    pa - r->phys_start < r->size &&
			    size <= r->size - (pa - r->phys_start))
				return cell;
		}
	}
	return NULL;
}

/* With map_lock held: what the VMA may map at physical @pa, or an error. */
static int check_range(u64 pa, u64 size, struct hvisor_cell **owner)
{
	u64 end;

	*owner = NULL;
	if (!pa) {
		if (!hvisor.ring_pa) {
			pr_err("mmap: the hypervisor has no request ring\n");
			return -ENODEV;
		}
		if (size > HVISOR_REQ_RING_SIZE) {
			pr_err("mmap: 0x%llx bytes asked, the request ring has 0x%x\n",
			       size, HVISOR_REQ_RING_SIZE);
			return -EINVAL;
		}
		return 0;
	}
	if (check_add_overflow(pa, size, &end)) {
		pr_err("mmap: PA 0x%llx + 0x%llx wraps\n", pa, size);
		return -EINVAL;
	}
	if (pa < hvisor.hv_phys + hvisor.hv_size && end > hvisor.hv_phys) {
		pr_err("mmap: PA 0x%llx-0x%llx overlaps the hypervisor's memory: refused\n",
		       pa, end - 1);
		return -EPERM;
	}
	if (region_intersects(pa, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("mmap: PA 0x%llx-0x%llx is RAM Linux uses: refused\n",
		       pa, end - 1);
		return -EPERM;
	}
	*owner = shared_owner(pa, size);
	if (!*owner) {
		pr_err("mmap: PA 0x%llx-0x%llx is not inside a rootshared RAM region of a cell: refused\n",
		       pa, end - 1);
		return -EPERM;
	}
	return 0;
}

/*
 * Offset 0: the request ring; any other offset: the physical address of
 * cell RAM the root shares. Cacheable, as the hypervisor and the cells map
 * both; shared, never growing, never executable.
 */
int hvisor_mmap(struct file *file, struct vm_area_struct *vma)
{
	u64 size = vma->vm_end - vma->vm_start;
	u64 pa = (u64)vma->vm_pgoff << PAGE_SHIFT;
	struct hvisor_cell *owner;
	int ret;

	BUILD_BUG_ON(HVISOR_REQ_RING_SIZE % PAGE_SIZE);
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!(vma->vm_flags & VM_SHARED)) {
		pr_err("mmap: MAP_SHARED only\n");
		return -EINVAL;
	}
	if (vma->vm_flags & VM_EXEC) {
		pr_err("mmap: PROT_EXEC refused\n");
		return -EPERM;
	}

	mutex_lock(&hvisor.map_lock);
	if (!hvisor.map_ok) {
		ret = -ENODEV;
		goto out;
	}
	ret = check_range(pa, size, &owner);
	if (ret)
		goto out;
	if (!pa)
		pa = hvisor.ring_pa;
		/* vm_flags is read-only from Linux 6.3 on (the riscv64 root runs 6.12) */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_mod(vma, VM_DONTEXPAND | VM_DONTDUMP, VM_MAYEXEC);
#else
	vma->vm_flags &= ~VM_MAYEXEC;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
#endif
	ret = remap_pfn_range(vma, vma->vm_start, PHYS_PFN(pa), size,
			      hvisor_arch_map_prot(vma->vm_page_prot,
						   vma->vm_flags & VM_WRITE));
	if (ret) {
		pr_err("mmap: remap of PA 0x%llx (0x%llx bytes) failed (%d)\n",
		       pa, size, ret);
		goto out;
	}
	vma->vm_private_data = owner;
	vma->vm_ops = &hvisor_vm_ops;
	vma_open(vma);
out:
	mutex_unlock(&hvisor.map_lock);
	return ret;
}
