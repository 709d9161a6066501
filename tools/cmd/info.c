/* hvisor info: the CPU's hypervisor mode and the hypervisor's state, as the driver sees them. */
#include "commands.h"
#include "dev/device.h"
#include "format/info.h"
#include "format/json.h"

#include <stdio.h>
#include <unistd.h>

int cmd_info(int argc, char **argv)
{
	struct hvisor_info info;
	int fd;
	bool ok, json = json_flag(&argc, argv);

	if (argc != 1)
		return usage_error("info takes no arguments");
	fd = device_open();
	if (fd < 0)
		return 1;
	ok = device_info(fd, &info);
	close(fd);
	if (!ok)
		return 1;
	if (json)
		json_print(stdout, info_json(&info));
	else
		info_print(stdout, &info);
	return 0;
}
