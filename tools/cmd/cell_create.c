/* hvisor cell create CONFIG.json [--root ROOT.json | --no-root]: check a cell config, create the cell. */
#include "cmd/cell_commands.h"
#include "cmd/root_config.h"
#include "commands.h"
#include "config/load.h"
#include "dev/cell_device.h"
#include "dev/device.h"
#include "format/cell.h"

#include <hvisor/config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Builds the cell blob, checked against root_path's config or, if NULL, alone. */
static int build(const char *path, const char *root_path,
		 struct config_blob *cell)
{
	struct config_blob system = { NULL, 0 };
	struct diag d;
	int ret;

	diag_init(&d);
	if (root_path && config_system_load(root_path, &system, &d)) {
		diag_print(&d, stderr);
		fprintf(stderr,
			"hvisor: cell create: the root config %s is not valid (pass --root ROOT.json or --no-root)\n",
			root_path);
		diag_free(&d);
		config_blob_free(&system);
		return -1;
	}
	ret = config_cell_load(path, root_path ? &system : NULL, root_path,
			       cell, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	config_blob_free(&system);
	return ret;
}

/* Clear messages for clashes with the cells that exist; the hypervisor
 * checks them again. */
static int check_existing(int fd, const struct hvisor_cell_desc *cell)
{
	struct hvisor_cell_info info;
	char cpus[256];
	uint32_t *ids;
	int n, i, ret = 0;

	n = cell_list_ids(fd, &ids);
	if (n < 0) {
		cell_report_error("create", cell->name, n);
		return -1;
	}
	for (i = 0; i < n && !ret; i++) {
		if (cell_get_info(fd, ids[i], &info))
			continue;
		if (!strncmp(info.name, cell->name, sizeof(info.name))) {
			fprintf(stderr,
				"hvisor: cell create: a cell named \"%s\" exists (id %u)\n",
				cell->name, info.id);
			ret = -1;
		} else if (info.cpus & cell->cpus) {
			cell_format_cpus(info.cpus & cell->cpus, cpus,
					 sizeof(cpus));
			fprintf(stderr,
				"hvisor: cell create: CPU %s already belongs to cell \"%.*s\" (id %u)\n",
				cpus, (int)sizeof(info.name), info.name,
				info.id);
			ret = -1;
		}
	}
	free(ids);
	return ret;
}

int cmd_cell_create(int argc, char **argv)
{
	const char *path = NULL, *root_path = NULL;
	struct hvisor_cell_create_args args;
	const struct hvisor_cell_desc *cell;
	struct config_blob blob;
	bool no_root = false;
	int fd, i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--root") && i + 1 < argc)
			root_path = argv[++i];
		else if (!strcmp(argv[i], "--no-root"))
			no_root = true;
		else if (argv[i][0] == '-')
			return usage_error("cell create: unknown option '%s'",
					   argv[i]);
		else if (!path)
			path = argv[i];
		else
			return usage_error("cell create takes one CONFIG.json");
	}
	if (!path)
		return usage_error("cell create needs CONFIG.json");
	if (root_path && no_root)
		return usage_error(
			"cell create: --root and --no-root exclude each other");
	if (!root_path && !no_root)
		root_path = root_config_default();
	if (build(path, root_path, &blob)) {
		config_blob_free(&blob);
		return 1;
	}
	cell = blob.data;
	fd = device_open();
	if (fd < 0 || check_existing(fd, cell)) {
		if (fd >= 0)
			close(fd);
		config_blob_free(&blob);
		return 1;
	}
	memset(&args, 0, sizeof(args));
	args.config = (uint64_t)(uintptr_t)blob.data;
	args.size = blob.size;
	ret = device_ioctl_value(fd, HVISOR_IOCTL_CELL_CREATE, &args);
	close(fd);
	if (ret < 0) {
		cell_report_error("create", cell->name, ret);
		fprintf(stderr,
			"hvisor: see `dmesg` and `hvisor console` for details\n");
		config_blob_free(&blob);
		return 1;
	}
	printf("cell %s created (id %d)\n", cell->name, ret);
	config_blob_free(&blob);
	return 0;
}
