/* Booting a Linux Image in a cell: its header, the boot stub, where each image goes (per arch: linux/arch/). */
#ifndef HVISOR_TOOLS_LINUX_BOOT_H
#define HVISOR_TOOLS_LINUX_BOOT_H

#include <hvisor/config.h>
#include <stddef.h>
#include <stdint.h>

#define LINUX_BOOT_STUB_MAX 128 /* bytes, of any arch's stub */
#define LINUX_PAGE_SIZE 0x1000ULL

/* What the header of a kernel Image says. */
struct linux_image {
	uint64_t text_offset; /* load at an aligned base + this */
	uint64_t image_size; /* bytes from the load address the kernel uses */
	uint64_t flags; /* as the arch's header has them */
};

/*
 * Reads the header of a Linux Image for arch (HVISOR_ARCH_*; size bytes at
 * data). Returns NULL, or a static reason why it is not an Image this tool
 * can boot (e.g. a gzip'd vmlinuz, another arch's kernel, image_size 0).
 */
const char *linux_image_parse(uint32_t arch, const void *data, size_t size,
			      struct linux_image *out);

/*
 * An image without a header (--raw), booted by the same protocol (arm64:
 * x0 = the DTB): loaded at the first kernel_align boundary above the stub
 * (text_offset 0), using its own size rounded up to a page. NULL, or why not.
 */
const char *linux_image_raw(size_t size, struct linux_image *out);

/*
 * The boot stub of arch: loaded at the cell's entry, it enters the kernel
 * at kernel as the arch's boot protocol wants, with the DTB at dtb, since
 * the hypervisor starts the first vCPU with its first argument 0. Run a
 * second time (the cell was reset: the kernel's memory is no longer as
 * loaded), it powers the cell off instead. The DTB keeps its page from
 * Linux. Writes it to out (little endian) and returns its size, 0 if this
 * build has no stub for arch.
 */
size_t linux_boot_stub(uint32_t arch, uint8_t out[LINUX_BOOT_STUB_MAX],
		       uint64_t dtb, uint64_t kernel);

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
 * Places, by the rules of the cell's arch: the stub at cell->entry (aligned
 * as the stub wants, in a loadable ram region of the cell), the kernel at
 * the next aligned base above the stub plus text_offset, the DTB (dtb_size
 * bytes, at most what the arch takes) at the top of that region and the
 * initrd (initrd_size bytes, 0 for none) below the DTB. Returns NULL, or why
 * they do not fit (static storage, the next call may overwrite it).
 */
const char *linux_boot_layout(const struct hvisor_cell_desc *cell,
			      const struct linux_image *kernel,
			      uint64_t dtb_size, uint64_t initrd_size,
			      struct linux_layout *out);

#endif
