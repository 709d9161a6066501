/* hvisor cell start|shutdown|destroy NAME: cell state changes that only name the cell. */
#include "cmd/cell_commands.h"
#include "commands.h"
#include "dev/cell_device.h"
#include "dev/device.h"

#include <hvisor/hypercall.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int control(int argc, char **argv, unsigned long request,
		   const char *done)
{
	struct hvisor_cell_info info;
	struct hvisor_cell_id_args args;
	int fd, ret;

	if (argc != 2)
		return usage_error("cell %s needs exactly one NAME (or id)",
				   argv[0]);
	fd = device_open();
	if (fd < 0)
		return 1;
	if (cell_resolve(fd, argv[1], &info)) {
		close(fd);
		return 1;
	}
	/* Refused anyway; asking would also reset the running cell's mailbox. */
	if (request == HVISOR_IOCTL_CELL_START &&
	    info.state == HVISOR_CELL_RUNNING) {
		fprintf(stderr,
			"hvisor: cell start %s: the cell is already running\n",
			argv[1]);
		close(fd);
		return 1;
	}
	memset(&args, 0, sizeof(args));
	args.id = info.id;
	ret = device_ioctl(fd, request, &args);
	close(fd);
	if (ret) {
		cell_report_error(argv[0], argv[1], ret);
		return 1;
	}
	printf("cell %.*s %s\n", (int)sizeof(info.name), info.name, done);
	return 0;
}

int cmd_cell_start(int argc, char **argv)
{
	return control(argc, argv, HVISOR_IOCTL_CELL_START, "started");
}

int cmd_cell_shutdown(int argc, char **argv)
{
	return control(argc, argv, HVISOR_IOCTL_CELL_SHUTDOWN, "shut down");
}

int cmd_cell_destroy(int argc, char **argv)
{
	return control(argc, argv, HVISOR_IOCTL_CELL_DESTROY, "destroyed");
}
