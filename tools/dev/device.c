/* Access to /dev/hvisor: opening it, ioctls, and what their errors mean. */
#include "dev/device.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

const char *device_path(void)
{
	const char *path = getenv("HVISOR_DEVICE");

	return path && *path ? path : HVISOR_DEVICE_DEFAULT;
}

int device_open(void)
{
	const char *path = device_path();
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		fprintf(stderr, "hvisor: %s not found: is hvisor.ko loaded?\n",
			path);
	else if (errno == EACCES || errno == EPERM)
		fprintf(stderr, "hvisor: %s: permission denied (run as root)\n",
			path);
	else
		fprintf(stderr, "hvisor: cannot open %s: %s\n", path,
			strerror(errno));
	return -1;
}

int device_ioctl_value(int fd, unsigned long request, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, request, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int device_ioctl(int fd, unsigned long request, void *arg)
{
	int ret = device_ioctl_value(fd, request, arg);

	return ret < 0 ? ret : 0;
}

const char *device_errno_hint(int err)
{
	switch (err) {
	case ENOTTY:
		return "hvisor.ko does not know this request: driver and tool come from different builds";
	case EPERM:
	case EACCES:
		return "not permitted: run as root";
	case EBUSY:
		return "the hypervisor is already enabled, or another request is running";
	case ENODEV:
		return "the CPU's hypervisor mode is not usable by hvisor (see `hvisor info`)";
	case EINVAL:
		return "the driver or the hypervisor refused the request or its config";
	case ENOMEM:
		return "not enough memory";
	case ENOENT:
		return "a file the driver needs is missing (is /lib/firmware/hvisor.bin installed?)";
	case EFAULT:
		return "bad address handed to the driver";
	case EIO:
		return "the hypervisor failed";
	case ETIMEDOUT:
		return "timed out waiting for the CPUs";
	default:
		return NULL;
	}
}

bool device_info(int fd, struct hvisor_info *info)
{
	int ret;

	memset(info, 0, sizeof(*info));
	ret = device_ioctl(fd, HVISOR_IOCTL_INFO, info);
	if (ret) {
		const char *hint = device_errno_hint(-ret);

		fprintf(stderr, "hvisor: info request failed: %s%s%s\n",
			strerror(-ret), hint ? ": " : "", hint ? hint : "");
		return false;
	}
	return true;
}

uint32_t device_arch(int fd)
{
	struct hvisor_info info;

	memset(&info, 0, sizeof(info));
	if (device_ioctl(fd, HVISOR_IOCTL_INFO, &info))
		return 0;
	return info.arch;
}
