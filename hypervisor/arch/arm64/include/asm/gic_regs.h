/* GICv3 distributor and redistributor register offsets, shared by the root filter and the vGIC. */
#ifndef ASM_GIC_REGS_H
#define ASM_GIC_REGS_H

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_STATUSR 0x0010
#define GICD_CTLR_RWP BIT(31)
#define GICD_SETSPI_NSR 0x0040
#define GICD_CLRSPI_NSR 0x0048
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_NSACR 0x0e00
#define GICD_SGIR 0x0f00
#define GICD_CPENDSGIR 0x0f10
#define GICD_SPENDSGIR_END 0x0f30
#define GICD_IROUTER 0x6000
#define GICD_IROUTER_END 0x7fe0
#define GICD_ID_START 0xffd0
#define GICD_PIDR2 0xffe8
#define GICD_FRAME 0x10000 /* the architected distributor frame */

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_STATUSR 0x0010
#define GICR_WAKER 0x0014
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_INVLPIR 0x00a0
#define GICR_INVALLR 0x00b0
#define GICR_ID_START 0xffd0
#define GICR_PIDR2 0xffe8
#define GICR_SGI 0x10000 /* SGI/PPI frame, after the RD frame */
#define GICR_RD_SIZE 0x10000
#define GICR_FRAME 0x20000 /* one redistributor: RD + SGI frames */

/* Interrupt IDs: SGIs 0-15, PPIs 16-31, SPIs 32-1019, special 1020-1023. */
#define GIC_FIRST_PPI 16
#define GIC_FIRST_SPI 32
#define GIC_FIRST_SPECIAL 1020

/* Interrupts the hypervisor itself uses on a cell's CPU. */
#define SGI_KICK 15 /* "look at your requests" */
#define MAINTENANCE_IRQ 25
#define HYP_TIMER_IRQ 26 /* CNTHP: the deadline of a sleeping vCPU */
#define PMU_IRQ 23 /* PMU overflow (QEMU virt, SBSA: PPI 7) */

#endif
