/* Cell configs JSON -> binary: the QEMU test guests against root.json, the arch tag and console type, defaults, pairs, dump. */
#include "config/dump.h"
#include "config/from_json.h"
#include "config/load.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <hvisor/virtio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ROOT_JSON "configs/arm64/qemu/root.json"
#define TESTGUEST "configs/arm64/qemu/testguest.json"
#define TESTGUEST_SMP "configs/arm64/qemu/testguest-smp.json"
#define TESTGUEST2 "configs/arm64/qemu/testguest2.json"

#define RWX_LOAD                                                   \
	(HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE | \
	 HVISOR_MEM_LOADABLE)
#define RW_SHARED (HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_ROOTSHARED)

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

/* Loads a cell config file against root.json (or alone); must pass. */
static struct hvisor_cell_desc *load_cell(const char *relative, bool alone,
					  size_t *size)
{
	struct config_blob blob;
	struct diag d;
	int ret;

	diag_init(&d);
	ret = config_cell_load(top_path(relative), alone ? NULL : &root,
			       ROOT_JSON, &blob, &d);
	diag_print(&d, stderr);
	assert_int_equal(ret, 0);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	if (size)
		*size = blob.size;
	return blob.data;
}

static void assert_region(const struct hvisor_mem_region *r, uint32_t type,
			  uint64_t phys, uint64_t virt, uint64_t size,
			  uint32_t flags)
{
	assert_int_equal(r->type, type);
	assert_int_equal(r->phys_start, phys);
	assert_int_equal(r->virt_start, virt);
	assert_int_equal(r->size, size);
	assert_int_equal(r->flags, flags);
}

/* What the three test guests have in common: layout, devices, mailbox. */
static void assert_test_guest(const struct hvisor_cell_desc *c, size_t size,
			      const char *name, uint64_t cpus, uint64_t phys)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(c);
	unsigned int i;

	assert_memory_equal(c->magic, HVISOR_CELL_MAGIC, 8);
	assert_int_equal(c->version, HVISOR_CONFIG_VERSION);
	assert_int_equal(c->size, size);
	assert_int_equal(size, sizeof(*c) + 4 * sizeof(*r));
	assert_int_equal(c->arch, HVISOR_ARCH_ARM64);
	assert_string_equal(c->name, name);
	assert_int_equal(c->cpus, cpus);
	assert_int_equal(c->entry, 0x90000000);
	assert_int_equal(c->num_mem_regions, 4);
	/* testguest2 asks for the stop fault policy, the others default */
	assert_int_equal(c->flags, strcmp(name, "testguest2") ?
					   0 :
					   HVISOR_CELL_FLAG_FAULT_STOP);
	for (i = 0; i < HVISOR_MAX_IRQS / 32; i++)
		assert_int_equal(c->irqs[i], 0);
	assert_region(&r[0], HVISOR_MEM_TYPE_RAM, phys, 0x90000000, 0xffff000,
		      RWX_LOAD);
	assert_region(&r[1], HVISOR_MEM_TYPE_RAM, phys + 0xffff000, 0x9ffff000,
		      0x1000, RW_SHARED);
	assert_region(&r[2], HVISOR_MEM_TYPE_TESTDEV, 0, 0x0b000000, 0x1000, 0);
	assert_region(&r[3], HVISOR_MEM_TYPE_VIRTIO, 0, 0x0a000000, 0x1000,
		      41u << HVISOR_MEM_VIRTIO_IRQ_SHIFT);
	assert_int_equal(c->console_base, 0x09000000);
	assert_int_equal(c->console_irq, 33);
	assert_int_equal(c->console_type, HVISOR_CONSOLE_PL011);
	assert_int_equal(c->doorbell_irq, 40);
	assert_int_equal(c->mailbox_base, 0x9ffff000);
}

static void test_testguest(void **state)
{
	struct hvisor_cell_desc *c;
	size_t size;

	(void)state;
	c = load_cell(TESTGUEST, false, &size);
	assert_test_guest(c, size, "testguest", 1u << 3, 0x90000000);
	free(c);
	c = load_cell(TESTGUEST, true, &size);
	assert_test_guest(c, size, "testguest", 1u << 3, 0x90000000);
	free(c);
}

static void test_testguest_smp(void **state)
{
	struct hvisor_cell_desc *c;
	size_t size;

	(void)state;
	c = load_cell(TESTGUEST_SMP, false, &size);
	assert_test_guest(c, size, "testguest-smp", 3u << 2, 0x90000000);
	free(c);
}

static void test_testguest2(void **state)
{
	struct hvisor_cell_desc *c;
	size_t size;

	(void)state;
	c = load_cell(TESTGUEST2, false, &size);
	assert_test_guest(c, size, "testguest2", 1u << 2, 0xa0000000);
	free(c);
}

/* Checks two config files together; returns the messages. */
static void check_two(const char *a, const char *b, struct diag *d)
{
	const char *files[2] = { a, b };
	struct config_blob blobs[2];
	bool failed[2];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		blobs[i].data = load_cell(files[i], false, &blobs[i].size);
		files[i] = strrchr(files[i], '/') + 1;
	}
	config_cells_check(&root, ROOT_JSON, blobs, files, 2, failed, d);
	for (i = 0; i < 2; i++)
		config_blob_free(&blobs[i]);
}

static void test_pairs(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	check_two(TESTGUEST, TESTGUEST2, &d);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	diag_free(&d);

	/* testguest and testguest-smp share RAM (and CPU 3). */
	diag_init(&d);
	check_two(TESTGUEST, TESTGUEST_SMP, &d);
	assert_int_equal(d.count, 1);
	assert_message(
		d.msgs[0], "testguest-smp.json", "memory_regions[0]",
		"physical range is not rootshared in both cells but overlaps memory_regions[0] of testguest.json (0x90000000)");
	diag_free(&d);
}

static struct hvisor_cell_desc *build(const char *text, bool alone,
				      struct diag *d)
{
	struct config_blob blob;
	int ret;

	ret = config_cell_build(text, strlen(text), "cell.json",
				alone ? NULL : &root, ROOT_JSON, &blob, d);
	if (ret)
		config_blob_free(&blob);
	return blob.data;
}

/*
 * virt_start defaults to phys_start, io regions get HVISOR_MEM_IO, virtio
 * regions may leave out flags, console, doorbell and mailbox are optional,
 * interrupts take ranges.
 */
static void test_defaults(void **state)
{
	static const char text[] =
		"{ \"name\": \"c\", \"cpus\": [\"1-2\"], \"entry\": 2214592512,"
		" \"memory_regions\": ["
		"  { \"type\": \"ram\", \"phys_start\": \"0x84000000\","
		"    \"size\": \"0x200000\", \"flags\": [\"read\", \"execute\"] },"
		"  { \"type\": \"io\", \"phys_start\": \"0x09030000\","
		"    \"size\": 4096, \"flags\": [\"read\", \"write\"] },"
		"  { \"type\": \"virtio\", \"virt_start\": \"0x20000000\","
		"    \"size\": \"0x1000\", \"comment\": \"a virtio window\" } ],"
		" \"interrupts\": [\"100-101\", 40] }";
	const struct hvisor_mem_region *r;
	struct hvisor_cell_desc *c;
	struct diag d;

	(void)state;
	diag_init(&d);
	c = build(text, true, &d);
	diag_print(&d, stderr);
	assert_non_null(c);
	r = hvisor_cell_regions(c);
	assert_int_equal(c->cpus, 0x6);
	assert_int_equal(c->entry, 0x84000000);
	assert_region(&r[0], HVISOR_MEM_TYPE_RAM, 0x84000000, 0x84000000,
		      0x200000, HVISOR_MEM_READ | HVISOR_MEM_EXECUTE);
	assert_region(&r[1], HVISOR_MEM_TYPE_IO, 0x09030000, 0x09030000, 0x1000,
		      HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO);
	assert_region(&r[2], HVISOR_MEM_TYPE_VIRTIO, 0, 0x20000000, 0x1000, 0);
	assert_int_equal(c->irqs[1], 1u << 8);
	assert_int_equal(c->irqs[3], 3u << 4);
	assert_int_equal(c->console_base, 0);
	assert_int_equal(c->console_irq, 0);
	assert_int_equal(c->console_type, HVISOR_CONSOLE_NONE);
	assert_int_equal(c->doorbell_irq, 0);
	assert_int_equal(c->mailbox_base, 0);
	/* no "arch", no system config: arm64 */
	assert_int_equal(c->arch, HVISOR_ARCH_ARM64);
	free(c);
	/* The root hands all of it over. */
	c = build(text, false, &d);
	diag_print(&d, stderr);
	assert_non_null(c);
	assert_int_equal(d.count, 0);
	free(c);
	diag_free(&d);
}

#define ARCH_CELL(arch, console_type)                                        \
	"{ " arch                                                            \
	" \"name\": \"c\", \"cpus\": [1], \"entry\": \"0x84000000\","        \
	" \"memory_regions\": ["                                             \
	"  { \"type\": \"ram\", \"phys_start\": \"0x84000000\","             \
	"    \"size\": \"0x200000\", \"flags\": [\"execute\"] } ],"          \
	" \"interrupts\": [],"                                               \
	" \"console\": { \"base\": \"0x09000000\", \"irq\": 33" console_type \
	" } }"

/* "arch" and console "type": absent, the defaults; given, the same blob. */
static void test_arch_and_console_type(void **state)
{
	static const char absent[] = ARCH_CELL("", "");
	static const char given[] =
		ARCH_CELL("\"arch\": \"arm64\",", ", \"type\": \"pl011\"");
	struct hvisor_cell_desc *a, *b;
	struct diag d;

	(void)state;
	diag_init(&d);
	a = build(absent, false, &d);
	b = build(given, false, &d);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->arch, HVISOR_ARCH_ARM64);
	assert_int_equal(a->console_type, HVISOR_CONSOLE_PL011);
	assert_int_equal(a->size, b->size);
	assert_memory_equal(a, b, a->size);
	free(a);
	free(b);
	/* alone too */
	a = build(given, true, &d);
	assert_non_null(a);
	assert_int_equal(a->arch, HVISOR_ARCH_ARM64);
	free(a);
	diag_free(&d);
}

/* Converts text (a cell config) for a system config of system_arch. */
static void assert_cell_refused(const char *text, uint32_t system_arch,
				const char *path, const char *message)
{
	struct json_object *json = json_tokener_parse(text);
	struct config_blob blob;
	struct diag d;

	assert_non_null(json);
	diag_init(&d);
	assert_int_equal(config_cell_from_json(json, "cell.json", system_arch,
					       &blob, &d),
			 -1);
	assert_null(blob.data);
	if (d.count != 1) {
		diag_print(&d, stderr);
		fail_msg("expected exactly one error, got %u", d.count);
	}
	assert_message(d.msgs[0], "cell.json", path, message);
	assert_int_equal(strlen(d.msgs[0]), strlen("cell.json: ") +
						    strlen(path) + 2 +
						    strlen(message));
	diag_free(&d);
	json_object_put(json);
}

/*
 * A cell's arch is the system config's: given, it must match; absent, the
 * cell takes it (here riscv64, whose console is an ns16550).
 */
static void test_arch_of_the_system(void **state)
{
	static const char arm[] = ARCH_CELL("\"arch\": \"arm64\",", "");
	static const char pl011[] = ARCH_CELL("", ", \"type\": \"pl011\"");
	static const char absent[] = ARCH_CELL("", "");

	(void)state;
	assert_cell_refused(
		arm, HVISOR_ARCH_RISCV64, "arch",
		"\"arm64\" does not match the system config's arch \"riscv64\"");
	assert_cell_refused(
		pl011, HVISOR_ARCH_RISCV64, "console.type",
		"unknown console type \"pl011\" (expected one of: ns16550)");
	assert_cell_refused(
		absent, 99, "arch",
		"\"unknown (99)\" (the system config's arch) is not supported by this build of the hvisor tools (supported: arm64, riscv64)");
}

/* Root-dependent checks are what the relaxed mode leaves out. */
static void test_relaxed_mode(void **state)
{
	static const char text[] =
		"{ \"name\": \"c\", \"cpus\": [9], \"entry\": \"0x84000000\","
		" \"memory_regions\": ["
		"  { \"type\": \"ram\", \"phys_start\": \"0x84000000\","
		"    \"size\": \"0x200000\", \"flags\": [\"execute\"] } ],"
		" \"interrupts\": [900] }";
	struct hvisor_cell_desc *c;
	struct diag d;

	(void)state;
	diag_init(&d);
	c = build(text, true, &d);
	diag_print(&d, stderr);
	assert_non_null(c);
	free(c);
	assert_null(build(text, false, &d));
	assert_int_equal(d.count, 1);
	assert_message(d.msgs[0], "cell.json", "cpus",
		       "names a CPU at or above platform.num_cpus (9)");
	diag_free(&d);
}

static void test_dump(void **state)
{
	static const char *const lines[] = {
		"cell config: version 3, 440 bytes\narch: arm64\n",
		"cell \"testguest2\"\n",
		"  cpus: 2\n",
		"  interrupts: none\n",
		"  memory regions: 4\n",
		"    [0] ram phys 0xa0000000-0xafffefff virt 0x90000000 size 0xffff000 (262140 KiB) flags read,write,execute,loadable\n",
		"    [2] testdev phys none virt 0xb000000 size 0x1000 (4 KiB) flags none\n",
		"  entry: 0x90000000\n",
		"  console: pl011 at 0x9000000, irq 33\n",
		"  doorbell irq: 40\n",
		"  mailbox: 0x9ffff000\n",
		"  fault policy: stop\n",
	};
	struct hvisor_cell_desc *c = load_cell(TESTGUEST2, false, NULL);
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	assert_non_null(f);
	config_dump_cell(f, c);
	fclose(f);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (!strstr(out, lines[i]))
			fail_msg("dump lacks \"%s\":\n%s", lines[i], out);
	free(out);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_testguest),
		cmocka_unit_test(test_testguest_smp),
		cmocka_unit_test(test_testguest2),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_arch_and_console_type),
		cmocka_unit_test(test_arch_of_the_system),
		cmocka_unit_test(test_relaxed_mode),
		cmocka_unit_test(test_dump),
	};

	return cmocka_run_group_tests_name("cell_json", tests, load_root,
					   free_root);
}
