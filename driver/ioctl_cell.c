/* The cell ioctls of /dev/hvisor: copy the arguments in and the results out. */
#include "driver.h"

#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/uaccess.h>

static long cell_id_ioctl(unsigned int cmd, void __user *uarg)
{
	struct hvisor_cell_id_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -EINVAL;
	switch (cmd) {
	case HVISOR_IOCTL_CELL_START:
		return hvisor_cell_start(args.id);
	case HVISOR_IOCTL_CELL_SHUTDOWN:
		return hvisor_cell_shutdown(args.id);
	default:
		return hvisor_cell_destroy(args.id);
	}
}

static long create_ioctl(void __user *uarg)
{
	struct hvisor_cell_create_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return hvisor_cell_create(&args);
}

static long load_ioctl(void __user *uarg)
{
	struct hvisor_cell_load_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return hvisor_cell_load(&args);
}

static long list_ioctl(void __user *uarg)
{
	struct hvisor_cell_list_args args;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	ret = hvisor_cell_list(&args);
	if (ret)
		return ret;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long info_ioctl(void __user *uarg)
{
	struct hvisor_cell_info_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -EINVAL;
	return hvisor_cell_info(&args);
}

static long console_ioctl(void __user *uarg)
{
	struct hvisor_cell_console_args args;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	ret = hvisor_cell_console_read(&args);
	if (ret)
		return ret;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long console_write_ioctl(void __user *uarg)
{
	struct hvisor_cell_console_write_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return hvisor_cell_console_write(&args);
}

static long exec_ioctl(void __user *uarg)
{
	struct hvisor_cell_exec_args args;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	ret = hvisor_cell_exec(&args);
	if (ret)
		return ret;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

/* -ENOTTY for a command that is not a cell ioctl. */
long hvisor_cell_ioctl(unsigned int cmd, void __user *uarg)
{
	switch (cmd) {
	case HVISOR_IOCTL_CELL_CREATE:
	case HVISOR_IOCTL_CELL_LOAD:
	case HVISOR_IOCTL_CELL_START:
	case HVISOR_IOCTL_CELL_SHUTDOWN:
	case HVISOR_IOCTL_CELL_DESTROY:
	case HVISOR_IOCTL_CELL_LIST:
	case HVISOR_IOCTL_CELL_INFO:
	case HVISOR_IOCTL_CELL_CONSOLE:
	case HVISOR_IOCTL_CELL_CONSOLE_WRITE:
	case HVISOR_IOCTL_CELL_EXEC:
		break;
	default:
		return -ENOTTY;
	}
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* checked again under hvisor.lock; this one answers before the args */
	if (!READ_ONCE(hvisor.enabled))
		return -ENODEV;

	switch (cmd) {
	case HVISOR_IOCTL_CELL_CREATE:
		return create_ioctl(uarg);
	case HVISOR_IOCTL_CELL_LOAD:
		return load_ioctl(uarg);
	case HVISOR_IOCTL_CELL_START:
	case HVISOR_IOCTL_CELL_SHUTDOWN:
	case HVISOR_IOCTL_CELL_DESTROY:
		return cell_id_ioctl(cmd, uarg);
	case HVISOR_IOCTL_CELL_LIST:
		return list_ioctl(uarg);
	case HVISOR_IOCTL_CELL_INFO:
		return info_ioctl(uarg);
	case HVISOR_IOCTL_CELL_CONSOLE:
		return console_ioctl(uarg);
	case HVISOR_IOCTL_CELL_CONSOLE_WRITE:
		return console_write_ioctl(uarg);
	default:
		return exec_ioctl(uarg);
	}
}
