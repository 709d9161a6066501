/* JSON of PCI: the system's "platform.pci" host and a cell's "pci_devices" and "pci_ecam_base". */
#ifndef HVISOR_TOOLS_CONFIG_PCI_JSON_H
#define HVISOR_TOOLS_CONFIG_PCI_JSON_H

#include "config/json_read.h"

#include <hvisor/config.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Reads the optional object "pci" of the platform object o: ecam_base,
 * ecam_size, bus_start, bus_end, intx_irqs (4 numbers), windows (at most
 * HVISOR_PCI_MAX_WINDOWS objects with base and size). Absent: all 0.
 */
void config_parse_pci_host(struct jobj *o, struct hvisor_pci_host *host);

/*
 * Reads the optional "pci_devices" (an array of "BB:DD.F" strings, hex
 * bus and device, decimal function) and "pci_ecam_base" of a cell object.
 */
void config_parse_pci_devices(struct jobj *o, struct hvisor_cell_desc *cell);

/* "BB:DD.F" to a BDF; false when s is not of that form. */
bool config_parse_bdf(const char *s, uint16_t *bdf);

#endif
