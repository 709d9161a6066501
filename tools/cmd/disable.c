/* hvisor disable: stop the hypervisor and give the CPUs' hypervisor mode back to Linux. */
#include "cmd/root_config.h"
#include "commands.h"
#include "dev/cell_device.h"
#include "dev/device.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Number of cells (the hypervisor keeps running while any exists), or -1. */
static int count_cells(int fd)
{
	uint32_t *ids;
	int n = cell_list_ids(fd, &ids);

	if (n < 0)
		return -1;
	free(ids);
	return n;
}

int cmd_disable(int argc, char **argv)
{
	struct hvisor_info info;
	const char *hint;
	int fd, ret, cells;

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
		} else if (ret == -EBUSY && (cells = count_cells(fd)) > 0) {
			fprintf(stderr,
				"hvisor: disable failed: %d cell%s still exist%s: destroy %s first (hvisor cell list)\n",
				cells, cells == 1 ? "" : "s",
				cells == 1 ? "s" : "",
				cells == 1 ? "it" : "them");
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
	root_config_forget();
	printf("hvisor: hypervisor disabled\n");
	return 0;
}
