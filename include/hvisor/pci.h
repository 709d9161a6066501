/* PCI in the binary config: the root's PCI host (ECAM, buses, windows, INTx) and the devices a cell owns. */
#ifndef HVISOR_PCI_H
#define HVISOR_PCI_H

#include <hvisor/types.h>

#define HVISOR_PCI_MAX_WINDOWS 4 /* struct hvisor_pci_host.windows */
#define HVISOR_CELL_MAX_PCI_DEVICES 8 /* struct hvisor_cell_desc.pci_devices */
#define HVISOR_PCI_ECAM_BUS_SIZE 0x100000ULL /* 1 MiB of ECAM per bus */
#define HVISOR_PCI_ECAM_FN_SIZE 0x1000ULL /* 4 KiB per function */

/* A device/function number: bus << 8 | device << 3 | function. */
#define HVISOR_PCI_BDF(bus, dev, fn) \
	((uint16_t)(((bus) << 8) | ((dev) << 3) | (fn)))
#define HVISOR_PCI_BUS(bdf) (((bdf) >> 8) & 0xff)
#define HVISOR_PCI_DEV(bdf) (((bdf) >> 3) & 0x1f)
#define HVISOR_PCI_FN(bdf) ((bdf)&0x7)

/* A window of the host's address space (memory BARs land in them). */
struct hvisor_pci_window {
	uint64_t base; /* physical; size 0 = unused (base 0 too) */
	uint64_t size;
};

/*
 * The PCI host of the platform (hvisor_platform.pci): a generic ECAM host
 * (QEMU's gpex, Linux "pci-host-ecam-generic"). ecam_base 0: none, and
 * every other field 0. The ECAM window is never mapped for the root: the
 * hypervisor emulates it (docs/architecture.md, "PCI").
 */
struct hvisor_pci_host {
	uint64_t ecam_base; /* physical, 1 MiB aligned */
	uint64_t ecam_size; /* (bus_end - bus_start + 1) MiB */
	uint32_t bus_start, bus_end; /* inclusive */
	/*
	 * INTx: the interrupt ID of pin INTA..INTD of device 0; device d's
	 * pin p (0 = INTA) raises intx_irqs[(d + p) % 4] (the standard
	 * swizzle, as QEMU virt's interrupt-map).
	 */
	uint32_t intx_irqs[4];
	struct hvisor_pci_window windows[HVISOR_PCI_MAX_WINDOWS];
	/*
	 * The host's SMMUv3 (StreamID = requester ID), which the hypervisor
	 * owns: no region may map it. base 0: none (size 0 too).
	 */
	uint64_t smmu_base;
	uint64_t smmu_size;
};

/* One function a cell owns (hvisor_cell_desc.pci_devices[]). */
struct hvisor_pci_device {
	uint16_t bdf; /* HVISOR_PCI_BDF() */
	uint16_t reserved; /* 0 */
	uint32_t flags; /* 0; none defined yet */
};

#endif
