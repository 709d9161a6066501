/* Binding the daemon's cells to running cells: by name, then by the id found and the RAM its config names. */
#include "daemon.h"
#include "dev/cell_device.h"
#include "dev/device.h"
#include "dlog.h"

#include <errno.h>
#include <hvisor/hypercall.h>
#include <stdlib.h>
#include <string.h>

struct dcell *daemon_cell_by_id(struct daemon *dm, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < dm->num_cells && id; i++)
		if (dm->cells[i].id == id)
			return &dm->cells[i];
	return NULL;
}

/*
 * Whether every rootshared RAM range of the config is cell id's, at the
 * config's guest-physical address. A first check: each device checks
 * again once its mapping holds the range (daemon_worker.c).
 */
static bool ram_is_cells(struct daemon *dm, const struct dcfg_cell *cc,
			 uint32_t id, char *why, size_t size)
{
	struct hvisor_virtio_ram_args ra;
	unsigned int i;
	int ret;

	for (i = 0; i < cc->num_ram; i++) {
		memset(&ra, 0, sizeof(ra));
		ra.pa = cc->ram[i].phys;
		ra.size = cc->ram[i].size;
		ret = device_ioctl(dm->fd, HVISOR_IOCTL_VIRTIO_RAM_OWNER, &ra);
		if (!ret && ra.cell == id && ra.gpa == cc->ram[i].gpa)
			continue;
		snprintf(why, size,
			 "its RAM 0x%llx-0x%llx (at 0x%llx in %s) is %s",
			 (unsigned long long)cc->ram[i].phys,
			 (unsigned long long)(cc->ram[i].phys +
					      cc->ram[i].size - 1),
			 (unsigned long long)cc->ram[i].gpa, cc->config,
			 ret	       ? "no cell's rootshared RAM" :
			 ra.cell != id ? "another cell's" :
					 "at another guest address");
		return false;
	}
	return true;
}

static void unbind_cell(struct dcell *c, const char *why)
{
	unsigned int i;

	for (i = 0; i < c->num_devs; i++)
		ddev_bind(c->devs[i], 0);
	dlog("cell %s (id %u) %s: its devices reset, their RAM unmapped",
	     c->cfg->name, c->id, why);
	c->id = 0;
}

static void bind_cell(struct daemon *dm, struct dcell *c, uint32_t id)
{
	uint64_t total = 0;
	unsigned int i;
	char why[DCFG_PATH_LEN + 160];

	if (!ram_is_cells(dm, c->cfg, id, why, sizeof(why))) {
		if (c->refused_id != id)
			dlog("cell %s (id %u): %s: not served (a different cell of that name?)",
			     c->cfg->name, id, why);
		c->refused_id = id;
		return;
	}
	c->id = id;
	c->refused_id = 0;
	for (i = 0; i < c->cfg->num_ram; i++)
		total += c->cfg->ram[i].size;
	for (i = 0; i < c->num_devs; i++)
		ddev_bind(c->devs[i], id);
	dlog("cell %s (id %u) runs: its %u device%s serve%s it (%llu KiB of its RAM)",
	     c->cfg->name, id, c->num_devs, c->num_devs == 1 ? "" : "s",
	     c->num_devs == 1 ? "s" : "", (unsigned long long)(total >> 10));
}

void daemon_cells_rescan(struct daemon *dm)
{
	struct hvisor_cell_info info;
	uint32_t *ids, found;
	unsigned int i;
	int n, k;

	dm->last_rescan_ms = daemon_now_ms();
	n = cell_list_ids(dm->fd, &ids);
	if (n < 0)
		return; /* e.g. the hypervisor is being disabled */
	for (i = 0; i < dm->num_cells; i++) {
		struct dcell *c = &dm->cells[i];

		found = 0;
		for (k = 0; k < n && !found; k++) {
			if (cell_get_info(dm->fd, ids[k], &info) ||
			    strncmp(info.name, c->cfg->name, sizeof(info.name)))
				continue;
			if (info.state == HVISOR_CELL_RUNNING)
				found = info.id;
			else
				break;
		}
		if (c->id && c->id != found)
			unbind_cell(c, found ? "was replaced" : "stopped");
		if (found && c->id != found && c->refused_id != found)
			bind_cell(dm, c, found);
		if (!found)
			c->refused_id = 0;
	}
	free(ids);
}
