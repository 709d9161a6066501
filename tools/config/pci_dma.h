/* What a cell's PCI devices reach by DMA, as `hvisor config check` reports it: the cell's SMMUv3 context, all memory, or unknown. */
#ifndef HVISOR_TOOLS_CONFIG_PCI_DMA_H
#define HVISOR_TOOLS_CONFIG_PCI_DMA_H

#include <hvisor/config.h>
#include <stdio.h>

enum config_pci_dma {
	CONFIG_PCI_DMA_NONE, /* the cell has no PCI device */
	CONFIG_PCI_DMA_SMMU, /* the platform has an SMMUv3 (platform.pci.smmu) */
	CONFIG_PCI_DMA_OPEN, /* no IOMMU: the devices reach all memory */
	CONFIG_PCI_DMA_UNKNOWN, /* no system config to tell */
};

/* sys: the system config the cell was checked against, or NULL. */
enum config_pci_dma config_pci_dma(const struct hvisor_cell_desc *c,
				   const struct hvisor_system *sys);

/* "smmuv3", "not isolated", "unknown", or NULL for NONE (JSON values). */
const char *config_pci_dma_label(enum config_pci_dma dma);

/* The line `config check` prints for the cell of path; none for NONE. */
void config_print_pci_dma(FILE *f, const char *path,
			  const struct hvisor_cell_desc *c,
			  const struct hvisor_system *sys);

#endif
