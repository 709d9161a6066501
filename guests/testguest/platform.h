/* Test guest platform: every address, interrupt ID and size the guest relies on. */
#ifndef PLATFORM_H
#define PLATFORM_H

/* Limits of the guest itself (arch-neutral). */
#define PLAT_MAX_VCPUS 8 /* per-vCPU stacks are reserved for this many */
#define PLAT_STACK_SIZE 0x4000 /* bytes of stack per vCPU */
#define PLAT_TICK_HZ 100 /* idle tick: mailbox poll every 10 ms */

#if defined(__aarch64__)

/*
 * QEMU virt (gic-version=3) as a cell of hvisor sees it. vCPU n has MPIDR
 * affinity n (Aff0 = n, Aff1-3 = 0): PSCI targets and SGIs rely on it.
 */
#define PLAT_RAM_END 0x9ffff000UL /* guest RAM is [image base, this) */
#define PLAT_MAILBOX_BASE 0x9ffff000UL /* struct hvisor_mailbox page */
#define PLAT_MAILBOX_SIZE 0x1000UL
#define PLAT_MAILBOX_IRQ 40 /* root -> guest doorbell (virtual SPI, edge) */

#define PLAT_UART_BASE 0x09000000UL /* PL011 */
#define PLAT_UART_IRQ 33 /* SPI, level */

#define PLAT_RTC_BASE 0x09010000UL /* PL031, when the cell owns it */
#define PLAT_RTC_IRQ 34 /* its physical SPI (level) */

#define PLAT_TESTDEV_BASE 0x0b000000UL /* hvisor test device, 4 KiB */
#define PLAT_TESTDEV_ID 0x48565444 /* "HVTD" */

#define PLAT_FAULT_ADDR 0x40000000UL /* root RAM: outside every cell */

#define PLAT_PCI_ECAM_BASE 0x4010000000UL /* the cell's ECAM window */
#define PLAT_PCI_INTX_BASE 35 /* INTA of device 0 (QEMU virt: SPI 3) */

#define PLAT_GICD_BASE 0x08000000UL
#define PLAT_GICR_BASE 0x080a0000UL
#define PLAT_GICR_STRIDE 0x20000UL /* RD_base + SGI_base frames */
#define PLAT_TIMER_IRQ 27 /* virtual timer PPI */
#define PLAT_PMU_IRQ 23 /* PMU overflow PPI, when the cell has the PMU */
#define PLAT_SGI_PING 1 /* ipi_test: vCPU 0 -> vCPU n */
#define PLAT_SGI_PONG 2 /* ipi_test: vCPU n -> vCPU 0 */

#elif defined(__riscv) && __riscv_xlen == 64

/*
 * QEMU virt (PLIC mode) as a cell of hvisor sees it: the cell's RAM ends at
 * the mailbox page, its console is an emulated ns16550, the doorbell a
 * virtual PLIC source; vCPU n is (virtual) hart n. On bare QEMU OpenSBI
 * starts the image at 0x80200000 on a random hart (arch/riscv64/setup.c
 * maps vCPU ids to harts), the guest's RAM is the 256 MiB from there.
 */
#ifdef BARE_QEMU
#define PLAT_RAM_END 0x8ffff000UL /* guest RAM is [image base, this) */
#else
#define PLAT_RAM_END 0xcffff000UL
#endif
#define PLAT_MAILBOX_BASE PLAT_RAM_END /* struct hvisor_mailbox page */
#define PLAT_MAILBOX_SIZE 0x1000UL
#define PLAT_MAILBOX_IRQ 40 /* root -> guest doorbell (virtual PLIC source) */

#define PLAT_UART_BASE 0x10000000UL /* ns16550, byte registers */
#define PLAT_UART_IRQ 10 /* PLIC source */

#define PLAT_TESTDEV_BASE 0x0b000000UL /* hvisor test device, 4 KiB */
#define PLAT_TESTDEV_ID 0x48565444 /* "HVTD" */

#define PLAT_FAULT_ADDR 0x90000000UL /* root RAM: outside every cell */

#define PLAT_RTC_BASE 0x00101000UL /* goldfish RTC, when the cell owns it */
#define PLAT_RTC_IRQ 11 /* its physical PLIC source (level) */
#define PLAT_PCI_ECAM_BASE 0x30000000UL /* QEMU virt's ECAM (no cell PCI yet) */
#define PLAT_PCI_INTX_BASE 32 /* PLIC source of INTA of device 0 */

#define PLAT_PLIC_BASE 0x0c000000UL
#define PLAT_PLIC_S_CONTEXT(hart) ((hart)*2 + 1) /* M context is 2 * hart */
#define PLAT_TIMEBASE_HZ 10000000UL /* when no DTB says otherwise */

#else
#error "no platform description for this architecture"
#endif

#endif
