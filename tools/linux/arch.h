/* What booting Linux in a cell takes from the arch (linux/arch/): the Image header, the boot stub, the device tree's arch nodes. */
#ifndef HVISOR_TOOLS_LINUX_ARCH_H
#define HVISOR_TOOLS_LINUX_ARCH_H

#include "config/arch.h"
#include "linux/boot.h"
#include "linux/dtb.h"

#include <hvisor/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct linux_arch_ops {
	uint32_t arch; /* HVISOR_ARCH_* */
	/* Reads the header of a kernel Image: NULL, or a static reason why
	 * it cannot boot (data holds size bytes, the whole file). */
	const char *(*image_parse)(const void *data, size_t size,
				   struct linux_image *out);
	uint64_t kernel_align; /* the Image's base: a multiple of this */
	uint64_t dtb_max_size; /* the largest DTB the kernel takes */
	/* The boot stub (at most LINUX_BOOT_STUB_MAX bytes, stub_align
	 * aligned), entering the kernel at kernel with the DTB at dtb. */
	size_t stub_size;
	unsigned int stub_align;
	void (*boot_stub)(uint8_t *out, uint64_t dtb, uint64_t kernel);
	/* The vCPUs' compatible when the root's is not known, or always
	 * (cpu_compatible_from_root false: the root's CPU 0 may be another
	 * kind of core than the cell's, or lack a string the kernel needs). */
	const char *cpu_compatible;
	bool cpu_compatible_from_root;
	/* What the arch's nodes need from the cell config beyond its checks:
	 * 0, or -1 with a reason in err. */
	int (*dtb_check)(const struct dtb_cell_params *p, char *err,
			 size_t err_size);
	/*
	 * Whether each device node names its interrupt parent instead of the
	 * root node naming DTB_PHANDLE_INTC for all (riscv: the harts' local
	 * controllers under /cpus would inherit the root's and Linux would
	 * find no root interrupt controller).
	 */
	bool interrupt_parent_per_device;
	/* Properties of /cpus before its cpu nodes; NULL: none. */
	int (*dtb_cpus)(void *fdt, const struct dtb_cell_params *p);
	/* Properties of /cpus/cpu@vcpu after "reg", then its subnodes. */
	int (*dtb_cpu)(void *fdt, const struct dtb_cell_params *p,
		       unsigned int vcpu);
	/* The nodes after /cpus: firmware interface, interrupt controller
	 * (phandle DTB_PHANDLE_INTC), timer. */
	int (*dtb_platform)(void *fdt, const struct dtb_cell_params *p);
	/* The node of the cell's emulated console, its path into path. */
	int (*dtb_console)(void *fdt, const struct dtb_cell_params *p,
			   char *path, size_t path_size);
	/* The interrupt specifier of an edge-triggered interrupt of the cell
	 * (a virtio device's): the number of cells written. */
	unsigned int (*irq_cells)(const struct dtb_cell_params *p, uint32_t irq,
				  uint32_t cells[DTB_IRQ_CELLS_MAX]);
	/* The interrupt specifier of a level-triggered interrupt of the
	 * cell (a PCI INTx line): the number of cells written; NULL: Linux
	 * cells of the arch get no PCI host node. */
	unsigned int (*intx_cells)(uint32_t irq,
				   uint32_t cells[DTB_IRQ_CELLS_MAX]);
	/* The command line that puts the kernel's console on the cell's
	 * emulated console, as snprintf() returns it. */
	int (*console_bootargs)(const struct hvisor_cell_desc *cell, char *buf,
				size_t size);
};

/* The plug-ins this build has, NULL-terminated (linux/arch/table.c). */
extern const struct linux_arch_ops *const linux_arches[];

/* The plug-in of arch, NULL if this build has none. */
static inline const struct linux_arch_ops *linux_arch_find(uint32_t arch)
{
	return ARCH_PLUGIN_FIND(linux_arches, arch);
}

#endif
