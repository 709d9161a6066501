/* Cells through /dev/hvisor: listing, finding a cell by name or id, explaining errors. */
#include "dev/cell_device.h"
#include "config/number.h"
#include "dev/device.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cell_list_ids(int fd, uint32_t **ids)
{
	struct hvisor_cell_list_args args;
	uint32_t *buf = NULL, *grown;
	int ret;

	*ids = NULL;
	memset(&args, 0, sizeof(args));
	/* Cells may come and go between the calls: retry until it fits. */
	for (;;) {
		args.ids = (uint64_t)(uintptr_t)buf;
		ret = device_ioctl(fd, HVISOR_IOCTL_CELL_LIST, &args);
		if (ret) {
			free(buf);
			return ret;
		}
		if (args.count <= args.max)
			break;
		grown = realloc(buf, (args.count + 4) * sizeof(*buf));
		if (!grown) {
			free(buf);
			return -ENOMEM;
		}
		buf = grown;
		args.max = args.count + 4;
	}
	*ids = buf;
	return (int)args.count;
}

int cell_get_info(int fd, uint32_t id, struct hvisor_cell_info *info)
{
	struct hvisor_cell_info_args args;

	memset(&args, 0, sizeof(args));
	memset(info, 0, sizeof(*info));
	args.id = id;
	args.info = (uint64_t)(uintptr_t)info;
	return device_ioctl(fd, HVISOR_IOCTL_CELL_INFO, &args);
}

static bool name_is(const struct hvisor_cell_info *info, const char *name)
{
	return strnlen(info->name, sizeof(info->name)) == strlen(name) &&
	       !strncmp(info->name, name, sizeof(info->name));
}

int cell_resolve(int fd, const char *arg, struct hvisor_cell_info *info)
{
	uint32_t *ids;
	uint64_t id;
	int n, i, ret;
	bool numeric = !number_parse(arg, &id) && id <= UINT32_MAX;

	n = cell_list_ids(fd, &ids);
	if (n < 0) {
		cell_report_error("list", NULL, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		ret = cell_get_info(fd, ids[i], info);
		if (ret == -ENOENT) /* destroyed meanwhile */
			continue;
		if (ret) {
			free(ids);
			cell_report_error("info", arg, ret);
			return -1;
		}
		if (name_is(info, arg)) {
			free(ids);
			return 0;
		}
	}
	free(ids);
	if (numeric && id > 0) {
		ret = cell_get_info(fd, (uint32_t)id, info);
		if (!ret)
			return 0;
		if (ret != -ENOENT) {
			cell_report_error("info", arg, ret);
			return -1;
		}
	}
	fprintf(stderr,
		"hvisor: no cell named or numbered \"%s\" (see `hvisor cell list`)\n",
		arg);
	return -1;
}

static const char *op_hint(const char *op, int err)
{
	switch (err) {
	case EBUSY:
		if (!strcmp(op, "create"))
			return "a CPU, memory region or interrupt of the cell is in use (by Linux or another cell), or a CPU could not be taken offline";
		if (!strcmp(op, "load"))
			return "the cell is running: shut it down first";
		if (!strcmp(op, "start"))
			return "the cell is already running";
		return "the cell or the device is busy";
	case EINVAL:
		if (!strcmp(op, "create"))
			return "the driver or the hypervisor refused the cell config";
		if (!strcmp(op, "load"))
			return "each image must lie inside one loadable ram region of the cell (guest-physical address)";
		if (!strcmp(op, "exec"))
			return "the cell has no mailbox, or the command is not valid";
		return "the driver or the hypervisor refused the request";
	case ENOENT:
		return "no such cell (destroyed meanwhile?)";
	case EEXIST:
		return "a cell with this name exists";
	case ENODEV:
		return "the hypervisor is not enabled (hvisor enable ROOT.json)";
	case EIO:
		return "the cell is not running, or it failed";
	default:
		return device_errno_hint(err);
	}
}

void cell_report_error(const char *op, const char *name, int err)
{
	const char *hint = op_hint(op, -err);

	fprintf(stderr, "hvisor: cell %s%s%s: %s%s%s\n", op, name ? " " : "",
		name ? name : "", strerror(-err), hint ? ": " : "",
		hint ? hint : "");
}
