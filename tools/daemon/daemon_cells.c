/* Binding the daemon's cells to running cells: finding them by name, mapping their shared RAM. */
#include "daemon.h"
#include "dev/cell_device.h"
#include "dlog.h"

#include <errno.h>
#include <hvisor/hypercall.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct dcell *daemon_cell_by_id(struct daemon *dm, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < dm->num_cells && id; i++)
		if (dm->cells[i].id == id)
			return &dm->cells[i];
	return NULL;
}

static void reset_devices(struct dcell *c)
{
	unsigned int i;

	for (i = 0; i < c->num_devs; i++) {
		struct vmmio *d = c->devs[i]->mmio;

		vmmio_reset(d);
		if (d->ops->reset)
			d->ops->reset(d);
	}
}

static void unmap_all(struct dcell *c)
{
	unsigned int i;

	for (i = 0; i < c->cfg->num_ram; i++) {
		if (c->map[i])
			munmap(c->map[i], c->cfg->ram[i].size);
		c->map[i] = NULL;
	}
	gmem_init(&c->mem);
}

static void unbind_cell(struct dcell *c, const char *why)
{
	if (!c->id)
		return;
	reset_devices(c);
	unmap_all(c);
	dlog("cell %s (id %u) %s: devices reset, its RAM unmapped",
	     c->cfg->name, c->id, why);
	c->id = 0;
}

static void bind_cell(struct daemon *dm, struct dcell *c, uint32_t id)
{
	const struct dcfg_ram *r;
	uint64_t total = 0;
	unsigned int i;
	void *p;

	for (i = 0; i < c->cfg->num_ram; i++) {
		r = &c->cfg->ram[i];
		p = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 dm->fd, (off_t)r->phys);
		if (p == MAP_FAILED) {
			if (c->failed_id != id)
				dlog("cell %s (id %u): cannot map its RAM 0x%llx-0x%llx: %s: its devices stay off",
				     c->cfg->name, id,
				     (unsigned long long)r->phys,
				     (unsigned long long)(r->phys + r->size -
							  1),
				     strerror(errno));
			c->failed_id = id;
			unmap_all(c);
			return;
		}
		c->map[i] = p;
		gmem_add(&c->mem, r->gpa, r->size, p);
		total += r->size;
	}
	c->id = id;
	c->failed_id = 0;
	reset_devices(c);
	dlog("cell %s (id %u) runs: %llu KiB of its RAM mapped, %u device%s",
	     c->cfg->name, id, (unsigned long long)(total >> 10), c->num_devs,
	     c->num_devs == 1 ? "" : "s");
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
		if (found && c->id != found && c->failed_id != found)
			bind_cell(dm, c, found);
	}
	free(ids);
}

void daemon_cells_release(struct daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->num_cells; i++) {
		if (dm->cells[i].id) {
			unmap_all(&dm->cells[i]);
			dm->cells[i].id = 0;
		}
	}
}
