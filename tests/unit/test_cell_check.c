/* Binary-level checks of hvisor_check_cell()/hvisor_check_cells(): layout, fields, relaxed mode, error fields. */
#include "config/error.h"
#include "config/load.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <hvisor/config_check.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define NUM_REGIONS 3
#define CELL_SIZE                          \
	(sizeof(struct hvisor_cell_desc) + \
	 NUM_REGIONS * sizeof(struct hvisor_mem_region))

static struct config_blob sys;

static int load_system(void **state)
{
	struct diag d;
	int ret;

	(void)state;
	diag_init(&d);
	ret = config_system_load(top_path("tests/unit/configs/base.json"), &sys,
				 &d);
	diag_print(&d, stderr);
	diag_free(&d);
	return ret;
}

static int free_system(void **state)
{
	(void)state;
	config_blob_free(&sys);
	return 0;
}

static struct hvisor_system *system_copy(void)
{
	struct hvisor_system *s = malloc(sys.size);

	assert_non_null(s);
	memcpy(s, sys.data, sys.size);
	return s;
}

/* A valid cell for base.json, built by hand: RAM, mailbox page, testdev. */
static struct hvisor_cell_desc *make_cell(const char *name, uint64_t cpus,
					  uint64_t phys)
{
	struct hvisor_cell_desc *c = calloc(1, CELL_SIZE);
	struct hvisor_mem_region *r;

	assert_non_null(c);
	memcpy(c->magic, HVISOR_CELL_MAGIC, 8);
	c->version = HVISOR_CONFIG_VERSION;
	c->size = CELL_SIZE;
	strcpy(c->name, name);
	c->cpus = cpus;
	c->entry = 0x90000000;
	c->num_mem_regions = NUM_REGIONS;
	c->console_base = 0x09000000;
	c->console_irq = 33;
	c->doorbell_irq = 34;
	c->mailbox_base = 0x90100000;
	r = (struct hvisor_mem_region *)(c + 1);
	r[0].phys_start = phys;
	r[0].virt_start = 0x90000000;
	r[0].size = 0x100000;
	r[0].flags = HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE;
	r[1].phys_start = phys + 0x100000;
	r[1].virt_start = 0x90100000;
	r[1].size = 0x1000;
	r[1].flags = HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_ROOTSHARED;
	r[2].virt_start = 0x0b000000;
	r[2].size = 0x1000;
	r[2].type = HVISOR_MEM_TYPE_TESTDEV;
	return c;
}

static struct hvisor_mem_region *regions(struct hvisor_cell_desc *c)
{
	return (struct hvisor_mem_region *)(c + 1);
}

/* Checks from an exactly sized copy, so the sanitizer sees stray reads. */
static int check(const void *system, const struct hvisor_cell_desc *c,
		 uint64_t size, struct hvisor_check_error *err)
{
	void *copy = malloc(size ? size : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, c, size);
	ret = hvisor_check_cell(system, system ? sys.size : 0, copy, size, err);
	free(copy);
	return ret;
}

static void expect(const void *system, const struct hvisor_cell_desc *c,
		   uint64_t size, int code, int part, const char *field,
		   int region)
{
	struct hvisor_check_error err;

	memset(&err, 0xa5, sizeof(err));
	assert_int_equal(check(system, c, size, &err), code);
	assert_int_equal(err.code, code);
	assert_int_equal(err.part, part);
	if (field)
		assert_string_equal(err.field, field);
	else
		assert_null(err.field);
	assert_int_equal(err.region, region);
	assert_int_equal(err.cell, 0);
	assert_int_equal(err.other_cell, -1);
	assert_non_null(err.reason);
}

static void test_valid(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);
	struct hvisor_check_error err;

	(void)state;
	memset(&err, 0xa5, sizeof(err));
	assert_int_equal(check(sys.data, c, CELL_SIZE, &err), 0);
	assert_int_equal(err.code, HVISOR_CHECK_OK);
	assert_int_equal(check(NULL, c, CELL_SIZE, NULL), 0);
	free(c);
}

static void test_layout(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);

	(void)state;
	expect(sys.data, c, sizeof(*c) - 1, HVISOR_CHECK_TRUNCATED,
	       HVISOR_CHECK_PART_CELL, "size", -1);
	expect(sys.data, c, CELL_SIZE - sizeof(struct hvisor_mem_region),
	       HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	c->num_mem_regions = UINT32_MAX;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_TRUNCATED,
	       HVISOR_CHECK_PART_CELL, "num_mem_regions", -1);
	c->num_mem_regions = NUM_REGIONS - 1;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_CELL,
	       "size", -1);
	c->num_mem_regions = NUM_REGIONS;
	c->version = 2;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_VERSION, HVISOR_CHECK_PART_CELL,
	       "version", -1);
	c->version = HVISOR_CONFIG_VERSION;
	memcpy(c->magic, HVISOR_SYSTEM_MAGIC, 8);
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_MAGIC, HVISOR_CHECK_PART_CELL,
	       "magic", -1);
	free(c);
}

/* Names compare byte for byte: what follows the NUL must be 0. */
static void test_name_padding(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);

	(void)state;
	c->name[5] = 'x';
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_NAME, HVISOR_CHECK_PART_CELL,
	       "name", -1);
	memset(c->name, 'x', sizeof(c->name));
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_NAME, HVISOR_CHECK_PART_CELL,
	       "name", -1);
	free(c);
}

static void test_reserved_flags(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);

	(void)state;
	c->flags = 1;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_CELL, "flags", -1);
	free(c);
}

/* Emulated regions: no flags, no physical address; unknown types. */
static void test_emulated_regions(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);

	(void)state;
	regions(c)[2].flags = HVISOR_MEM_READ;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_FLAGS, HVISOR_CHECK_PART_REGION,
	       "flags", 2);
	regions(c)[2].flags = 0;
	regions(c)[2].phys_start = 0x0b000000;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_REGION, "phys_start", 2);
	regions(c)[2].phys_start = 0;
	regions(c)[2].type = 4;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_TYPE, HVISOR_CHECK_PART_REGION,
	       "type", 2);
	regions(c)[2].type = HVISOR_MEM_TYPE_VIRTIO;
	assert_int_equal(check(sys.data, c, CELL_SIZE, NULL), 0);
	regions(c)[0].flags |= HVISOR_MEM_IO;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_FLAGS, HVISOR_CHECK_PART_REGION,
	       "flags", 0);
	free(c);
}

/* Two emulated regions have no physical memory that could overlap. */
static void test_emulated_regions_no_physical_overlap(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);

	(void)state;
	regions(c)[1] = regions(c)[2];
	regions(c)[1].virt_start = 0x0c000000;
	c->mailbox_base = 0;
	assert_int_equal(check(sys.data, c, CELL_SIZE, NULL), 0);
	free(c);
}

/* Relaxed mode: at most 16 CPUs of the 64 the bitmap holds. */
static void test_too_many_cpus(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 0xffff0, 0x90000000);

	(void)state;
	assert_int_equal(check(NULL, c, CELL_SIZE, NULL), 0);
	c->cpus = 0x1ffff0;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_CPUS, HVISOR_CHECK_PART_CELL,
	       "cpus", -1);
	free(c);
}

static void test_root_irq(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);
	struct hvisor_system *s = system_copy();

	(void)state;
	c->irqs[40 / 32] |= 1u << (40 % 32);
	assert_int_equal(hvisor_check_cell(s, sys.size, c, CELL_SIZE, NULL), 0);
	s->platform.root_irq = 40;
	assert_int_equal(hvisor_check_cell(s, sys.size, c, CELL_SIZE, NULL),
			 HVISOR_CHECK_IRQ);
	free(s);
	free(c);
}

static void test_console_irq_without_console(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);

	(void)state;
	c->console_base = 0;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_CELL, "console_irq", -1);
	c->console_irq = 0;
	c->doorbell_irq = 33; /* no console: no clash */
	assert_int_equal(check(sys.data, c, CELL_SIZE, NULL), 0);
	free(c);
}

/* The system config is checked first; its errors say cell -1. */
static void test_bad_system(void **state)
{
	struct hvisor_cell_desc *c = make_cell("c", 1u << 3, 0x90000000);
	struct hvisor_system *s = system_copy();
	struct hvisor_check_error err;

	(void)state;
	s->hypervisor_size = 0;
	assert_int_equal(hvisor_check_cell(s, sys.size, c, CELL_SIZE, &err),
			 HVISOR_CHECK_EMPTY);
	assert_int_equal(err.cell, -1);
	assert_int_equal(err.part, HVISOR_CHECK_PART_HYPERVISOR);
	free(s);
	free(c);
}

/* testdev regions and cell-only fields are refused in the root cell. */
static void test_root_cell_rules(void **state)
{
	struct hvisor_system *s = system_copy();
	struct hvisor_mem_region *r = (struct hvisor_mem_region *)(s + 1);
	struct hvisor_check_error err;
	char path[128];

	(void)state;
	s->root_cell.entry = 0x40000000;
	assert_int_equal(hvisor_check_system(s, sys.size, &err),
			 HVISOR_CHECK_RESERVED);
	assert_int_equal(err.cell, -1);
	config_check_path(&err, "root_cell", path, sizeof(path));
	assert_string_equal(path, "(binary) root_cell.entry");
	s->root_cell.entry = 0;
	r[1].type = HVISOR_MEM_TYPE_TESTDEV;
	r[1].flags = 0;
	assert_int_equal(hvisor_check_system(s, sys.size, &err),
			 HVISOR_CHECK_TYPE);
	assert_int_equal(err.region, 1);
	free(s);
}

static void test_cells_error_fields(void **state)
{
	struct hvisor_cell_desc *a = make_cell("a", 1u << 3, 0x90000000);
	struct hvisor_cell_desc *b = make_cell("b", 1u << 2, 0xa0000000);
	struct hvisor_check_error err;
	const void *cells[2] = { a, b };
	uint64_t sizes[2] = { CELL_SIZE, CELL_SIZE };

	(void)state;
	assert_int_equal(hvisor_check_cells(sys.data, sys.size, cells, sizes, 2,
					    &err),
			 0);
	/* Mailbox pages: rootshared on both sides, they may be shared. */
	regions(b)[1].phys_start = regions(a)[1].phys_start;
	assert_int_equal(hvisor_check_cells(sys.data, sys.size, cells, sizes, 2,
					    &err),
			 0);
	regions(b)[0].phys_start = 0x90000000;
	regions(b)[1].phys_start = 0x90100000;
	assert_int_equal(hvisor_check_cells(NULL, 0, cells, sizes, 2, &err),
			 HVISOR_CHECK_OVERLAP);
	assert_int_equal(err.cell, 1);
	assert_int_equal(err.other_cell, 0);
	assert_int_equal(err.region, 0);
	assert_int_equal(err.other_region, 0);
	assert_int_equal(err.value, 0x90000000);
	regions(b)[0].phys_start = 0xa0000000;
	b->cpus = 0xc;
	assert_int_equal(hvisor_check_cells(sys.data, sys.size, cells, sizes, 2,
					    &err),
			 HVISOR_CHECK_TAKEN);
	assert_int_equal(err.cell, 1);
	assert_int_equal(err.other_cell, 0);
	assert_string_equal(err.field, "cpus");
	assert_int_equal(err.value, 3);
	/* A missing blob is a truncated one, not a crash. */
	assert_int_equal(hvisor_check_cells(NULL, 0, NULL, sizes, 1, &err),
			 HVISOR_CHECK_TRUNCATED);
	assert_int_equal(err.cell, 0);
	free(a);
	free(b);
}

/* Paths of binary fields in a cell config (top-level JSON object). */
static void test_paths(void **state)
{
	struct hvisor_check_error e = { 0 };
	char path[128];

	(void)state;
	e.cell = 0;
	e.part = HVISOR_CHECK_PART_CELL;
	e.field = "console_irq";
	config_check_path(&e, "", path, sizeof(path));
	assert_string_equal(path, "console.irq");
	e.field = "mailbox_base";
	config_check_path(&e, "", path, sizeof(path));
	assert_string_equal(path, "mailbox");
	e.field = "irqs";
	config_check_path(&e, "", path, sizeof(path));
	assert_string_equal(path, "interrupts");
	e.field = "flags";
	config_check_path(&e, "", path, sizeof(path));
	assert_string_equal(path, "(binary) cell.flags");
	e.part = HVISOR_CHECK_PART_REGION;
	e.region = 2;
	e.field = "size";
	config_check_path(&e, "", path, sizeof(path));
	assert_string_equal(path, "memory_regions[2].size");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_name_padding),
		cmocka_unit_test(test_reserved_flags),
		cmocka_unit_test(test_emulated_regions),
		cmocka_unit_test(test_emulated_regions_no_physical_overlap),
		cmocka_unit_test(test_too_many_cpus),
		cmocka_unit_test(test_root_irq),
		cmocka_unit_test(test_console_irq_without_console),
		cmocka_unit_test(test_bad_system),
		cmocka_unit_test(test_root_cell_rules),
		cmocka_unit_test(test_cells_error_fields),
		cmocka_unit_test(test_paths),
	};

	return cmocka_run_group_tests_name("cell_check", tests, load_system,
					   free_system);
}
