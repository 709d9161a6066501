/* Binary-level checks of hvisor_check_cell()/hvisor_check_cells(): layout, fields, relaxed mode, error fields. */
#include "check_blob.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define CELL_SIZE                          \
	(sizeof(struct hvisor_cell_desc) + \
	 BLOB_CELL_REGIONS * sizeof(struct hvisor_mem_region))

static void expect(const struct hvisor_system *sys,
		   const struct hvisor_cell_desc *c, uint64_t size, int code,
		   int part, const char *field, int region)
{
	struct hvisor_check_error err;
	int ret;

	memset(&err, 0xa5, sizeof(err));
	ret = blob_check_cell(sys, c, size, &err);
	blob_assert_error(ret, &err, code, part, field, region);
	assert_int_equal(err.cell, 0);
	assert_int_equal(err.other_cell, -1);
}

static void test_valid(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);
	struct hvisor_check_error err;

	(void)state;
	memset(&err, 0xa5, sizeof(err));
	assert_int_equal(blob_check_cell(sys, c, CELL_SIZE, &err), 0);
	assert_int_equal(err.code, HVISOR_CHECK_OK);
	assert_int_equal(blob_check_cell(NULL, c, CELL_SIZE, NULL), 0);
	free(c);
	free(sys);
}

static void test_layout(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);

	(void)state;
	expect(sys, c, sizeof(*c) - 1, HVISOR_CHECK_TRUNCATED,
	       HVISOR_CHECK_PART_CELL, "size", -1);
	expect(sys, c, CELL_SIZE - sizeof(struct hvisor_mem_region),
	       HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	c->num_mem_regions = UINT32_MAX;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_TRUNCATED,
	       HVISOR_CHECK_PART_CELL, "num_mem_regions", -1);
	c->num_mem_regions = BLOB_CELL_REGIONS - 1;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_CELL,
	       "size", -1);
	c->num_mem_regions = BLOB_CELL_REGIONS;
	c->version = 1;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_VERSION, HVISOR_CHECK_PART_CELL,
	       "version", -1);
	c->version = HVISOR_CONFIG_VERSION;
	memcpy(c->magic, HVISOR_SYSTEM_MAGIC, 8);
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_MAGIC, HVISOR_CHECK_PART_CELL,
	       "magic", -1);
	free(c);
	free(sys);
}

/* Names compare byte for byte: what follows the NUL must be 0. */
static void test_name_padding(void **state)
{
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);

	(void)state;
	c->name[5] = 'x';
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_NAME, HVISOR_CHECK_PART_CELL,
	       "name", -1);
	free(c);
}

/* Emulated regions: no flags, no physical address; unknown types. */
static void test_emulated_regions(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);
	struct hvisor_mem_region *r = blob_regions(c);

	(void)state;
	r[2].flags = HVISOR_MEM_READ;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_FLAGS, HVISOR_CHECK_PART_REGION,
	       "flags", 2);
	r[2].flags = 0;
	r[2].phys_start = 0x0b000000;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_REGION, "phys_start", 2);
	r[2].phys_start = 0;
	r[2].type = 4;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_TYPE, HVISOR_CHECK_PART_REGION,
	       "type", 2);
	r[2].type = HVISOR_MEM_TYPE_VIRTIO;
	assert_int_equal(blob_check_cell(sys, c, CELL_SIZE, NULL), 0);
	r[2].flags = 40u << HVISOR_MEM_VIRTIO_IRQ_SHIFT; /* its interrupt */
	assert_int_equal(blob_check_cell(sys, c, CELL_SIZE, NULL), 0);
	r[0].flags |= HVISOR_MEM_IO;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_FLAGS, HVISOR_CHECK_PART_REGION,
	       "flags", 0);
	free(c);
	free(sys);
}

/* Two emulated regions have no physical memory that could overlap. */
static void test_emulated_regions_no_physical_overlap(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);
	struct hvisor_mem_region *r = blob_regions(c);

	(void)state;
	r[1] = r[2];
	r[1].virt_start = 0x0c000000;
	c->mailbox_base = 0;
	assert_int_equal(blob_check_cell(sys, c, CELL_SIZE, NULL), 0);
	free(c);
	free(sys);
}

/* Relaxed mode: at most 16 CPUs of the 64 the bitmap holds. */
static void test_too_many_cpus(void **state)
{
	struct hvisor_cell_desc *c = blob_cell("c", 0xffff0, 0x90000000);

	(void)state;
	assert_int_equal(blob_check_cell(NULL, c, CELL_SIZE, NULL), 0);
	c->cpus = 0x1ffff0;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_CPUS, HVISOR_CHECK_PART_CELL,
	       "cpus", -1);
	free(c);
}

/* Relaxed mode still needs an arch it knows: it picks the rules. */
static void test_relaxed_arch(void **state)
{
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);

	(void)state;
	c->arch = HVISOR_ARCH_RISCV64 + 40;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_ARCH, HVISOR_CHECK_PART_CELL,
	       "arch", -1);
	/* the arch's interrupt ranges apply without a system config */
	c->arch = HVISOR_ARCH_ARM64;
	c->console_irq = 20;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_IRQ, HVISOR_CHECK_PART_CELL,
	       "console_irq", -1);
	free(c);
}

static void test_root_irq(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);

	(void)state;
	blob_irq(c->irqs, 40, 1);
	assert_int_equal(blob_check_cell(sys, c, CELL_SIZE, NULL), 0);
	sys->platform.root_irq = 40;
	expect(sys, c, CELL_SIZE, HVISOR_CHECK_IRQ, HVISOR_CHECK_PART_CELL,
	       "irqs", -1);
	free(c);
	free(sys);
}

static void test_console_irq_without_console(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);

	(void)state;
	c->console_base = 0;
	c->console_type = HVISOR_CONSOLE_NONE;
	expect(NULL, c, CELL_SIZE, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_CELL, "console_irq", -1);
	c->console_irq = 0;
	c->doorbell_irq = 33; /* no console: no clash */
	assert_int_equal(blob_check_cell(sys, c, CELL_SIZE, NULL), 0);
	free(c);
	free(sys);
}

/* The system config is checked first; its errors say cell -1. */
static void test_bad_system(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *c = blob_cell("c", 1u << 3, 0x90000000);
	struct hvisor_check_error err;

	(void)state;
	sys->hypervisor_size = 0;
	assert_int_equal(blob_check_cell(sys, c, CELL_SIZE, &err),
			 HVISOR_CHECK_EMPTY);
	assert_int_equal(err.cell, -1);
	assert_int_equal(err.part, HVISOR_CHECK_PART_HYPERVISOR);
	free(c);
	free(sys);
}

/* testdev regions and cell-only fields are refused in the root cell. */
static void test_root_cell_rules(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_mem_region *r = blob_regions(&sys->root_cell);
	struct hvisor_check_error err;

	(void)state;
	sys->root_cell.entry = 0x40000000;
	assert_int_equal(blob_check_system(sys, sys->size, &err),
			 HVISOR_CHECK_RESERVED);
	assert_int_equal(err.cell, -1);
	assert_string_equal(err.field, "entry");
	sys->root_cell.entry = 0;
	sys->root_cell.console_type = HVISOR_CONSOLE_PL011;
	assert_int_equal(blob_check_system(sys, sys->size, &err),
			 HVISOR_CHECK_RESERVED);
	assert_string_equal(err.field, "console_type");
	sys->root_cell.console_type = HVISOR_CONSOLE_NONE;
	r[1].type = HVISOR_MEM_TYPE_TESTDEV;
	r[1].flags = 0;
	assert_int_equal(blob_check_system(sys, sys->size, &err),
			 HVISOR_CHECK_TYPE);
	assert_int_equal(err.region, 1);
	free(sys);
}

static void test_cells_error_fields(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_cell_desc *a = blob_cell("a", 1u << 3, 0x90000000);
	struct hvisor_cell_desc *b = blob_cell("b", 1u << 2, 0xa0000000);
	struct hvisor_check_error err;
	const void *cells[2] = { a, b };
	uint64_t sizes[2] = { CELL_SIZE, CELL_SIZE };

	(void)state;
	assert_int_equal(
		hvisor_check_cells(sys, sys->size, cells, sizes, 2, &err), 0);
	/* Mailbox pages: rootshared on both sides, they may be shared. */
	blob_regions(b)[1].phys_start = blob_regions(a)[1].phys_start;
	assert_int_equal(
		hvisor_check_cells(sys, sys->size, cells, sizes, 2, &err), 0);
	blob_regions(b)[0].phys_start = 0x90000000;
	blob_regions(b)[1].phys_start = 0x90100000;
	assert_int_equal(hvisor_check_cells(NULL, 0, cells, sizes, 2, &err),
			 HVISOR_CHECK_OVERLAP);
	assert_int_equal(err.cell, 1);
	assert_int_equal(err.other_cell, 0);
	assert_int_equal(err.region, 0);
	assert_int_equal(err.other_region, 0);
	assert_int_equal(err.value, 0x90000000);
	blob_regions(b)[0].phys_start = 0xa0000000;
	b->cpus = 0xc;
	assert_int_equal(hvisor_check_cells(sys, sys->size, cells, sizes, 2,
					    &err),
			 HVISOR_CHECK_TAKEN);
	assert_int_equal(err.cell, 1);
	assert_int_equal(err.other_cell, 0);
	assert_string_equal(err.field, "cpus");
	assert_int_equal(err.value, 3);
	/* Without a system config, each cell needs an arch the checker knows
	 * (agreeing on it is checked too, once a second arch has rules). */
	b->cpus = 1u << 2;
	b->arch = HVISOR_ARCH_ARM64 + 100;
	assert_int_equal(hvisor_check_cells(NULL, 0, cells, sizes, 2, &err),
			 HVISOR_CHECK_ARCH);
	assert_int_equal(err.cell, 1);
	/* A missing blob is a truncated one, not a crash. */
	assert_int_equal(hvisor_check_cells(NULL, 0, NULL, sizes, 1, &err),
			 HVISOR_CHECK_TRUNCATED);
	assert_int_equal(err.cell, 0);
	free(a);
	free(b);
	free(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_name_padding),
		cmocka_unit_test(test_emulated_regions),
		cmocka_unit_test(test_emulated_regions_no_physical_overlap),
		cmocka_unit_test(test_too_many_cpus),
		cmocka_unit_test(test_relaxed_arch),
		cmocka_unit_test(test_root_irq),
		cmocka_unit_test(test_console_irq_without_console),
		cmocka_unit_test(test_bad_system),
		cmocka_unit_test(test_root_cell_rules),
		cmocka_unit_test(test_cells_error_fields),
	};

	return cmocka_run_group_tests_name("cell_check", tests, NULL, NULL);
}
