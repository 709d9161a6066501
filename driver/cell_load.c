/* Copies images from user space into a cell's loadable memory. */
#include "driver.h"

#include <linux/cacheflush.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

/* Bytes mapped at a time while copying an image. */
#define LOAD_CHUNK SZ_1M

/*
 * Copies one image to physical memory the hypervisor mapped back into the
 * root, pushes it to PoC (the cell starts with its MMU and caches off) and
 * drops stale instructions of that memory.
 */
static int copy_image(phys_addr_t pa, const u8 __user *src, u64 size)
{
	size_t chunk;
	void *dst;

	while (size) {
		chunk = min_t(u64, size, LOAD_CHUNK);
		dst = memremap(pa, chunk, MEMREMAP_WB);
		if (!dst) {
			pr_err("cannot map cell memory at PA %pa (+0x%zx)\n",
			       &pa, chunk);
			return -ENOMEM;
		}
		if (copy_from_user(dst, src, chunk)) {
			memunmap(dst);
			return -EFAULT;
		}
		hvisor_arch_dcache_clean_inval(dst, chunk);
		flush_icache_range((unsigned long)dst,
				   (unsigned long)dst + chunk);
		memunmap(dst);
		pa += chunk;
		src += chunk;
		size -= chunk;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/* Each image must lie in one loadable RAM region of the cell. */
static int check_images(const struct hvisor_cell *cell,
			const struct hvisor_image *img, u32 n,
			const struct hvisor_mem_region **regions)
{
	u32 i;

	for (i = 0; i < n; i++) {
		regions[i] = hvisor_cell_ram_region(cell->config, img[i].target,
						    img[i].size,
						    HVISOR_MEM_LOADABLE);
		if (img[i].size && regions[i])
			continue;
		pr_err("cell '%s' (%u): image %u (0x%llx bytes at 0x%llx) is %s\n",
		       cell->name, cell->id, i, img[i].size, img[i].target,
		       img[i].size ? "not inside a loadable RAM region" :
				     "empty");
		return -EINVAL;
	}
	return 0;
}

int hvisor_cell_load(const struct hvisor_cell_load_args *args)
{
	const struct hvisor_mem_region **regions = NULL;
	struct hvisor_image *img = NULL;
	struct hvisor_cell *cell;
	struct hvisor_hc hc;
	phys_addr_t pa;
	long ret;
	u32 i;

	if (!args->num_images || args->num_images > HVISOR_CELL_MAX_IMAGES) {
		pr_err("cell load: num_images %u not in [1, %d]\n",
		       args->num_images, HVISOR_CELL_MAX_IMAGES);
		return -EINVAL;
	}
	img = kcalloc(args->num_images, sizeof(*img), GFP_KERNEL);
	regions = kcalloc(args->num_images, sizeof(*regions), GFP_KERNEL);
	if (!img || !regions) {
		ret = -ENOMEM;
		goto free;
	}
	if (copy_from_user(img, u64_to_user_ptr(args->images),
			   args->num_images * sizeof(*img))) {
		ret = -EFAULT;
		goto free;
	}

	/* held throughout: the cell cannot start or go away while copying */
	mutex_lock(&hvisor.lock);
	cell = hvisor_cell_lookup(args->id);
	ret = PTR_ERR_OR_ZERO(cell);
	if (!ret)
		ret = check_images(cell, img, args->num_images, regions);
	if (ret)
		goto unlock;
	hc = (struct hvisor_hc){ .code = HVISOR_HC_CELL_SET_LOADABLE,
				 .arg1 = cell->id };
	ret = hvisor_hc_any(&hc);
	if (ret < 0) {
		pr_err("cell '%s' (%u): SET_LOADABLE refused (%ld%s)\n",
		       cell->name, cell->id, ret,
		       ret == -EBUSY ? ": shut it down first" : "");
		goto unlock;
	}
	for (i = 0; i < args->num_images && !ret; i++) {
		pa = regions[i]->phys_start + img[i].target -
		     regions[i]->virt_start;
		ret = copy_image(pa, u64_to_user_ptr(img[i].source),
				 img[i].size);
		if (ret)
			pr_err("cell '%s' (%u): loading image %u at 0x%llx failed (%ld)\n",
			       cell->name, cell->id, i, img[i].target, ret);
	}
unlock:
	mutex_unlock(&hvisor.lock);
free:
	kfree(regions);
	kfree(img);
	return ret < 0 ? ret : 0;
}
