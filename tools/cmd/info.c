/* hvisor info: EL2 and hypervisor state as the driver sees it. */
#include "commands.h"
#include "dev/device.h"
#include "format/info.h"

#include <stdio.h>
#include <unistd.h>

int cmd_info(int argc, char **argv)
{
	struct hvisor_info info;
	int fd;
	bool ok;

	(void)argv;
	if (argc != 1)
		return usage_error("info takes no arguments");
	fd = device_open();
	if (fd < 0)
		return 1;
	ok = device_info(fd, &info);
	close(fd);
	if (!ok)
		return 1;
	info_print(stdout, &info);
	return 0;
}
