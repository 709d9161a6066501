/* Cells through /dev/hvisor: listing, finding a cell by name or id, explaining errors. */
#ifndef HVISOR_TOOLS_DEV_CELL_DEVICE_H
#define HVISOR_TOOLS_DEV_CELL_DEVICE_H

#include <hvisor/cell.h>
#include <stdint.h>

/*
 * Ids of all cells, in creation order, into *ids (malloc'ed, free it).
 * Returns their number, or -errno.
 */
int cell_list_ids(int fd, uint32_t **ids);

/* HVISOR_IOCTL_CELL_INFO for id: 0 or -errno. */
int cell_get_info(int fd, uint32_t id, struct hvisor_cell_info *info);

/*
 * Finds the cell named arg, or else with id arg (a number), and fills info.
 * Prints why not and returns -1 on failure.
 */
int cell_resolve(int fd, const char *arg, struct hvisor_cell_info *info);

/*
 * Prints "hvisor: cell OP[ NAME]: STRERROR: HINT" for a failed cell ioctl
 * (err is the negative errno); the hint depends on op ("create", "load",
 * "start", "shutdown", "destroy", "list", "console", "exec").
 */
void cell_report_error(const char *op, const char *name, int err);

#endif
