/* hvisor enable CONFIG.json: check the system config and start the hypervisor. */
#include "cmd/root_config.h"
#include "commands.h"
#include "config/load.h"
#include "dev/device.h"
#include "format/info.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* After a failed enable: say what the driver's state tells about it. */
static void explain_failure(int fd)
{
	struct hvisor_info info;
	char line[128];

	if (!device_info(fd, &info))
		return;
	if (info.enabled) {
		fprintf(stderr, "hvisor: the hypervisor is already enabled\n");
		return;
	}
	if (info.hyp_state != HVISOR_HYP_FREE) {
		info_hyp_line(&info, line, sizeof(line));
		fprintf(stderr, "hvisor: %s\n", line);
	}
}

int cmd_enable(int argc, char **argv)
{
	struct hvisor_enable_args args;
	struct config_blob blob;
	const char *hint;
	struct diag d;
	int fd, ret;

	if (argc != 2)
		return usage_error("enable needs exactly one CONFIG.json");
	diag_init(&d);
	if (config_system_load(argv[1], &blob, &d)) {
		diag_print(&d, stderr);
		diag_free(&d);
		config_blob_free(&blob);
		return 1;
	}
	diag_free(&d);

	fd = device_open();
	if (fd < 0) {
		config_blob_free(&blob);
		return 1;
	}
	args.config = (uint64_t)(uintptr_t)blob.data;
	args.size = blob.size;
	ret = device_ioctl(fd, HVISOR_IOCTL_ENABLE, &args);
	config_blob_free(&blob);
	if (ret) {
		hint = device_errno_hint(-ret);
		fprintf(stderr, "hvisor: enable failed: %s%s%s\n",
			strerror(-ret), hint ? ": " : "", hint ? hint : "");
		explain_failure(fd);
		fprintf(stderr,
			"hvisor: see `dmesg` and `hvisor console` for details\n");
		close(fd);
		return 1;
	}
	close(fd);
	root_config_remember(argv[1]);
	printf("hvisor: hypervisor enabled\n");
	return 0;
}
