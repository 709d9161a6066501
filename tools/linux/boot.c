/* Booting an arm64 Linux Image in a cell: Image header, boot stub, where each image goes. */
#include "linux/boot.h"

#include <string.h>

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

const char *linux_image_parse(const void *data, size_t size,
			      struct linux_image *out)
{
	const uint8_t *h = data;

	if (size >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return "is gzip-compressed (a vmlinuz.gz?): boot the uncompressed Image (gunzip it first)";
	if (size < LINUX_IMAGE_HEADER_SIZE)
		return "is too small for an arm64 Image header (64 bytes)";
	if (get_le32(h + 56) != LINUX_IMAGE_MAGIC)
		return "is not an arm64 Linux Image (no \"ARM\\x64\" magic at offset 56)";
	out->text_offset = get_le64(h + 8);
	out->image_size = get_le64(h + 16);
	out->flags = get_le64(h + 24);
	if (out->flags & 1)
		return "is a big-endian kernel (header flags bit 0): not supported";
	if (!out->image_size)
		return "has image_size 0 in its header (a kernel older than 3.17): not supported";
	if (out->image_size < size)
		return "is larger than the image_size its header gives";
	if (out->text_offset >= LINUX_KERNEL_ALIGN ||
	    (out->text_offset & (LINUX_PAGE_SIZE - 1)))
		return "has a text_offset that is not a page multiple below 2 MiB";
	return NULL;
}

void linux_boot_stub(uint8_t out[LINUX_BOOT_STUB_SIZE], uint64_t dtb,
		     uint64_t kernel)
{
	/* guests/linux/arch/arm64/boot-stub.S, assembled */
	static const uint32_t code[] = {
		0x100001e5, /* 0x00 adr  x5, ran (0x3c) */
		0xb94000a6, /* 0x04 ldr  w6, [x5] */
		0x35000126, /* 0x08 cbnz w6, again (0x2c) */
		0x52800026, /* 0x0c mov  w6, #1 */
		0xb90000a6, /* 0x10 str  w6, [x5] */
		0x58000160, /* 0x14 ldr  x0, dtb (0x40) */
		0xaa1f03e1, /* 0x18 mov  x1, xzr */
		0xaa1f03e2, /* 0x1c mov  x2, xzr */
		0xaa1f03e3, /* 0x20 mov  x3, xzr */
		0x58000124, /* 0x24 ldr  x4, kernel (0x48) */
		0xd61f0080, /* 0x28 br   x4 */
		0x52800100, /* 0x2c again: mov w0, #0x8 */
		0x72b08000, /* 0x30 movk w0, #0x8400, lsl #16 (SYSTEM_OFF) */
		0xd4000003, /* 0x34 smc  #0 */
		0x17fffffd, /* 0x38 b    again */
		0x00000000, /* 0x3c ran: 0 until the first run */
	};
	size_t i;

	memset(out, 0, LINUX_BOOT_STUB_SIZE);
	for (i = 0; i < sizeof(code) / sizeof(code[0]); i++)
		put_le32(out + 4 * i, code[i]);
	put_le64(out + LINUX_BOOT_STUB_DTB, dtb);
	put_le64(out + LINUX_BOOT_STUB_KERNEL, kernel);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

const char *linux_boot_layout(const struct hvisor_cell_desc *cell,
			      const struct linux_image *kernel,
			      uint64_t dtb_size, uint64_t initrd_size,
			      struct linux_layout *out)
{
	const struct hvisor_mem_region *regions = hvisor_cell_regions(cell);
	const struct hvisor_mem_region *r = NULL;
	uint64_t base, floor, top, span;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	out->region = -1;
	for (i = 0; i < cell->num_mem_regions; i++)
		if (regions[i].type == HVISOR_MEM_TYPE_RAM &&
		    cell->entry >= regions[i].virt_start &&
		    cell->entry - regions[i].virt_start < regions[i].size) {
			r = &regions[i];
			out->region = (int)i;
			break;
		}
	if (!r)
		return "the entry is not inside a ram region of the cell";
	if (!(r->flags & HVISOR_MEM_LOADABLE))
		return "the ram region of the entry is not loadable: the stub, kernel, DTB and initrd go there";
	if (cell->entry & 7)
		return "the entry is not 8-byte aligned (the boot stub's literals must be)";
	if (!dtb_size || dtb_size > LINUX_DTB_MAX_SIZE)
		return "the DTB must be 1 byte to 2 MiB";
	out->ram_start = r->virt_start;
	out->ram_end = r->virt_start + r->size;
	out->stub = cell->entry;
	top = out->ram_end & ~(LINUX_PAGE_SIZE - 1);
	base = align_up(cell->entry + LINUX_BOOT_STUB_SIZE, LINUX_KERNEL_ALIGN);
	if (base < cell->entry || base >= top ||
	    top - base < kernel->text_offset ||
	    top - base - kernel->text_offset < kernel->image_size)
		return "the kernel does not fit between the entry's next 2 MiB boundary and the end of its ram region";
	out->kernel = base + kernel->text_offset;
	out->kernel_end = out->kernel + kernel->image_size;
	floor = align_up(out->kernel_end, LINUX_PAGE_SIZE);
	span = align_up(dtb_size, LINUX_PAGE_SIZE);
	if (initrd_size > top - floor ||
	    span > top - floor - align_up(initrd_size, LINUX_PAGE_SIZE))
		return "the DTB and the initrd do not fit between the kernel and the end of its ram region";
	out->dtb = top - span;
	out->dtb_size = dtb_size;
	if (initrd_size) {
		out->initrd = out->dtb - align_up(initrd_size, LINUX_PAGE_SIZE);
		out->initrd_size = initrd_size;
	}
	return NULL;
}
