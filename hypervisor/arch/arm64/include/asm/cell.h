/* AArch64 part of a cell: the virtual GIC state. */
#ifndef ASM_CELL_H
#define ASM_CELL_H

#include <hv/types.h>

struct vgicr {
	u32 enabled; /* SGI/PPI enable bits */
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

struct arch_cell {
	struct vgic vgic;
};

#endif
