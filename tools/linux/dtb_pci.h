/* A Linux cell's PCI host node: a generic ECAM host at the cell's window, the BAR windows it is lent, its INTx map. */
#ifndef HVISOR_TOOLS_LINUX_DTB_PCI_H
#define HVISOR_TOOLS_LINUX_DTB_PCI_H

#include "linux/arch.h"
#include "linux/dtb.h"

#include <stddef.h>

/*
 * What the node needs beyond the config checks when the cell has
 * pci_devices: the system config (its PCI host) and an arch with INTx
 * specifiers. 0, or -1 with a reason in err.
 */
int dtb_pci_check(const struct linux_arch_ops *arch,
		  const struct dtb_cell_params *p, char *err, size_t err_size);

/*
 * The node pci@ECAM (nothing without pci_devices): "pci-host-ecam-generic"
 * at the cell's pci_ecam_base with the host's bus range, "ranges" for each
 * identity-mapped io region of the cell inside a host window (CPU address =
 * PCI address), "interrupt-map" for the INTx pins of the cell's devices on
 * the host's first bus whose interrupt the cell owns (level-triggered), no
 * MSI controller (the hypervisor drops MSI enables: Linux uses INTx).
 * Returns 0 or a libfdt error.
 */
int dtb_pci_emit(void *fdt, const struct linux_arch_ops *arch,
		 const struct dtb_cell_params *p);

#endif
