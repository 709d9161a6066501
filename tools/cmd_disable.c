/* hvisor disable: stop the hypervisor and give EL2 back to the Linux hyp stub. */
#include "commands.h"
#include "device.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_disable(int argc, char **argv)
{
	struct hvisor_info info;
	const char *hint;
	int fd, ret;

	(void)argv;
	if (argc != 1)
		return usage_error("disable takes no arguments");
	fd = device_open();
	if (fd < 0)
		return 1;
	ret = device_ioctl(fd, HVISOR_IOCTL_DISABLE, NULL);
	if (ret) {
		if (device_info(fd, &info) && !info.enabled) {
			fprintf(stderr,
				"hvisor: disable failed: the hypervisor is not enabled\n");
		} else {
			hint = device_errno_hint(-ret);
			fprintf(stderr, "hvisor: disable failed: %s%s%s\n",
				strerror(-ret), hint ? ": " : "",
				hint ? hint : "");
			fprintf(stderr,
				"hvisor: see `dmesg` and `hvisor console` for details\n");
		}
		close(fd);
		return 1;
	}
	close(fd);
	printf("hvisor: hypervisor disabled\n");
	return 0;
}
