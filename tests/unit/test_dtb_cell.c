/* The Linux cell's device tree (from linux.json and variants), Image header parsing, boot stub and image layout, on arm64. */
#include "config/from_json.h"
#include "config/load.h"
#include "linux/boot.h"
#include "linux/dtb.h"
#include "test_util.h"

#include <hvisor/config.h>
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

#define ROOT_JSON "configs/arm64/qemu/root.json"
/* linux.json without its virtio regions */
#define LINUX_JSON "tests/unit/configs/linux-novirtio.json"
#define LINUX2_JSON "configs/arm64/qemu/linux2.json"
#define LINUX_PCI_JSON "configs/arm64/qemu/linux-pci.json"
#define PCI_NODE "/pci@4010000000"

/* The arm64 Image header and boot stub (guests/linux/arch/arm64/boot-stub.S). */
#define ARM64_IMAGE_HEADER_SIZE 64
#define ARM64_STUB_SIZE 80
#define ARM64_STUB_DTB 0x40 /* offset of the DTB address literal */
#define ARM64_STUB_KERNEL 0x48 /* offset of the kernel address literal */

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
					       HVISOR_ARCH_ARM64, &blob, &d),
			 0);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	json_object_put(json);
	free(text);
	return blob.data;
}

static void default_params(struct dtb_cell_params *p,
			   const struct hvisor_cell_desc *cell)
{
	memset(p, 0, sizeof(*p));
	p->cell = cell;
	p->system = root.data;
	p->cpu_compatible = "arm,cortex-a72";
	p->bootargs = "console=ttyAMA0";
}

static void *build(const struct dtb_cell_params *p, size_t *size)
{
	char err[256] = "";
	void *dtb = dtb_cell_build(p, size, err, sizeof(err));

	if (!dtb)
		fail_msg("dtb_cell_build: %s", err);
	assert_int_equal(fdt_check_header(dtb), 0);
	assert_int_equal(fdt_totalsize(dtb), *size);
	return dtb;
}

static int node(const void *dtb, const char *path)
{
	int off = fdt_path_offset(dtb, path);

	if (off < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(off));
	return off;
}

static void assert_string_prop(const void *dtb, const char *path,
			       const char *name, const char *value)
{
	int len;
	const char *p = fdt_getprop(dtb, node(dtb, path), name, &len);

	if (!p)
		fail_msg("%s has no %s", path, name);
	assert_int_equal(len, strlen(value) + 1);
	assert_string_equal(p, value);
}

/* A property of big-endian 32-bit cells equal to want[0..n-1]. */
static void assert_cells(const void *dtb, const char *path, const char *name,
			 const uint32_t *want, int n)
{
	const fdt32_t *p;
	int len, i;

	p = fdt_getprop(dtb, node(dtb, path), name, &len);
	if (!p)
		fail_msg("%s has no %s", path, name);
	assert_int_equal(len, n * 4);
	for (i = 0; i < n; i++)
		if (fdt32_to_cpu(p[i]) != want[i])
			fail_msg("%s %s cell %d: 0x%x, not 0x%x", path, name, i,
				 fdt32_to_cpu(p[i]), want[i]);
}

static void assert_u32(const void *dtb, const char *path, const char *name,
		       uint32_t value)
{
	assert_cells(dtb, path, name, &value, 1);
}

static void assert_reg64(const void *dtb, const char *path,
			 const uint64_t *pairs, int n)
{
	uint32_t cells[16];
	int i;

	for (i = 0; i < 2 * n; i++) {
		cells[2 * i] = (uint32_t)(pairs[i] >> 32);
		cells[2 * i + 1] = (uint32_t)pairs[i];
	}
	assert_cells(dtb, path, "reg", cells, 4 * n);
}

static uint64_t get_u64(const void *dtb, const char *path, const char *name)
{
	const void *p;
	fdt64_t v;
	int len;

	p = fdt_getprop(dtb, node(dtb, path), name, &len);
	if (!p)
		fail_msg("%s has no %s", path, name);
	assert_int_equal(len, 8);
	memcpy(&v, p, sizeof(v)); /* properties are only 4-byte aligned */
	return fdt64_to_cpu(v);
}

static void assert_no_node(const void *dtb, const char *path)
{
	assert_true(fdt_path_offset(dtb, path) < 0);
}

static void test_linux_json(void **state)
{
	static const uint64_t mem[] = { 0x90000000, 0x10000000 };
	static const uint64_t gic[] = { 0x08000000, 0x10000, 0x080a0000,
					0x40000 };
	static const uint64_t uart[] = { 0x09000000, 0x1000 };
	static const uint32_t timer[] = {
		1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4
	};
	static const uint32_t uart_irq[] = { 0, 1, 4 };
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	char bootargs[256], path[32];
	uint64_t rsv_addr, rsv_size;
	struct dtb_cell_params p;
	const fdt32_t *clocks;
	uint32_t gic_phandle;
	int off, len, v;
	size_t size;
	void *dtb;

	(void)state;
	default_params(&p, cell);
	assert_int_equal(dtb_cell_bootargs(cell, "quiet", bootargs,
					   sizeof(bootargs)),
			 0);
	p.bootargs = bootargs;
	p.has_initrd = 1;
	p.boot_stub = cell->entry;
	p.boot_stub_size = ARM64_STUB_SIZE;
	dtb = build(&p, &size);
	/* the boot stub's page is kept from Linux */
	assert_int_equal(fdt_num_mem_rsv(dtb), 1);
	assert_int_equal(fdt_get_mem_rsv(dtb, 0, &rsv_addr, &rsv_size), 0);
	assert_int_equal(rsv_addr, 0x90000000);
	assert_int_equal(rsv_size, 0x1000);

	assert_string_prop(dtb, "/", "compatible", "hvisor,linux-cell");
	assert_string_prop(dtb, "/", "model", "linux");
	assert_u32(dtb, "/", "#address-cells", 2);
	assert_u32(dtb, "/", "#size-cells", 2);

	assert_string_prop(dtb, "/memory@90000000", "device_type", "memory");
	assert_reg64(dtb, "/memory@90000000", mem, 1);

	/* two vCPUs, reg = vCPU index = MPIDR Aff0, started through PSCI */
	assert_u32(dtb, "/cpus", "#address-cells", 1);
	assert_u32(dtb, "/cpus", "#size-cells", 0);
	for (v = 0; v < 2; v++) {
		snprintf(path, sizeof(path), "/cpus/cpu@%d", v);
		assert_string_prop(dtb, path, "device_type", "cpu");
		assert_string_prop(dtb, path, "compatible", "arm,cortex-a72");
		assert_string_prop(dtb, path, "enable-method", "psci");
		assert_u32(dtb, path, "reg", (uint32_t)v);
	}
	assert_no_node(dtb, "/cpus/cpu@2");

	off = node(dtb, "/psci");
	assert_int_equal(fdt_node_check_compatible(dtb, off, "arm,psci-1.0"),
			 0);
	assert_int_equal(fdt_node_check_compatible(dtb, off, "arm,psci-0.2"),
			 0);
	assert_string_prop(dtb, "/psci", "method", "smc");

	/* GICv3: distributor and one redistributor per vCPU, no ITS */
	off = node(dtb, "/intc@8000000");
	assert_int_equal(fdt_node_check_compatible(dtb, off, "arm,gic-v3"), 0);
	assert_non_null(fdt_getprop(dtb, off, "interrupt-controller", &len));
	assert_int_equal(len, 0);
	assert_u32(dtb, "/intc@8000000", "#interrupt-cells", 3);
	assert_reg64(dtb, "/intc@8000000", gic, 2);
	assert_true(fdt_node_offset_by_compatible(dtb, -1, "arm,gic-v3-its") <
		    0);
	assert_int_equal(fdt_first_subnode(dtb, off), -FDT_ERR_NOTFOUND);
	gic_phandle = fdt_get_phandle(dtb, off);
	assert_int_not_equal(gic_phandle, 0);
	assert_u32(dtb, "/", "interrupt-parent", gic_phandle);

	off = node(dtb, "/timer");
	assert_int_equal(fdt_node_check_compatible(dtb, off, "arm,armv8-timer"),
			 0);
	assert_cells(dtb, "/timer", "interrupts", timer, 12);

	/* the PL011: SPI 33 - 32, level high; both clocks a 24 MHz fixed clock */
	off = node(dtb, "/pl011@9000000");
	assert_int_equal(fdt_node_check_compatible(dtb, off, "arm,pl011"), 0);
	assert_int_equal(fdt_node_check_compatible(dtb, off, "arm,primecell"),
			 0);
	assert_reg64(dtb, "/pl011@9000000", uart, 1);
	assert_cells(dtb, "/pl011@9000000", "interrupts", uart_irq, 3);
	assert_int_equal(fdt_stringlist_count(dtb, off, "clock-names"), 2);
	assert_int_equal(
		fdt_stringlist_search(dtb, off, "clock-names", "apb_pclk"), 1);
	clocks = fdt_getprop(dtb, off, "clocks", &len);
	assert_non_null(clocks);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(clocks[0]), fdt32_to_cpu(clocks[1]));
	off = fdt_node_offset_by_phandle(dtb, fdt32_to_cpu(clocks[0]));
	assert_true(off >= 0);
	assert_int_equal(fdt_node_check_compatible(dtb, off, "fixed-clock"), 0);
	assert_u32(dtb, "/apb-pclk", "clock-frequency", 24000000);
	assert_u32(dtb, "/apb-pclk", "#clock-cells", 0);

	/* no virtio region in linux.json: no virtio node */
	assert_true(fdt_node_offset_by_compatible(dtb, -1, "virtio,mmio") < 0);

	assert_string_prop(dtb, "/chosen", "bootargs",
			   "console=ttyAMA0 earlycon=pl011,0x9000000 quiet");
	assert_string_prop(dtb, "/chosen", "stdout-path", "/pl011@9000000");
	assert_string_prop(dtb, "/aliases", "serial0", "/pl011@9000000");
	/* the initrd placeholders are set in place, the size stays */
	assert_int_equal(get_u64(dtb, "/chosen", "linux,initrd-start"), 0);
	assert_int_equal(dtb_cell_set_initrd(dtb, 0x9fe00000, 0x9fe12345), 0);
	assert_int_equal(fdt_totalsize(dtb), size);
	assert_int_equal(get_u64(dtb, "/chosen", "linux,initrd-start"),
			 0x9fe00000);
	assert_int_equal(get_u64(dtb, "/chosen", "linux,initrd-end"),
			 0x9fe12345);
	free(dtb);

	/* without an initrd: no initrd properties, nothing to set */
	p.has_initrd = 0;
	dtb = build(&p, &size);
	off = node(dtb, "/chosen");
	assert_null(fdt_getprop(dtb, off, "linux,initrd-start", &len));
	assert_int_equal(dtb_cell_set_initrd(dtb, 1, 2), -1);
	free(dtb);
	free(cell);
}

/* The seeds firmware gives a kernel: rng-seed as given, kaslr-seed if asked. */
static void test_seeds(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	static const uint8_t seed[64] = { 1, 2, 3, [63] = 0xa5 };
	struct dtb_cell_params p;
	const void *prop;
	size_t size;
	void *dtb;
	int len;

	(void)state;
	default_params(&p, cell);
	dtb = build(&p, &size);
	assert_null(fdt_getprop(dtb, node(dtb, "/chosen"), "rng-seed", &len));
	assert_null(fdt_getprop(dtb, node(dtb, "/chosen"), "kaslr-seed", &len));
	free(dtb);

	p.rng_seed = seed;
	p.rng_seed_size = sizeof(seed);
	p.has_kaslr_seed = 1;
	p.kaslr_seed = 0x0123456789abcdefull;
	dtb = build(&p, &size);
	prop = fdt_getprop(dtb, node(dtb, "/chosen"), "rng-seed", &len);
	assert_non_null(prop);
	assert_int_equal(len, sizeof(seed));
	assert_memory_equal(prop, seed, sizeof(seed));
	assert_int_equal(get_u64(dtb, "/chosen", "kaslr-seed"),
			 0x0123456789abcdefull);
	/* the rest of /chosen as before */
	assert_string_prop(dtb, "/chosen", "bootargs", "console=ttyAMA0");
	free(dtb);
	free(cell);
}

static void test_linux2_json(void **state)
{
	static const uint64_t mem[] = { 0xa0000000, 0x10000000 };
	static const uint64_t gic[] = { 0x08000000, 0x10000, 0x080a0000,
					0x20000 };
	static const uint32_t pmu_irq[] = { 1, 7, 4 };
	struct hvisor_cell_desc *cell = load_cell(LINUX2_JSON);
	struct dtb_cell_params p;
	size_t size;
	void *dtb;

	(void)state;
	default_params(&p, cell);
	dtb = build(&p, &size);
	assert_string_prop(dtb, "/", "model", "linux2");
	assert_reg64(dtb, "/memory@a0000000", mem, 1);
	node(dtb, "/cpus/cpu@0");
	assert_no_node(dtb, "/cpus/cpu@1");
	/* one vCPU, one redistributor */
	assert_reg64(dtb, "/intc@8000000", gic, 2);
	free(dtb);
	/* without a system config, the GIC is where QEMU virt has it */
	p.system = NULL;
	dtb = build(&p, &size);
	assert_reg64(dtb, "/intc@8000000", gic, 2);
	assert_no_node(dtb, "/pmu"); /* the PMU is not the cell's */
	free(dtb);
	/* a cell given the PMU: its node, overflow on PPI 7, level high */
	cell->flags |= HVISOR_CELL_FLAG_PMU;
	dtb = build(&p, &size);
	assert_int_equal(fdt_node_check_compatible(dtb, node(dtb, "/pmu"),
						   "arm,armv8-pmuv3"),
			 0);
	assert_cells(dtb, "/pmu", "interrupts", pmu_irq, 3);
	free(dtb);
	free(cell);
}

/* A cell of an arch this build cannot boot Linux on: refused everywhere. */
/* A cell of an arch no plug-in boots (tag 99), and a system of another arch. */
static void test_other_arch(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	struct linux_image img = { 0, 0x2010000, 0xa };
	uint8_t h[ARM64_IMAGE_HEADER_SIZE] = { 0x1f, 0x8b };
	struct dtb_cell_params p;
	struct linux_layout l;
	char err[256] = "", buf[64];
	size_t size;

	(void)state;
	cell->arch = HVISOR_ARCH_RISCV64;
	default_params(&p, cell);
	assert_null(dtb_cell_build(&p, &size, err, sizeof(err)));
	assert_non_null(strstr(err, "the system config for another arch"));
	cell->arch = 99;
	p.system = NULL;
	assert_null(dtb_cell_build(&p, &size, err, sizeof(err)));
	assert_non_null(
		strstr(err, "this build cannot boot Linux in a cell of arch"));
	assert_non_null(linux_boot_layout(cell, &img, 0x1000, 0, &l));
	assert_int_equal(l.region, -1);
	/* no console arguments without the arch's, extra ones still */
	assert_int_equal(dtb_cell_bootargs(cell, "quiet", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "quiet");
	/* a gzip'd kernel is one whatever the arch */
	assert_non_null(strstr(linux_image_parse(99, h, sizeof(h), &img),
			       "gzip-compressed"));
	h[0] = 0;
	assert_non_null(linux_image_parse(99, h, sizeof(h), &img));
	free(cell);
}

static const char *const virtio_patches[] = {
	"/memory_regions/-",
	"{ \"type\": \"virtio\", \"virt_start\": \"0x0a000000\", "
	"\"size\": \"0x1000\", \"irq\": 48 }",
	"/memory_regions/-",
	"{ \"type\": \"virtio\", \"virt_start\": \"0x0a001000\", "
	"\"size\": \"0x1000\", \"irq\": 79 }",
	NULL,
};

static void test_virtio_nodes(void **state)
{
	static const uint32_t irq0[] = { 0, 16, 1 }, irq1[] = { 0, 47, 1 };
	static const uint64_t reg0[] = { 0x0a000000, 0x200 };
	static const uint64_t reg1[] = { 0x0a001000, 0x200 };
	struct hvisor_cell_desc *cell = patched_cell(virtio_patches);
	struct dtb_cell_params p;
	int off, n = 0, len;
	size_t size;
	void *dtb;

	(void)state;
	default_params(&p, cell);
	dtb = build(&p, &size);
	assert_reg64(dtb, "/virtio_mmio@a000000", reg0, 1);
	assert_cells(dtb, "/virtio_mmio@a000000", "interrupts", irq0, 3);
	assert_reg64(dtb, "/virtio_mmio@a001000", reg1, 1);
	assert_cells(dtb, "/virtio_mmio@a001000", "interrupts", irq1, 3);
	assert_non_null(fdt_getprop(dtb, node(dtb, "/virtio_mmio@a001000"),
				    "dma-coherent", &len));
	for (off = fdt_node_offset_by_compatible(dtb, -1, "virtio,mmio");
	     off >= 0;
	     off = fdt_node_offset_by_compatible(dtb, off, "virtio,mmio"))
		n++;
	assert_int_equal(n, 2);
	/* RAM only: virtio regions are no memory */
	assert_no_node(dtb, "/memory@a000000");
	free(dtb);
	free(cell);
}

static void test_virtio_without_irq(void **state)
{
	static const char *const patches[] = {
		"/memory_regions/-",
		"{ \"type\": \"virtio\", \"virt_start\": \"0x0a000000\", "
		"\"size\": \"0x1000\" }",
		NULL,
	};
	struct hvisor_cell_desc *cell = patched_cell(patches);
	struct dtb_cell_params p;
	char err[256] = "";
	size_t size;

	(void)state;
	default_params(&p, cell);
	assert_null(dtb_cell_build(&p, &size, err, sizeof(err)));
	assert_non_null(strstr(
		err, "memory_regions[1]: a virtio region needs an \"irq\""));
	free(cell);
}

static void test_no_console_mailbox(void **state)
{
	static const char *const patches[] = {
		"/console", JSON_DELETE, "/mailbox", "\"0x9ffff000\"", NULL,
	};
	struct hvisor_cell_desc *cell = patched_cell(patches);
	struct dtb_cell_params p;
	char bootargs[64];
	uint64_t addr, rsv_size;
	size_t size;
	void *dtb;
	int off, len;

	(void)state;
	assert_int_equal(
		dtb_cell_bootargs(cell, NULL, bootargs, sizeof(bootargs)), 0);
	assert_string_equal(bootargs, "");
	assert_int_equal(
		dtb_cell_bootargs(cell, "a=b", bootargs, sizeof(bootargs)), 0);
	assert_string_equal(bootargs, "a=b");
	default_params(&p, cell);
	p.bootargs = NULL;
	dtb = build(&p, &size);
	assert_true(fdt_node_offset_by_compatible(dtb, -1, "arm,pl011") < 0);
	assert_no_node(dtb, "/aliases");
	off = node(dtb, "/chosen");
	assert_null(fdt_getprop(dtb, off, "stdout-path", &len));
	assert_null(fdt_getprop(dtb, off, "bootargs", &len));
	/* the mailbox page is kept from Linux */
	assert_int_equal(fdt_num_mem_rsv(dtb), 1);
	assert_int_equal(fdt_get_mem_rsv(dtb, 0, &addr, &rsv_size), 0);
	assert_int_equal(addr, 0x9ffff000);
	assert_int_equal(rsv_size, 0x1000);
	free(dtb);
	/* a stub across a page boundary keeps both pages */
	p.boot_stub = 0x90000fd0;
	p.boot_stub_size = ARM64_STUB_SIZE;
	dtb = build(&p, &size);
	assert_int_equal(fdt_num_mem_rsv(dtb), 2);
	assert_int_equal(fdt_get_mem_rsv(dtb, 0, &addr, &rsv_size), 0);
	assert_int_equal(addr, 0x90000000);
	assert_int_equal(rsv_size, 0x2000);
	free(dtb);
	free(cell);
}

/* linux-pci.json: the generic ECAM host at the cell's window, edu's INTA. */
static void test_pci_host_node(void **state)
{
	static const uint64_t ecam[] = { 0x4010000000ULL, 0x10000000 };
	static const uint32_t buses[] = { 0, 255 };
	/* 32-bit memory, PCI 0x10000000 = CPU 0x10000000, 1 MiB */
	static const uint32_t ranges[] = { 0x02000000, 0, 0x10000000, 0,
					   0x10000000, 0, 0x100000 };
	static const uint32_t mask[] = { 0xf800, 0, 0, 7 };
	/* device 1 INTA: intx_irqs[1] = 36, SPI 4, level high */
	static const uint32_t map[] = { 1 << 11, 0, 0, 1, 1, 0, 4, 4 };
	struct hvisor_cell_desc *cell = load_cell(LINUX_PCI_JSON);
	struct dtb_cell_params p;
	char err[256] = "";
	size_t size;
	void *dtb;
	int off, len;

	(void)state;
	default_params(&p, cell);
	dtb = build(&p, &size);
	off = node(dtb, PCI_NODE);
	assert_int_equal(fdt_node_check_compatible(dtb, off,
						   "pci-host-ecam-generic"),
			 0);
	assert_string_prop(dtb, PCI_NODE, "device_type", "pci");
	assert_u32(dtb, PCI_NODE, "#address-cells", 3);
	assert_u32(dtb, PCI_NODE, "#size-cells", 2);
	assert_u32(dtb, PCI_NODE, "#interrupt-cells", 1);
	assert_reg64(dtb, PCI_NODE, ecam, 1);
	assert_cells(dtb, PCI_NODE, "bus-range", buses, 2);
	assert_cells(dtb, PCI_NODE, "ranges", ranges, 7);
	assert_cells(dtb, PCI_NODE, "interrupt-map-mask", mask, 4);
	assert_cells(dtb, PCI_NODE, "interrupt-map", map, 8);
	assert_non_null(fdt_getprop(dtb, off, "dma-coherent", &len));
	/* MSI enables are dropped by the hypervisor: no MSI controller */
	assert_null(fdt_getprop(dtb, off, "msi-parent", &len));
	assert_null(fdt_getprop(dtb, off, "msi-map", &len));
	/* the BARs are fixed: Linux must take them as they are */
	assert_u32(dtb, "/chosen", "linux,pci-probe-only", 1);
	free(dtb);
	/* the node needs the host's buses and INTx lines */
	p.system = NULL;
	assert_null(dtb_cell_build(&p, &size, err, sizeof(err)));
	assert_non_null(strstr(err, "pci_devices: the cell's PCI host node "
				    "needs the system config's PCI host"));
	free(cell);
	/* a cell without PCI devices: no host node, Linux may assign BARs */
	cell = load_cell(LINUX_JSON);
	default_params(&p, cell);
	dtb = build(&p, &size);
	assert_true(fdt_node_offset_by_compatible(dtb, -1,
						  "pci-host-ecam-generic") < 0);
	assert_null(fdt_getprop(dtb, node(dtb, "/chosen"),
				"linux,pci-probe-only", &len));
	free(dtb);
	free(cell);
}

/*
 * Only what the cell is lent: identity-mapped io regions inside a host
 * window are ranges (others not), pins whose interrupt the cell owns are
 * mapped (others not), a device's second function adds nothing, a device
 * behind a bridge has no INTx.
 */
static void test_pci_host_lent_only(void **state)
{
	static const char *const patches[] = {
		"/memory_regions/-",
		"{ \"type\": \"io\", \"phys_start\": \"0x10000000\", "
		"\"size\": \"0x100000\", \"flags\": [\"read\", \"write\"] }",
		/* above 4 GiB in a second window: a 64-bit range */
		"/memory_regions/-",
		"{ \"type\": \"io\", \"phys_start\": \"0x8000000000\", "
		"\"size\": \"0x200000\", \"flags\": [\"read\", \"write\"] }",
		/* a device region outside the windows */
		"/memory_regions/-",
		"{ \"type\": \"io\", \"phys_start\": \"0x09100000\", "
		"\"size\": \"0x1000\", \"flags\": [\"read\", \"write\"] }",
		/* in a window, but not where the device is (not identity) */
		"/memory_regions/-",
		"{ \"type\": \"io\", \"phys_start\": \"0x10200000\", "
		"\"virt_start\": \"0x20000000\", \"size\": \"0x1000\", "
		"\"flags\": [\"read\", \"write\"] }",
		"/interrupts",
		"[36, 38]",
		"/pci_devices",
		"[\"00:01.0\", \"00:01.1\", \"00:02.0\", \"01:00.0\"]",
		"/pci_ecam_base",
		"\"0x4010000000\"",
		NULL,
	};
	static const uint32_t ranges[] = {
		0x02000000, 0,	  0x10000000, 0,    0x10000000, 0, 0x100000,
		0x03000000, 0x80, 0,	      0x80, 0,		0, 0x200000,
	};
	/*
	 * pin p of device d raises intx_irqs[(d + p - 1) % 4] of 35-38; the
	 * cell has 36 and 38: device 1 INTA 36 and INTC 38, device 2 INTB 38
	 * and INTD 36 (SPIs 4 and 6, level high)
	 */
	static const uint32_t map[] = {
		1 << 11, 0, 0, 1, 1, 0, 4, 4, /* */
		1 << 11, 0, 0, 3, 1, 0, 6, 4, /* */
		2 << 11, 0, 0, 2, 1, 0, 6, 4, /* */
		2 << 11, 0, 0, 4, 1, 0, 4, 4,
	};
	struct hvisor_cell_desc *cell = patched_cell(patches);
	struct hvisor_system *sys =
		malloc(((struct hvisor_system *)root.data)->size);
	struct dtb_cell_params p;
	size_t size;
	void *dtb;

	(void)state;
	memcpy(sys, root.data, ((struct hvisor_system *)root.data)->size);
	sys->platform.pci.windows[1].base = 0x8000000000ULL;
	sys->platform.pci.windows[1].size = 0x8000000000ULL;
	default_params(&p, cell);
	p.system = sys;
	dtb = build(&p, &size);
	assert_cells(dtb, PCI_NODE, "ranges", ranges, 14);
	assert_cells(dtb, PCI_NODE, "interrupt-map", map, 32);
	free(dtb);
	/* none of its lines: no map at all */
	cell->irqs[1] = 0;
	dtb = build(&p, &size);
	assert_null(
		fdt_getprop(dtb, node(dtb, PCI_NODE), "interrupt-map", NULL));
	assert_null(fdt_getprop(dtb, node(dtb, PCI_NODE), "interrupt-map-mask",
				NULL));
	free(dtb);
	free(sys);
	free(cell);
}

static void test_bootargs_too_long(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	char buf[48];

	(void)state;
	/* "console=ttyAMA0 earlycon=pl011,0x9000000" is 40 characters */
	assert_int_equal(dtb_cell_bootargs(cell, "1234567", buf, sizeof(buf)),
			 -1);
	assert_int_equal(dtb_cell_bootargs(cell, "123456", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf,
			    "console=ttyAMA0 earlycon=pl011,0x9000000 123456");
	free(cell);
}

/* A 64-byte arm64 Image header. */
static void make_header(uint8_t *h, uint64_t text_offset, uint64_t image_size,
			uint64_t flags)
{
	int i;

	memset(h, 0, ARM64_IMAGE_HEADER_SIZE);
	for (i = 0; i < 8; i++) {
		h[8 + i] = (uint8_t)(text_offset >> (8 * i));
		h[16 + i] = (uint8_t)(image_size >> (8 * i));
		h[24 + i] = (uint8_t)(flags >> (8 * i));
	}
	memcpy(h + 56, "ARM\x64", 4);
}

static void test_image_parse(void **state)
{
	uint8_t h[ARM64_IMAGE_HEADER_SIZE];
	struct linux_image img;

	(void)state;
	make_header(h, 0, 0x2010000, 0xa);
	assert_null(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img));
	assert_int_equal(img.text_offset, 0);
	assert_int_equal(img.image_size, 0x2010000);
	assert_int_equal(img.flags, 0xa);
	make_header(h, 0x80000, 0x1000000, 0x2);
	assert_null(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img));
	assert_int_equal(img.text_offset, 0x80000);

	assert_non_null(
		strstr(linux_image_parse(HVISOR_ARCH_ARM64, h, 63, &img),
		       "too small"));
	make_header(h, 0, 0x2010000, 0xa);
	h[56] = 'X';
	assert_non_null(
		strstr(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img),
		       "not an arm64 Linux Image"));
	h[0] = 0x1f;
	h[1] = 0x8b;
	assert_non_null(
		strstr(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img),
		       "gzip-compressed"));
	make_header(h, 0, 0x2010000, 0xb);
	assert_non_null(
		strstr(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img),
		       "big-endian"));
	make_header(h, 0, 0, 0xa);
	assert_non_null(
		strstr(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img),
		       "image_size 0"));
	make_header(h, 0, 32, 0xa);
	assert_non_null(
		strstr(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img),
		       "larger than the image_size"));
	make_header(h, 0x200000, 0x1000000, 0xa);
	assert_non_null(
		strstr(linux_image_parse(HVISOR_ARCH_ARM64, h, sizeof(h), &img),
		       "text_offset"));
}

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* guests/linux/arch/arm64/boot-stub.S through the cross assembler (out: 4096 bytes). */
static size_t assemble_stub(uint8_t *out)
{
	const char *cross = getenv("CROSS_COMPILE");
	char dir[] = "/tmp/hvisor-stub-XXXXXX", cmd[1024], bin[64];
	size_t n;
	FILE *f;

	if (!cross || !*cross)
		cross = "aarch64-linux-gnu-";
	assert_non_null(mkdtemp(dir));
	snprintf(
		cmd, sizeof(cmd),
		"%sas -o %s/stub.o %s && %sobjcopy -O binary %s/stub.o %s/stub.bin",
		cross, dir, top_path("guests/linux/arch/arm64/boot-stub.S"),
		cross, dir, dir);
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

static void test_stub(void **state)
{
	uint8_t stub[LINUX_BOOT_STUB_MAX], want[4096];

	(void)state;
	/* the CLI's words are the assembled source, literals aside */
	assert_int_equal(assemble_stub(want), ARM64_STUB_SIZE);
	assert_int_equal(linux_boot_stub(HVISOR_ARCH_ARM64, stub, 0, 0),
			 ARM64_STUB_SIZE);
	assert_memory_equal(stub, want, ARM64_STUB_SIZE);
	linux_boot_stub(HVISOR_ARCH_ARM64, stub, 0x9ffff000, 0x90200000);
	assert_memory_equal(stub, want, ARM64_STUB_DTB);
	assert_int_equal(le64_at(stub + ARM64_STUB_DTB), 0x9ffff000);
	assert_int_equal(le64_at(stub + ARM64_STUB_KERNEL), 0x90200000);
	/* ldr x0 at 0x14 and ldr x4 at 0x24 read them (imm19 in words) */
	assert_int_equal(0x14 + 4 * ((le32_at(stub + 0x14) >> 5) & 0x7ffff),
			 ARM64_STUB_DTB);
	assert_int_equal(0x24 + 4 * ((le32_at(stub + 0x24) >> 5) & 0x7ffff),
			 ARM64_STUB_KERNEL);
	/* no stub for an arch this build does not know */
	assert_int_equal(linux_boot_stub(99, stub, 0, 0), 0);
	/* the "ran" flag starts at 0 */
	assert_int_equal(le32_at(stub + 0x3c), 0);
}

static void test_layout(void **state)
{
	struct hvisor_cell_desc *cell = load_cell(LINUX_JSON);
	struct hvisor_mem_region *r =
		(struct hvisor_mem_region *)hvisor_cell_regions(cell);
	struct linux_image img = { 0, 0x2010000, 0xa };
	struct linux_layout l;

	(void)state;
	assert_null(linux_boot_layout(cell, &img, 1603, 1131676, &l));
	assert_int_equal(l.region, 0);
	assert_int_equal(l.stub, 0x90000000);
	assert_int_equal(l.kernel, 0x90200000);
	assert_int_equal(l.kernel_end, 0x92210000);
	assert_int_equal(l.dtb, 0x9ffff000);
	assert_int_equal(l.dtb_size, 1603);
	assert_int_equal(l.initrd, 0x9ffff000 - 0x115000);
	assert_int_equal(l.initrd_size, 1131676);

	/* no initrd; a DTB of exactly 2 pages; text_offset */
	img.text_offset = 0x80000;
	assert_null(linux_boot_layout(cell, &img, 0x2000, 0, &l));
	assert_int_equal(l.kernel, 0x90280000);
	assert_int_equal(l.dtb, 0x9fffe000);
	assert_int_equal(l.initrd, 0);
	img.text_offset = 0;

	/* everything exactly fills the region */
	assert_null(linux_boot_layout(cell, &img, 0x1000,
				      0x10000000 - 0x2210000 - 0x1000, &l));
	assert_int_equal(l.initrd, 0x92210000);
	assert_non_null(strstr(
		linux_boot_layout(cell, &img, 0x1000,
				  0x10000000 - 0x2210000 - 0x1000 + 1, &l),
		"do not fit"));
	assert_non_null(
		strstr(linux_boot_layout(cell, &img, 0x1000, 1ULL << 40, &l),
		       "do not fit"));
	assert_non_null(strstr(linux_boot_layout(cell, &img, 0x200001, 0, &l),
			       "2 MiB"));
	img.image_size = 0x10000000;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 0x1000, 0, &l),
			       "kernel does not fit"));
	img.image_size = 0x2010000;

	/* an entry near the end of its region leaves no room for the kernel */
	cell->entry = 0x9fe00000;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 0x1000, 0, &l),
			       "kernel does not fit"));
	cell->entry = 0x90000004;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 0x1000, 0, &l),
			       "8-byte aligned"));
	cell->entry = 0x80000000;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 0x1000, 0, &l),
			       "not inside a ram region"));
	cell->entry = 0x90000000;
	r[0].flags &= ~HVISOR_MEM_LOADABLE;
	assert_non_null(strstr(linux_boot_layout(cell, &img, 0x1000, 0, &l),
			       "not loadable"));
	free(cell);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_json),
		cmocka_unit_test(test_linux2_json),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_other_arch),
		cmocka_unit_test(test_virtio_nodes),
		cmocka_unit_test(test_virtio_without_irq),
		cmocka_unit_test(test_no_console_mailbox),
		cmocka_unit_test(test_pci_host_node),
		cmocka_unit_test(test_pci_host_lent_only),
		cmocka_unit_test(test_bootargs_too_long),
		cmocka_unit_test(test_image_parse),
		cmocka_unit_test(test_stub),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests_name("dtb_cell", tests, load_root,
					   free_root);
}
