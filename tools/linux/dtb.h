/* The device tree a Linux cell boots with, generated with libfdt from its cell config. */
#ifndef HVISOR_TOOLS_LINUX_DTB_H
#define HVISOR_TOOLS_LINUX_DTB_H

#include <hvisor/config.h>
#include <stddef.h>
#include <stdint.h>

#define DTB_VIRTIO_MMIO_SIZE 0x200
#define DTB_PHANDLE_INTC 1 /* the interrupt controller: interrupt-parent */
#define DTB_PHANDLE_ARCH 2 /* the first phandle for the arch's own nodes */
#define DTB_IRQ_CELLS_MAX 4 /* cells of an interrupt specifier, at most */

struct dtb_cell_params {
	const struct hvisor_cell_desc *cell; /* a checked cell config */
	/* the system config the cell runs under (where the hypervisor emulates
	 * the interrupt controller), NULL for the arch's defaults */
	const struct hvisor_system *system;
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
	/*
	 * /chosen/rng-seed (rng_seed_size bytes, none if 0): entropy for the
	 * cell's random number generator from its first instruction on, as
	 * firmware gives it; without it Linux runs every random request
	 * through its slow not-yet-seeded path until interrupts fill the pool
	 * (minutes), which costs a full extraction per system call.
	 */
	const uint8_t *rng_seed;
	size_t rng_seed_size;
	/* /chosen/kaslr-seed when has_kaslr_seed: the kernel randomizes its
	 * base (arm64; the property is harmless where it is not read) */
	int has_kaslr_seed;
	uint64_t kaslr_seed;
};

/*
 * Builds the DTB of a Linux cell, for the cell's arch (linux/arch/):
 * - memory: one node per ram region (guest-physical); the pages of the boot
 *   stub and the mailbox page (if any) in the reserve map;
 * - cpus: one per vCPU (reg = vCPU index), with what the arch adds;
 * - the arch's nodes: firmware interface, interrupt controller (phandle
 *   DTB_PHANDLE_INTC: the root's interrupt-parent, or each device's), timer;
 * - the emulated console (if the cell has one), and /chosen/stdout-path and
 *   /aliases/serial0 naming it;
 * - one virtio,mmio node per virtio region (reg = its start, 0x200 bytes;
 *   interrupt from the region's flags, HVISOR_MEM_VIRTIO_IRQ, required);
 * - with pci_devices, the PCI host node (linux/dtb_pci.h; needs system)
 *   and /chosen/linux,pci-probe-only = 1 (the BARs stay where they are);
 * - /chosen: bootargs, the initrd, rng-seed and kaslr-seed.
 * Returns the packed DTB (malloc'ed, free it) with *size set, or NULL with
 * a reason in err (err_size bytes).
 */
void *dtb_cell_build(const struct dtb_cell_params *p, size_t *size, char *err,
		     size_t err_size);

/* Sets linux,initrd-start/end of a DTB built with has_initrd; 0 or -1. */
int dtb_cell_set_initrd(void *dtb, uint64_t start, uint64_t end);

/*
 * The default kernel command line for the cell (console and earlycon on
 * its emulated console when it has one), then extra (may be NULL), into
 * buf. Returns 0, or -1 if it does not fit.
 */
int dtb_cell_bootargs(const struct hvisor_cell_desc *cell, const char *extra,
		      char *buf, size_t size);

/*
 * For the arch plug-ins, on a DTB under construction (fdt_create()): each
 * returns 0 or a libfdt error.
 */
/* A "reg" property of n (address, size) pairs, 2 cells each (n <= 4). */
int dtb_prop_reg(void *fdt, const uint64_t *pairs, unsigned int n);
/* A property of n 32-bit cells (n <= 12). */
int dtb_prop_cells(void *fdt, const char *name, const uint32_t *v,
		   unsigned int n);
/* Begins a node named NAME@ADDR (address in lowercase hex). */
int dtb_begin_at(void *fdt, const char *name, uint64_t addr);

/* Returns from the calling function the libfdt error of x, if any. */
#define DTB_TRY(x)                   \
	do {                         \
		int err_ = (x);      \
		if (err_)            \
			return err_; \
	} while (0)

#endif
