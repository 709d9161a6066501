/* Booting a Linux Image in a cell: its header, the boot stub, where each image goes (per arch: linux/arch/). */
#include "linux/boot.h"
#include "config/arch.h"
#include "config/dump.h"
#include "linux/arch.h"

#include <stdio.h>
#include <string.h>

/* The arch other than arch whose Image header data has, 0 if none. */
static uint32_t other_arch(uint32_t arch, const void *data, size_t size)
{
	const struct linux_arch_ops *const *o;
	struct linux_image img;

	for (o = linux_arches; *o; o++)
		if ((*o)->arch != arch && !(*o)->image_parse(data, size, &img))
			return (*o)->arch;
	return 0;
}

const char *linux_image_parse(uint32_t arch, const void *data, size_t size,
			      struct linux_image *out)
{
	const struct linux_arch_ops *ops = linux_arch_find(arch);
	const uint8_t *h = data;
	static char reason[128];
	char label[2][32];
	const char *why;
	uint32_t other;

	memset(out, 0, sizeof(*out));
	if (size >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return "is gzip-compressed (a vmlinuz.gz?): boot the uncompressed Image (gunzip it first)";
	if (size >= 4 && !memcmp(h, "\177ELF", 4))
		return "is an ELF file (a vmlinux?): boot the kernel's flat Image (arch/*/boot/Image)";
	if (!ops)
		return "cannot be booted: this build knows no Linux Image of the cell's arch";
	why = ops->image_parse(data, size, out);
	other = why ? other_arch(arch, data, size) : 0;
	if (other) {
		memset(out, 0, sizeof(*out));
		snprintf(reason, sizeof(reason),
			 "is a Linux Image for %s, not for the cell's arch %s",
			 config_arch_label(other, label[0], sizeof(label[0])),
			 config_arch_label(arch, label[1], sizeof(label[1])));
		return reason;
	}
	return why;
}

const char *linux_image_raw(size_t size, struct linux_image *out)
{
	memset(out, 0, sizeof(*out));
	if (!size)
		return "is empty";
	out->image_size = (size + LINUX_PAGE_SIZE - 1) & ~(LINUX_PAGE_SIZE - 1);
	return NULL;
}

size_t linux_boot_stub(uint32_t arch, uint8_t out[LINUX_BOOT_STUB_MAX],
		       uint64_t dtb, uint64_t kernel)
{
	const struct linux_arch_ops *ops = linux_arch_find(arch);

	memset(out, 0, LINUX_BOOT_STUB_MAX);
	if (!ops)
		return 0;
	ops->boot_stub(out, dtb, kernel);
	return ops->stub_size;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* The ram region of the cell the entry is in, or NULL. */
static const struct hvisor_mem_region *
entry_region(const struct hvisor_cell_desc *cell, int *index)
{
	const struct hvisor_mem_region *regions = hvisor_cell_regions(cell);
	uint32_t i;

	for (i = 0; i < cell->num_mem_regions; i++)
		if (regions[i].type == HVISOR_MEM_TYPE_RAM &&
		    cell->entry >= regions[i].virt_start &&
		    cell->entry - regions[i].virt_start < regions[i].size) {
			*index = (int)i;
			return &regions[i];
		}
	return NULL;
}

const char *linux_boot_layout(const struct hvisor_cell_desc *cell,
			      const struct linux_image *kernel,
			      uint64_t dtb_size, uint64_t initrd_size,
			      struct linux_layout *out)
{
	const struct linux_arch_ops *ops = linux_arch_find(cell->arch);
	const struct hvisor_mem_region *r;
	uint64_t base, floor, top, span;
	static char reason[160];
	char human[32];

	memset(out, 0, sizeof(*out));
	out->region = -1;
	if (!ops)
		return "this build cannot boot Linux in a cell of this arch";
	r = entry_region(cell, &out->region);
	if (!r)
		return "the entry is not inside a ram region of the cell";
	if (!(r->flags & HVISOR_MEM_LOADABLE))
		return "the ram region of the entry is not loadable: the stub, kernel, DTB and initrd go there";
	if (cell->entry & (ops->stub_align - 1)) {
		snprintf(
			reason, sizeof(reason),
			"the entry is not %u-byte aligned (the boot stub's literals must be)",
			ops->stub_align);
		return reason;
	}
	if (!dtb_size || dtb_size > ops->dtb_max_size) {
		config_format_size(ops->dtb_max_size, human, sizeof(human));
		snprintf(reason, sizeof(reason), "the DTB must be 1 byte to %s",
			 human);
		return reason;
	}
	out->ram_start = r->virt_start;
	out->ram_end = r->virt_start + r->size;
	out->stub = cell->entry;
	top = out->ram_end & ~(LINUX_PAGE_SIZE - 1);
	base = align_up(cell->entry + ops->stub_size, ops->kernel_align);
	if (base < cell->entry || base >= top ||
	    top - base < kernel->text_offset ||
	    top - base - kernel->text_offset < kernel->image_size) {
		config_format_size(ops->kernel_align, human, sizeof(human));
		snprintf(
			reason, sizeof(reason),
			"the kernel does not fit between the entry's next %s boundary and the end of its ram region",
			human);
		return reason;
	}
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
