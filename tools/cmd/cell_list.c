/* hvisor cell list | stats NAME: the cells, their state, faults and exit counters. */
#include "cmd/cell_commands.h"
#include "commands.h"
#include "dev/cell_device.h"
#include "dev/device.h"
#include "format/cell.h"
#include "format/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int cmd_cell_list(int argc, char **argv)
{
	struct hvisor_cell_info *infos;
	unsigned int m = 0;
	uint32_t *ids, arch;
	int fd, n, i, ret;
	bool json = json_flag(&argc, argv);

	if (argc != 1)
		return usage_error("cell list takes no arguments");
	fd = device_open();
	if (fd < 0)
		return 1;
	arch = device_arch(fd); /* how to read the faults */
	n = cell_list_ids(fd, &ids);
	if (n < 0) {
		cell_report_error("list", NULL, n);
		close(fd);
		return 1;
	}
	infos = calloc(n ? (size_t)n : 1, sizeof(*infos));
	if (!infos) {
		fprintf(stderr, "hvisor: out of memory\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		ret = cell_get_info(fd, ids[i], &infos[m]);
		if (ret == -ENOENT) /* destroyed meanwhile */
			continue;
		if (ret) {
			cell_report_error("list", NULL, ret);
			break;
		}
		m++;
	}
	close(fd);
	free(ids);
	if (i == n && json)
		json_print(stdout, cell_list_json(infos, m, arch));
	else if (i == n)
		cell_list_print(stdout, infos, m, arch);
	free(infos);
	return i == n ? 0 : 1;
}

int cmd_cell_stats(int argc, char **argv)
{
	struct hvisor_cell_info info;
	int fd, ret;
	bool json = json_flag(&argc, argv);

	if (argc != 2)
		return usage_error("cell stats needs exactly one NAME (or id)");
	fd = device_open();
	if (fd < 0)
		return 1;
	ret = cell_resolve(fd, argv[1], &info);
	close(fd);
	if (ret)
		return 1;
	if (json)
		json_print(stdout, cell_stats_json(&info));
	else
		cell_stats_print(stdout, &info);
	return 0;
}
