/* Loads hvisor.bin, checks its header and lays it out in hypervisor memory. */
#include "driver.h"

#include <linux/cacheflush.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/firmware.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/string.h>

int hvisor_image_load(const struct firmware **fw, struct device *dev)
{
	int ret = request_firmware_direct(fw, HVISOR_FIRMWARE, dev);

	if (ret)
		pr_err("cannot load the hypervisor image /lib/firmware/%s (%d)\n",
		       HVISOR_FIRMWARE, ret);
	return ret;
}

/* Everything the driver relies on in the image header. */
int hvisor_image_check(const struct firmware *fw,
		       const struct hvisor_system *sys, u32 cfg_size)
{
	const struct hvisor_header *hdr = (const void *)fw->data;
	u64 avail = sys->hypervisor_size;
	unsigned int last_cpu;
	int ret;

	if (fw->size < sizeof(*hdr)) {
		pr_err("%s: %zu bytes, smaller than its %zu-byte header\n",
		       HVISOR_FIRMWARE, fw->size, sizeof(*hdr));
		return -EINVAL;
	}
	if (memcmp(hdr->signature, HVISOR_IMAGE_SIGNATURE,
		   sizeof(hdr->signature))) {
		pr_err("%s: header signature is not %s\n", HVISOR_FIRMWARE,
		       HVISOR_IMAGE_SIGNATURE);
		return -EINVAL;
	}
	if (hdr->abi != HVISOR_IMAGE_ABI) {
		pr_err("%s: header abi %u, this driver needs %u\n",
		       HVISOR_FIRMWARE, hdr->abi, HVISOR_IMAGE_ABI);
		return -EINVAL;
	}
	if (hdr->header_size != sizeof(*hdr)) {
		pr_err("%s: header_size %u, expected %zu\n", HVISOR_FIRMWARE,
		       hdr->header_size, sizeof(*hdr));
		return -EINVAL;
	}
	if (hdr->core_size < fw->size || !PAGE_ALIGNED(hdr->core_size)) {
		pr_err("%s: core_size 0x%llx must be page aligned and cover the %zu-byte file\n",
		       HVISOR_FIRMWARE, hdr->core_size, fw->size);
		return -EINVAL;
	}
	if (hdr->core_size > avail || cfg_size > avail - hdr->core_size ||
	    HVISOR_MIN_FREE_SIZE > avail - hdr->core_size - cfg_size) {
		pr_err("hypervisor_size 0x%llx too small: image core_size 0x%llx + config %u bytes + 1 MiB needed\n",
		       avail, hdr->core_size, cfg_size);
		return -EINVAL;
	}
	ret = hvisor_arch_check_entry(hdr, fw->size);
	if (ret)
		return ret;
	last_cpu = cpumask_last(cpu_online_mask);
	if (last_cpu >= hdr->max_cpus) {
		pr_err("%s: max_cpus %u, but CPU %u is online\n",
		       HVISOR_FIRMWARE, hdr->max_cpus, last_cpu);
		return -EINVAL;
	}
	return 0;
}

/*
 * Writes image, zeroed bss and config into the hypervisor memory, pushes it
 * all to PoC (the hypervisor starts with MMU and caches off), drops stale
 * instructions of the image and unmaps it.
 */
int hvisor_image_install(const struct firmware *fw,
			 const struct hvisor_system *sys, u32 cfg_size,
			 u32 online_cpus)
{
	const struct hvisor_header *src = (const void *)fw->data;
	struct hvisor_header *hdr;
	void *base;

	base = memremap(sys->hypervisor_phys, sys->hypervisor_size,
			MEMREMAP_WB);
	if (!base) {
		pr_err("cannot map hypervisor memory 0x%llx-0x%llx\n",
		       sys->hypervisor_phys,
		       sys->hypervisor_phys + sys->hypervisor_size - 1);
		return -ENOMEM;
	}
	memcpy(base, fw->data, fw->size);
	memset(base + fw->size, 0, src->core_size - fw->size);
	memcpy(base + src->core_size, sys, cfg_size);
	hdr = base;
	hdr->config_size = cfg_size;
	hdr->online_cpus = online_cpus;

	hvisor_arch_dcache_clean_inval(base, sys->hypervisor_size);
	flush_icache_range((unsigned long)base,
			   (unsigned long)base + src->core_size);
	memunmap(base);
	return 0;
}
