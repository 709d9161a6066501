/* Enables the hypervisor on every online CPU, and disables it again. */
#include "driver.h"

#include <linux/cpu.h>
#include <linux/errno.h>
#include <linux/firmware.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <hvisor/config_check.h>

struct enter_arg {
	phys_addr_t image;
	const struct hvisor_header *hdr;
	long ret;
};

/* Copies the system config from user space and runs the shared checker. */
static struct hvisor_system *copy_config(const struct hvisor_enable_args *args)
{
	struct hvisor_check_error err;
	struct hvisor_info info = {};
	struct hvisor_system *sys;

	if (args->size < sizeof(*sys) || args->size > HVISOR_CONFIG_MAX_SIZE) {
		pr_err("config: size %llu not in [%zu, %d]\n", args->size,
		       sizeof(*sys), HVISOR_CONFIG_MAX_SIZE);
		return ERR_PTR(-EINVAL);
	}
	sys = kvmalloc(args->size, GFP_KERNEL);
	if (!sys)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(sys, u64_to_user_ptr(args->config), args->size)) {
		kvfree(sys);
		return ERR_PTR(-EFAULT);
	}
	hvisor_arch_info(&info); /* the arch this kernel runs on */
	if (hvisor_check_system_arch(sys, args->size, info.arch, &err)) {
		pr_err("config: part %d region %d field %s: %s (0x%llx)\n",
		       err.part, err.region, err.field ?: "-", err.reason,
		       err.value);
		kvfree(sys);
		return ERR_PTR(-EINVAL);
	}
	return sys;
}

static int check_memory(const struct hvisor_system *sys)
{
	if (region_intersects(sys->hypervisor_phys, sys->hypervisor_size,
			      IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) == REGION_DISJOINT)
		return 0;
	pr_err("hypervisor memory 0x%llx-0x%llx is used by Linux: reserve it (mem= or reserved-memory)\n",
	       sys->hypervisor_phys,
	       sys->hypervisor_phys + sys->hypervisor_size - 1);
	return -EINVAL;
}

/* The online CPUs must be exactly the root cell's. Called with hotplug held. */
static int check_cpus(const struct hvisor_system *sys)
{
	u64 cpus = sys->root_cell.cpus;
	cpumask_t want;
	unsigned int cpu;

	cpumask_clear(&want);
	for (cpu = 0; cpu < 64; cpu++) {
		if (!(cpus & BIT_ULL(cpu)))
			continue;
		if (cpu >= nr_cpu_ids) {
			pr_err("config: root cell CPU %u does not exist (%u CPUs)\n",
			       cpu, nr_cpu_ids);
			return -EINVAL;
		}
		cpumask_set_cpu(cpu, &want);
	}
	if (!cpumask_equal(&want, cpu_online_mask)) {
		pr_err("online CPUs %*pbl differ from the root cell's CPUs %*pbl\n",
		       cpumask_pr_args(cpu_online_mask),
		       cpumask_pr_args(&want));
		return -EINVAL;
	}
	return 0;
}

/* Leaves the hypervisor on each CPU of mask that runs it; stops at an error. */
static long leave_cpus(const struct cpumask *mask)
{
	struct hvisor_hc hc;
	unsigned int cpu;
	long ret;

	for_each_cpu(cpu, mask) {
		if (!cpumask_test_cpu(cpu, &hvisor.cpus))
			continue;
		hc = (struct hvisor_hc){ .code = HVISOR_HC_DISABLE };
		ret = hvisor_hc_on(cpu, &hc);
		if (ret) {
			pr_err("CPU %u could not leave the hypervisor (%ld)\n",
			       cpu, ret);
			return ret;
		}
		cpumask_clear_cpu(cpu, &hvisor.cpus);
	}
	return 0;
}

static void enter_ipi(void *data)
{
	struct enter_arg *arg = data;

	arg->ret = hvisor_arch_enter_cpu(arg->image, arg->hdr);
}

/* Enters every online CPU, lowest first; undoes it all on a failure. */
static int enter_cpus(phys_addr_t image, const struct hvisor_header *hdr)
{
	struct enter_arg arg = { .image = image, .hdr = hdr };
	unsigned int cpu;
	cpumask_t entered;
	long ret = 0;

	for_each_online_cpu(cpu) {
		arg.ret = -EIO;
		ret = smp_call_function_single(cpu, enter_ipi, &arg, 1);
		if (!ret)
			ret = arg.ret;
		if (ret > 0) {
			pr_err("CPU %u: unexpected answer 0x%lx to the entry call\n",
			       cpu, ret);
			ret = -EIO;
		}
		if (ret) {
			pr_err("CPU %u failed to enter the hypervisor (%ld)\n",
			       cpu, ret);
			break;
		}
		cpumask_set_cpu(cpu, &hvisor.cpus);
	}
	if (!ret)
		return 0;

	cpumask_copy(&entered, &hvisor.cpus);
	if (cpumask_empty(&entered))
		return ret;
	if (leave_cpus(&entered))
		pr_err("CPUs %*pbl are stuck in the hypervisor: retry 'hvisor disable'\n",
		       cpumask_pr_args(&hvisor.cpus));
	else
		pr_info("CPUs %*pbl left the hypervisor again\n",
			cpumask_pr_args(&entered));
	return ret;
}

static int do_enable(const struct hvisor_system *sys, u32 cfg_size,
		     struct device *dev)
{
	const struct firmware *fw;
	int ret;

	ret = check_memory(sys);
	if (ret)
		return ret;
	ret = hvisor_image_load(&fw, dev);
	if (ret)
		return ret;
	ret = hvisor_root_irq_setup(sys->platform.root_irq);
	if (ret) {
		release_firmware(fw);
		return ret;
	}

	cpus_read_lock();
	ret = check_cpus(sys);
	if (!ret)
		ret = hvisor_image_check(fw, sys, cfg_size);
	if (!ret)
		ret = hvisor_image_install(fw, sys, cfg_size,
					   num_online_cpus());
	if (!ret)
		ret = enter_cpus(sys->hypervisor_phys, (const void *)fw->data);
	if (!ret || !cpumask_empty(&hvisor.cpus)) {
		/* on a failed rollback keep the state so disable can retry */
		cpumask_copy(&hvisor.managed, cpu_online_mask);
		hvisor.enabled = true;
		__module_get(THIS_MODULE);
	}
	cpus_read_unlock();
	if (!ret)
		hvisor_virtio_start(sys);
	if (!hvisor.enabled)
		hvisor_root_irq_free();

	release_firmware(fw);
	return ret;
}

int hvisor_enable(const struct hvisor_enable_args *args, struct device *dev)
{
	struct hvisor_system *sys;
	int ret;

	sys = copy_config(args);
	if (IS_ERR(sys))
		return PTR_ERR(sys);

	mutex_lock(&hvisor.lock);
	if (hvisor.enabled) {
		pr_err("already enabled\n");
		ret = -EBUSY;
	} else {
		ret = do_enable(sys, args->size, dev);
	}
	if (!ret)
		pr_info("enabled on CPUs %*pbl; 'hvisor disable' before rmmod\n",
			cpumask_pr_args(&hvisor.cpus));
	mutex_unlock(&hvisor.lock);

	kvfree(sys);
	hvisor_sysfs_update();
	return ret;
}

int hvisor_disable(void)
{
	unsigned int before;
	cpumask_t online;
	long ret;

	mutex_lock(&hvisor.lock);
	if (!hvisor.enabled) {
		mutex_unlock(&hvisor.lock);
		return -EINVAL;
	}
	ret = hvisor_cells_block_disable();
	if (!ret)
		ret = hvisor_virtio_stop();
	if (ret) {
		mutex_unlock(&hvisor.lock);
		return ret;
	}

	cpus_read_lock();
	before = cpumask_weight(&hvisor.cpus);
	cpumask_and(&online, &hvisor.cpus, cpu_online_mask);
	ret = leave_cpus(&online);
	if (!ret) {
		if (!cpumask_empty(&hvisor.cpus))
			pr_warn("CPUs %*pbl were offline at disable\n",
				cpumask_pr_args(&hvisor.cpus));
		cpumask_clear(&hvisor.cpus);
		hvisor.enabled = false;
		hvisor_root_irq_free();
		module_put(THIS_MODULE);
		pr_info("disabled\n");
	} else if (cpumask_weight(&hvisor.cpus) != before) {
		pr_err("disable failed half way: CPUs %*pbl still run the hypervisor\n",
		       cpumask_pr_args(&hvisor.cpus));
	}
	cpus_read_unlock();
	if (ret)
		hvisor_virtio_resume();
	else
		hvisor_virtio_release();
	mutex_unlock(&hvisor.lock);

	hvisor_sysfs_update();
	return ret;
}
