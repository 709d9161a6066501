/* A Linux cell's PCI host node: a generic ECAM host at the cell's window, the BAR windows it is lent, its INTx map. */
#include "linux/dtb_pci.h"

#include <hvisor/pci.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>

#define PCI_SPACE_MEM32 0x02000000u /* phys.hi of a 32-bit memory range */
#define PCI_SPACE_MEM64 0x03000000u
#define RANGE_CELLS 7 /* 3 PCI address, 2 CPU address, 2 size */
#define MAX_RANGES 64
/* child unit address (3), pin (1), parent phandle (1), parent specifier */
#define MAP_CELLS (5 + DTB_IRQ_CELLS_MAX)
#define MAX_MAP (HVISOR_CELL_MAX_PCI_DEVICES * 4)

static const struct hvisor_pci_host *host_of(const struct dtb_cell_params *p)
{
	return &p->system->platform.pci;
}

static bool in_window(const struct hvisor_pci_host *h, uint64_t base,
		      uint64_t size)
{
	unsigned int i;

	for (i = 0; i < HVISOR_PCI_MAX_WINDOWS; i++)
		if (h->windows[i].size && base >= h->windows[i].base &&
		    base + size <= h->windows[i].base + h->windows[i].size)
			return true;
	return false;
}

static bool owns_irq(const struct hvisor_cell_desc *c, uint32_t irq)
{
	return irq < HVISOR_MAX_IRQS && (c->irqs[irq / 32] >> (irq % 32) & 1);
}

int dtb_pci_check(const struct linux_arch_ops *arch,
		  const struct dtb_cell_params *p, char *err, size_t err_size)
{
	if (!p->cell->num_pci_devices)
		return 0;
	if (!p->system || !p->system->platform.pci.ecam_base) {
		snprintf(
			err, err_size,
			"pci_devices: the cell's PCI host node needs the system config's PCI host (pass --root ROOT.json)");
		return -1;
	}
	if (!arch->intx_cells) {
		snprintf(
			err, err_size,
			"pci_devices: Linux cells of this arch get no PCI host node yet");
		return -1;
	}
	return 0;
}

static void put_u64(fdt32_t *out, uint64_t v)
{
	out[0] = cpu_to_fdt32((uint32_t)(v >> 32));
	out[1] = cpu_to_fdt32((uint32_t)v);
}

/* The cell's BAR windows: its identity-mapped io regions in a host window. */
static int emit_ranges(void *fdt, const struct dtb_cell_params *p)
{
	const struct hvisor_cell_desc *c = p->cell;
	const struct hvisor_mem_region *r = hvisor_cell_regions(c);
	fdt32_t cells[MAX_RANGES * RANGE_CELLS];
	unsigned int i, n = 0;

	for (i = 0; i < c->num_mem_regions && n < MAX_RANGES; i++) {
		fdt32_t *e = &cells[n * RANGE_CELLS];
		uint64_t end = r[i].phys_start + r[i].size;

		if (r[i].type != HVISOR_MEM_TYPE_IO ||
		    r[i].phys_start != r[i].virt_start ||
		    !in_window(host_of(p), r[i].phys_start, r[i].size))
			continue;
		e[0] = cpu_to_fdt32(end > 0x100000000ULL ? PCI_SPACE_MEM64 :
							   PCI_SPACE_MEM32);
		put_u64(&e[1], r[i].phys_start);
		put_u64(&e[3], r[i].phys_start);
		put_u64(&e[5], r[i].size);
		n++;
	}
	return fdt_property(fdt, "ranges", cells,
			    n * RANGE_CELLS * sizeof(cells[0]));
}

/* Each (device, pin) of the cell's devices whose interrupt is the cell's. */
static int emit_intx(void *fdt, const struct linux_arch_ops *arch,
		     const struct dtb_cell_params *p)
{
	static const uint32_t mask[4] = { 0xf800, 0, 0, 7 };
	const struct hvisor_cell_desc *c = p->cell;
	const struct hvisor_pci_host *h = host_of(p);
	fdt32_t cells[MAX_MAP * MAP_CELLS];
	uint32_t spec[DTB_IRQ_CELLS_MAX], done = 0, irq;
	unsigned int i, pin, k, n, len = 0;

	for (i = 0; i < c->num_pci_devices && i < HVISOR_CELL_MAX_PCI_DEVICES;
	     i++) {
		uint16_t bdf = c->pci_devices[i].bdf;
		unsigned int dev = HVISOR_PCI_DEV(bdf);

		/* INTx only on the first bus; each device once */
		if (HVISOR_PCI_BUS(bdf) != h->bus_start || (done >> dev & 1))
			continue;
		done |= 1u << dev;
		for (pin = 1; pin <= 4; pin++) {
			irq = h->intx_irqs[(dev + pin - 1) % 4];
			if (!owns_irq(c, irq))
				continue;
			cells[len++] = cpu_to_fdt32(dev << 11);
			cells[len++] = 0;
			cells[len++] = 0;
			cells[len++] = cpu_to_fdt32(pin);
			cells[len++] = cpu_to_fdt32(DTB_PHANDLE_INTC);
			n = arch->intx_cells(irq, spec);
			for (k = 0; k < n; k++)
				cells[len++] = cpu_to_fdt32(spec[k]);
		}
	}
	if (!len)
		return 0;
	DTB_TRY(dtb_prop_cells(fdt, "interrupt-map-mask", mask, 4));
	return fdt_property(fdt, "interrupt-map", cells,
			    len * sizeof(cells[0]));
}

int dtb_pci_emit(void *fdt, const struct linux_arch_ops *arch,
		 const struct dtb_cell_params *p)
{
	const struct hvisor_pci_host *h;
	uint64_t reg[2];
	uint32_t buses[2];

	if (!p->cell->num_pci_devices)
		return 0;
	h = host_of(p);
	reg[0] = p->cell->pci_ecam_base;
	reg[1] = (uint64_t)(h->bus_end - h->bus_start + 1) *
		 HVISOR_PCI_ECAM_BUS_SIZE;
	buses[0] = h->bus_start;
	buses[1] = h->bus_end;
	DTB_TRY(dtb_begin_at(fdt, "pci", p->cell->pci_ecam_base));
	DTB_TRY(fdt_property_string(fdt, "compatible",
				    "pci-host-ecam-generic"));
	DTB_TRY(fdt_property_string(fdt, "device_type", "pci"));
	DTB_TRY(fdt_property_u32(fdt, "#address-cells", 3));
	DTB_TRY(fdt_property_u32(fdt, "#size-cells", 2));
	DTB_TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	DTB_TRY(dtb_prop_reg(fdt, reg, 1));
	DTB_TRY(dtb_prop_cells(fdt, "bus-range", buses, 2));
	DTB_TRY(emit_ranges(fdt, p));
	DTB_TRY(emit_intx(fdt, arch, p));
	DTB_TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
	return fdt_end_node(fdt);
}
