/* hvisor config create --cell --pci: a function read from a fake /sys, the cell config's BAR regions, INTx, ECAM window and identity RAM (none with the SMMU); refusals. */
#include "config/load.h"
#include "create/create.h"
#include "create/pci.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <hvisor/pci.h>
#include <hvisor/virtio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define EDU HVISOR_PCI_BDF(0, 1, 0)

static char sysroot[64];

/* sysroot/sys/bus/pci/devices/0000:BDF/{config,resource} */
static void fake_function(const char *bdf, uint16_t vendor, uint8_t pin,
			  const char *resource)
{
	char path[256];
	unsigned char cfg[64] = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "mkdir -p %s/sys/bus/pci/devices/0000:%s",
		 sysroot, bdf);
	assert_int_equal(system(path), 0);
	cfg[0] = vendor & 0xff;
	cfg[1] = vendor >> 8;
	cfg[0x3d] = pin;
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:%s/config",
		 sysroot, bdf);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(cfg, 1, sizeof(cfg), f), sizeof(cfg));
	fclose(f);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:%s/resource",
		 sysroot, bdf);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(resource, f);
	fclose(f);
}

/* edu as QEMU virt's root enumerates it: BAR0 1 MiB, INTA */
static const char edu_resource[] =
	"0x0000000010000000 0x00000000100fffff 0x0000000000040200\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n";

/* two sub-page BARs in one page, an I/O BAR, a 64-bit one (two lines) */
static const char multi_resource[] =
	"0x0000000010200000 0x00000000102000ff 0x0000000000040200\n"
	"0x0000000010200800 0x0000000010200fff 0x0000000000040200\n"
	"0x0000000000001000 0x000000000000101f 0x0000000000040101\n"
	"0x0000000010400000 0x0000000010403fff 0x0000000000140204\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
	"0x0000000000000000 0x0000000000000000 0x0000000000000000\n";

static int setup(void **state)
{
	(void)state;
	snprintf(sysroot, sizeof(sysroot), "/tmp/hvisor-pci-sysroot.XXXXXX");
	if (!mkdtemp(sysroot))
		return -1;
	fake_function("00:01.0", 0x1234, 1, edu_resource);
	fake_function("00:02.0", 0x1af4, 2, multi_resource);
	fake_function("00:03.0", 0xffff, 1, edu_resource);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", sysroot);
	return system(cmd);
}

static const struct create_arch_ops *arm64(void)
{
	const struct create_arch_ops *ops = create_arch_find(HVISOR_ARCH_ARM64);

	assert_non_null(ops);
	return ops;
}

static void load_system(const char *relative, struct config_blob *out)
{
	struct diag d;

	diag_init(&d);
	assert_int_equal(config_system_load(top_path(relative), out, &d), 0);
	diag_free(&d);
}

static void read_dev(const char *bdf, struct create_pci_dev *p)
{
	struct diag d;

	diag_init(&d);
	if (create_pci_read(sysroot, bdf, p, &d))
		fail_msg("create_pci_read %s: %s", bdf, d.msgs[0]);
	diag_free(&d);
}

/* The generated config, through the checks against sys; its blob in out. */
static struct json_object *generate(const struct config_blob *sys,
				    const struct create_cell_request *req,
				    struct config_blob *out)
{
	struct json_object *o;
	const char *text;
	struct diag d;

	diag_init(&d);
	o = create_cell(sys->data, arm64(), req, &d);
	if (!o)
		fail_msg("create_cell: %s", d.msgs[0]);
	text = json_object_to_json_string(o);
	if (config_cell_build(text, strlen(text), "gen.json", sys, "root.json",
			      out, &d))
		fail_msg("the generated config fails the checks: %s\n%s",
			 d.msgs[0], text);
	diag_free(&d);
	return o;
}

static void test_read_function(void **state)
{
	struct create_pci_dev p;
	struct diag d;

	(void)state;
	read_dev("00:01.0", &p);
	assert_int_equal(p.bdf, EDU);
	assert_int_equal(p.pin, 1);
	assert_int_equal(p.bar_start[0], 0x10000000);
	assert_int_equal(p.bar_size[0], 0x100000);
	assert_int_equal(p.bar_size[1], 0);
	read_dev("00:02.0", &p);
	assert_int_equal(p.pin, 2);
	assert_int_equal(p.bar_size[0], 0x100);
	assert_int_equal(p.bar_size[1], 0x800);
	assert_int_equal(p.bar_size[2], 0); /* I/O space: not mapped */
	assert_int_equal(p.bar_start[3], 0x10400000);
	assert_int_equal(p.bar_size[3], 0x4000);
	/* refusals: absent, vendor ffff, not a BDF */
	diag_init(&d);
	assert_int_equal(create_pci_read(sysroot, "00:04.0", &p, &d), -1);
	assert_non_null(strstr(d.msgs[0], "cannot open"));
	diag_free(&d);
	diag_init(&d);
	assert_int_equal(create_pci_read(sysroot, "00:03.0", &p, &d), -1);
	assert_non_null(strstr(d.msgs[0], "not the config space of a present"));
	diag_free(&d);
	diag_init(&d);
	assert_int_equal(create_pci_read(sysroot, "0:1.0", &p, &d), -1);
	assert_non_null(strstr(d.msgs[0], "is not a function as BB:DD.F"));
	diag_free(&d);
}

/* Without an SMMU: RAM identity (dma), BAR0 as io, INTA = 36, the window. */
static void test_cell_with_edu(void **state)
{
	struct create_cell_request req = {
		.name = "lp", .cpus = 0xc, .mem = 0x10000000, .console = true
	};
	struct config_blob sys, blob;
	struct create_pci_dev edu;
	const struct hvisor_cell_desc *c;
	const struct hvisor_mem_region *r;
	struct json_object *o;

	(void)state;
	load_system("configs/arm64/qemu/root.json", &sys);
	read_dev("00:01.0", &edu);
	req.pci = &edu;
	req.num_pci = 1;
	o = generate(&sys, &req, &blob);
	c = blob.data;
	r = hvisor_cell_regions(c);
	assert_int_equal(c->num_mem_regions, 2);
	assert_int_equal(r[0].phys_start, r[0].virt_start);
	assert_true(r[0].flags & HVISOR_MEM_DMA);
	assert_int_equal(c->entry, r[0].phys_start);
	assert_int_equal(r[1].type, HVISOR_MEM_TYPE_IO);
	assert_int_equal(r[1].phys_start, 0x10000000);
	assert_int_equal(r[1].virt_start, 0x10000000);
	assert_int_equal(r[1].size, 0x100000);
	assert_int_equal(c->irqs[36 / 32], 1u << (36 % 32));
	assert_int_equal(c->num_pci_devices, 1);
	assert_int_equal(c->pci_devices[0].bdf, EDU);
	assert_int_equal(c->pci_ecam_base, 0x4010000000ULL);
	json_object_put(o);
	config_blob_free(&blob);
	config_blob_free(&sys);
	/* with the SMMU the device sees guest-physical addresses: the layout */
	load_system("configs/arm64/qemu/root-smmu.json", &sys);
	o = generate(&sys, &req, &blob);
	c = blob.data;
	r = hvisor_cell_regions(c);
	assert_int_equal(r[0].virt_start, 0x90000000);
	assert_int_not_equal(r[0].phys_start, r[0].virt_start);
	assert_false(r[0].flags & HVISOR_MEM_DMA);
	assert_int_equal(c->entry, 0x90000000);
	assert_int_equal(c->num_pci_devices, 1);
	json_object_put(o);
	config_blob_free(&blob);
	config_blob_free(&sys);
}

/*
 * Two functions: sub-page BARs sharing a page are one region, the I/O BAR
 * none; device 2's INTB is intx_irqs[(2 + 1) % 4] = 38; with virtio the
 * RAM is rootshared and still identity-mapped.
 */
static void test_cell_two_functions(void **state)
{
	struct create_cell_request req = { .name = "lp",
					   .cpus = 0xc,
					   .mem = 0x10000000,
					   .console = true,
					   .num_virtio = 1,
					   .virtio = { "blk" } };
	struct create_pci_dev devs[2];
	struct config_blob sys, blob;
	const struct hvisor_cell_desc *c;
	const struct hvisor_mem_region *r;
	struct json_object *o;
	unsigned int i, io = 0;

	(void)state;
	load_system("configs/arm64/qemu/root.json", &sys);
	read_dev("00:01.0", &devs[0]);
	read_dev("00:02.0", &devs[1]);
	req.pci = devs;
	req.num_pci = 2;
	o = generate(&sys, &req, &blob);
	c = blob.data;
	r = hvisor_cell_regions(c);
	for (i = 0; i < c->num_mem_regions; i++) {
		if (r[i].type != HVISOR_MEM_TYPE_IO)
			continue;
		io++;
		assert_true(
			(r[i].phys_start == 0x10000000 &&
			 r[i].size == 0x100000) ||
			(r[i].phys_start == 0x10200000 &&
			 r[i].size == 0x1000) ||
			(r[i].phys_start == 0x10400000 && r[i].size == 0x4000));
	}
	assert_int_equal(io, 3);
	assert_int_equal(c->irqs[1], (1u << 4) | (1u << 6)); /* 36, 38 */
	/* the RAM is rootshared and still identity for the device */
	assert_true(r[0].flags & HVISOR_MEM_ROOTSHARED);
	assert_true(r[0].flags & HVISOR_MEM_DMA);
	for (i = 0; i < c->num_mem_regions; i++)
		if (r[i].type == HVISOR_MEM_TYPE_VIRTIO)
			assert_int_equal(HVISOR_MEM_VIRTIO_IRQ(r[i].flags), 48);
	json_object_put(o);
	config_blob_free(&blob);
	config_blob_free(&sys);
}

static void expect_refused(const struct config_blob *sys,
			   const struct create_cell_request *req,
			   const char *text)
{
	struct diag d;

	diag_init(&d);
	assert_null(create_cell(sys->data, arm64(), req, &d));
	assert_true(d.count > 0);
	if (!strstr(d.msgs[0], text))
		fail_msg("message \"%s\" lacks \"%s\"", d.msgs[0], text);
	diag_free(&d);
}

static void test_cell_pci_refusals(void **state)
{
	struct create_cell_request req = {
		.name = "lp", .cpus = 0xc, .mem = 0x10000000, .console = true
	};
	struct create_pci_dev devs[2];
	struct config_blob sys, other;
	struct hvisor_system *s;
	struct diag d;

	(void)state;
	load_system("configs/arm64/qemu/root.json", &sys);
	s = sys.data;
	read_dev("00:01.0", &devs[0]);
	devs[1] = devs[0];
	req.pci = devs;
	req.num_pci = 2;
	expect_refused(&sys, &req, "00:01.0 given twice");
	req.num_pci = 1;
	/* a cell given with --beside owns it */
	diag_init(&d);
	assert_int_equal(
		config_cell_load(
			top_path("configs/arm64/qemu/testguest-pci.json"), &sys,
			"root.json", &other, &d),
		0);
	diag_free(&d);
	req.others = &other;
	req.num_others = 1;
	req.cpus = 0x6;
	expect_refused(&sys, &req, "00:01.0 is cell \"testguest-pci\"'s");
	req.others = NULL;
	req.num_others = 0;
	req.cpus = 0xc;
	config_blob_free(&other);
	/* its INTx line is not the root's */
	s->root_cell.irqs[1] &= ~(1u << 4);
	expect_refused(&sys, &req, "INTx interrupt 36 is not the root cell's");
	s->root_cell.irqs[1] |= 1u << 4;
	/* a bus the host does not have */
	s->platform.pci.bus_end = 0;
	devs[0].bdf = HVISOR_PCI_BDF(1, 0, 0);
	expect_refused(&sys, &req, "bus 01 is not on the root config's PCI");
	devs[0].bdf = EDU;
	/* no PCI host at all */
	memset(&s->platform.pci, 0, sizeof(s->platform.pci));
	expect_refused(&sys, &req, "the root config has no PCI host");
	config_blob_free(&sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_function),
		cmocka_unit_test(test_cell_with_edu),
		cmocka_unit_test(test_cell_two_functions),
		cmocka_unit_test(test_cell_pci_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
