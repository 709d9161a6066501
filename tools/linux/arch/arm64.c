/* arm64 Linux cells: the Image header ("ARM\x64"), the boot stub's machine words, the PSCI, GICv3, timer and PL011 nodes. */
#include "linux/arch.h"
#include "linux/le.h"

#include <hvisor/platform_arm64.h>
#include <hvisor/virtio.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define IMAGE_HEADER_SIZE 64
#define IMAGE_MAGIC 0x644d5241 /* "ARM\x64" at offset 56 */
#define KERNEL_ALIGN 0x200000ULL /* the Image's base: 2 MiB aligned */
#define DTB_MAX_SIZE 0x200000ULL /* arm64 booting.rst: at most 2 MiB */
#define PAGE_SIZE 0x1000ULL

/* guests/linux/arch/arm64/boot-stub.S: 80 bytes, literals at 0x40, 0x48 */
#define BOOT_STUB_SIZE 80
#define BOOT_STUB_DTB 0x40
#define BOOT_STUB_KERNEL 0x48

/* QEMU virt's GICv3, where the hypervisor emulates it when no system config says. */
#define DEFAULT_GICD_BASE 0x08000000ULL
#define DEFAULT_GICD_SIZE 0x10000ULL
#define DEFAULT_GICR_BASE 0x080a0000ULL

#define GICR_FRAME 0x20000ULL /* one redistributor (RD + SGI frames) */
#define GIC_SPI 0
#define GIC_PPI 1
#define FIRST_SPI 32
#define LAST_SPI 1019
#define IRQ_EDGE_RISING 1
#define IRQ_LEVEL_HIGH 4
#define PL011_CLOCK_HZ 24000000
#define PHANDLE_CLOCK DTB_PHANDLE_ARCH

/* The 64-byte header of an arm64 Image (Documentation/arm64/booting.rst). */
static const char *image_parse(const void *data, size_t size,
			       struct linux_image *out)
{
	const uint8_t *h = data;

	if (size < IMAGE_HEADER_SIZE)
		return "is too small for an arm64 Image header (64 bytes)";
	if (le_get32(h + 56) != IMAGE_MAGIC)
		return "is not an arm64 Linux Image (no \"ARM\\x64\" magic at offset 56)";
	out->text_offset = le_get64(h + 8);
	out->image_size = le_get64(h + 16);
	out->flags = le_get64(h + 24);
	if (out->flags & 1)
		return "is a big-endian kernel (header flags bit 0): not supported";
	if (!out->image_size)
		return "has image_size 0 in its header (a kernel older than 3.17): not supported";
	if (out->image_size < size)
		return "is larger than the image_size its header gives";
	if (out->text_offset >= KERNEL_ALIGN ||
	    (out->text_offset & (PAGE_SIZE - 1)))
		return "has a text_offset that is not a page multiple below 2 MiB";
	return NULL;
}

/*
 * The boot stub: x0 = the DTB's address and x1-x3 = 0, as the arm64 boot
 * protocol wants; a second run calls PSCI SYSTEM_OFF. Position independent;
 * the literals are 8-byte aligned when the stub is (the MMU is off: an
 * unaligned load would fault).
 */
static void boot_stub(uint8_t *out, uint64_t dtb, uint64_t kernel)
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

	memset(out, 0, BOOT_STUB_SIZE);
	for (i = 0; i < sizeof(code) / sizeof(code[0]); i++)
		le_put32(out + 4 * i, code[i]);
	le_put64(out + BOOT_STUB_DTB, dtb);
	le_put64(out + BOOT_STUB_KERNEL, kernel);
}

/* The GIC's interrupt IDs Linux can take as a device's: the SPIs. */
static bool is_spi(uint32_t irq)
{
	return irq >= FIRST_SPI && irq <= LAST_SPI;
}

static int dtb_check(const struct dtb_cell_params *p, char *err,
		     size_t err_size)
{
	const struct hvisor_cell_desc *cell = p->cell;
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell);
	uint32_t i, irq;

	if (cell->console_base && cell->console_type != HVISOR_CONSOLE_PL011) {
		snprintf(
			err, err_size,
			"console.type: Linux cells on arm64 need a pl011 console (type %u)",
			cell->console_type);
		return -1;
	}
	if (cell->console_base && !is_spi(cell->console_irq)) {
		snprintf(err, err_size,
			 "console.irq: must be an SPI (32-1019) for Linux (%u)",
			 cell->console_irq);
		return -1;
	}
	for (i = 0; i < cell->num_mem_regions; i++) {
		if (r[i].type != HVISOR_MEM_TYPE_VIRTIO)
			continue;
		irq = HVISOR_MEM_VIRTIO_IRQ(r[i].flags);
		if (!is_spi(irq)) {
			snprintf(
				err, err_size,
				"memory_regions[%u]: a virtio region needs an \"irq\" (an SPI, 32-1019) for Linux's virtio,mmio node (%u)",
				i, irq);
			return -1;
		}
	}
	return 0;
}

/* vCPUs start and stop through PSCI (the hypervisor's). */
static int dtb_cpu(void *fdt, const struct dtb_cell_params *p,
		   unsigned int vcpu)
{
	(void)p;
	(void)vcpu;
	return fdt_property_string(fdt, "enable-method", "psci");
}

/* PSCI (1.0, smc); the GICv3 (distributor, a redistributor per vCPU, no
 * ITS); the architected timer (PPIs 13, 14, 11, 10); the PMU (PPI 7) if
 * the cell has it. */
static int dtb_platform(void *fdt, const struct dtb_cell_params *p)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	/* secure phys, non-secure phys, virtual, hypervisor timer PPIs */
	static const uint32_t timer_irqs[] = {
		GIC_PPI, 13, IRQ_LEVEL_HIGH, GIC_PPI, 14, IRQ_LEVEL_HIGH,
		GIC_PPI, 11, IRQ_LEVEL_HIGH, GIC_PPI, 10, IRQ_LEVEL_HIGH,
	};
	static const uint32_t pmu_irq[] = { GIC_PPI, 7, IRQ_LEVEL_HIGH };
	const struct hvisor_arm64_platform *gic =
		p->system ? &p->system->platform.arch.arm64 : NULL;
	uint64_t gicd_base = gic ? gic->gicd_base : DEFAULT_GICD_BASE;
	uint64_t gic_reg[4] = {
		gicd_base,
		gic ? gic->gicd_size : DEFAULT_GICD_SIZE,
		gic ? gic->gicr_base : DEFAULT_GICR_BASE,
		__builtin_popcountll(p->cell->cpus) * GICR_FRAME,
	};

	DTB_TRY(fdt_begin_node(fdt, "psci"));
	DTB_TRY(fdt_property(fdt, "compatible", psci_compat,
			     sizeof(psci_compat)));
	DTB_TRY(fdt_property_string(fdt, "method", "smc"));
	DTB_TRY(fdt_end_node(fdt));

	DTB_TRY(dtb_begin_at(fdt, "intc", gicd_base));
	DTB_TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	DTB_TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	DTB_TRY(fdt_property_u32(fdt, "#address-cells", 0));
	DTB_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	DTB_TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	DTB_TRY(dtb_prop_reg(fdt, gic_reg, 2));
	DTB_TRY(fdt_property_u32(fdt, "phandle", DTB_PHANDLE_INTC));
	DTB_TRY(fdt_end_node(fdt));

	DTB_TRY(fdt_begin_node(fdt, "timer"));
	DTB_TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	DTB_TRY(dtb_prop_cells(fdt, "interrupts", timer_irqs,
			       sizeof(timer_irqs) / sizeof(timer_irqs[0])));
	DTB_TRY(fdt_end_node(fdt));

	/* the PMU, when the cell is given it: overflow on PPI 7, level */
	if (p->cell->flags & HVISOR_CELL_FLAG_PMU) {
		DTB_TRY(fdt_begin_node(fdt, "pmu"));
		DTB_TRY(fdt_property_string(fdt, "compatible",
					    "arm,armv8-pmuv3"));
		DTB_TRY(dtb_prop_cells(fdt, "interrupts", pmu_irq, 3));
		DTB_TRY(fdt_end_node(fdt));
	}
	return 0;
}

/* The emulated PL011 with a 24 MHz fixed clock. */
static int dtb_console(void *fdt, const struct dtb_cell_params *p, char *path,
		       size_t path_size)
{
	const struct hvisor_cell_desc *cell = p->cell;
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	uint32_t irqs[3] = { GIC_SPI, cell->console_irq - FIRST_SPI,
			     IRQ_LEVEL_HIGH };
	uint32_t clocks[2] = { PHANDLE_CLOCK, PHANDLE_CLOCK };
	uint64_t reg[2] = { cell->console_base, 0x1000 };

	snprintf(path, path_size, "/pl011@%llx",
		 (unsigned long long)cell->console_base);
	DTB_TRY(fdt_begin_node(fdt, "apb-pclk"));
	DTB_TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	DTB_TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	DTB_TRY(fdt_property_u32(fdt, "clock-frequency", PL011_CLOCK_HZ));
	DTB_TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	DTB_TRY(fdt_property_u32(fdt, "phandle", PHANDLE_CLOCK));
	DTB_TRY(fdt_end_node(fdt));

	DTB_TRY(dtb_begin_at(fdt, "pl011", cell->console_base));
	DTB_TRY(fdt_property(fdt, "compatible", uart_compat,
			     sizeof(uart_compat)));
	DTB_TRY(dtb_prop_reg(fdt, reg, 1));
	DTB_TRY(dtb_prop_cells(fdt, "interrupts", irqs, 3));
	DTB_TRY(dtb_prop_cells(fdt, "clocks", clocks, 2));
	DTB_TRY(fdt_property(fdt, "clock-names", clock_names,
			     sizeof(clock_names)));
	return fdt_end_node(fdt);
}

/* An edge-triggered SPI: the GIC binding's 3 cells. */
static unsigned int irq_cells(const struct dtb_cell_params *p, uint32_t irq,
			      uint32_t cells[DTB_IRQ_CELLS_MAX])
{
	(void)p;
	cells[0] = GIC_SPI;
	cells[1] = irq - FIRST_SPI;
	cells[2] = IRQ_EDGE_RISING;
	return 3;
}

/* A level-triggered SPI (PCI INTx): the GIC binding's 3 cells. */
static unsigned int intx_cells(uint32_t irq, uint32_t cells[DTB_IRQ_CELLS_MAX])
{
	cells[0] = GIC_SPI;
	cells[1] = irq - FIRST_SPI;
	cells[2] = IRQ_LEVEL_HIGH;
	return 3;
}

static int console_bootargs(const struct hvisor_cell_desc *cell, char *buf,
			    size_t size)
{
	return snprintf(buf, size, "console=ttyAMA0 earlycon=pl011,0x%llx",
			(unsigned long long)cell->console_base);
}

const struct linux_arch_ops linux_arch_arm64 = {
	.arch = HVISOR_ARCH_ARM64,
	.image_parse = image_parse,
	.kernel_align = KERNEL_ALIGN,
	.dtb_max_size = DTB_MAX_SIZE,
	.stub_size = BOOT_STUB_SIZE,
	.stub_align = 8,
	.boot_stub = boot_stub,
	.cpu_compatible = "arm,armv8",
	.cpu_compatible_from_root = true,
	.dtb_check = dtb_check,
	.dtb_cpu = dtb_cpu,
	.dtb_platform = dtb_platform,
	.dtb_console = dtb_console,
	.irq_cells = irq_cells,
	.intx_cells = intx_cells,
	.console_bootargs = console_bootargs,
};
