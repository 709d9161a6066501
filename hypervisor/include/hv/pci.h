/* PCI passthrough: the root's filtered ECAM, a cell's virtual ECAM window with its own devices, their reset on destroy. */
#ifndef HV_PCI_H
#define HV_PCI_H

#include <hv/paging.h>
#include <hv/types.h>
#include <hvisor/pci.h>

struct cell;
struct hvisor_cell_desc;

#define PCI_NUM_BARS 6

/* A function a cell owns, as the root left it when the cell was created. */
struct pci_dev {
	u16 bdf;
	u16 root_command; /* the root's command register, given back */
	u32 bar[PCI_NUM_BARS]; /* the root's BAR values (fixed for the cell) */
	u32 bar_mask[PCI_NUM_BARS]; /* what reads back after all ones */
	u32 sizing; /* bit n: the cell wrote all ones to BAR n */
	u8 msi_cap, msix_cap, pcie_cap; /* offsets; 0 = none */
	u8 msi_len; /* bytes of the MSI capability */
	u32 irq; /* INTx interrupt ID; 0 = no INTx pin */
};

/* The PCI state of a cell: its devices (cell->pci). */
struct cell_pci {
	unsigned int num;
	struct pci_dev dev[HVISOR_CELL_MAX_PCI_DEVICES];
	/* with an SMMU: the devices' stage-1 table and context descriptor */
	struct page_table iommu_pt;
	u64 *iommu_cd;
};

/* Maps the ECAM window for the hypervisor (global init); 0 or -errno. */
int pci_init(void);
/* The root's ECAM filter (an MMIO handler of the root cell). */
int pci_root_init(struct cell *root);
/*
 * Checks the cell's devices against the live machine (present, endpoints,
 * owned by nobody, BARs in the host's windows and the cell's io regions,
 * INTx interrupt the cell's) and registers its virtual ECAM window.
 * Touches no device and claims nothing: 0 or -errno.
 */
int pci_cell_init(struct cell *cell);
/* Point of no return: the devices leave the root (quiesced, then hidden). */
void pci_cell_take(struct cell *cell);
/* Shutdown or reload of a stopped cell: its devices stop decoding and DMA. */
void pci_cell_quiesce(struct cell *cell);
/* Destroy: each device reset (disabled, FLR if it has it) and back to the root. */
void pci_cell_release(struct cell *cell);

/* Inside core: the physical config space and the cell's virtual window. */
u64 pci_cfg_addr(u16 bdf, unsigned int reg);
u64 pci_cfg_read(u16 bdf, unsigned int reg, unsigned int width);
void pci_cfg_write(u16 bdf, unsigned int reg, unsigned int width, u64 value);
u64 pci_ones(unsigned int width); /* all ones of width bytes */
int pci_vecam_init(struct cell *cell); /* registers its ECAM window */

/*
 * The SMMUv3 (core/pci_smmuv3.c), when platform.pci has one: init at
 * enable; a cell's context built at create (prepare), its devices' stream
 * table entries pointed at it when they are taken (attach), back to bypass
 * when they are given back (detach), the context freed with the cell;
 * poll logs the faults it recorded.
 */
int pci_smmu_init(void);
bool pci_smmu_present(void);
int pci_smmu_prepare(struct cell *cell);
void pci_smmu_attach(struct cell *cell);
void pci_smmu_detach(struct cell *cell);
void pci_smmu_free(struct cell *cell);
void pci_smmu_poll(void);

#endif
