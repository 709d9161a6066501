/* hvisor config create --pci: a PCI function as the running root's Linux enumerated it (sysfs), and what a cell config gets of it. */
#include "create/pci.h"
#include "config/file_read.h"
#include "config/pci_json.h"
#include "create/create.h"

#include <hvisor/pci.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IORESOURCE_MEM 0x200 /* Linux's resource flags, sysfs "resource" */
#define CFG_VENDOR 0x00
#define CFG_INTERRUPT_PIN 0x3d

static int read_bars(const char *dir, struct create_pci_dev *out,
		     struct diag *d)
{
	char path[600], *text, *line, *save = NULL;
	unsigned long long start, end, flags;
	unsigned int i = 0;
	size_t len;

	snprintf(path, sizeof(path), "%s/resource", dir);
	text = file_read(path, &len, d);
	if (!text)
		return -1;
	for (line = strtok_r(text, "\n", &save); line && i < CREATE_PCI_BARS;
	     line = strtok_r(NULL, "\n", &save), i++) {
		if (sscanf(line, "%llx %llx %llx", &start, &end, &flags) != 3) {
			diag_add(d, path, NULL,
				 "line %u is not \"START END FLAGS\"", i + 1);
			free(text);
			return -1;
		}
		if ((flags & IORESOURCE_MEM) && end > start) {
			out->bar_start[i] = start;
			out->bar_size[i] = end - start + 1;
		}
	}
	free(text);
	return 0;
}

int create_pci_read(const char *sysroot, const char *text,
		    struct create_pci_dev *out, struct diag *d)
{
	char dir[512], path[600];
	unsigned char *cfg;
	int n;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!config_parse_bdf(text, &out->bdf)) {
		diag_add(d, "config create", "--pci",
			 "\"%s\" is not a function as BB:DD.F (hex bus and "
			 "device, function 0-7)",
			 text);
		return -1;
	}
	n = snprintf(dir, sizeof(dir),
		     "%s/sys/bus/pci/devices/0000:%02x:%02x.%u",
		     strcmp(sysroot, "/") ? sysroot : "",
		     HVISOR_PCI_BUS(out->bdf), HVISOR_PCI_DEV(out->bdf),
		     HVISOR_PCI_FN(out->bdf));
	if (n < 0 || (size_t)n >= sizeof(dir) - 16) {
		diag_add(d, "config create", "--sysroot", "path too long");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/config", dir);
	cfg = (unsigned char *)file_read(path, &len, d);
	if (!cfg)
		return -1;
	if (len < 64 ||
	    (cfg[CFG_VENDOR] == 0xff && cfg[CFG_VENDOR + 1] == 0xff)) {
		diag_add(d, path, NULL,
			 "not the config space of a present function");
		free(cfg);
		return -1;
	}
	out->pin = cfg[CFG_INTERRUPT_PIN] <= 4 ? cfg[CFG_INTERRUPT_PIN] : 0;
	free(cfg);
	return read_bars(dir, out, d);
}

static bool others_own(const struct create_cell_request *req, uint16_t bdf,
		       const char **name)
{
	unsigned int k, i;

	for (k = 0; k < req->num_others; k++) {
		const struct hvisor_cell_desc *o = req->others[k].data;

		for (i = 0;
		     i < o->num_pci_devices && i < HVISOR_CELL_MAX_PCI_DEVICES;
		     i++)
			if (o->pci_devices[i].bdf == bdf) {
				*name = o->name;
				return true;
			}
	}
	return false;
}

static int check_dev(const struct hvisor_system *sys,
		     const struct create_cell_request *req, unsigned int n,
		     struct diag *d)
{
	const struct hvisor_pci_host *h = &sys->platform.pci;
	uint16_t bdf = req->pci[n].bdf;
	const char *owner;
	unsigned int i;

	if (HVISOR_PCI_BUS(bdf) < h->bus_start ||
	    HVISOR_PCI_BUS(bdf) > h->bus_end) {
		diag_add(d, "config create", "--pci",
			 "bus %02x is not on the root config's PCI host "
			 "(buses %02x-%02x)",
			 HVISOR_PCI_BUS(bdf), h->bus_start, h->bus_end);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (req->pci[i].bdf == bdf) {
			diag_add(d, "config create", "--pci",
				 "%02x:%02x.%u given twice",
				 HVISOR_PCI_BUS(bdf), HVISOR_PCI_DEV(bdf),
				 HVISOR_PCI_FN(bdf));
			return -1;
		}
	if (others_own(req, bdf, &owner)) {
		diag_add(d, "config create", "--pci",
			 "%02x:%02x.%u is cell \"%s\"'s", HVISOR_PCI_BUS(bdf),
			 HVISOR_PCI_DEV(bdf), HVISOR_PCI_FN(bdf), owner);
		return -1;
	}
	return 0;
}

/* The INTx interrupt of a function, 0 for none (a pin behind a bridge). */
static uint32_t intx_of(const struct hvisor_pci_host *h,
			const struct create_pci_dev *p)
{
	if (!p->pin || HVISOR_PCI_BUS(p->bdf) != h->bus_start)
		return 0;
	return h->intx_irqs[(HVISOR_PCI_DEV(p->bdf) + p->pin - 1) % 4];
}

static int add_irq(const struct hvisor_system *sys, uint32_t irq,
		   uint32_t *irqs, unsigned int *n, unsigned int max,
		   struct diag *d)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (irqs[i] == irq)
			return 0; /* a line two functions share */
	if (irq >= HVISOR_MAX_IRQS ||
	    !(sys->root_cell.irqs[irq / 32] >> (irq % 32) & 1)) {
		diag_add(d, "config create", "--pci",
			 "INTx interrupt %u is not the root cell's", irq);
		return -1;
	}
	if (*n == max) {
		diag_add(d, "config create", "--pci", "too many interrupts");
		return -1;
	}
	irqs[(*n)++] = irq;
	return 0;
}

int create_cell_pci(const struct hvisor_system *sys,
		    const struct create_cell_request *req,
		    struct json_object *regions, uint32_t *irqs,
		    unsigned int *n, unsigned int max, struct diag *d)
{
	const struct hvisor_pci_host *h = &sys->platform.pci;
	struct range_set bars = { 0 };
	unsigned int i, b;
	uint32_t irq;
	size_t k;

	if (!req->num_pci)
		return 0;
	if (!h->ecam_base) {
		diag_add(d, "config create", "--pci",
			 "the root config has no PCI host (platform.pci)");
		return -1;
	}
	for (i = 0; i < req->num_pci; i++) {
		const struct create_pci_dev *p = &req->pci[i];

		if (check_dev(sys, req, i, d))
			goto fail;
		irq = intx_of(h, p);
		if (irq && add_irq(sys, irq, irqs, n, max, d))
			goto fail;
		for (b = 0; b < CREATE_PCI_BARS; b++)
			if (p->bar_size[b])
				range_add(&bars,
					  align_down(p->bar_start[b],
						     CREATE_PAGE),
					  align_up(p->bar_start[b] +
							   p->bar_size[b],
						   CREATE_PAGE),
					  NULL);
	}
	/* sub-page BARs sharing a page: one region */
	range_normalize(&bars, false);
	for (k = 0; k < bars.n; k++) {
		struct json_object *o = json_object_new_object(), *f;

		create_add_comment(o, "PCI BARs at the root's enumeration");
		json_object_object_add(o, "type", json_object_new_string("io"));
		json_object_object_add(o, "phys_start",
				       create_hex(bars.r[k].start));
		json_object_object_add(
			o, "size", create_hex(bars.r[k].end - bars.r[k].start));
		f = json_object_new_array();
		json_object_array_add(f, json_object_new_string("read"));
		json_object_array_add(f, json_object_new_string("write"));
		json_object_object_add(o, "flags", f);
		json_object_array_add(regions, o);
	}
	range_set_free(&bars);
	return 0;
fail:
	range_set_free(&bars);
	return -1;
}

void create_cell_pci_json(const struct hvisor_system *sys,
			  const struct create_cell_request *req,
			  struct json_object *top)
{
	struct json_object *a;
	unsigned int i;
	char bdf[16];

	if (!req->num_pci)
		return;
	a = json_object_new_array();
	for (i = 0; i < req->num_pci; i++) {
		snprintf(bdf, sizeof(bdf), "%02x:%02x.%u",
			 HVISOR_PCI_BUS(req->pci[i].bdf),
			 HVISOR_PCI_DEV(req->pci[i].bdf),
			 HVISOR_PCI_FN(req->pci[i].bdf));
		json_object_array_add(a, json_object_new_string(bdf));
	}
	json_object_object_add(top, "pci_devices", a);
	/* the cell's window where the host's is: nothing else of it is there */
	json_object_object_add(top, "pci_ecam_base",
			       create_hex(sys->platform.pci.ecam_base));
}
