/* The riscv64 Linux cell: its device tree from configs/riscv64/qemu/linux.json (parsed back with libfdt, dtc round trip), Image header, boot stub, layout. */
#include "config/from_json.h"
#include "daemon_config.h"
#include "config/load.h"
#include "create/create.h"
#include "create_util.h"
#include "linux/boot.h"
#include "linux/dtb.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <hvisor/platform_riscv64.h>
#include <hvisor/virtio.h>
#include <libfdt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ROOT_JSON "configs/riscv64/qemu/root.json"
#define LINUX_JSON "configs/riscv64/qemu/linux.json"
#define LINUX2_JSON "configs/riscv64/qemu/linux2.json"
#define VIRTIO_LINUX_JSON "configs/riscv64/qemu/virtio-linux.json"
#define STUB_SOURCE "tools/linux/arch/riscv64-boot-stub.S"

/* The riscv64 boot stub (tools/linux/arch/riscv64-boot-stub.S). */
#define STUB_SIZE 0x60
#define STUB_RAN 0x48
#define STUB_DTB 0x50
#define STUB_KERNEL 0x58
#define IMAGE_HEADER_SIZE 64

#define IRQ_S_EXT 9
#define IRQ_M_EXT 11

static struct config_blob root;

static int load_root(void **state)
{
	struct diag d;
	int ret;

	(void)state;
	diag_init(&d);
	ret = config_system_load(top_path(ROOT_JSON), &root, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	return ret;
}

static int free_root(void **state)
{
	(void)state;
	config_blob_free(&root);
	return 0;
}

/* A cell config file checked against root.json; must pass. */
static struct hvisor_cell_desc *load_cell(const char *relative)
{
	struct config_blob blob;
	struct diag d;
	int ret;

	diag_init(&d);
	ret = config_cell_load(top_path(relative), &root, ROOT_JSON, &blob, &d);
	diag_print(&d, stderr);
	assert_int_equal(ret, 0);
	diag_free(&d);
	return blob.data;
}

/* linux.json with patches, converted without the binary checks. */
static struct hvisor_cell_desc *patched_cell(const char *const *patches)
{
	struct json_object *json;
	struct config_blob blob;
	struct diag d;
	size_t len;
	char *text = read_text(top_path(LINUX_JSON), &len);

	json = json_tokener_parse(text);
	assert_non_null(json);
	for (; patches && patches[0]; patches += 2)
		json_patch(&json, patches[0], patches[1]);
	diag_init(&d);
	assert_int_equal(config_cell_from_json(json, "linux.json",
					       HVISOR_ARCH_RISCV64, &blob, &d),
			 0);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	json_object_put(json);
	free(text);
	return blob.data;
}

/* A copy of root.json's blob whose platform the test changes. */
static struct hvisor_system *system_copy(void)
{
	struct hvisor_system *s = malloc(root.size);

	assert_non_null(s);
	memcpy(s, root.data, root.size);
	return s;
}

static void default_params(struct dtb_cell_params *p,
			   const struct hvisor_cell_desc *cell)
{
	memset(p, 0, sizeof(*p));
	p->cell = cell;
	p->system = root.data;
	p->cpu_compatible = "riscv";
	p->bootargs = "console=ttyS0 earlycon=uart8250,mmio,0x10000000";
	p->boot_stub = cell->entry;
	p->boot_stub_size = STUB_SIZE;
}

static void *build_dtb(const struct dtb_cell_params *p, size_t *size)
{
	char err[256] = "";
	void *dtb = dtb_cell_build(p, size, err, sizeof(err));

	if (!dtb)
		fail_msg("dtb_cell_build: %s", err);
	assert_int_equal(fdt_check_header(dtb), 0);
	assert_int_equal(fdt_totalsize(dtb), *size);
	return dtb;
}

/* The reason dtb_cell_build() gives for p; fails if it builds. */
static const char *refusal(const struct dtb_cell_params *p)
{
	static char err[256];
	size_t size;
	void *dtb;

	err[0] = '\0';
	dtb = dtb_cell_build(p, &size, err, sizeof(err));
	if (dtb) {
		free(dtb);
		fail_msg("dtb_cell_build accepted a config it must refuse");
	}
	assert_true(err[0] != '\0');
	return err;
}

static int node(const void *dtb, const char *path)
{
	int off = fdt_path_offset(dtb, path);

	if (off < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(off));
	return off;
}

static const void *prop(const void *dtb, const char *path, const char *name,
			int *len)
{
	const void *p = fdt_getprop(dtb, node(dtb, path), name, len);

	if (!p)
		fail_msg("%s has no %s", path, name);
	return p;
}

static void assert_flag(const void *dtb, const char *path, const char *name)
{
	int len;

	prop(dtb, path, name, &len);
	assert_int_equal(len, 0);
}

static void assert_string_prop(const void *dtb, const char *path,
			       const char *name, const char *value)
{
	int len;
	const char *p = prop(dtb, path, name, &len);

	assert_int_equal(len, strlen(value) + 1);
	assert_string_equal(p, value);
}

/* A string-list property equal to want (n bytes, NULs included). */
static void assert_strings(const void *dtb, const char *path, const char *name,
			   const char *want, int n)
{
	int len;
	const char *p = prop(dtb, path, name, &len);

	assert_int_equal(len, n);
	assert_memory_equal(p, want, n);
}

static void assert_cells(const void *dtb, const char *path, const char *name,
			 const uint32_t *want, int n)
{
	const fdt32_t *p;
	int len, i;

	p = prop(dtb, path, name, &len);
	assert_int_equal(len, n * 4);
	for (i = 0; i < n; i++)
		if (fdt32_to_cpu(p[i]) != want[i])
			fail_msg("%s %s cell %d: 0x%x, not 0x%x", path, name, i,
				 fdt32_to_cpu(p[i]), want[i]);
}

static uint32_t get_u32(const void *dtb, const char *path, const char *name)
{
	int len;
	const fdt32_t *p = prop(dtb, path, name, &len);

	assert_int_equal(len, 4);
	return fdt32_to_cpu(*p);
}

static void assert_u32(const void *dtb, const char *path, const char *name,
		       uint32_t value)
{
	assert_int_equal(get_u32(dtb, path, name), value);
}

static void assert_reg64(const void *dtb, const char *path, uint64_t addr,
			 uint64_t size)
{
	uint32_t cells[4] = { (uint32_t)(addr >> 32), (uint32_t)addr,
			      (uint32_t)(size >> 32), (uint32_t)size };

	assert_cells(dtb, path, "reg", cells, 4);
}

static uint64_t get_u64(const void *dtb, const char *path, const char *name)
{
	const void *p;
	fdt64_t v;
	int len;

	p = prop(dtb, path, name, &len);
	assert_int_equal(len, 8);
	memcpy(&v, p, sizeof(v)); /* properties are only 4-byte aligned */
	return fdt64_to_cpu(v);
}

/* The number of properties of a node: nothing more than the test checks. */
static int count_props(const void *dtb, const char *path)
{
	int off, n = 0;

	fdt_for_each_property_offset(off, dtb, node(dtb, path)) n++;
	return n;
}

/* The path of the node with phandle ph. */
static const char *phandle_path(const void *dtb, uint32_t ph)
{
	static char path[128];
	int off = fdt_node_offset_by_phandle(dtb, ph);

	if (off < 0)
		fail_msg("no node with phandle %u", ph);
	assert_int_equal(fdt_get_path(dtb, off, path, sizeof(path)), 0);
	return path;
}

static const char isa[] = "rv64imafdc_zicntr_zicsr_zifencei_zihintpause_sstc";
static const char isa_ext[] =
	"i\0m\0a\0f\0d\0c\0zicntr\0zicsr\0zifencei\0zihintpause\0sstc";

/* cpu@v: everything Linux 6.12's riscv_early_of_processor_hartid() and cpufeature.c read. */
static void check_cpu(const void *dtb, unsigned int v, uint32_t *intc)
{
	char cpu[64], ic[96];

	snprintf(cpu, sizeof(cpu), "/cpus/cpu@%u", v);
	snprintf(ic, sizeof(ic), "%s/interrupt-controller", cpu);
	assert_string_prop(dtb, cpu, "device_type", "cpu");
	assert_string_prop(dtb, cpu, "compatible", "riscv");
	assert_u32(dtb, cpu, "reg", v); /* hart id = vCPU index */
	assert_string_prop(dtb, cpu, "riscv,isa", isa);
	assert_string_prop(dtb, cpu, "riscv,isa-base", "rv64i");
	assert_strings(dtb, cpu, "riscv,isa-extensions", isa_ext,
		       sizeof(isa_ext));
	/* the cell never sees the H extension: the hypervisor holds it */
	assert_true(fdt_stringlist_search(dtb, node(dtb, cpu),
					  "riscv,isa-extensions", "h") < 0);
	assert_null(memchr(isa + 4, 'h', strcspn(isa, "_") - 4));
	assert_string_prop(dtb, cpu, "mmu-type", "riscv,sv39");
	assert_string_prop(dtb, cpu, "status", "okay");
	assert_int_equal(count_props(dtb, cpu), 8);
	assert_string_prop(dtb, ic, "compatible", "riscv,cpu-intc");
	assert_u32(dtb, ic, "#interrupt-cells", 1);
	assert_u32(dtb, ic, "#address-cells", 0);
	assert_flag(dtb, ic, "interrupt-controller");
	*intc = get_u32(dtb, ic, "phandle");
	assert_string_equal(phandle_path(dtb, *intc), ic);
	assert_int_equal(count_props(dtb, ic), 5);
}

/*
 * The PLIC's interrupts-extended, context by context: context c belongs
 * to vCPU c / per_hart, S-level (9) for the hypervisor's model's S context,
 * M-level (11, which Linux skips) otherwise.
 */
static void check_contexts(const void *dtb, const char *plic,
			   const uint32_t *intc, unsigned int n,
			   unsigned int per_hart, unsigned int s_context)
{
	const fdt32_t *p;
	unsigned int c;
	int len;

	p = prop(dtb, plic, "interrupts-extended", &len);
	assert_int_equal(len, (int)(n * per_hart * 8));
	for (c = 0; c < n * per_hart; c++) {
		if (fdt32_to_cpu(p[2 * c]) != intc[c / per_hart])
			fail_msg("context %u: parent %u, not vCPU %u's intc", c,
				 fdt32_to_cpu(p[2 * c]), c / per_hart);
		if (fdt32_to_cpu(p[2 * c + 1]) !=
		    (c % per_hart == s_context ? IRQ_S_EXT : IRQ_M_EXT))
			fail_msg("context %u: interrupt %u", c,
				 fdt32_to_cpu(p[2 * c + 1]));
	}
}

static void test_linux_json(void **state)
{
	static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
	static const char *const virtio[] = { "/virtio_mmio@a000000",
					      "/virtio_mmio@a001000",
					      "/virtio_mmio@a002000" };
	static const uint64_t virtio_base[] = { 0x0a000000, 0x0a001000,
						0x0a002000 };
	const char *plic = "/interrupt-controller@c000000";
	const char *uart = "/serial@10000000";
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	struct dtb_cell_params p;
	uint32_t intc[2], parent;
	uint64_t addr, size_r;
	unsigned int v, i;
	size_t size;
	void *dtb;

	(void)state;
	default_params(&p, cell);
	dtb = build_dtb(&p, &size);

	assert_string_prop(dtb, "/", "compatible", "hvisor,linux-cell");
	assert_string_prop(dtb, "/", "model", "linux");
	assert_u32(dtb, "/", "#address-cells", 2);
	assert_u32(dtb, "/", "#size-cells", 2);
	/*
	 * No interrupt-parent at the root: the harts' cpu-intc nodes would
	 * inherit it and Linux 6.12 would find no root interrupt controller
	 * ("of_irq_init: children remain, but no parents", panic); each
	 * device names the PLIC instead.
	 */
	assert_null(fdt_getprop(dtb, 0, "interrupt-parent", NULL));
	assert_int_equal(count_props(dtb, "/"), 4);
	parent = get_u32(dtb, plic, "phandle");

	/* RAM, and the stub's page kept from Linux */
	assert_string_prop(dtb, "/memory@d0000000", "device_type", "memory");
	assert_reg64(dtb, "/memory@d0000000", 0xd0000000, 0x10000000);
	assert_int_equal(fdt_num_mem_rsv(dtb), 1);
	assert_int_equal(fdt_get_mem_rsv(dtb, 0, &addr, &size_r), 0);
	assert_int_equal(addr, 0xd0000000);
	assert_int_equal(size_r, 0x1000);

	/* harts: the timebase of root.json, two vCPUs */
	assert_u32(dtb, "/cpus", "timebase-frequency", 10000000);
	assert_u32(dtb, "/cpus", "#address-cells", 1);
	assert_u32(dtb, "/cpus", "#size-cells", 0);
	for (v = 0; v < 2; v++)
		check_cpu(dtb, v, &intc[v]);
	assert_true(fdt_path_offset(dtb, "/cpus/cpu@2") < 0);
	assert_int_not_equal(intc[0], intc[1]);

	/* the virtual PLIC: root.json's window, sources, context layout */
	assert_string_equal(phandle_path(dtb, parent), plic);
	assert_strings(dtb, plic, "compatible", plic_compat,
		       sizeof(plic_compat));
	assert_reg64(dtb, plic, 0x0c000000, 0x600000);
	assert_u32(dtb, plic, "#address-cells", 0);
	assert_u32(dtb, plic, "#interrupt-cells", 1);
	assert_flag(dtb, plic, "interrupt-controller");
	assert_u32(dtb, plic, "riscv,ndev", 95); /* sources 1-95 of 96 */
	check_contexts(dtb, plic, intc, 2, 2, 1);
	assert_int_equal(count_props(dtb, plic), 8);

	/* the 16550 */
	assert_string_prop(dtb, uart, "compatible", "ns16550a");
	assert_reg64(dtb, uart, 0x10000000, 0x100);
	assert_u32(dtb, uart, "clock-frequency", 3686400);
	assert_u32(dtb, uart, "reg-shift", 0);
	assert_u32(dtb, uart, "reg-io-width", 1);
	assert_u32(dtb, uart, "interrupts", 10);
	assert_u32(dtb, uart, "interrupt-parent", parent);
	assert_int_equal(count_props(dtb, uart), 7);

	/* virtio-mmio: sources 41-43 of the virtual PLIC */
	for (i = 0; i < 3; i++) {
		assert_string_prop(dtb, virtio[i], "compatible", "virtio,mmio");
		assert_reg64(dtb, virtio[i], virtio_base[i], 0x200);
		assert_u32(dtb, virtio[i], "interrupts", 41 + i);
		assert_u32(dtb, virtio[i], "interrupt-parent", parent);
		assert_flag(dtb, virtio[i], "dma-coherent");
	}
	assert_true(fdt_path_offset(dtb, "/virtio_mmio@a003000") < 0);

	/* chosen: no initrd without one */
	assert_string_prop(dtb, "/chosen", "bootargs", p.bootargs);
	assert_string_prop(dtb, "/chosen", "stdout-path", uart);
	assert_string_prop(dtb, "/aliases", "serial0", uart);
	assert_null(fdt_getprop(dtb, node(dtb, "/chosen"), "linux,initrd-start",
				NULL));
	free(dtb);
	free(cell);
}

static void test_initrd(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX2_JSON);
	struct dtb_cell_params p;
	uint32_t intc;
	size_t size, size2;
	void *dtb;

	(void)state;
	default_params(&p, cell);
	p.has_initrd = 1;
	dtb = build_dtb(&p, &size);
	assert_int_equal(get_u64(dtb, "/chosen", "linux,initrd-start"), 0);
	assert_int_equal(dtb_cell_set_initrd(dtb, 0xefb3a000, 0xefffeb40), 0);
	assert_int_equal(fdt_totalsize(dtb), size);
	assert_int_equal(get_u64(dtb, "/chosen", "linux,initrd-start"),
			 0xefb3a000);
	assert_int_equal(get_u64(dtb, "/chosen", "linux,initrd-end"),
			 0xefffeb40);
	/* one hart: S context 1 after M context 0 */
	check_cpu(dtb, 0, &intc);
	assert_true(fdt_path_offset(dtb, "/cpus/cpu@1") < 0);
	check_contexts(dtb, "/interrupt-controller@c000000", &intc, 1, 2, 1);
	assert_reg64(dtb, "/memory@e0000000", 0xe0000000, 0x10000000);
	free(dtb);
	p.initrd_start = 0xe8000000;
	p.initrd_end = 0xe8001000;
	dtb = build_dtb(&p, &size2);
	assert_int_equal(size2, size);
	assert_int_equal(get_u64(dtb, "/chosen", "linux,initrd-end"),
			 0xe8001000);
	free(dtb);
	free(cell);
}

/* The platform from the system config: timebase, PLIC window, contexts. */
static void test_platform(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	struct hvisor_system *s = system_copy();
	struct hvisor_riscv64_platform *r = &s->platform.arch.riscv64;
	struct dtb_cell_params p;
	uint32_t intc[2];
	size_t size;
	void *dtb;

	(void)state;
	r->timebase_frequency = 25000000;
	r->plic_base = 0x0d000000;
	r->plic_size = 0x4000000;
	r->num_sources = 128;
	r->contexts_per_hart = 3;
	r->s_context = 2;
	default_params(&p, cell);
	p.system = s;
	dtb = build_dtb(&p, &size);
	assert_u32(dtb, "/cpus", "timebase-frequency", 25000000);
	check_cpu(dtb, 0, &intc[0]);
	check_cpu(dtb, 1, &intc[1]);
	assert_reg64(dtb, "/interrupt-controller@d000000", 0x0d000000,
		     0x4000000);
	assert_u32(dtb, "/interrupt-controller@d000000", "riscv,ndev", 127);
	check_contexts(dtb, "/interrupt-controller@d000000", intc, 2, 3, 2);
	free(dtb);

	/* no system config: QEMU virt's */
	p.system = NULL;
	dtb = build_dtb(&p, &size);
	assert_u32(dtb, "/cpus", "timebase-frequency", 10000000);
	assert_reg64(dtb, "/interrupt-controller@c000000", 0x0c000000,
		     0x600000);
	assert_u32(dtb, "/interrupt-controller@c000000", "riscv,ndev", 95);
	check_contexts(dtb, "/interrupt-controller@c000000", intc, 2, 2, 1);
	free(dtb);
	free(s);
	free(cell);
}

/*
 * AIA mode: the cell's IMSIC (a page per vCPU from imsic_base, hart
 * index = vCPU) and a virtual APLIC in MSI mode as the devices' parent;
 * Ssaia in the ISA; two-cell (edge) interrupt specifiers.
 */
static void test_aia(void **state)
{
	static const char isa_ext[] = "i\0m\0a\0f\0d\0c\0zicntr\0zicsr\0"
				      "zifencei\0zihintpause\0sstc\0ssaia";
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	struct hvisor_system *s = system_copy();
	struct hvisor_riscv64_platform *r = &s->platform.arch.riscv64;
	const char *imsic = "/imsics@28000000", *aplic = "/aplic@d000000";
	struct dtb_cell_params p;
	uint32_t want[4], intc[2];
	size_t size;
	void *dtb;

	(void)state;
	r->irqchip = HVISOR_IRQCHIP_APLIC_IMSIC;
	r->aplic_base = 0x0d000000;
	r->aplic_size = 0x8000;
	r->imsic_base = 0x28000000;
	r->imsic_guest_index_bits = 1;
	r->imsic_guest_files = 1;
	r->imsic_num_ids = 255;
	r->guest_file = 1;
	default_params(&p, cell);
	p.system = s;
	dtb = build_dtb(&p, &size);
	assert_strings(dtb, "/cpus/cpu@0", "riscv,isa-extensions", isa_ext,
		       sizeof(isa_ext));
	assert_string_prop(
		dtb, "/cpus/cpu@1", "riscv,isa",
		"rv64imafdc_zicntr_zicsr_zifencei_zihintpause_sstc_ssaia");
	intc[0] = fdt_get_phandle(
		dtb, node(dtb, "/cpus/cpu@0/interrupt-controller"));
	intc[1] = fdt_get_phandle(
		dtb, node(dtb, "/cpus/cpu@1/interrupt-controller"));
	assert_true(intc[0] && intc[1] && intc[0] != intc[1]);
	/* no PLIC node */
	assert_true(fdt_path_offset(dtb, "/interrupt-controller@c000000") < 0);
	assert_strings(dtb, imsic, "compatible", "riscv,imsics", 13);
	assert_reg64(dtb, imsic, 0x28000000, 0x2000);
	want[0] = intc[0];
	want[1] = IRQ_S_EXT;
	want[2] = intc[1];
	want[3] = IRQ_S_EXT;
	assert_cells(dtb, imsic, "interrupts-extended", want, 4);
	assert_flag(dtb, imsic, "msi-controller");
	assert_flag(dtb, imsic, "interrupt-controller");
	assert_u32(dtb, imsic, "#msi-cells", 0);
	assert_u32(dtb, imsic, "riscv,num-ids", 255);
	assert_u32(dtb, imsic, "riscv,guest-index-bits", 0);
	assert_u32(dtb, imsic, "riscv,hart-index-bits", 1);
	assert_string_prop(dtb, aplic, "compatible", "riscv,aplic");
	assert_reg64(dtb, aplic, 0x0d000000, 0x8000);
	assert_u32(dtb, aplic, "#interrupt-cells", 2);
	assert_u32(dtb, aplic, "riscv,num-sources", 95);
	assert_u32(dtb, aplic, "msi-parent",
		   fdt_get_phandle(dtb, node(dtb, imsic)));
	/* the devices: edge-triggered APLIC sources under the APLIC */
	want[0] = cell->console_irq;
	want[1] = 1;
	assert_cells(dtb, "/serial@10000000", "interrupts", want, 2);
	assert_u32(dtb, "/serial@10000000", "interrupt-parent",
		   fdt_get_phandle(dtb, node(dtb, aplic)));
	want[0] = HVISOR_MEM_VIRTIO_IRQ(hvisor_cell_regions(cell)[1].flags);
	assert_cells(dtb, "/virtio_mmio@a000000", "interrupts", want, 2);
	assert_u32(dtb, "/virtio_mmio@a000000", "interrupt-parent",
		   fdt_get_phandle(dtb, node(dtb, aplic)));
	free(dtb);
	free(s);
	free(cell);
}

/* What the DTB cannot be built for. */
static void test_refusals(void **state)
{
	static const char *const virtio_96[] = {
		"/memory_regions/1/irq",
		"96",
		NULL,
	};
	static const char *const virtio_none[] = {
		"/memory_regions/1/irq",
		JSON_DELETE,
		NULL,
	};
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON), *bad;
	struct hvisor_system *s = system_copy();
	struct hvisor_riscv64_platform *r = &s->platform.arch.riscv64;
	struct dtb_cell_params p;
	size_t size;
	void *dtb;

	(void)state;
	default_params(&p, cell);
	p.system = s;
	r->irqchip = HVISOR_IRQCHIP_APLIC_IMSIC;
	r->imsic_num_ids = 100; /* Linux's IMSIC driver takes 64n - 1 */
	assert_non_null(strstr(refusal(&p), "imsic_num_ids"));
	r->imsic_num_ids = 4095;
	assert_non_null(strstr(refusal(&p), "imsic_num_ids"));
	r->irqchip = 7;
	assert_non_null(strstr(refusal(&p), "unknown interrupt controller"));
	r->irqchip = HVISOR_IRQCHIP_PLIC;
	r->s_context = 2;
	assert_non_null(strstr(refusal(&p), "PLIC contexts"));
	r->s_context = 1;
	r->contexts_per_hart = 40; /* 80 contexts for 2 harts */
	assert_non_null(strstr(refusal(&p), "PLIC contexts"));
	r->contexts_per_hart = 2;
	r->timebase_frequency = 0;
	assert_non_null(strstr(refusal(&p), "timebase_frequency"));
	r->timebase_frequency = 10000000;
	dtb = build_dtb(&p, &size); /* the copy as it was builds */
	free(dtb);

	cell->console_type = HVISOR_CONSOLE_PL011;
	assert_non_null(strstr(refusal(&p), "need an ns16550 console"));
	cell->console_type = HVISOR_CONSOLE_8250;
	cell->console_irq = 0;
	assert_non_null(strstr(refusal(&p), "console.irq"));
	cell->console_irq = 96;
	assert_non_null(strstr(refusal(&p), "console.irq"));
	cell->console_irq = 10;

	bad = patched_cell(virtio_96);
	p.cell = bad;
	assert_non_null(strstr(refusal(&p), "memory_regions[1]"));
	free(bad);
	bad = patched_cell(virtio_none);
	p.cell = bad;
	assert_non_null(strstr(refusal(&p), "a virtio region needs an"));
	free(bad);

	/* an arm64 system config under a riscv64 cell */
	s->arch = HVISOR_ARCH_ARM64;
	p.cell = cell;
	assert_non_null(strstr(refusal(&p), "another arch"));
	free(s);
	free(cell);
}

/* The default command line: the kernel's console on the 16550. */
static void test_bootargs(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	char buf[128];

	(void)state;
	assert_int_equal(dtb_cell_bootargs(cell, "quiet", buf, sizeof(buf)), 0);
	assert_string_equal(
		buf, "console=ttyS0 earlycon=uart8250,mmio,0x10000000 quiet");
	assert_int_equal(dtb_cell_bootargs(cell, "quiet", buf, 20), -1);
	free(cell);
}

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* A riscv64 Image header as Linux 6.12's head.S writes it (EFI stub "MZ"). */
static void make_header(uint8_t *h, uint64_t text_offset, uint64_t image_size,
			uint64_t flags)
{
	memset(h, 0, IMAGE_HEADER_SIZE);
	h[0] = 'M';
	h[1] = 'Z';
	put64(h + 8, text_offset);
	put64(h + 16, image_size);
	put64(h + 24, flags);
	h[32] = 2; /* version 0.2 */
	memcpy(h + 48, "RISCV\0\0\0", 8);
	memcpy(h + 56, "RSC\x05", 4);
}

static const char *parse(const uint8_t *h, size_t size, struct linux_image *img)
{
	return linux_image_parse(HVISOR_ARCH_RISCV64, h, size, img);
}

static void assert_refused(const uint8_t *h, size_t size, const char *why)
{
	struct linux_image img;
	const char *r = parse(h, size, &img);

	if (!r || !strstr(r, why))
		fail_msg("header refused with \"%s\", not \"%s\"",
			 r ? r : "(accepted)", why);
}

static void test_image_parse(void **state)
{
	uint8_t h[IMAGE_HEADER_SIZE];
	struct linux_image img;

	(void)state;
	make_header(h, 0x200000, 0x1e6c000, 0);
	assert_null(parse(h, sizeof(h), &img));
	/* the kernel goes on a 2 MiB boundary: no further offset */
	assert_int_equal(img.text_offset, 0);
	assert_int_equal(img.image_size, 0x1e6c000);
	assert_int_equal(img.flags, 0);
	/* the deprecated magic alone (header 0.1), magic2 alone */
	memset(h + 56, 0, 4);
	assert_null(parse(h, sizeof(h), &img));
	make_header(h, 0x200000, 0x1e6c000, 0);
	memset(h + 48, 0, 8);
	assert_null(parse(h, sizeof(h), &img));
	memset(h + 56, 0, 4);
	assert_refused(h, sizeof(h), "not a riscv64 Linux Image");

	make_header(h, 0x200000, 0x1e6c000, 0);
	assert_refused(h, 63, "too small");
	make_header(h, 0x200000, 0x1e6c000, 1);
	assert_refused(h, sizeof(h), "big-endian");
	make_header(h, 0x200000, 0, 0);
	assert_refused(h, sizeof(h), "image_size 0");
	make_header(h, 0x200000, 32, 0);
	assert_refused(h, sizeof(h), "larger than the image_size");
	make_header(h, 0x80000, 0x1000000, 0);
	assert_refused(h, sizeof(h), "text_offset");

	/* gzip, ELF, and another arch's Image, named */
	make_header(h, 0x200000, 0x1e6c000, 0);
	h[0] = 0x1f;
	h[1] = 0x8b;
	assert_refused(h, sizeof(h), "gzip-compressed");
	memcpy(h, "\177ELF", 4);
	assert_refused(h, sizeof(h), "is an ELF file");
	memset(h, 0, sizeof(h));
	put64(h + 16, 0x2010000);
	memcpy(h + 56, "ARM\x64", 4);
	assert_refused(
		h, sizeof(h),
		"is a Linux Image for arm64, not for the cell's arch riscv64");
	make_header(h, 0x200000, 0x1e6c000, 0);
	{
		const char *r = linux_image_parse(HVISOR_ARCH_ARM64, h,
						  sizeof(h), &img);

		assert_non_null(r);
		assert_non_null(strstr(
			r,
			"is a Linux Image for riscv64, not for the cell's arch arm64"));
	}
}

/* The kernel scripts/deps.sh fetched, if it is there: its header passes. */
static void test_debian_kernel(void **state)
{
	const char *cache = getenv("CACHE"), *home = getenv("HOME");
	char dir[384], path[640], abi[128] = "";
	uint8_t h[IMAGE_HEADER_SIZE];
	struct linux_image img;
	FILE *f;

	(void)state;
	if (cache && *cache)
		snprintf(dir, sizeof(dir), "%s/riscv64/current", cache);
	else
		snprintf(dir, sizeof(dir), "%s/.cache/hvisor/riscv64/current",
			 home ? home : "/root");
	snprintf(path, sizeof(path), "%s/abi", dir);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(abi, sizeof(abi), f))
			abi[0] = '\0';
		fclose(f);
		abi[strcspn(abi, "\n")] = '\0';
	}
	snprintf(path, sizeof(path), "%s/root/boot/vmlinux-%s", dir, abi);
	f = abi[0] ? fopen(path, "rb") : NULL;
	if (!f) {
		print_message("no %s: skipped (make deps ARCH=riscv64)\n",
			      path);
		skip();
	}
	assert_int_equal(fread(h, 1, sizeof(h), f), sizeof(h));
	fclose(f);
	/* only the header: image_size is checked against the 64 bytes */
	assert_null(parse(h, sizeof(h), &img));
	assert_true(img.image_size > 0x1000000);
}

/*
 * The stub source through the cross assembler (out: 4096 bytes); 0 when
 * there is none (make deps ARCH=riscv64 installs it; an arm64-only host
 * checks the words by their decoding alone).
 */
static size_t assemble_stub(uint8_t *out)
{
	const char *cross = getenv("CROSS_COMPILE_RISCV64");
	char dir[] = "/tmp/hvisor-rvstub-XXXXXX", cmd[1024], bin[64];
	size_t n;
	FILE *f;

	if (!cross || !*cross)
		cross = "riscv64-linux-gnu-";
	snprintf(cmd, sizeof(cmd), "command -v %sas >/dev/null 2>&1", cross);
	if (system(cmd)) {
		print_message("no %sas: the stub is checked by decoding only\n",
			      cross);
		return 0;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(
		cmd, sizeof(cmd),
		"%sas -o %s/stub.o %s && %sobjcopy -O binary %s/stub.o %s/stub.bin",
		cross, dir, top_path(STUB_SOURCE), cross, dir, dir);
	if (system(cmd))
		fail_msg(
			"cannot assemble the boot stub with %sas (make deps installs it)",
			cross);
	snprintf(bin, sizeof(bin), "%s/stub.bin", dir);
	f = fopen(bin, "rb");
	assert_non_null(f);
	n = fread(out, 1, 4096, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return n;
}

/* The I-type immediate and rs1/rd of an RV64 load at off. */
static void assert_load(const uint8_t *stub, unsigned int off, unsigned int rd,
			unsigned int imm)
{
	uint32_t w = get32(stub + off);

	assert_int_equal(w & 0x7f, 0x03); /* LOAD */
	assert_int_equal((w >> 15) & 0x1f, 5); /* rs1 = t0, the stub's base */
	assert_int_equal((w >> 7) & 0x1f, rd);
	assert_int_equal(w >> 20, imm);
}

static void test_stub(void **state)
{
	uint8_t stub[LINUX_BOOT_STUB_MAX], want[4096];
	size_t n;

	(void)state;
	n = assemble_stub(want);
	assert_int_equal(linux_boot_stub(HVISOR_ARCH_RISCV64, stub, 0, 0),
			 STUB_SIZE);
	if (n) {
		assert_int_equal(n, STUB_SIZE);
		assert_memory_equal(stub, want, STUB_SIZE);
	}
	linux_boot_stub(HVISOR_ARCH_RISCV64, stub, 0xdffff000, 0xd0200000);
	if (n)
		assert_memory_equal(stub, want, STUB_DTB);
	assert_int_equal(get64(stub + STUB_DTB), 0xdffff000);
	assert_int_equal(get64(stub + STUB_KERNEL), 0xd0200000);
	assert_int_equal(get32(stub + STUB_RAN), 0);
	/* auipc t0, 0 first: the literals are found from the stub's own address */
	assert_int_equal(get32(stub), 0x00000297);
	assert_load(stub, 0x04, 6, STUB_RAN); /* lw t1, ran */
	assert_load(stub, 0x1c, 11, STUB_DTB); /* ld a1, dtb */
	assert_load(stub, 0x20, 7, STUB_KERNEL); /* ld t2, kernel */
	assert_int_equal(get32(stub + 0x18), 0x00000513); /* li a0, 0 */
}

/* Where the Debian kernel, the DTB and an initrd go in linux.json's RAM. */
static void test_layout(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	struct linux_image img = { 0, 0x1e6c000, 0 };
	struct linux_layout l;

	(void)state;
	assert_null(linux_boot_layout(cell, &img, 2331, 5000000, &l));
	assert_int_equal(l.region, 0);
	assert_int_equal(l.stub, 0xd0000000);
	assert_int_equal(l.kernel, 0xd0200000); /* 2 MiB aligned */
	assert_int_equal(l.kernel_end, 0xd206c000);
	assert_int_equal(l.dtb, 0xdffff000);
	assert_int_equal(l.initrd, 0xdfb3a000);
	assert_int_equal(l.initrd_size, 5000000);
	/* an entry that is not 8-byte aligned: the stub's literals would not be */
	cell->entry = 0xd0000004;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 2331, 0, &l),
			       "8-byte aligned"));
	/* the kernel goes to the next 2 MiB boundary above the stub */
	cell->entry = 0xd0100000;
	assert_null(linux_boot_layout(cell, &img, 2331, 0, &l));
	assert_int_equal(l.kernel, 0xd0200000);
	cell->entry = 0xd0000000;
	img.image_size = 0x10000000;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 2331, 0, &l),
			       "does not fit"));
	/* a header's image_size or an initrd that would wrap around */
	img.image_size = UINT64_MAX - 0x1000;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 2331, 0, &l),
			       "does not fit"));
	img.image_size = 0x1e6c000;
	assert_non_null(linux_boot_layout(cell, &img, 2331, UINT64_MAX, &l));
	assert_non_null(
		strstr(linux_boot_layout(cell, &img, 0x200001, 0, &l), "DTB"));
	/* the entry outside the cell's RAM */
	cell->entry = 0x0a000000;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 2331, 0, &l),
			       "not inside a ram region"));
	free(cell);
}

static int run(const char *cmd)
{
	int ret = system(cmd);

	return ret == -1 ? -1 : WEXITSTATUS(ret);
}

/*
 * dtc reads the DTB without a warning (its checks of interrupt providers,
 * phandles, unit addresses), and dts -> dtb -> dts is stable (the second
 * compile warns of phandles given as numbers: an artefact of decompiling).
 */
static void test_dtc_round_trip(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	char dir[] = "/tmp/hvisor-rvdtb-XXXXXX", cmd[1024], path[64];
	struct dtb_cell_params p;
	size_t size, len1, len2;
	char *dts1, *dts2, *warn;
	void *dtb;
	FILE *f;

	(void)state;
	if (run("command -v dtc >/dev/null 2>&1")) {
		free(cell);
		print_message("no dtc: skipped (the libfdt checks ran)\n");
		skip();
	}
	default_params(&p, cell);
	p.has_initrd = 1;
	dtb = build_dtb(&p, &size);
	assert_int_equal(dtb_cell_set_initrd(dtb, 0xdfb3a000, 0xdfffeb40), 0);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/cell.dtb", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(dtb, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && dtc -I dtb -O dts -o a.dts cell.dtb 2>warn.txt && "
		 "dtc -I dts -O dtb -o b.dtb a.dts 2>/dev/null && "
		 "dtc -I dtb -O dts -o b.dts b.dtb 2>/dev/null",
		 dir);
	assert_int_equal(run(cmd), 0);
	snprintf(path, sizeof(path), "%s/warn.txt", dir);
	warn = read_text(path, &len1);
	if (len1)
		fail_msg("dtc warns:\n%s", warn);
	snprintf(path, sizeof(path), "%s/a.dts", dir);
	dts1 = read_text(path, &len1);
	snprintf(path, sizeof(path), "%s/b.dts", dir);
	dts2 = read_text(path, &len2);
	assert_string_equal(dts1, dts2);
	assert_non_null(strstr(dts1, "interrupts-extended = <0x02 0x0b 0x02 "
				     "0x09 0x03 0x0b 0x03 0x09>;"));
	assert_non_null(
		strstr(dts1, "linux,initrd-start = <0x00 0xdfb3a000>;"));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(run(cmd), 0);
	free(warn);
	free(dts1);
	free(dts2);
	free(dtb);
	free(cell);
}

/*
 * virtio-linux.json (its cell config path pointed at the tree's
 * linux.json): the daemon finds the three devices at linux.json's virtio
 * regions with their PLIC sources, and the cell's shared RAM.
 */
static void test_daemon_config(void **state)
{
	static const char installed[] = "/etc/hvisor/riscv64/qemu/linux.json";
	static const enum dcfg_type types[] = { DCFG_BLK, DCFG_NET,
						DCFG_CONSOLE };
	char *text, *at, *patched, linux_path[512];
	struct dcfg *cfg = calloc(1, sizeof(*cfg));
	struct diag d;
	size_t len;
	unsigned int i;

	(void)state;
	assert_non_null(cfg);
	snprintf(linux_path, sizeof(linux_path), "%s", top_path(LINUX_JSON));
	text = read_text(top_path(VIRTIO_LINUX_JSON), &len);
	at = strstr(text, installed);
	assert_non_null(at);
	patched = malloc(len + strlen(linux_path) + 1);
	assert_non_null(patched);
	sprintf(patched, "%.*s%s%s", (int)(at - text), text, linux_path,
		at + strlen(installed));
	diag_init(&d);
	assert_int_equal(dcfg_parse(patched, strlen(patched), VIRTIO_LINUX_JSON,
				    cfg, &d),
			 0);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	assert_int_equal(cfg->num_cells, 1);
	assert_string_equal(cfg->cell[0].name, "linux");
	assert_int_equal(cfg->cell[0].num_ram, 1);
	assert_int_equal(cfg->cell[0].ram[0].phys, 0xd0000000);
	assert_int_equal(cfg->cell[0].ram[0].gpa, 0xd0000000);
	assert_int_equal(cfg->cell[0].ram[0].size, 0x10000000);
	assert_int_equal(cfg->cell[0].num_devices, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(cfg->cell[0].dev[i].type, types[i]);
		assert_int_equal(cfg->cell[0].dev[i].address,
				 0x0a000000 + 0x1000 * i);
		assert_int_equal(cfg->cell[0].dev[i].irq, 41 + i);
	}
	free(patched);
	free(text);
	free(cfg);
}

/*
 * The flow of docs/config-create.md on riscv64: a root config and a Linux
 * cell generated from the runner's boot (tests/unit/data/create/
 * riscv64-qemu), then its DTB: QEMU virt's layout (virtio-mmio from
 * 0x10001000, sources 1 up), the generated root's PLIC (97 sources).
 */
static void test_generated_cell(void **state)
{
	static const char *const virtio[] = { "/virtio_mmio@10001000",
					      "/virtio_mmio@10002000" };
	const struct create_arch_ops *ops =
		create_arch_find(HVISOR_ARCH_RISCV64);
	struct create_cell_request req = {
		.name = "linux",
		.cpus = 3u << 1,
		.mem = 256u << 20,
		.console = true,
		.num_virtio = 2,
		.virtio = { "blk", "net" },
	};
	struct config_blob blob = { NULL, 0 };
	struct root_fixture *f;
	struct json_object *o;
	struct dtb_cell_params p;
	uint32_t intc[2];
	unsigned int i;
	size_t size;
	void *dtb;

	(void)state;
	assert_non_null(ops);
	f = root_fixture_new("tests/unit/data/create/riscv64-qemu", ops);
	o = generate_cell(f, ops, &req, &blob);
	default_params(&p, blob.data);
	p.system = f->system.data;
	dtb = build_dtb(&p, &size);
	assert_reg64(dtb, "/memory@c0000000", 0xc0000000, 256u << 20);
	check_cpu(dtb, 0, &intc[0]);
	check_cpu(dtb, 1, &intc[1]);
	assert_u32(dtb, "/interrupt-controller@c000000", "riscv,ndev", 96);
	check_contexts(dtb, "/interrupt-controller@c000000", intc, 2, 2, 1);
	assert_u32(dtb, "/serial@10000000", "interrupts", 10);
	for (i = 0; i < 2; i++)
		assert_u32(dtb, virtio[i], "interrupts", 1 + i);
	free(dtb);
	config_blob_free(&blob);
	json_object_put(o);
	root_fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_json),
		cmocka_unit_test(test_initrd),
		cmocka_unit_test(test_platform),
		cmocka_unit_test(test_aia),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bootargs),
		cmocka_unit_test(test_image_parse),
		cmocka_unit_test(test_debian_kernel),
		cmocka_unit_test(test_stub),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_dtc_round_trip),
		cmocka_unit_test(test_daemon_config),
		cmocka_unit_test(test_generated_cell),
	};

	return cmocka_run_group_tests(tests, load_root, free_root);
}
