/* hvisor config create --pci: a PCI function as the running root's Linux enumerated it (sysfs), and what a cell config gets of it. */
#ifndef HVISOR_TOOLS_CREATE_PCI_H
#define HVISOR_TOOLS_CREATE_PCI_H

#include "config/diag.h"

#include <hvisor/config.h>
#include <json-c/json.h>
#include <stdint.h>

#define CREATE_PCI_BARS 6

/* What the cell config needs of one function. */
struct create_pci_dev {
	uint16_t bdf; /* HVISOR_PCI_BDF() */
	uint8_t pin; /* INTx pin, 1 = INTA; 0: none */
	/* memory BARs as assigned (size 0: none or I/O space) */
	uint64_t bar_start[CREATE_PCI_BARS], bar_size[CREATE_PCI_BARS];
};

/*
 * Reads function text ("BB:DD.F", domain 0) under sysroot ("/" for this
 * machine): sys/bus/pci/devices/0000:BB:DD.F/resource (its BARs) and the
 * first 64 bytes of its config (vendor, INTx pin). 0, or -1 with a message
 * in d.
 */
int create_pci_read(const char *sysroot, const char *text,
		    struct create_pci_dev *out, struct diag *d);

struct create_cell_request;

/*
 * The cell's PCI parts for the request's functions, against the system
 * config's PCI host: checks (a host, the function's bus on it, given once,
 * no other cell given owns it, its INTx interrupt the root's), then adds
 * one identity-mapped io region per page-rounded run of memory BARs to
 * regions and each INTx interrupt ID to irqs (*n of them so far, at most
 * max). 0, or -1 with a message in d.
 */
int create_cell_pci(const struct hvisor_system *sys,
		    const struct create_cell_request *req,
		    struct json_object *regions, uint32_t *irqs,
		    unsigned int *n, unsigned int max, struct diag *d);

/* "pci_devices" and "pci_ecam_base" (the host's address) of the cell. */
void create_cell_pci_json(const struct hvisor_system *sys,
			  const struct create_cell_request *req,
			  struct json_object *top);

#endif
