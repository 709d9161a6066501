/* riscv64 Linux cells: the Image header ("RSC\x05"), the boot stub's machine words, the harts, virtual PLIC (or IMSIC and MSI-mode APLIC under AIA) and ns16550 nodes. */
#include "linux/arch.h"
#include "linux/le.h"

#include <hvisor/platform_riscv64.h>
#include <hvisor/virtio.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Documentation/arch/riscv/boot-image-header.rst */
#define IMAGE_HEADER_SIZE 64
#define IMAGE_MAGIC 0x0000005643534952ULL /* "RISCV\0\0\0" at 48, deprecated */
#define IMAGE_MAGIC2 0x05435352U /* "RSC\x05" at 56, header version >= 0.2 */
#define IMAGE_FLAG_BE 1ULL /* flags bit 0: big-endian kernel */
#define KERNEL_ALIGN 0x200000ULL /* RV64: PMD_SIZE, 2 MiB */
#define DTB_MAX_SIZE 0x200000ULL /* what the early FDT fixmap maps safely */

/* The boot stub below: 96 bytes, literals at 0x50 and 0x58 (8-aligned). */
#define BOOT_STUB_SIZE 0x60
#define BOOT_STUB_DTB 0x50
#define BOOT_STUB_KERNEL 0x58

/* QEMU virt's PLIC and timebase, when no system config says. */
#define DEFAULT_PLIC_BASE 0x0c000000ULL
#define DEFAULT_PLIC_SIZE 0x600000ULL
#define DEFAULT_NUM_SOURCES 96
#define DEFAULT_CONTEXTS_PER_HART 2
#define DEFAULT_S_CONTEXT 1
#define DEFAULT_TIMEBASE_HZ 10000000ULL

#define IRQ_S_EXT 9 /* the cpu-intc's S-level external interrupt */
#define IRQ_M_EXT 11 /* the M-level one: Linux in S mode skips it */
#define NS16550_CLOCK_HZ 3686400 /* what QEMU virt's DT says */
#define NS16550_REG_SIZE 0x100
#define MAX_CONTEXTS 64u /* of the PLIC node: 16 vCPUs of 4 contexts */
#define MAX_VCPUS 16u /* HVISOR_CHECK_CELL_MAX_CPUS */
#define IMSIC_PAGE 0x1000ULL
#define IMSIC_MIN_IDS 63u /* Linux: riscv,num-ids is 64n - 1, 63 to 2047 */
#define PHANDLE_IMSIC (DTB_PHANDLE_ARCH + MAX_VCPUS)
#define IRQ_TYPE_EDGE_RISING 1 /* the APLIC binding's second cell */

/*
 * What a vCPU of a cell is, whatever hart it runs on: RV64GC (no H: the
 * hypervisor holds it), the time CSR (hcounteren.TM), Sstc (henvcfg.STCE;
 * the hypervisor refuses harts without it), and Zihintpause (a hint).
 * Sv39 translation: the hypervisor's G stage is Sv39x4. Linux 6.12 reads
 * riscv,isa-base and riscv,isa-extensions first, older kernels riscv,isa.
 */
static const char isa_string[] =
	"rv64imafdc_zicntr_zicsr_zifencei_zihintpause_sstc";
static const char isa_extensions[] =
	"i\0m\0a\0f\0d\0c\0zicntr\0zicsr\0zifencei\0zihintpause\0sstc";
/*
 * AIA mode adds Ssaia: the VS-level AIA CSRs (vstopei, vsiselect/vsireg
 * on the guest file hstatus.VGEIN selects), which Linux's IMSIC driver
 * needs ("AIA support not available" otherwise).
 */
static const char isa_string_aia[] =
	"rv64imafdc_zicntr_zicsr_zifencei_zihintpause_sstc_ssaia";
static const char isa_extensions_aia[] =
	"i\0m\0a\0f\0d\0c\0zicntr\0zicsr\0zifencei\0zihintpause\0sstc\0ssaia";

/*
 * The 64-byte header of a riscv64 Image: code0/code1, text_offset at 8,
 * image_size at 16, flags at 24, version at 32, magic at 48, magic2 at 56.
 */
static const char *image_parse(const void *data, size_t size,
			       struct linux_image *out)
{
	const uint8_t *h = data;

	if (size < IMAGE_HEADER_SIZE)
		return "is too small for a riscv64 Image header (64 bytes)";
	if (le_get32(h + 56) != IMAGE_MAGIC2 && le_get64(h + 48) != IMAGE_MAGIC)
		return "is not a riscv64 Linux Image (no \"RSC\\x05\" magic at offset 56, no \"RISCV\" at 48)";
	out->image_size = le_get64(h + 16);
	out->flags = le_get64(h + 24);
	if (out->flags & IMAGE_FLAG_BE)
		return "is a big-endian kernel (header flags bit 0): not supported";
	if (!out->image_size)
		return "has image_size 0 in its header: not supported";
	if (out->image_size < size)
		return "is larger than the image_size its header gives";
	/*
	 * text_offset (2 MiB on RV64) is the offset from the start of RAM,
	 * where firmware would sit: the kernel only needs a 2 MiB-aligned
	 * base, which the layout gives it right above the stub.
	 */
	if (le_get64(h + 8) & (KERNEL_ALIGN - 1))
		return "has a text_offset that is not a multiple of 2 MiB";
	out->text_offset = 0;
	return NULL;
}

/*
 * The boot stub: a0 = 0 (the hart id of the DTB's cpu@0, vCPU 0's), a1 =
 * the DTB, as the riscv boot protocol wants; the hypervisor starts vCPU 0
 * in VS mode with vsatp 0 and interrupts off. A second run (the cell was
 * reset) calls SBI SRST shutdown. Position independent.
 */
static void boot_stub(uint8_t *out, uint64_t dtb, uint64_t kernel)
{
	/* rv64, no compressed instructions */
	static const uint32_t code[] = {
		0x00000297, /* 0x00 auipc t0, 0 */
		0x0482a303, /* 0x04 lw    t1, 0x48(t0) (ran) */
		0x02031063, /* 0x08 bnez  t1, again (0x28) */
		0x00100313, /* 0x0c li    t1, 1 */
		0x0462a423, /* 0x10 sw    t1, 0x48(t0) */
		0x0000100f, /* 0x14 fence.i: fetch the kernel as loaded */
		0x00000513, /* 0x18 li    a0, 0 (hart id) */
		0x0502b583, /* 0x1c ld    a1, 0x50(t0) (dtb) */
		0x0582b383, /* 0x20 ld    t2, 0x58(t0) (kernel) */
		0x00038067, /* 0x24 jr    t2 */
		0x535258b7, /* 0x28 again: lui a7, 0x53525 */
		0x3548889b, /* 0x2c addiw a7, a7, 0x354 (SRST "SRST") */
		0x00000813, /* 0x30 li    a6, 0 (system_reset) */
		0x00000513, /* 0x34 li    a0, 0 (shutdown) */
		0x00000593, /* 0x38 li    a1, 0 (no reason) */
		0x00000073, /* 0x3c ecall */
		0x10500073, /* 0x40 1: wfi */
		0xffdff06f, /* 0x44 j     1b */
		0x00000000, /* 0x48 ran: 0 until the first run */
		0x00000000, /* 0x4c padding */
	};
	size_t i;

	memset(out, 0, BOOT_STUB_SIZE);
	for (i = 0; i < sizeof(code) / sizeof(code[0]); i++)
		le_put32(out + 4 * i, code[i]);
	le_put64(out + BOOT_STUB_DTB, dtb);
	le_put64(out + BOOT_STUB_KERNEL, kernel);
}

/* The platform's PLIC, or QEMU virt's when no system config is given. */
static struct hvisor_riscv64_platform platform(const struct dtb_cell_params *p)
{
	struct hvisor_riscv64_platform r;

	if (p->system)
		return p->system->platform.arch.riscv64;
	memset(&r, 0, sizeof(r));
	r.timebase_frequency = DEFAULT_TIMEBASE_HZ;
	r.irqchip = HVISOR_IRQCHIP_PLIC;
	r.num_sources = DEFAULT_NUM_SOURCES;
	r.plic_base = DEFAULT_PLIC_BASE;
	r.plic_size = DEFAULT_PLIC_SIZE;
	r.contexts_per_hart = DEFAULT_CONTEXTS_PER_HART;
	r.s_context = DEFAULT_S_CONTEXT;
	return r;
}

/* A source of the cell's virtual PLIC: 1 to num_sources - 1. */
static bool is_source(const struct hvisor_riscv64_platform *r, uint32_t irq)
{
	return irq >= 1 && irq < r->num_sources;
}

static int dtb_check(const struct dtb_cell_params *p, char *err,
		     size_t err_size)
{
	const struct hvisor_riscv64_platform r = platform(p);
	const struct hvisor_cell_desc *cell = p->cell;
	const struct hvisor_mem_region *m = hvisor_cell_regions(cell);
	unsigned int n = (unsigned int)__builtin_popcountll(cell->cpus);
	uint32_t i, irq;

	if (r.irqchip == HVISOR_IRQCHIP_APLIC_IMSIC &&
	    (r.imsic_num_ids < IMSIC_MIN_IDS || r.imsic_num_ids > 2047 ||
	     (r.imsic_num_ids & IMSIC_MIN_IDS) != IMSIC_MIN_IDS)) {
		snprintf(
			err, err_size,
			"platform.irqchip.imsic_num_ids: Linux's IMSIC driver takes 64n - 1 identities, 63 to 2047 (%u)",
			r.imsic_num_ids);
		return -1;
	}
	if (r.irqchip == HVISOR_IRQCHIP_APLIC_IMSIC && n > MAX_VCPUS) {
		snprintf(err, err_size,
			 "cpus: %u harts, the IMSIC node takes at most %u", n,
			 MAX_VCPUS);
		return -1;
	}
	if (r.irqchip != HVISOR_IRQCHIP_PLIC &&
	    r.irqchip != HVISOR_IRQCHIP_APLIC_IMSIC) {
		snprintf(err, err_size,
			 "platform.irqchip: unknown interrupt controller %u",
			 r.irqchip);
		return -1;
	}
	if (!r.contexts_per_hart || r.s_context >= r.contexts_per_hart ||
	    n * r.contexts_per_hart > MAX_CONTEXTS) {
		snprintf(
			err, err_size,
			"cpus: %u harts of %u PLIC contexts each (S context %u) do not fit the PLIC node (at most %u contexts)",
			n, r.contexts_per_hart, r.s_context, MAX_CONTEXTS);
		return -1;
	}
	if (!r.timebase_frequency || r.timebase_frequency > UINT32_MAX) {
		snprintf(
			err, err_size,
			"platform.timebase_frequency: not a 32-bit value (%llu)",
			(unsigned long long)r.timebase_frequency);
		return -1;
	}
	if (cell->console_base && cell->console_type != HVISOR_CONSOLE_8250) {
		snprintf(
			err, err_size,
			"console.type: Linux cells on riscv64 need an ns16550 console (type %u)",
			cell->console_type);
		return -1;
	}
	if (cell->console_base && !is_source(&r, cell->console_irq)) {
		snprintf(
			err, err_size,
			"console.irq: must be a PLIC source (1-%u) for Linux (%u)",
			r.num_sources - 1, cell->console_irq);
		return -1;
	}
	for (i = 0; i < cell->num_mem_regions; i++) {
		if (m[i].type != HVISOR_MEM_TYPE_VIRTIO)
			continue;
		irq = HVISOR_MEM_VIRTIO_IRQ(m[i].flags);
		if (!is_source(&r, irq)) {
			snprintf(
				err, err_size,
				"memory_regions[%u]: a virtio region needs an \"irq\" (a PLIC source, 1-%u) for Linux's virtio,mmio node (%u)",
				i, r.num_sources - 1, irq);
			return -1;
		}
	}
	return 0;
}

/* The time CSR's frequency: /cpus/timebase-frequency. */
static int dtb_cpus(void *fdt, const struct dtb_cell_params *p)
{
	const struct hvisor_riscv64_platform r = platform(p);

	return fdt_property_u32(fdt, "timebase-frequency",
				(uint32_t)r.timebase_frequency);
}

static bool aia(const struct dtb_cell_params *p)
{
	return platform(p).irqchip == HVISOR_IRQCHIP_APLIC_IMSIC;
}

/* The hart's ISA, MMU and its local interrupt controller. */
static int dtb_cpu(void *fdt, const struct dtb_cell_params *p,
		   unsigned int vcpu)
{
	bool a = aia(p);

	DTB_TRY(fdt_property_string(fdt, "riscv,isa",
				    a ? isa_string_aia : isa_string));
	DTB_TRY(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
	if (a)
		DTB_TRY(fdt_property(fdt, "riscv,isa-extensions",
				     isa_extensions_aia,
				     sizeof(isa_extensions_aia)));
	else
		DTB_TRY(fdt_property(fdt, "riscv,isa-extensions",
				     isa_extensions, sizeof(isa_extensions)));
	DTB_TRY(fdt_property_string(fdt, "mmu-type", "riscv,sv39"));
	DTB_TRY(fdt_property_string(fdt, "status", "okay"));
	DTB_TRY(fdt_begin_node(fdt, "interrupt-controller"));
	DTB_TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
	DTB_TRY(fdt_property_u32(fdt, "#address-cells", 0));
	DTB_TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	DTB_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	DTB_TRY(fdt_property_u32(fdt, "phandle", DTB_PHANDLE_ARCH + vcpu));
	return fdt_end_node(fdt);
}

/*
 * AIA mode: the cell's IMSIC (vCPU v's guest file at imsic_base + v
 * pages in its guest-physical space: hart index v, no guest index bits;
 * asm/aia.h) and the virtual APLIC in MSI mode at the platform's APLIC
 * window, the devices' interrupt parent. IPIs are MSIs between the vCPUs'
 * files (no exit), device interrupts MSIs the hypervisor writes.
 */
static int dtb_aia(void *fdt, const struct hvisor_riscv64_platform *r,
		   unsigned int n)
{
	static const char imsic_compat[] = "riscv,imsics";
	fdt32_t ext[2 * MAX_VCPUS];
	uint64_t ireg[2] = { r->imsic_base, n * IMSIC_PAGE };
	uint64_t areg[2] = { r->aplic_base, r->aplic_size };
	unsigned int v, bits = 0;

	while ((1u << bits) < n)
		bits++;
	for (v = 0; v < n; v++) {
		ext[2 * v] = cpu_to_fdt32(DTB_PHANDLE_ARCH + v);
		ext[2 * v + 1] = cpu_to_fdt32(IRQ_S_EXT);
	}
	DTB_TRY(dtb_begin_at(fdt, "imsics", r->imsic_base));
	DTB_TRY(fdt_property(fdt, "compatible", imsic_compat,
			     sizeof(imsic_compat)));
	DTB_TRY(dtb_prop_reg(fdt, ireg, 1));
	DTB_TRY(fdt_property(fdt, "interrupts-extended", ext,
			     2 * n * sizeof(ext[0])));
	DTB_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	DTB_TRY(fdt_property_u32(fdt, "#interrupt-cells", 0));
	DTB_TRY(fdt_property(fdt, "msi-controller", NULL, 0));
	DTB_TRY(fdt_property_u32(fdt, "#msi-cells", 0));
	DTB_TRY(fdt_property_u32(fdt, "riscv,num-ids", r->imsic_num_ids));
	DTB_TRY(fdt_property_u32(fdt, "riscv,guest-index-bits", 0));
	DTB_TRY(fdt_property_u32(fdt, "riscv,hart-index-bits", bits));
	DTB_TRY(fdt_property_u32(fdt, "phandle", PHANDLE_IMSIC));
	DTB_TRY(fdt_end_node(fdt));
	DTB_TRY(dtb_begin_at(fdt, "aplic", r->aplic_base));
	DTB_TRY(fdt_property_string(fdt, "compatible", "riscv,aplic"));
	DTB_TRY(dtb_prop_reg(fdt, areg, 1));
	DTB_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	DTB_TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
	DTB_TRY(fdt_property_u32(fdt, "msi-parent", PHANDLE_IMSIC));
	DTB_TRY(fdt_property_u32(fdt, "riscv,num-sources", r->num_sources - 1));
	DTB_TRY(fdt_property_u32(fdt, "phandle", DTB_PHANDLE_INTC));
	return fdt_end_node(fdt);
}

/*
 * The virtual PLIC at the platform's PLIC window: context c is vCPU
 * c / contexts_per_hart's, its S context when c % contexts_per_hart is
 * s_context (what the hypervisor's model serves), another level's
 * otherwise (M external: Linux skips it, the model refuses it).
 */
static int dtb_platform(void *fdt, const struct dtb_cell_params *p)
{
	static const char compat[] = "sifive,plic-1.0.0\0riscv,plic0";
	const struct hvisor_riscv64_platform r = platform(p);
	unsigned int n = (unsigned int)__builtin_popcountll(p->cell->cpus);
	fdt32_t ext[2 * MAX_CONTEXTS];
	uint64_t reg[2] = { r.plic_base, r.plic_size };
	unsigned int c;

	if (r.irqchip == HVISOR_IRQCHIP_APLIC_IMSIC)
		return dtb_aia(fdt, &r, n);
	for (c = 0; c < n * r.contexts_per_hart; c++) {
		ext[2 * c] = cpu_to_fdt32(DTB_PHANDLE_ARCH +
					  c / r.contexts_per_hart);
		ext[2 * c + 1] = cpu_to_fdt32(
			c % r.contexts_per_hart == r.s_context ? IRQ_S_EXT :
								 IRQ_M_EXT);
	}
	DTB_TRY(dtb_begin_at(fdt, "interrupt-controller", r.plic_base));
	DTB_TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	DTB_TRY(dtb_prop_reg(fdt, reg, 1));
	DTB_TRY(fdt_property_u32(fdt, "#address-cells", 0));
	DTB_TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	DTB_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	DTB_TRY(fdt_property_u32(fdt, "riscv,ndev", r.num_sources - 1));
	DTB_TRY(fdt_property(fdt, "interrupts-extended", ext,
			     2 * c * sizeof(ext[0])));
	DTB_TRY(fdt_property_u32(fdt, "phandle", DTB_PHANDLE_INTC));
	return fdt_end_node(fdt);
}

static unsigned int irq_cells(const struct dtb_cell_params *p, uint32_t irq,
			      uint32_t cells[DTB_IRQ_CELLS_MAX]);

/* The emulated 16550: byte registers, QEMU virt's clock. */
static int dtb_console(void *fdt, const struct dtb_cell_params *p, char *path,
		       size_t path_size)
{
	const struct hvisor_cell_desc *cell = p->cell;
	uint64_t reg[2] = { cell->console_base, NS16550_REG_SIZE };
	uint32_t irq[DTB_IRQ_CELLS_MAX];
	unsigned int n = irq_cells(p, cell->console_irq, irq);

	snprintf(path, path_size, "/serial@%llx",
		 (unsigned long long)cell->console_base);
	DTB_TRY(dtb_begin_at(fdt, "serial", cell->console_base));
	DTB_TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
	DTB_TRY(dtb_prop_reg(fdt, reg, 1));
	DTB_TRY(fdt_property_u32(fdt, "clock-frequency", NS16550_CLOCK_HZ));
	DTB_TRY(fdt_property_u32(fdt, "reg-shift", 0));
	DTB_TRY(fdt_property_u32(fdt, "reg-io-width", 1));
	DTB_TRY(dtb_prop_cells(fdt, "interrupts", irq, n));
	DTB_TRY(fdt_property_u32(fdt, "interrupt-parent", DTB_PHANDLE_INTC));
	return fdt_end_node(fdt);
}

/*
 * A PLIC source: one cell (the PLIC has no trigger type); an APLIC source
 * two, the second the trigger: a rising edge, as the hypervisor raises
 * its virtual sources (a level source would take Linux's setipnum at
 * every end of interrupt, for nothing).
 */
static unsigned int irq_cells(const struct dtb_cell_params *p, uint32_t irq,
			      uint32_t cells[DTB_IRQ_CELLS_MAX])
{
	cells[0] = irq;
	if (!aia(p))
		return 1;
	cells[1] = IRQ_TYPE_EDGE_RISING;
	return 2;
}

static int console_bootargs(const struct hvisor_cell_desc *cell, char *buf,
			    size_t size)
{
	return snprintf(buf, size,
			"console=ttyS0 earlycon=uart8250,mmio,0x%llx",
			(unsigned long long)cell->console_base);
}

const struct linux_arch_ops linux_arch_riscv64 = {
	.arch = HVISOR_ARCH_RISCV64,
	.image_parse = image_parse,
	.kernel_align = KERNEL_ALIGN,
	.dtb_max_size = DTB_MAX_SIZE,
	.stub_size = BOOT_STUB_SIZE,
	.stub_align = 8,
	.boot_stub = boot_stub,
	.cpu_compatible = "riscv",
	.cpu_compatible_from_root = false,
	.interrupt_parent_per_device = true,
	.dtb_check = dtb_check,
	.dtb_cpus = dtb_cpus,
	.dtb_cpu = dtb_cpu,
	.dtb_platform = dtb_platform,
	.dtb_console = dtb_console,
	.irq_cells = irq_cells,
	.console_bootargs = console_bootargs,
};
