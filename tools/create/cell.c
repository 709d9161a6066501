/* hvisor config create --cell: a cell config derived from the root config: its CPUs, RAM from the root's free loadable RAM, guest-physical addresses and interrupt IDs from the arch's layout. */
#include "config/arch.h"
#include "create/create.h"

#include <hvisor/config.h>
#include <hvisor/pci.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define CELL_RAM_ALIGN 0x200000ull /* 2 MiB: stage 2 maps it in blocks */

/* Loadable root RAM no other cell's RAM takes, into free. */
static void free_ram(const struct hvisor_system *sys,
		     const struct create_cell_request *req,
		     struct range_set *free)
{
	const struct hvisor_mem_region *r =
		hvisor_cell_regions(&sys->root_cell);
	struct range_set used = { 0 };
	uint32_t i, k;

	for (i = 0; i < sys->root_cell.num_mem_regions; i++)
		if (r[i].type == HVISOR_MEM_TYPE_RAM &&
		    (r[i].flags & HVISOR_MEM_LOADABLE))
			range_add(free, r[i].phys_start,
				  r[i].phys_start + r[i].size, NULL);
	range_normalize(free, true);
	for (k = 0; k < req->num_others; k++) {
		const struct hvisor_cell_desc *o = req->others[k].data;
		const struct hvisor_mem_region * or = hvisor_cell_regions(o);

		for (i = 0; i < o->num_mem_regions; i++)
			if (or [i].type == HVISOR_MEM_TYPE_RAM)
				range_add(&used, or [i].phys_start,
					  or [i].phys_start + or [i].size,
					  NULL);
	}
	range_normalize(&used, true);
	range_subtract(free, &used);
	range_set_free(&used);
}

static int take_ram(const struct hvisor_system *sys,
		    const struct create_cell_request *req, uint64_t *phys,
		    struct diag *d)
{
	struct range_set free = { 0 };
	uint64_t total = 0;
	size_t i;
	int ret = -1;

	free_ram(sys, req, &free);
	for (i = 0; i < free.n; i++) {
		uint64_t s = align_up(free.r[i].start, CELL_RAM_ALIGN);

		total += free.r[i].end - free.r[i].start;
		if (ret && s >= free.r[i].start &&
		    s + req->mem <= free.r[i].end) {
			*phys = s;
			ret = 0;
		}
	}
	if (ret)
		diag_add(
			d, "config create", "--mem",
			"no 0x%" PRIx64
			" bytes (2 MiB aligned) of the root's loadable RAM are free: %" PRIu64
			" MiB are, in %zu pieces, beside the other cells given",
			req->mem, total >> 20, free.n);
	range_set_free(&free);
	return ret;
}

static int check_cpus(const struct hvisor_system *sys,
		      const struct create_cell_request *req, struct diag *d)
{
	unsigned int k;

	if (!req->cpus) {
		diag_add(d, "config create", "--cpus", "no CPU given");
		return -1;
	}
	if (req->cpus & ~sys->root_cell.cpus) {
		diag_add(d, "config create", "--cpus",
			 "CPUs not of the root cell (it has 0x%" PRIx64 ")",
			 sys->root_cell.cpus);
		return -1;
	}
	if (!(sys->root_cell.cpus & ~req->cpus)) {
		diag_add(
			d, "config create", "--cpus",
			"takes every CPU of the root cell, which must keep one");
		return -1;
	}
	for (k = 0; k < req->num_others; k++) {
		const struct hvisor_cell_desc *o = req->others[k].data;

		if (o->cpus & req->cpus) {
			diag_add(d, "config create", "--cpus",
				 "CPUs 0x%" PRIx64 " are cell \"%s\"'s",
				 o->cpus & req->cpus, o->name);
			return -1;
		}
	}
	return 0;
}

static struct json_object *ram_region(const char *comment, uint64_t phys,
				      uint64_t virt, uint64_t size,
				      const char *const *flags)
{
	struct json_object *o = json_object_new_object(), *f;

	create_add_comment(o, "%s", comment);
	json_object_object_add(o, "type", json_object_new_string("ram"));
	json_object_object_add(o, "phys_start", create_hex(phys));
	json_object_object_add(o, "virt_start", create_hex(virt));
	json_object_object_add(o, "size", create_hex(size));
	f = json_object_new_array();
	for (; *flags; flags++)
		json_object_array_add(f, json_object_new_string(*flags));
	json_object_object_add(o, "flags", f);
	return o;
}

static struct json_object *device(const char *type, const char *comment,
				  uint64_t virt, uint64_t size)
{
	struct json_object *o = json_object_new_object();

	create_add_comment(o, "%s", comment);
	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "virt_start", create_hex(virt));
	json_object_object_add(o, "size", create_hex(size));
	return o;
}

/* The next interrupt ID from *next up that none of used[] is (and not root_irq). */
static uint32_t next_irq(uint32_t *next, const uint32_t *used, unsigned int n,
			 uint32_t root_irq)
{
	unsigned int i;
	bool taken;

	do {
		taken = *next == root_irq;
		for (i = 0; i < n; i++)
			taken |= used[i] == *next;
		if (taken)
			(*next)++;
	} while (taken);
	return (*next)++;
}

struct json_object *create_cell(const struct hvisor_system *sys,
				const struct create_arch_ops *ops,
				const struct create_cell_request *req,
				struct diag *d)
{
	const struct create_cell_layout *l = &ops->cell;
	static const char *const ram_flags[] = { "read", "write", "execute",
						 "loadable", NULL };
	static const char *const dma_flags[] = { "read", "write",    "execute",
						 "dma",	 "loadable", NULL };
	static const char *const shared_dma_flags[] = {
		"read",	    "write",	  "execute", "dma",
		"loadable", "rootshared", NULL
	};
	static const char *const shared_flags[] = { "read",	  "write",
						    "execute",	  "loadable",
						    "rootshared", NULL };
	static const char *const mailbox_flags[] = { "read", "write",
						     "rootshared", NULL };
	struct json_object *top, *regions, *cpus, *o;
	uint64_t phys = 0, ram = req->mem, base;
	uint32_t used[4 + HVISOR_CELL_MAX_PCI_DEVICES],
		intx[HVISOR_CELL_MAX_PCI_DEVICES];
	uint32_t next = l->virtio_irq_first, irq;
	unsigned int nused = 0, nintx = 0, i;
	bool identity;
	char msg[320];

	if (!req->mem || req->mem % CREATE_PAGE ||
	    req->mem < (req->agent ? 2 : 1) * CREATE_PAGE) {
		diag_add(d, "config create", "--mem",
			 "0x%" PRIx64 " is not a positive multiple of 4 KiB",
			 req->mem);
		return NULL;
	}
	if (strlen(req->name) >= HVISOR_NAME_LEN || !req->name[0]) {
		diag_add(d, "config create", "--cell",
			 "a name of 1 to %u characters", HVISOR_NAME_LEN - 1);
		return NULL;
	}
	if (req->num_pci > HVISOR_CELL_MAX_PCI_DEVICES) {
		diag_add(d, "config create", "--pci", "at most %u functions",
			 HVISOR_CELL_MAX_PCI_DEVICES);
		return NULL;
	}
	if (check_cpus(sys, req, d) || take_ram(sys, req, &phys, d))
		return NULL;
	/* without an SMMU a device sees physical addresses: RAM identity */
	identity = req->num_pci && !sys->platform.pci.smmu_base;
	base = identity ? phys : l->ram_base;
	if (req->agent)
		ram -= CREATE_PAGE; /* the mailbox page at the top */
	top = json_object_new_object();
	snprintf(
		msg, sizeof(msg),
		"generated by hvisor config create --cell from the root config: RAM from its loadable RAM%s, devices at the %s cell layout (docs/config-create.md)",
		req->num_others ? " no other cell given takes" : "",
		config_arch_name(ops->arch));
	json_object_object_add(top, "comment", json_object_new_string(msg));
	json_object_object_add(
		top, "arch",
		json_object_new_string(config_arch_name(ops->arch)));
	json_object_object_add(top, "name", json_object_new_string(req->name));
	cpus = json_object_new_array();
	for (i = 0; i < 64; i++)
		if (req->cpus >> i & 1)
			json_object_array_add(cpus,
					      json_object_new_int((int)i));
	json_object_object_add(top, "cpus", cpus);
	json_object_object_add(top, "entry", create_hex(base));
	regions = json_object_new_array();
	snprintf(
		msg, sizeof(msg),
		"guest RAM, the image loaded and entered at its start%s",
		req->num_virtio ?
			"; rootshared: the root's virtio daemon reaches the buffers the guest puts anywhere in it" :
			"");
	if (identity)
		snprintf(
			msg + strlen(msg), sizeof(msg) - strlen(msg),
			"; identity-mapped (dma): its PCI devices see physical addresses");
	json_object_array_add(
		regions,
		ram_region(msg, phys, base, ram,
			   req->num_virtio ?
				   (identity ? shared_dma_flags :
					       shared_flags) :
				   (identity ? dma_flags : ram_flags)));
	if (req->agent)
		json_object_array_add(
			regions,
			ram_region(
				"command mailbox (hvisor cell exec), shared with the root",
				phys + ram, base + ram, CREATE_PAGE,
				mailbox_flags));
	if (req->testdev)
		json_object_array_add(
			regions,
			device("testdev",
			       "test device emulated by the hypervisor",
			       l->testdev_base, CREATE_PAGE));
	if (create_cell_pci(sys, req, regions, intx, &nintx,
			    HVISOR_CELL_MAX_PCI_DEVICES, d)) {
		json_object_put(regions);
		json_object_put(top);
		return NULL;
	}
	if (req->console)
		used[nused++] = l->console_irq;
	if (req->agent)
		used[nused++] = l->doorbell_irq;
	for (i = 0; i < nintx; i++) {
		if ((req->console && intx[i] == l->console_irq) ||
		    (req->agent && intx[i] == l->doorbell_irq)) {
			diag_add(
				d, "config create", "--pci",
				"INTx interrupt %u is the layout's console or doorbell interrupt",
				intx[i]);
			json_object_put(regions);
			json_object_put(top);
			return NULL;
		}
		used[nused++] = intx[i];
	}
	for (i = 0; i < req->num_virtio; i++) {
		snprintf(msg, sizeof(msg),
			 "virtio-%s (served by the root's hvisor daemon)",
			 req->virtio[i]);
		o = device("virtio", msg, l->virtio_base + i * l->virtio_stride,
			   l->virtio_stride);
		irq = next_irq(&next, used, nused, sys->platform.root_irq);
		if (irq > l->irq_max) {
			diag_add(d, "config create", "--virtio",
				 "no interrupt ID left");
			json_object_put(o);
			json_object_put(regions);
			json_object_put(top);
			return NULL;
		}
		json_object_object_add(o, "irq", json_object_new_int((int)irq));
		json_object_array_add(regions, o);
	}
	json_object_object_add(top, "memory_regions", regions);
	o = json_object_new_array();
	for (i = 0; i < nintx; i++)
		json_object_array_add(o, json_object_new_int((int)intx[i]));
	json_object_object_add(top, "interrupts", o);
	if (req->console) {
		o = json_object_new_object();
		create_add_comment(
			o,
			"emulated by the hypervisor, read with hvisor cell console");
		if (l->console_type)
			json_object_object_add(
				o, "type",
				json_object_new_string(l->console_type));
		json_object_object_add(o, "base", create_hex(l->console_base));
		json_object_object_add(
			o, "irq", json_object_new_int((int)l->console_irq));
		json_object_object_add(top, "console", o);
	}
	if (req->agent) {
		json_object_object_add(
			top, "doorbell_irq",
			json_object_new_int((int)l->doorbell_irq));
		json_object_object_add(top, "mailbox", create_hex(base + ram));
	}
	create_cell_pci_json(sys, req, top);
	return top;
}
