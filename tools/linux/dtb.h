/* The device tree a Linux cell boots with, generated with libfdt from its cell config. */
#ifndef HVISOR_TOOLS_LINUX_DTB_H
#define HVISOR_TOOLS_LINUX_DTB_H

#include <hvisor/config.h>
#include <stddef.h>
#include <stdint.h>

/* QEMU virt's GICv3, where the hypervisor emulates it when no system config says. */
#define DTB_DEFAULT_GICD_BASE 0x08000000ULL
#define DTB_DEFAULT_GICD_SIZE 0x10000ULL
#define DTB_DEFAULT_GICR_BASE 0x080a0000ULL

#define DTB_GICR_FRAME 0x20000ULL /* one redistributor (RD + SGI frames) */
#define DTB_PL011_CLOCK_HZ 24000000
#define DTB_VIRTIO_MMIO_SIZE 0x200
#define DTB_PHANDLE_GIC 1
#define DTB_PHANDLE_CLOCK 2

struct dtb_cell_params {
	const struct hvisor_cell_desc *cell; /* a checked cell config */
	uint64_t gicd_base, gicd_size; /* the emulated distributor */
	uint64_t gicr_base; /* redistributors: one DTB_GICR_FRAME per vCPU */
	const char *cpu_compatible; /* e.g. "arm,cortex-a72" */
	const char *bootargs; /* /chosen/bootargs, NULL for none */
	/* guest-physical address of the boot stub to keep from Linux, 0: none */
	uint64_t boot_stub, boot_stub_size;
	/*
	 * With an initrd (has_initrd), /chosen gets linux,initrd-start and
	 * linux,initrd-end: these values, or 0 placeholders to be set later
	 * with dtb_cell_set_initrd() (the DTB's size does not change).
	 */
	int has_initrd;
	uint64_t initrd_start, initrd_end;
};

/*
 * Builds the DTB of a Linux cell:
 * - memory: one node per ram region (guest-physical); the pages of the boot
 *   stub and the mailbox page (if any) in the reserve map;
 * - cpus: one per vCPU (reg = vCPU index, MPIDR Aff0), enable-method psci;
 * - psci (1.0, smc); the GICv3 (distributor, num_vcpus redistributors, no
 *   ITS); the architected timer (PPIs 13, 14, 11, 10);
 * - the emulated PL011 (if the cell has a console) with a 24 MHz fixed
 *   clock, and /chosen/stdout-path and /aliases/serial0 naming it;
 * - one virtio,mmio node per virtio region (reg = its start, 0x200 bytes;
 *   interrupt from the region's flags, HVISOR_MEM_VIRTIO_IRQ, required);
 * - /chosen: bootargs and the initrd.
 * Returns the packed DTB (malloc'ed, free it) with *size set, or NULL with
 * a reason in err (err_size bytes).
 */
void *dtb_cell_build(const struct dtb_cell_params *p, size_t *size, char *err,
		     size_t err_size);

/* Sets linux,initrd-start/end of a DTB built with has_initrd; 0 or -1. */
int dtb_cell_set_initrd(void *dtb, uint64_t start, uint64_t end);

/*
 * The default kernel command line for the cell (console and earlycon on
 * its PL011 when it has one), then extra (may be NULL), into buf. Returns
 * 0, or -1 if it does not fit.
 */
int dtb_cell_bootargs(const struct hvisor_cell_desc *cell, const char *extra,
		      char *buf, size_t size);

#endif
