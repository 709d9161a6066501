/* hvisor.ko: module init and exit, the /dev/hvisor device and its ioctls. */
#include "driver.h"

#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>

struct hvisor_state hvisor = {
	.lock = __MUTEX_INITIALIZER(hvisor.lock),
	.cells = LIST_HEAD_INIT(hvisor.cells),
	.root_irqs = ATOMIC64_INIT(0),
	.irq_wait = __WAIT_QUEUE_HEAD_INITIALIZER(hvisor.irq_wait),
	.map_lock = __MUTEX_INITIALIZER(hvisor.map_lock),
	.mappings = ATOMIC_INIT(0),
};

static struct miscdevice hvisor_misc;

static long ioctl_info(void __user *uarg)
{
	struct hvisor_info info;
	long val[5] = { 0 };
	u64 sel[5] = { HVISOR_INFO_VERSION, HVISOR_INFO_NUM_CELLS,
		       HVISOR_INFO_NUM_CPUS, HVISOR_INFO_MEM_POOL_SIZE,
		       HVISOR_INFO_MEM_POOL_USED };
	int i;

	memset(&info, 0, sizeof(info));
	info.abi = HVISOR_IOCTL_ABI;
	hvisor_arch_info(&info);
	info.hyp_state = hvisor.hyp_state;

	mutex_lock(&hvisor.lock);
	if (hvisor.enabled) {
		info.enabled = 1;
		info.hyp_state = HVISOR_HYP_HVISOR;
		for (i = 0; i < ARRAY_SIZE(sel); i++) {
			val[i] = hvisor_get_info(sel[i]);
			if (val[i] < 0) {
				mutex_unlock(&hvisor.lock);
				pr_err("GET_INFO %llu failed (%ld)\n", sel[i],
				       val[i]);
				return val[i];
			}
		}
	}
	mutex_unlock(&hvisor.lock);

	info.hv_version = val[0];
	info.num_cells = val[1];
	info.num_cpus = val[2];
	info.mem_pool_pages = val[3];
	info.mem_pool_used = val[4];
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long ioctl_enable(void __user *uarg)
{
	struct hvisor_enable_args args;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return hvisor_enable(&args, hvisor_misc.this_device);
}

static long ioctl_console(void __user *uarg)
{
	struct hvisor_console_args args;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	ret = hvisor_console_read(&args);
	if (ret)
		return ret;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long hvisor_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	long ret;

	/* the virtio daemon's hot path first */
	ret = hvisor_virtio_ioctl(cmd, uarg);
	if (ret != -ENOTTY)
		return ret;
	switch (cmd) {
	case HVISOR_IOCTL_INFO:
		return ioctl_info(uarg);
	case HVISOR_IOCTL_ENABLE:
		return ioctl_enable(uarg);
	case HVISOR_IOCTL_DISABLE:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		return hvisor_disable();
	case HVISOR_IOCTL_CONSOLE:
		return ioctl_console(uarg);
	}
	return hvisor_cell_ioctl(cmd, uarg);
}

static int hvisor_open(struct inode *inode, struct file *file)
{
	return hvisor_irq_open(file);
}

static int hvisor_release(struct inode *inode, struct file *file)
{
	return hvisor_irq_release(file);
}

static ssize_t hvisor_read(struct file *file, char __user *buf, size_t len,
			   loff_t *ppos)
{
	return hvisor_irq_read(file, buf, len);
}

static const struct file_operations hvisor_fops = {
	.owner = THIS_MODULE,
	.open = hvisor_open,
	.release = hvisor_release,
	.read = hvisor_read,
	.poll = hvisor_irq_poll,
	.mmap = hvisor_mmap,
	.unlocked_ioctl = hvisor_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hvisor_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvisor",
	.fops = &hvisor_fops,
};

static int __init hvisor_init(void)
{
	char found[160];
	int ret;

	ret = hvisor_arch_detect();
	if (ret)
		return ret;
	ret = hvisor_cell_cpus_init();
	if (ret)
		return ret;
	ret = misc_register(&hvisor_misc);
	if (ret) {
		pr_err("cannot register /dev/hvisor (%d)\n", ret);
		hvisor_cell_cpus_exit();
		return ret;
	}
	ret = hvisor_sysfs_init();
	if (ret) {
		pr_err("cannot create /sys/kernel/hvisor (%d)\n", ret);
		misc_deregister(&hvisor_misc);
		hvisor_cell_cpus_exit();
		return ret;
	}
	hvisor_arch_summary(found, sizeof(found));
	pr_info("%s; /dev/hvisor ready\n", found);
	return 0;
}

static void __exit hvisor_exit(void)
{
	hvisor_sysfs_exit();
	misc_deregister(&hvisor_misc);
	hvisor_cell_cpus_exit();
}

module_init(hvisor_init);
module_exit(hvisor_exit);

MODULE_DESCRIPTION("hvisor: late-launch a static partitioning hypervisor");
MODULE_LICENSE("GPL");
