/* hvisor config create against the machine of QEMU virt (DTB, /proc and /sys files captured from the runner's boot): the root config agrees with configs/arm64/qemu/root.json, cell configs with the hand-written ones; refusals; the parsers. */
#include "config/load.h"
#include "create/create.h"
#include "create_util.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <inttypes.h>
#include <libfdt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define FIXTURE "tests/unit/data/create/arm64-qemu"

static const struct create_arch_ops *arm64(void)
{
	const struct create_arch_ops *ops = create_arch_find(HVISOR_ARCH_ARM64);

	assert_non_null(ops);
	return ops;
}

static void read_fixture(struct machine *m)
{
	read_machine(m, FIXTURE);
}

static struct json_object *generate(struct machine *m, uint64_t hv_size)
{
	return generate_root(m, arm64(), hv_size);
}

static struct json_object *hand_root(void)
{
	return read_json("configs/arm64/qemu/root.json");
}

/* Fields the hand-written config and the machine must agree on. */
static void test_root_agrees_with_hand_written(void **state)
{
	static const char *const fields[] = {
		"hypervisor.phys_start",
		"hypervisor.size",
		"platform.num_cpus",
		"platform.gic.version",
		"platform.gic.gicd_base",
		"platform.gic.gicd_size",
		"platform.gic.gicr_base",
		"platform.gic.gicr_size",
		"platform.gic.maintenance_irq",
		"platform.uart.base",
		"platform.uart.size",
	};
	struct machine m;
	struct json_object *gen, *hand;
	struct config_blob blob = { NULL, 0 };
	size_t i;

	(void)state;
	read_fixture(&m);
	gen = generate(&m, CREATE_HV_SIZE);
	hand = hand_root();
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (num(gen, fields[i]) != num(hand, fields[i]))
			fail_msg("%s: generated 0x%" PRIx64
				 ", hand-written 0x%" PRIx64,
				 fields[i], num(gen, fields[i]),
				 num(hand, fields[i]));
	assert_string_equal(json_object_get_string(at(gen, "arch")), "arm64");
	assert_string_equal(
		json_object_get_string(at(gen, "platform.uart.type")), "pl011");
	assert_string_equal(
		json_object_to_json_string(at(gen, "root_cell.cpus")),
		json_object_to_json_string(at(hand, "root_cell.cpus")));
	build(gen, NULL, &blob);
	config_blob_free(&blob);
	json_object_put(gen);
	json_object_put(hand);
	machine_free(&m);
}

/*
 * Every region of the hand-written config lies in one generated region of
 * the same type and flags, and RAM regions are the same; the generated
 * config adds only the PCIe 64-bit window, which the hand-written one
 * leaves out.
 */
static void test_root_regions(void **state)
{
	struct machine m;
	struct json_object *gen, *hand;
	size_t i, j;

	(void)state;
	read_fixture(&m);
	gen = generate(&m, CREATE_HV_SIZE);
	hand = hand_root();
	for (i = 0; i < num_regions(hand); i++) {
		const char *ht, *hf, *gt, *gf;
		uint64_t hs, he, gs, ge;
		bool found = false;

		region_of(hand, i, &ht, &hs, &he, &hf);
		for (j = 0; j < num_regions(gen) && !found; j++) {
			region_of(gen, j, &gt, &gs, &ge, &gf);
			found = !strcmp(ht, gt) && !strcmp(hf, gf) &&
				gs <= hs && he <= ge &&
				(strcmp(ht, "ram") || (gs == hs && ge == he));
		}
		if (!found)
			fail_msg("hand-written %s region 0x%" PRIx64
				 "-0x%" PRIx64
				 " %s not in the generated config:\n%s",
				 ht, hs, he, hf,
				 json_object_to_json_string(gen));
	}
	for (j = 0; j < num_regions(gen); j++) {
		const char *gt, *gf, *ht, *hf;
		uint64_t gs, ge, hs, he;
		bool met = false;

		region_of(gen, j, &gt, &gs, &ge, &gf);
		for (i = 0; i < num_regions(hand); i++) {
			region_of(hand, i, &ht, &hs, &he, &hf);
			met |= hs < ge && gs < he;
		}
		/* the hand-written config has the ECAM as platform.pci */
		met |= gs == 0x4010000000ull && ge == 0x4020000000ull;
		if (!met && !(gs == 0x8000000000ull && ge == 0x10000000000ull))
			fail_msg("generated region 0x%" PRIx64 "-0x%" PRIx64
				 " is not in the hand-written config",
				 gs, ge);
	}
	json_object_put(gen);
	json_object_put(hand);
	machine_free(&m);
}

static bool has_irq(const struct config_blob *b, unsigned int irq)
{
	const struct hvisor_system *sys = b->data;

	return sys->root_cell.irqs[irq / 32] >> (irq % 32) & 1;
}

/* The root owns the per-CPU IDs, the DT's device interrupts and root_irq; no more. */
static void test_root_interrupts(void **state)
{
	static const unsigned int dt[] = { 33, 34, 35, 36, 37, 38, 39, 48, 79 };
	struct config_blob blob = { NULL, 0 };
	const struct hvisor_system *sys;
	struct json_object *gen;
	struct machine m;
	unsigned int i;

	(void)state;
	read_fixture(&m);
	gen = generate(&m, CREATE_HV_SIZE);
	build(gen, NULL, &blob);
	sys = blob.data;
	for (i = 0; i < 32; i++)
		assert_true(has_irq(&blob, i));
	for (i = 0; i < sizeof(dt) / sizeof(dt[0]); i++)
		if (!has_irq(&blob, dt[i]))
			fail_msg("interrupt %u of the DT missing", dt[i]);
	/* SPI 0 is no device's: the root's doorbell */
	assert_int_equal(sys->platform.root_irq, 32);
	assert_true(has_irq(&blob, 32));
	assert_false(has_irq(&blob, 40));
	assert_false(has_irq(&blob, 80));
	assert_false(has_irq(&blob, 287));
	config_blob_free(&blob);
	json_object_put(gen);
	machine_free(&m);
}

static void expect_error(struct machine *m, uint64_t hv_size, const char *text)
{
	struct diag d;
	struct json_object *o;

	diag_init(&d);
	o = create_root(m, arm64(), hv_size, &d);
	assert_null(o);
	assert_true(d.count > 0);
	if (!strstr(d.msgs[0], text))
		fail_msg("message \"%s\" lacks \"%s\"", d.msgs[0], text);
	diag_free(&d);
}

/* Linux using all memory, or too little left: refused, saying why. */
static void test_root_no_hypervisor_memory(void **state)
{
	struct machine m;

	(void)state;
	read_fixture(&m);
	expect_error(&m, 0x40200000, "no memory for the hypervisor");
	range_add(&m.system_ram, 0x80000000, 0xc0000000, NULL);
	range_normalize(&m.system_ram, true);
	expect_error(&m, CREATE_HV_SIZE, "boot Linux with mem=");
	machine_free(&m);
}

/*
 * Another machine: the DTB QEMU dumps (dumpdtb=) for -smp 2 -m 4G, Linux
 * using the lower 2 GiB: 2 CPUs, the hypervisor at 3 GiB, the rest of the
 * 4 GiB loadable; a cell may take CPU 1 but not both.
 */
static void test_root_smp2_4g(void **state)
{
	struct config_blob blob = { NULL, 0 };
	const struct hvisor_system *sys;
	struct json_object *gen;
	struct machine m;
	const char *t, *f;
	uint64_t s, e;
	size_t i;
	bool loadable = false;

	(void)state;
	read_machine(&m, "tests/unit/data/create/arm64-qemu-smp2-4g");
	gen = generate(&m, CREATE_HV_SIZE);
	build(gen, NULL, &blob);
	sys = blob.data;
	assert_int_equal(sys->platform.num_cpus, 2);
	assert_int_equal(sys->root_cell.cpus, 0x3);
	assert_int_equal(sys->hypervisor_phys, 0xc0000000);
	for (i = 0; i < num_regions(gen); i++) {
		region_of(gen, i, &t, &s, &e, &f);
		if (strstr(f, "loadable")) {
			assert_int_equal(s, 0xc4000000);
			assert_int_equal(e, 0x140000000ull);
			loadable = true;
		}
	}
	assert_true(loadable);
	config_blob_free(&blob);
	json_object_put(gen);
	machine_free(&m);
}

/* The initrd of /chosen is not free even outside System RAM. */
static void test_root_initrd_reserved(void **state)
{
	struct machine m;
	struct json_object *gen;
	void *fdt;
	int chosen;

	(void)state;
	read_fixture(&m);
	fdt = realloc(m.fdt, fdt_totalsize(m.fdt) + 256);
	assert_non_null(fdt);
	m.fdt = fdt;
	assert_int_equal(fdt_open_into(fdt, fdt, fdt_totalsize(fdt) + 256), 0);
	chosen = fdt_path_offset(fdt, "/chosen");
	assert_true(chosen >= 0);
	/* an initrd at 0x80100000, where the hypervisor would go */
	assert_int_equal(fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
					 0x80100000),
			 0);
	assert_int_equal(fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
					 0x80200800),
			 0);
	gen = generate(&m, CREATE_HV_SIZE);
	assert_int_equal(num(gen, "hypervisor.phys_start"), 0x80400000);
	json_object_put(gen);
	machine_free(&m);
}

/* A --hv-size that fits moves the loadable RAM up. */
static void test_root_hv_size(void **state)
{
	struct machine m;
	struct json_object *gen;
	const char *t, *f;
	uint64_t s, e;
	size_t i;
	bool seen = false;

	(void)state;
	read_fixture(&m);
	gen = generate(&m, 0x10000000);
	assert_int_equal(num(gen, "hypervisor.size"), 0x10000000);
	for (i = 0; i < num_regions(gen); i++) {
		region_of(gen, i, &t, &s, &e, &f);
		if (strstr(f, "loadable")) {
			assert_int_equal(s, 0x90000000);
			assert_int_equal(e, 0xc0000000);
			seen = true;
		}
	}
	assert_true(seen);
	json_object_put(gen);
	machine_free(&m);
}

static void test_root_cpus_disagree(void **state)
{
	struct machine m;

	(void)state;
	read_fixture(&m);
	m.cpus_possible = 2;
	expect_error(&m, CREATE_HV_SIZE, "Linux has CPUs 0-1 possible");
	machine_free(&m);
}

static void test_parse_proc(void **state)
{
	struct machine m;

	(void)state;
	memset(&m, 0, sizeof(m));
	machine_parse_iomem("09000000-09000fff : pl011@9000000\n"
			    "  09000000-09000fff : 9000000.pl011\n"
			    "40000000-4fffffff : System RAM\n"
			    "  40210000-4185ffff : Kernel code\n"
			    "50000000-5fffffff : System RAM\n"
			    "60000000-60000fff : reserved\n",
			    &m);
	assert_int_equal(m.system_ram.n, 1); /* touching ranges joined */
	assert_int_equal(m.system_ram.r[0].start, 0x40000000);
	assert_int_equal(m.system_ram.r[0].end, 0x60000000);
	assert_int_equal(m.iomem_other.n, 1);
	assert_string_equal(m.iomem_other.r[0].what, "pl011@9000000");
	machine_parse_interrupts(
		"           CPU0       CPU1\n"
		" 11:        931        983     GICv3  30 Level     arch_timer\n"
		" 14:          0          0     GICv3  33 Level     uart-pl011\n"
		"IPI0:        20         30       Rescheduling interrupts\n"
		"Err:          0\n",
		&m);
	assert_int_equal(m.num_irqs, 2);
	assert_string_equal(m.irqs[1].chip, "GICv3");
	assert_int_equal(m.irqs[1].hwirq, 33);
	assert_string_equal(m.irqs[1].name, "uart-pl011");
	machine_free(&m);
}

/* A /proc/interrupts line the DT lacks is added (and said so). */
static void test_root_proc_irq_added(void **state)
{
	struct config_blob blob = { NULL, 0 };
	struct json_object *gen;
	struct machine m;

	(void)state;
	read_fixture(&m);
	machine_parse_interrupts("CPU0\n 99: 0 GICv3 100 Edge extra\n", &m);
	gen = generate(&m, CREATE_HV_SIZE);
	build(gen, NULL, &blob);
	assert_true(has_irq(&blob, 100));
	assert_non_null(
		strstr(json_object_get_string(at(gen, "root_cell.comment")),
		       "interrupt 100 (extra) from /proc/interrupts"));
	config_blob_free(&blob);
	json_object_put(gen);
	machine_free(&m);
}

static int setup_root(void **state)
{
	*state = root_fixture_new(FIXTURE, arm64());
	return 0;
}

static int teardown_root(void **state)
{
	root_fixture_free(*state);
	return 0;
}

static struct json_object *cell(struct root_fixture *f,
				const struct create_cell_request *req,
				struct config_blob *out)
{
	return generate_cell(f, arm64(), req, out);
}

static struct json_object *hand(const char *name)
{
	char path[128];
	size_t len;
	char *text;
	struct json_object *o;

	snprintf(path, sizeof(path), "configs/arm64/qemu/%s.json", name);
	text = read_text(top_path(path), &len);
	o = json_tokener_parse(text);
	free(text);
	assert_non_null(o);
	return o;
}

/* The test guest's cell: the guest-physical layout testguest.json has. */
static void test_cell_testguest(void **state)
{
	struct root_fixture *f = *state;
	struct create_cell_request req = { .name = "testguest",
					   .cpus = 1u << 3,
					   .mem = 0x10000000,
					   .console = true,
					   .agent = true,
					   .testdev = true };
	struct config_blob blob = { NULL, 0 };
	struct json_object *gen = cell(f, &req, &blob), *h = hand("testguest");
	const struct hvisor_cell_desc *c = blob.data;
	const struct hvisor_mem_region *r = hvisor_cell_regions(c);
	static const char *const fields[] = { "entry", "console.base",
					      "console.irq", "doorbell_irq",
					      "mailbox" };
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (num(gen, fields[i]) != num(h, fields[i]))
			fail_msg("%s: generated 0x%" PRIx64
				 ", testguest.json 0x%" PRIx64,
				 fields[i], num(gen, fields[i]),
				 num(h, fields[i]));
	assert_int_equal(c->cpus, 1u << 3);
	assert_int_equal(c->num_mem_regions, 3);
	assert_int_equal(r[0].virt_start, 0x90000000);
	assert_int_equal(r[0].size, 0xffff000);
	assert_int_equal(r[0].phys_start, 0x84000000); /* the lowest free */
	assert_int_equal(r[1].virt_start, 0x9ffff000);
	assert_int_equal(r[1].phys_start, 0x93fff000);
	assert_true(r[1].flags & HVISOR_MEM_ROOTSHARED);
	assert_int_equal(r[2].type, HVISOR_MEM_TYPE_TESTDEV);
	assert_int_equal(r[2].virt_start, 0x0b000000);
	config_blob_free(&blob);
	json_object_put(gen);
	json_object_put(h);
}

/* A Linux cell beside it: other RAM, virtio interrupts from 48, rootshared RAM. */
static void test_cell_linux_beside(void **state)
{
	struct root_fixture *f = *state;
	struct create_cell_request tg = { .name = "testguest",
					  .cpus = 1u << 3,
					  .mem = 0x10000000,
					  .console = true,
					  .agent = true };
	struct create_cell_request lx = { .name = "linux",
					  .cpus = 0x6,
					  .mem = 0x10000000,
					  .console = true,
					  .num_virtio = 3,
					  .virtio = { "blk", "net",
						      "console" } };
	struct config_blob first = { NULL, 0 }, second = { NULL, 0 }, both[2];
	struct json_object *a = cell(f, &tg, &first), *b;
	const struct hvisor_mem_region *r;
	const char *files[2] = { "a.json", "b.json" };
	bool failed[2] = { false, false };
	struct diag d;

	lx.others = &first;
	lx.num_others = 1;
	b = cell(f, &lx, &second);
	r = hvisor_cell_regions(second.data);
	assert_int_equal(r[0].phys_start, 0x94000000);
	assert_true(r[0].flags & HVISOR_MEM_ROOTSHARED);
	assert_int_equal(r[1].type, HVISOR_MEM_TYPE_VIRTIO);
	assert_int_equal(r[1].virt_start, 0x0a000000);
	assert_int_equal(r[3].virt_start, 0x0a002000);
	assert_int_equal(r[1].flags >> 16 & 0x3ff, 48);
	assert_int_equal(r[3].flags >> 16 & 0x3ff, 50);
	/* and the checker finds no conflict between the two */
	both[0] = first;
	both[1] = second;
	diag_init(&d);
	assert_int_equal(config_cells_check(&f->system, "root.json", both,
					    files, 2, failed, &d),
			 0);
	diag_free(&d);
	config_blob_free(&first);
	config_blob_free(&second);
	json_object_put(a);
	json_object_put(b);
}

static void expect_cell_error(struct root_fixture *f,
			      const struct create_cell_request *req,
			      const char *text)
{
	struct diag d;

	diag_init(&d);
	assert_null(create_cell(f->system.data, arm64(), req, &d));
	assert_true(d.count > 0);
	if (!strstr(d.msgs[0], text))
		fail_msg("message \"%s\" lacks \"%s\"", d.msgs[0], text);
	diag_free(&d);
}

static void test_cell_refusals(void **state)
{
	struct root_fixture *f = *state;
	struct create_cell_request req = { .name = "x",
					   .cpus = 0xf,
					   .mem = 0x10000000 };
	struct config_blob first = { NULL, 0 };
	struct json_object *a;

	expect_cell_error(f, &req, "must keep one");
	req.cpus = 1u << 4;
	expect_cell_error(f, &req, "not of the root cell");
	req.cpus = 1u << 1;
	req.mem = 0x40000000; /* 960 MiB are loadable */
	expect_cell_error(f, &req, "960 MiB are");
	req.mem = 0x1234;
	expect_cell_error(f, &req, "multiple of 4 KiB");
	req.mem = 0x3c000000;
	a = cell(f, &req, &first); /* takes all of it */
	req.others = &first;
	req.num_others = 1;
	req.cpus = 1u << 2;
	req.mem = 0x200000;
	expect_cell_error(f, &req, "0 MiB are");
	req.cpus = 1u << 1;
	expect_cell_error(f, &req, "are cell \"x\"'s");
	config_blob_free(&first);
	json_object_put(a);
}

static void test_parse_args(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(create_parse_size("256M", &v), 0);
	assert_int_equal(v, 0x10000000);
	assert_int_equal(create_parse_size("0x1000", &v), 0);
	assert_int_equal(v, 0x1000);
	assert_int_equal(create_parse_size("1G", &v), 0);
	assert_int_equal(v, 0x40000000);
	assert_int_equal(create_parse_size("12Q", &v), -1);
	assert_int_equal(create_parse_size("-1", &v), -1);
	assert_int_equal(create_parse_cpus("1-2,5", &v), 0);
	assert_int_equal(v, 0x26);
	assert_int_equal(create_parse_cpus("3", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(create_parse_cpus("2-1", &v), -1);
	assert_int_equal(create_parse_cpus("64", &v), -1);
	assert_int_equal(create_parse_cpus("1,,x", &v), -1);
	assert_int_equal(create_parse_cpus("", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_agrees_with_hand_written),
		cmocka_unit_test(test_root_regions),
		cmocka_unit_test(test_root_interrupts),
		cmocka_unit_test(test_root_no_hypervisor_memory),
		cmocka_unit_test(test_root_hv_size),
		cmocka_unit_test(test_root_initrd_reserved),
		cmocka_unit_test(test_root_smp2_4g),
		cmocka_unit_test(test_root_cpus_disagree),
		cmocka_unit_test(test_parse_proc),
		cmocka_unit_test(test_root_proc_irq_added),
		cmocka_unit_test_setup_teardown(test_cell_testguest, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_cell_linux_beside,
						setup_root, teardown_root),
		cmocka_unit_test_setup_teardown(test_cell_refusals, setup_root,
						teardown_root),
		cmocka_unit_test(test_parse_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
