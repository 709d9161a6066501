/* Booting an arm64 Linux Image in a cell: Image header, boot stub, where each image goes. */
#ifndef HVISOR_TOOLS_LINUX_BOOT_H
#define HVISOR_TOOLS_LINUX_BOOT_H

#include <hvisor/config.h>
#include <stddef.h>
#include <stdint.h>

#define LINUX_IMAGE_HEADER_SIZE 64
#define LINUX_IMAGE_MAGIC 0x644d5241 /* "ARM\x64" */
#define LINUX_KERNEL_ALIGN 0x200000ULL /* the Image's base: 2 MiB aligned */
#define LINUX_DTB_MAX_SIZE 0x200000ULL /* arm64 booting.rst: at most 2 MiB */
#define LINUX_PAGE_SIZE 0x1000ULL

/* What the 64-byte header of an arm64 Image says (Documentation/arm64/booting.rst). */
struct linux_image {
	uint64_t text_offset; /* load at a 2 MiB aligned base + this */
	uint64_t image_size; /* bytes from the load address the kernel uses */
	uint64_t flags; /* bit 0: big endian; bit 3: any physical placement */
};

/*
 * Reads the header of an arm64 Image (size bytes at data). Returns NULL, or
 * a static reason why it is not a little-endian arm64 Image this tool can
 * boot (e.g. a gzip'd vmlinuz, a big-endian kernel, image_size 0).
 */
const char *linux_image_parse(const void *data, size_t size,
			      struct linux_image *out);

/*
 * The boot stub (guests/linux/arch/arm64/boot-stub.S): loaded at the cell's entry, it
 * enters the kernel as the arm64 boot protocol wants (x0 = DTB address,
 * x1-x3 = 0), since the hypervisor starts the first vCPU with x0 = 0. Run a
 * second time (the cell was reset: the kernel's memory is no longer as
 * loaded), it calls PSCI SYSTEM_OFF instead. Position independent; the
 * literals are 8-byte aligned when the stub is (the MMU is off: an
 * unaligned load would fault). The DTB keeps its page from Linux.
 */
#define LINUX_BOOT_STUB_SIZE 80
#define LINUX_BOOT_STUB_DTB 0x40 /* offset of the DTB address literal */
#define LINUX_BOOT_STUB_KERNEL 0x48 /* offset of the kernel address literal */

/* Writes the stub for these guest-physical addresses (little endian). */
void linux_boot_stub(uint8_t out[LINUX_BOOT_STUB_SIZE], uint64_t dtb,
		     uint64_t kernel);

/* Where the images go, guest-physical, all in the RAM region of the entry. */
struct linux_layout {
	int region; /* index of that region in the cell config */
	uint64_t ram_start, ram_end; /* the region, end exclusive */
	uint64_t stub; /* the cell's entry */
	uint64_t kernel, kernel_end; /* load address, + image_size */
	uint64_t dtb, dtb_size; /* page aligned, at the top of the region */
	uint64_t initrd, initrd_size; /* page aligned, right below the DTB;
					 0, 0 without an initrd */
};

/*
 * Places the stub at cell->entry (8-byte aligned, in a loadable ram region
 * of the cell), the kernel at the next 2 MiB boundary above the stub plus
 * text_offset, the DTB (dtb_size bytes, at most 2 MiB) at the top of that
 * region and the initrd (initrd_size bytes, 0 for none) below the DTB.
 * Returns NULL, or a static reason why they do not fit.
 */
const char *linux_boot_layout(const struct hvisor_cell_desc *cell,
			      const struct linux_image *kernel,
			      uint64_t dtb_size, uint64_t initrd_size,
			      struct linux_layout *out);

#endif
