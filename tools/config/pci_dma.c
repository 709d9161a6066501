/* What a cell's PCI devices reach by DMA, as `hvisor config check` reports it: the cell's SMMUv3 context, all memory, or unknown. */
#include "config/pci_dma.h"

#include <hvisor/pci.h>
#include <stdbool.h>

enum config_pci_dma config_pci_dma(const struct hvisor_cell_desc *c,
				   const struct hvisor_system *sys)
{
	if (!c->num_pci_devices)
		return CONFIG_PCI_DMA_NONE;
	if (!sys)
		return CONFIG_PCI_DMA_UNKNOWN;
	return sys->platform.pci.smmu_base ? CONFIG_PCI_DMA_SMMU :
					     CONFIG_PCI_DMA_OPEN;
}

const char *config_pci_dma_label(enum config_pci_dma dma)
{
	switch (dma) {
	case CONFIG_PCI_DMA_SMMU:
		return "smmuv3";
	case CONFIG_PCI_DMA_OPEN:
		return "not isolated";
	case CONFIG_PCI_DMA_UNKNOWN:
		return "unknown";
	default:
		return NULL;
	}
}

static void print_devices(FILE *f, const struct hvisor_cell_desc *c)
{
	uint32_t i;

	fprintf(f, "PCI device%s", c->num_pci_devices > 1 ? "s" : "");
	for (i = 0; i < c->num_pci_devices && i < HVISOR_CELL_MAX_PCI_DEVICES;
	     i++)
		fprintf(f, " %02x:%02x.%u",
			HVISOR_PCI_BUS(c->pci_devices[i].bdf),
			HVISOR_PCI_DEV(c->pci_devices[i].bdf),
			HVISOR_PCI_FN(c->pci_devices[i].bdf));
}

void config_print_pci_dma(FILE *f, const char *path,
			  const struct hvisor_cell_desc *c,
			  const struct hvisor_system *sys)
{
	enum config_pci_dma dma = config_pci_dma(c, sys);
	bool many = c->num_pci_devices > 1;

	if (dma == CONFIG_PCI_DMA_NONE)
		return;
	if (dma == CONFIG_PCI_DMA_OPEN) {
		fprintf(f, "%s: warning: the cell is not DMA-isolated: its ",
			path);
		print_devices(f, c);
		fprintf(f, " can read and write all physical memory by DMA "
			   "(the platform has no SMMU: platform.pci.smmu)\n");
	} else if (dma == CONFIG_PCI_DMA_SMMU) {
		fprintf(f, "%s: note: the cell's ", path);
		print_devices(f, c);
		fprintf(f,
			" translate%s DMA through the cell's SMMUv3 "
			"context (the cell's RAM only)\n",
			many ? " their" : "s its");
	} else {
		fprintf(f, "%s: note: DMA isolation of the cell's ", path);
		print_devices(f, c);
		fprintf(f, " is not known without the system config (only "
			   "with an SMMUv3 in platform.pci.smmu)\n");
	}
}
