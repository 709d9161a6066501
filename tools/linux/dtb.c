/* The device tree a Linux cell boots with, generated with libfdt from its cell config. */
#include "linux/dtb.h"
#include "config/arch.h"
#include "linux/arch.h"
#include "linux/dtb_pci.h"

#include <hvisor/virtio.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 0x1000ULL

static unsigned int count_vcpus(uint64_t cpus)
{
	return (unsigned int)__builtin_popcountll(cpus);
}

static void set_err(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
}

int dtb_prop_reg(void *fdt, const uint64_t *pairs, unsigned int n)
{
	fdt64_t cells[8];
	unsigned int i;

	for (i = 0; i < 2 * n; i++)
		cells[i] = cpu_to_fdt64(pairs[i]);
	return fdt_property(fdt, "reg", cells, 2 * n * sizeof(cells[0]));
}

int dtb_prop_cells(void *fdt, const char *name, const uint32_t *v,
		   unsigned int n)
{
	fdt32_t cells[12];
	unsigned int i;

	for (i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * sizeof(cells[0]));
}

int dtb_begin_at(void *fdt, const char *name, uint64_t addr)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, buf);
}

static int emit_memory(void *fdt, const struct hvisor_cell_desc *cell)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint32_t i;

	for (i = 0; i < cell->num_mem_regions; i++) {
		uint64_t reg[2] = { r[i].virt_start, r[i].size };

		if (r[i].type != HVISOR_MEM_TYPE_RAM)
			continue;
		DTB_TRY(dtb_begin_at(fdt, "memory", r[i].virt_start));
		DTB_TRY(fdt_property_string(fdt, "device_type", "memory"));
		DTB_TRY(dtb_prop_reg(fdt, reg, 1));
		DTB_TRY(fdt_end_node(fdt));
	}
	return 0;
}

static int emit_cpus(void *fdt, const struct linux_arch_ops *arch,
		     const struct dtb_cell_params *p)
{
	unsigned int v, n = count_vcpus(p->cell->cpus);

	DTB_TRY(fdt_begin_node(fdt, "cpus"));
	DTB_TRY(fdt_property_u32(fdt, "#address-cells", 1));
	DTB_TRY(fdt_property_u32(fdt, "#size-cells", 0));
	if (arch->dtb_cpus)
		DTB_TRY(arch->dtb_cpus(fdt, p));
	for (v = 0; v < n; v++) {
		DTB_TRY(dtb_begin_at(fdt, "cpu", v));
		DTB_TRY(fdt_property_string(fdt, "device_type", "cpu"));
		DTB_TRY(fdt_property_string(fdt, "compatible",
					    p->cpu_compatible));
		DTB_TRY(fdt_property_u32(fdt, "reg", v));
		DTB_TRY(arch->dtb_cpu(fdt, p, v));
		DTB_TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int emit_virtio(void *fdt, const struct linux_arch_ops *arch,
		       const struct dtb_cell_params *p)
{
	const struct hvisor_cell_desc *cell = p->cell;
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint32_t i, irq[DTB_IRQ_CELLS_MAX];
	unsigned int n;

	for (i = 0; i < cell->num_mem_regions; i++) {
		uint64_t reg[2] = { r[i].virt_start, DTB_VIRTIO_MMIO_SIZE };

		if (r[i].type != HVISOR_MEM_TYPE_VIRTIO)
			continue;
		n = arch->irq_cells(p, HVISOR_MEM_VIRTIO_IRQ(r[i].flags), irq);
		DTB_TRY(dtb_begin_at(fdt, "virtio_mmio", r[i].virt_start));
		DTB_TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
		DTB_TRY(dtb_prop_reg(fdt, reg, 1));
		DTB_TRY(dtb_prop_cells(fdt, "interrupts", irq, n));
		if (arch->interrupt_parent_per_device)
			DTB_TRY(fdt_property_u32(fdt, "interrupt-parent",
						 DTB_PHANDLE_INTC));
		DTB_TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
		DTB_TRY(fdt_end_node(fdt));
	}
	return 0;
}

static int emit_chosen(void *fdt, const struct dtb_cell_params *p,
		       const char *console_path)
{
	if (console_path) {
		DTB_TRY(fdt_begin_node(fdt, "aliases"));
		DTB_TRY(fdt_property_string(fdt, "serial0", console_path));
		DTB_TRY(fdt_end_node(fdt));
	}
	DTB_TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs)
		DTB_TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (console_path)
		DTB_TRY(fdt_property_string(fdt, "stdout-path", console_path));
	/* BARs are fixed where the root put them: Linux must not move them */
	if (p->cell->num_pci_devices)
		DTB_TRY(fdt_property_u32(fdt, "linux,pci-probe-only", 1));
	if (p->has_initrd) {
		DTB_TRY(fdt_property_u64(fdt, "linux,initrd-start",
					 p->initrd_start));
		DTB_TRY(fdt_property_u64(fdt, "linux,initrd-end",
					 p->initrd_end));
	}
	if (p->rng_seed_size)
		DTB_TRY(fdt_property(fdt, "rng-seed", p->rng_seed,
				     (int)p->rng_seed_size));
	if (p->has_kaslr_seed)
		DTB_TRY(fdt_property_u64(fdt, "kaslr-seed", p->kaslr_seed));
	return fdt_end_node(fdt);
}

static int emit(void *fdt, size_t size, const struct linux_arch_ops *arch,
		const struct dtb_cell_params *p)
{
	const struct hvisor_cell_desc *cell = p->cell;
	char console_path[64] = "";

	DTB_TRY(fdt_create(fdt, (int)size));
	if (p->boot_stub_size) {
		uint64_t first = p->boot_stub & ~(PAGE_SIZE - 1);
		uint64_t end =
			(p->boot_stub + p->boot_stub_size + PAGE_SIZE - 1) &
			~(PAGE_SIZE - 1);

		DTB_TRY(fdt_add_reservemap_entry(fdt, first, end - first));
	}
	if (cell->mailbox_base)
		DTB_TRY(fdt_add_reservemap_entry(fdt, cell->mailbox_base,
						 PAGE_SIZE));
	DTB_TRY(fdt_finish_reservemap(fdt));
	DTB_TRY(fdt_begin_node(fdt, ""));
	DTB_TRY(fdt_property_string(fdt, "compatible", "hvisor,linux-cell"));
	DTB_TRY(fdt_property_string(fdt, "model", cell->name));
	DTB_TRY(fdt_property_u32(fdt, "#address-cells", 2));
	DTB_TRY(fdt_property_u32(fdt, "#size-cells", 2));
	if (!arch->interrupt_parent_per_device)
		DTB_TRY(fdt_property_u32(fdt, "interrupt-parent",
					 DTB_PHANDLE_INTC));
	DTB_TRY(emit_memory(fdt, cell));
	DTB_TRY(emit_cpus(fdt, arch, p));
	DTB_TRY(arch->dtb_platform(fdt, p));
	if (cell->console_base)
		DTB_TRY(arch->dtb_console(fdt, p, console_path,
					  sizeof(console_path)));
	DTB_TRY(emit_virtio(fdt, arch, p));
	DTB_TRY(dtb_pci_emit(fdt, arch, p));
	DTB_TRY(emit_chosen(fdt, p, console_path[0] ? console_path : NULL));
	DTB_TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

/* What the DTB needs from the config that the config checks do not ensure. */
static int check(const struct linux_arch_ops *arch,
		 const struct dtb_cell_params *p, char *err, size_t err_size)
{
	unsigned int n = count_vcpus(p->cell->cpus);
	char label[32];

	if (!arch) {
		set_err(err, err_size,
			"arch: this build cannot boot Linux in a cell of arch %s",
			config_arch_label(p->cell->arch, label, sizeof(label)));
		return -1;
	}
	if (p->system && p->system->arch != p->cell->arch) {
		set_err(err, err_size,
			"arch: the cell is for %s, the system config for another arch",
			config_arch_label(p->cell->arch, label, sizeof(label)));
		return -1;
	}
	if (!n || n > HVISOR_MAX_CPUS) {
		set_err(err, err_size, "cpus: the cell has no CPU");
		return -1;
	}
	if (arch->dtb_check(p, err, err_size) ||
	    dtb_pci_check(arch, p, err, err_size))
		return -1;
	if (!p->cpu_compatible || !*p->cpu_compatible) {
		set_err(err, err_size, "no CPU compatible string");
		return -1;
	}
	return 0;
}

void *dtb_cell_build(const struct dtb_cell_params *p, size_t *size, char *err,
		     size_t err_size)
{
	const struct linux_arch_ops *arch = linux_arch_find(p->cell->arch);
	size_t cap = 4096;
	void *fdt;
	int ret;

	if (check(arch, p, err, err_size))
		return NULL;
	for (;;) {
		fdt = malloc(cap);
		if (!fdt) {
			set_err(err, err_size, "out of memory");
			return NULL;
		}
		ret = emit(fdt, cap, arch, p);
		if (ret != -FDT_ERR_NOSPACE || cap >= (1u << 24))
			break;
		free(fdt);
		cap *= 2;
	}
	if (ret) {
		set_err(err, err_size, "libfdt: %s", fdt_strerror(ret));
		free(fdt);
		return NULL;
	}
	*size = fdt_totalsize(fdt);
	return fdt;
}

int dtb_cell_set_initrd(void *dtb, uint64_t start, uint64_t end)
{
	int node = fdt_path_offset(dtb, "/chosen");

	if (node < 0 ||
	    fdt_setprop_inplace_u64(dtb, node, "linux,initrd-start", start) ||
	    fdt_setprop_inplace_u64(dtb, node, "linux,initrd-end", end))
		return -1;
	return 0;
}

int dtb_cell_bootargs(const struct hvisor_cell_desc *cell, const char *extra,
		      char *buf, size_t size)
{
	const struct linux_arch_ops *arch = linux_arch_find(cell->arch);
	int n = 0;

	buf[0] = '\0';
	if (cell->console_base && arch)
		n = arch->console_bootargs(cell, buf, size);
	if (n >= 0 && (size_t)n < size && extra && *extra)
		n += snprintf(buf + n, size - (size_t)n, "%s%s", n ? " " : "",
			      extra);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
