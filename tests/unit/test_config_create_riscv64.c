/* hvisor config create on riscv64 QEMU virt (the runner's boot DT and /proc files; QEMU's dumped aia=aplic-imsic DTB): the root config agrees with configs/riscv64/qemu/root.json, keeps the PLIC, CLINT and OpenSBI from the root, refuses harts without H and AIA; cell configs pass the checks. */
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

#define FIXTURE "tests/unit/data/create/riscv64-qemu"
#define FIXTURE_AIA "tests/unit/data/create/riscv64-qemu-aia"

static const struct create_arch_ops *rv(void)
{
	const struct create_arch_ops *ops =
		create_arch_find(HVISOR_ARCH_RISCV64);

	assert_non_null(ops);
	return ops;
}

static struct json_object *generate(const char *dir, struct machine *m)
{
	read_machine(m, dir);
	return generate_root(m, rv(), CREATE_HV_SIZE);
}

/* Fields the hand-written config and the machine must agree on. */
static void test_root_agrees_with_hand_written(void **state)
{
	static const char *const fields[] = {
		"hypervisor.phys_start",
		"hypervisor.size",
		"platform.num_cpus",
		"platform.timebase_frequency",
		"platform.irqchip.base",
		"platform.irqchip.size",
		"platform.irqchip.contexts_per_hart",
		"platform.irqchip.s_context",
		"platform.clint.base",
		"platform.clint.size",
		"platform.firmware.base",
		"platform.firmware.size",
		"platform.uart.base",
		"platform.uart.size",
	};
	struct machine m;
	struct json_object *gen = generate(FIXTURE, &m),
			   *hand = read_json("configs/riscv64/qemu/root.json");
	struct config_blob blob = { NULL, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (num(gen, fields[i]) != num(hand, fields[i]))
			fail_msg("%s: generated 0x%" PRIx64
				 ", hand-written 0x%" PRIx64,
				 fields[i], num(gen, fields[i]),
				 num(hand, fields[i]));
	assert_string_equal(json_object_get_string(at(gen, "arch")), "riscv64");
	assert_string_equal(
		json_object_get_string(at(gen, "platform.irqchip.type")),
		"plic");
	assert_string_equal(
		json_object_get_string(at(gen, "platform.uart.type")),
		"ns16550");
	/*
	 * riscv,ndev = 96: sources 1..96, so 97 with source 0; the
	 * hand-written config stops at 95 (no device of QEMU virt uses 96).
	 */
	assert_int_equal(num(gen, "platform.irqchip.num_sources"), 97);
	assert_true(num(hand, "platform.irqchip.num_sources") <= 97);
	assert_string_equal(
		json_object_to_json_string(at(gen, "root_cell.cpus")),
		json_object_to_json_string(at(hand, "root_cell.cpus")));
	build(gen, NULL, &blob);
	config_blob_free(&blob);
	json_object_put(gen);
	json_object_put(hand);
	machine_free(&m);
}

static bool overlaps(uint64_t s, uint64_t e, uint64_t base, uint64_t size)
{
	return s < base + size && base < e;
}

/*
 * RAM regions are the hand-written ones (System RAM minus OpenSBI, and the
 * loadable RAM above the hypervisor); every hand-written io region lies in
 * a generated one but the platform bus (a QEMU window no DT node names);
 * nothing of the PLIC, CLINT or OpenSBI is the root's.
 */
static void test_root_regions(void **state)
{
	struct machine m;
	struct json_object *gen = generate(FIXTURE, &m),
			   *hand = read_json("configs/riscv64/qemu/root.json");
	size_t i, j;

	(void)state;
	for (i = 0; i < num_regions(hand); i++) {
		const char *ht, *hf, *gt, *gf;
		uint64_t hs, he, gs, ge;
		bool found = false;

		region_of(hand, i, &ht, &hs, &he, &hf);
		if (hs == 0x04000000)
			continue; /* the platform bus */
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
		const char *gt, *gf;
		uint64_t gs, ge;

		region_of(gen, j, &gt, &gs, &ge, &gf);
		assert_false(overlaps(gs, ge, 0x0c000000, 0x600000)); /* PLIC */
		assert_false(overlaps(gs, ge, 0x02000000, 0x10000)); /* CLINT */
		assert_false(
			overlaps(gs, ge, 0x80000000, 0x80000)); /* OpenSBI */
		assert_false(overlaps(gs, ge, 0xc0000000, CREATE_HV_SIZE));
	}
	json_object_put(gen);
	json_object_put(hand);
	machine_free(&m);
}

/* The root owns the DT's PLIC sources and no more; root_irq is not its. */
static void test_root_interrupts(void **state)
{
	struct config_blob blob = { NULL, 0 };
	const struct hvisor_system *sys;
	struct machine m;
	struct json_object *gen = generate(FIXTURE, &m);
	unsigned int i;

	(void)state;
	build(gen, NULL, &blob);
	sys = blob.data;
	for (i = 0; i < 1024; i++) {
		/* virtio 1-8, UART 10, RTC 11, PCIe INTx 32-35 */
		bool want = (i >= 1 && i <= 8) || i == 10 || i == 11 ||
			    (i >= 32 && i <= 35);
		bool has = sys->root_cell.irqs[i / 32] >> (i % 32) & 1;

		if (want != has)
			fail_msg("source %u: root owns it %d, expected %d", i,
				 has, want);
	}
	assert_int_equal(sys->platform.root_irq, 9);
	config_blob_free(&blob);
	json_object_put(gen);
	machine_free(&m);
}

/* create_root() of m refuses, with text in its messages. */
static void expect_error(struct machine *m, const char *text)
{
	struct diag d;
	struct json_object *o;
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	diag_init(&d);
	o = create_root(m, rv(), CREATE_HV_SIZE, &d);
	assert_null(o);
	diag_print(&d, f);
	fclose(f);
	if (!strstr(buf, text))
		fail_msg("expected \"%s\" in:\n%s", text, buf);
	diag_free(&d);
}

/* m's device tree with room to edit it. */
static void *editable(struct machine *m)
{
	size_t size = m->fdt_size + 4096;
	void *fdt = malloc(size);

	assert_int_equal(fdt_open_into(m->fdt, fdt, (int)size), 0);
	free(m->fdt);
	m->fdt = fdt;
	m->fdt_size = size;
	return fdt;
}

/* A hart without the H extension: refused, naming it. */
static void test_root_no_h(void **state)
{
	struct machine m;
	void *fdt;
	int node;

	(void)state;
	read_machine(&m, FIXTURE);
	fdt = editable(&m);
	node = fdt_path_offset(fdt, "/cpus/cpu@2");
	assert_true(node >= 0);
	assert_int_equal(fdt_setprop_string(fdt, node, "riscv,isa",
					    "rv64imafdc_zicsr_sstc"),
			 0);
	expect_error(&m, "cpu@2: hart without the H extension");
	machine_free(&m);
}

/* PLIC contexts listed out of hart order: refused. */
static void test_root_plic_order(void **state)
{
	struct machine m;
	fdt32_t *ie, t;
	void *fdt;
	int node, len;

	(void)state;
	read_machine(&m, FIXTURE);
	fdt = editable(&m);
	node = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	assert_true(node >= 0);
	ie = fdt_getprop_w(fdt, node, "interrupts-extended", &len);
	assert_int_equal(len, 4 * 2 * 2 * 4); /* 4 harts, M and S */
	t = ie[0]; /* the first two contexts' harts swapped with the next two */
	ie[0] = ie[4];
	ie[4] = t;
	ie[2] = ie[0];
	ie[6] = ie[4];
	expect_error(&m,
		     "PLIC interrupts-extended: contexts not in hart order");
	machine_free(&m);
}

/*
 * AIA (QEMU virt,aia=aplic-imsic): the S-level APLIC and IMSIC are found,
 * no APLIC or IMSIC frame goes to the root, the cells get QEMU's PLIC
 * layout as their virtual PLIC. The fixture was dumped without
 * aia-guests (no guest files): the checker refuses it, naming the field.
 */
static void test_root_aia(void **state)
{
	struct machine m;
	struct json_object *gen = generate(FIXTURE_AIA, &m);
	const char *text = json_object_to_json_string(gen);
	struct config_blob blob = { NULL, 0 };
	struct diag d;
	char buf[4096];
	FILE *f;
	size_t j;

	(void)state;
	assert_string_equal(
		json_object_get_string(at(gen, "platform.irqchip.type")),
		"aplic-imsic");
	assert_int_equal(num(gen, "platform.irqchip.aplic_base"), 0x0d000000);
	assert_int_equal(num(gen, "platform.irqchip.aplic_size"), 0x8000);
	assert_int_equal(num(gen, "platform.irqchip.imsic_base"), 0x28000000);
	assert_int_equal(num(gen, "platform.irqchip.imsic_num_ids"), 255);
	assert_int_equal(num(gen, "platform.irqchip.num_sources"), 97);
	for (j = 0; j < num_regions(gen); j++) {
		const char *gt, *gf;
		uint64_t gs, ge;

		region_of(gen, j, &gt, &gs, &ge, &gf);
		assert_false(
			overlaps(gs, ge, 0x0c000000, 0x8000)); /* M APLIC */
		assert_false(
			overlaps(gs, ge, 0x0d000000, 0x8000)); /* S APLIC */
		assert_false(
			overlaps(gs, ge, 0x24000000, 0x4000)); /* M IMSIC */
		assert_false(
			overlaps(gs, ge, 0x28000000, 0x4000)); /* S IMSIC */
	}
	assert_int_equal(num(gen, "platform.irqchip.guest_file"), 1);
	assert_int_equal(num(gen, "platform.irqchip.base"), 0x0c000000);
	assert_int_equal(num(gen, "platform.irqchip.contexts_per_hart"), 2);
	assert_int_equal(num(gen, "platform.irqchip.imsic_guest_index_bits"),
			 0);
	diag_init(&d);
	assert_int_not_equal(config_system_build(text, strlen(text),
						 "root.json", &blob, &d),
			     0);
	f = fmemopen(buf, sizeof(buf), "w");
	diag_print(&d, f);
	fclose(f);
	if (!strstr(buf,
		    "platform.irqchip.imsic_guest_index_bits: must be 1 to 6"))
		fail_msg("AIA refusal: %s", buf);
	diag_free(&d);
	config_blob_free(&blob);
	json_object_put(gen);
	machine_free(&m);
}

static int setup_root(void **state)
{
	*state = root_fixture_new(FIXTURE, rv());
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
	return generate_cell(f, rv(), req, out);
}

/*
 * The test guest's cell: the layout guests/testguest/platform.h expects
 * on riscv64 (RAM ending at the mailbox 0xcffff000, ns16550 console at
 * 0x10000000 on source 10, doorbell source 40, test device 0x0b000000).
 */
static void test_cell_testguest(void **state)
{
	struct root_fixture *f = *state;
	struct create_cell_request req = {
		.name = "testguest",
		.cpus = 1u << 3,
		.mem = 256u << 20,
		.console = true,
		.agent = true,
		.testdev = true,
	};
	struct config_blob blob = { NULL, 0 };
	const struct hvisor_cell_desc *c;
	const struct hvisor_mem_region *r;
	struct json_object *o = cell(f, &req, &blob);

	c = blob.data;
	r = hvisor_cell_regions(c);
	assert_int_equal(c->cpus, 1u << 3);
	assert_int_equal(c->entry, 0xc0000000);
	assert_int_equal(r[0].virt_start, 0xc0000000);
	assert_int_equal(r[0].phys_start, 0xc4000000); /* the loadable RAM */
	assert_int_equal(c->mailbox_base, 0xcffff000);
	assert_int_equal(c->console_base, 0x10000000);
	assert_int_equal(c->console_irq, 10);
	assert_int_equal(c->console_type, HVISOR_CONSOLE_8250);
	assert_int_equal(c->doorbell_irq, 40);
	assert_string_equal(json_object_get_string(at(o, "console.type")),
			    "ns16550");
	config_blob_free(&blob);
	json_object_put(o);
}

/* A Linux cell with three virtio devices beside the test guest's. */
static void test_cell_linux_virtio(void **state)
{
	struct root_fixture *f = *state;
	struct create_cell_request tg = { .name = "testguest",
					  .cpus = 1u << 3,
					  .mem = 256u << 20,
					  .console = true,
					  .agent = true };
	struct create_cell_request req = {
		.name = "linux",
		.cpus = 3u << 1,
		.mem = 256u << 20,
		.console = true,
		.num_virtio = 3,
		.virtio = { "blk", "net", "console" },
	};
	struct config_blob tgb = { NULL, 0 }, blob = { NULL, 0 };
	struct json_object *t = cell(f, &tg, &tgb), *o;
	const struct hvisor_mem_region *r;
	uint32_t i, n;

	req.others = &tgb;
	req.num_others = 1;
	o = cell(f, &req, &blob);
	r = hvisor_cell_regions(blob.data);
	n = ((const struct hvisor_cell_desc *)blob.data)->num_mem_regions;
	assert_int_equal(r[0].phys_start, 0xd4000000); /* after the guest's */
	for (i = 0; i < 3; i++) {
		struct json_object *v = json_object_array_get_idx(
			at(o, "memory_regions"), i + 1);

		assert_int_equal(num(v, "virt_start"), 0x10001000 + i * 0x1000);
		assert_int_equal(num(v, "irq"), 1 + i);
	}
	assert_int_equal(n, 4);
	config_blob_free(&blob);
	config_blob_free(&tgb);
	json_object_put(o);
	json_object_put(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_agrees_with_hand_written),
		cmocka_unit_test(test_root_regions),
		cmocka_unit_test(test_root_interrupts),
		cmocka_unit_test(test_root_no_h),
		cmocka_unit_test(test_root_plic_order),
		cmocka_unit_test(test_root_aia),
		cmocka_unit_test_setup_teardown(test_cell_testguest, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_cell_linux_virtio,
						setup_root, teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
