/* AArch64 part of a cell: the virtual GIC state, the VMID, and the root's set-up of the SPIs the cell owns. */
#ifndef ASM_CELL_H
#define ASM_CELL_H

#include <hv/types.h>

struct vgicr {
	u32 enabled; /* SGI/PPI enable bits */
	u32 soft_pending; /* PPIs the guest set pending: listed without HW */
	u32 waker;
	u8 prio[32];
};

/* What the guest programmed into its virtual GIC; cleared at every start. */
struct vgic {
	u32 gicd_ctlr;
	u32 spi_enabled[32]; /* virtual-only SPIs */
	u8 spi_prio[1024];
	u32 spi_cfg[64]; /* GICD_ICFGR of virtual SPIs, 2 bits each */
	struct vgicr gicr[16];
	bool bad_access_logged; /* an invalid access was reported */
};

/*
 * The physical distributor state of the SPIs the cell owns as the root
 * had it when the cell took them: given back when the cell goes.
 */
struct gic_saved_spis {
	u32 enabled[32], group[32], grpmod[32];
	u32 cfg[64];
	u8 prio[1024];
	u64 route[1024];
};

struct arch_cell {
	struct vgic vgic;
	unsigned int vmid; /* VTTBR_EL2.VMID; the root's is 0 */
	struct gic_saved_spis root_spis;
	/* unknown firmware call IDs already logged (a few, then no more) */
	u32 unknown_fw_ids[8];
	unsigned int num_unknown_fw_ids;
};

#endif
