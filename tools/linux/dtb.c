/* The device tree a Linux cell boots with, generated with libfdt from its cell config. */
#include "linux/dtb.h"

#include <hvisor/virtio.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GIC_SPI 0
#define GIC_PPI 1
#define IRQ_EDGE_RISING 1
#define IRQ_LEVEL_HIGH 4
#define FIRST_SPI 32
#define LAST_SPI 1019
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

/* A property of (address, size) pairs with 2 cells each. */
static int prop_reg(void *fdt, const uint64_t *pairs, unsigned int n)
{
	fdt64_t cells[8];
	unsigned int i;

	for (i = 0; i < 2 * n; i++)
		cells[i] = cpu_to_fdt64(pairs[i]);
	return fdt_property(fdt, "reg", cells, 2 * n * sizeof(cells[0]));
}

static int prop_cells(void *fdt, const char *name, const uint32_t *v,
		      unsigned int n)
{
	fdt32_t cells[12];
	unsigned int i;

	for (i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * sizeof(cells[0]));
}

/* Begins a node named NAME@ADDR (address in lowercase hex). */
static int begin_at(void *fdt, const char *name, uint64_t addr)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, buf);
}

#define TRY(x)                       \
	do {                         \
		int err_ = (x);      \
		if (err_)            \
			return err_; \
	} while (0)

static int emit_memory(void *fdt, const struct hvisor_cell_desc *cell)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint32_t i;

	for (i = 0; i < cell->num_mem_regions; i++) {
		uint64_t reg[2] = { r[i].virt_start, r[i].size };

		if (r[i].type != HVISOR_MEM_TYPE_RAM)
			continue;
		TRY(begin_at(fdt, "memory", r[i].virt_start));
		TRY(fdt_property_string(fdt, "device_type", "memory"));
		TRY(prop_reg(fdt, reg, 1));
		TRY(fdt_end_node(fdt));
	}
	return 0;
}

static int emit_cpus(void *fdt, const struct dtb_cell_params *p)
{
	unsigned int v, n = count_vcpus(p->cell->cpus);

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (v = 0; v < n; v++) {
		TRY(begin_at(fdt, "cpu", v));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", p->cpu_compatible));
		TRY(fdt_property_u32(fdt, "reg", v));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int emit_psci_gic_timer(void *fdt, const struct dtb_cell_params *p)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	/* secure phys, non-secure phys, virtual, hypervisor timer PPIs */
	static const uint32_t timer_irqs[] = {
		GIC_PPI, 13, IRQ_LEVEL_HIGH, GIC_PPI, 14, IRQ_LEVEL_HIGH,
		GIC_PPI, 11, IRQ_LEVEL_HIGH, GIC_PPI, 10, IRQ_LEVEL_HIGH,
	};
	uint64_t gic_reg[4] = { p->gicd_base, p->gicd_size, p->gicr_base,
				count_vcpus(p->cell->cpus) * DTB_GICR_FRAME };

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", psci_compat, sizeof(psci_compat)));
	TRY(fdt_property_string(fdt, "method", "smc"));
	TRY(fdt_end_node(fdt));

	TRY(begin_at(fdt, "intc", p->gicd_base));
	TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	TRY(prop_reg(fdt, gic_reg, 2));
	TRY(fdt_property_u32(fdt, "phandle", DTB_PHANDLE_GIC));
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(prop_cells(fdt, "interrupts", timer_irqs,
		       sizeof(timer_irqs) / sizeof(timer_irqs[0])));
	return fdt_end_node(fdt);
}

static int emit_console(void *fdt, const struct hvisor_cell_desc *cell)
{
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	uint32_t irqs[3] = { GIC_SPI, cell->console_irq - FIRST_SPI,
			     IRQ_LEVEL_HIGH };
	uint32_t clocks[2] = { DTB_PHANDLE_CLOCK, DTB_PHANDLE_CLOCK };
	uint64_t reg[2] = { cell->console_base, 0x1000 };

	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", DTB_PL011_CLOCK_HZ));
	TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_u32(fdt, "phandle", DTB_PHANDLE_CLOCK));
	TRY(fdt_end_node(fdt));

	TRY(begin_at(fdt, "pl011", cell->console_base));
	TRY(fdt_property(fdt, "compatible", uart_compat, sizeof(uart_compat)));
	TRY(prop_reg(fdt, reg, 1));
	TRY(prop_cells(fdt, "interrupts", irqs, 3));
	TRY(prop_cells(fdt, "clocks", clocks, 2));
	TRY(fdt_property(fdt, "clock-names", clock_names, sizeof(clock_names)));
	return fdt_end_node(fdt);
}

static int emit_virtio(void *fdt, const struct hvisor_cell_desc *cell)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint32_t i;

	for (i = 0; i < cell->num_mem_regions; i++) {
		uint32_t irqs[3] = { GIC_SPI,
				     HVISOR_MEM_VIRTIO_IRQ(r[i].flags) -
					     FIRST_SPI,
				     IRQ_EDGE_RISING };
		uint64_t reg[2] = { r[i].virt_start, DTB_VIRTIO_MMIO_SIZE };

		if (r[i].type != HVISOR_MEM_TYPE_VIRTIO)
			continue;
		TRY(begin_at(fdt, "virtio_mmio", r[i].virt_start));
		TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
		TRY(prop_reg(fdt, reg, 1));
		TRY(prop_cells(fdt, "interrupts", irqs, 3));
		TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
		TRY(fdt_end_node(fdt));
	}
	return 0;
}

static int emit_chosen(void *fdt, const struct dtb_cell_params *p,
		       const char *uart_path)
{
	if (uart_path) {
		TRY(fdt_begin_node(fdt, "aliases"));
		TRY(fdt_property_string(fdt, "serial0", uart_path));
		TRY(fdt_end_node(fdt));
	}
	TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (uart_path)
		TRY(fdt_property_string(fdt, "stdout-path", uart_path));
	if (p->has_initrd) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start",
				     p->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
	}
	return fdt_end_node(fdt);
}

static int emit(void *fdt, size_t size, const struct dtb_cell_params *p)
{
	const struct hvisor_cell_desc *cell = p->cell;
	char uart_path[64];

	snprintf(uart_path, sizeof(uart_path), "/pl011@%llx",
		 (unsigned long long)cell->console_base);
	TRY(fdt_create(fdt, (int)size));
	if (p->boot_stub_size) {
		uint64_t first = p->boot_stub & ~(PAGE_SIZE - 1);
		uint64_t end =
			(p->boot_stub + p->boot_stub_size + PAGE_SIZE - 1) &
			~(PAGE_SIZE - 1);

		TRY(fdt_add_reservemap_entry(fdt, first, end - first));
	}
	if (cell->mailbox_base)
		TRY(fdt_add_reservemap_entry(fdt, cell->mailbox_base,
					     PAGE_SIZE));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", "hvisor,linux-cell"));
	TRY(fdt_property_string(fdt, "model", cell->name));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_u32(fdt, "interrupt-parent", DTB_PHANDLE_GIC));
	TRY(emit_memory(fdt, cell));
	TRY(emit_cpus(fdt, p));
	TRY(emit_psci_gic_timer(fdt, p));
	if (cell->console_base)
		TRY(emit_console(fdt, cell));
	TRY(emit_virtio(fdt, cell));
	TRY(emit_chosen(fdt, p, cell->console_base ? uart_path : NULL));
	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

/* What the DTB needs from the config that the config checks do not ensure. */
static int check(const struct dtb_cell_params *p, char *err, size_t err_size)
{
	const struct hvisor_cell_desc *cell = p->cell;
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	unsigned int n = count_vcpus(cell->cpus);
	uint32_t i, irq;

	if (!n || n > HVISOR_MAX_CPUS) {
		set_err(err, err_size, "cpus: the cell has no CPU");
		return -1;
	}
	if (cell->console_base &&
	    (cell->console_irq < FIRST_SPI || cell->console_irq > LAST_SPI)) {
		set_err(err, err_size,
			"console.irq: must be an SPI (32-1019) for Linux (%u)",
			cell->console_irq);
		return -1;
	}
	for (i = 0; i < cell->num_mem_regions; i++) {
		if (r[i].type != HVISOR_MEM_TYPE_VIRTIO)
			continue;
		irq = HVISOR_MEM_VIRTIO_IRQ(r[i].flags);
		if (irq < FIRST_SPI || irq > LAST_SPI) {
			set_err(err, err_size,
				"memory_regions[%u]: a virtio region needs an \"irq\" (an SPI, 32-1019) for Linux's virtio,mmio node (%u)",
				i, irq);
			return -1;
		}
	}
	if (!p->cpu_compatible || !*p->cpu_compatible) {
		set_err(err, err_size, "no CPU compatible string");
		return -1;
	}
	return 0;
}

void *dtb_cell_build(const struct dtb_cell_params *p, size_t *size, char *err,
		     size_t err_size)
{
	size_t cap = 4096;
	void *fdt;
	int ret;

	if (check(p, err, err_size))
		return NULL;
	for (;;) {
		fdt = malloc(cap);
		if (!fdt) {
			set_err(err, err_size, "out of memory");
			return NULL;
		}
		ret = emit(fdt, cap, p);
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
	int n = 0;

	buf[0] = '\0';
	if (cell->console_base)
		n = snprintf(buf, size, "console=ttyAMA0 earlycon=pl011,0x%llx",
			     (unsigned long long)cell->console_base);
	if (n >= 0 && (size_t)n < size && extra && *extra)
		n += snprintf(buf + n, size - (size_t)n, "%s%s", n ? " " : "",
			      extra);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
