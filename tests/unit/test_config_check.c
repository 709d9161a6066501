/* Binary-level checks of hvisor_check_system(): layout, sizes, and field rules. */
#include <hvisor/config.h>
#include <hvisor/config_check.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define NUM_REGIONS 2
#define BLOB_SIZE                       \
	(sizeof(struct hvisor_system) + \
	 NUM_REGIONS * sizeof(struct hvisor_mem_region))

/* A valid system config built by hand (not through JSON). */
static struct hvisor_system *make_blob(void)
{
	struct hvisor_system *sys = calloc(1, BLOB_SIZE);
	struct hvisor_mem_region *r;

	assert_non_null(sys);
	memcpy(sys->magic, HVISOR_SYSTEM_MAGIC, 8);
	sys->version = HVISOR_CONFIG_VERSION;
	sys->size = BLOB_SIZE;
	sys->hypervisor_phys = 0x80000000;
	sys->hypervisor_size = 0x4000000;
	sys->platform.gicd_base = 0x08000000;
	sys->platform.gicd_size = 0x10000;
	sys->platform.gicr_base = 0x080a0000;
	sys->platform.gicr_size = 0xf60000;
	sys->platform.uart_base = 0x09000000;
	sys->platform.uart_size = 0x1000;
	sys->platform.gic_version = HVISOR_GIC_V3;
	sys->platform.num_cpus = 4;
	sys->platform.maintenance_irq = 25;
	memcpy(sys->root_cell.magic, HVISOR_CELL_MAGIC, 8);
	sys->root_cell.version = HVISOR_CONFIG_VERSION;
	sys->root_cell.size = sizeof(struct hvisor_cell_desc) +
			      NUM_REGIONS * sizeof(struct hvisor_mem_region);
	strcpy(sys->root_cell.name, "root");
	sys->root_cell.cpus = 0xf;
	sys->root_cell.num_mem_regions = NUM_REGIONS;
	sys->root_cell.irqs[0] = 0xffffffff;
	r = (struct hvisor_mem_region *)hvisor_cell_regions(&sys->root_cell);
	r[0].phys_start = r[0].virt_start = 0x40000000;
	r[0].size = 0x40000000;
	r[0].flags = HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE;
	r[0].type = HVISOR_MEM_TYPE_RAM;
	r[1].phys_start = r[1].virt_start = 0x09000000;
	r[1].size = 0x1000;
	r[1].flags = HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO;
	r[1].type = HVISOR_MEM_TYPE_IO;
	return sys;
}

static struct hvisor_mem_region *regions(struct hvisor_system *sys)
{
	return (struct hvisor_mem_region *)hvisor_cell_regions(&sys->root_cell);
}

/*
 * Checks size bytes of sys from an exactly sized copy, so that the address
 * sanitizer catches any read past the end.
 */
static int check(const struct hvisor_system *sys, uint64_t size,
		 struct hvisor_check_error *err)
{
	void *copy = malloc(size ? size : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, sys, size);
	ret = hvisor_check_system(copy, size, err);
	free(copy);
	return ret;
}

static void expect(const struct hvisor_system *sys, uint64_t size, int code,
		   int part, const char *field, int region)
{
	struct hvisor_check_error err;

	memset(&err, 0xa5, sizeof(err));
	assert_int_equal(check(sys, size, &err), code);
	assert_int_equal(err.code, code);
	assert_int_equal(err.part, part);
	if (field)
		assert_string_equal(err.field, field);
	else
		assert_null(err.field);
	assert_int_equal(err.region, region);
	assert_non_null(err.reason);
}

static void test_valid(void **state)
{
	struct hvisor_system *sys = make_blob();
	struct hvisor_check_error err;

	(void)state;
	assert_int_equal(check(sys, BLOB_SIZE, &err), HVISOR_CHECK_OK);
	assert_int_equal(err.code, HVISOR_CHECK_OK);
	assert_int_equal(hvisor_check_system(sys, BLOB_SIZE, NULL), 0);
	/* 64 CPUs: the CPU bitmap check must not shift by 64. */
	sys->platform.num_cpus = 64;
	sys->root_cell.cpus = ~0ULL;
	sys->platform.gicr_size = 64 * 0x20000;
	assert_int_equal(check(sys, BLOB_SIZE, NULL), HVISOR_CHECK_OK);
	free(sys);
}

static void test_null_blob(void **state)
{
	struct hvisor_check_error err;

	(void)state;
	assert_int_equal(hvisor_check_system(NULL, BLOB_SIZE, &err),
			 HVISOR_CHECK_TRUNCATED);
}

static void test_wrong_magic(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->magic[7] = 'X';
	expect(sys, BLOB_SIZE, HVISOR_CHECK_MAGIC, HVISOR_CHECK_PART_BLOB,
	       "magic", -1);
	free(sys);
}

static void test_wrong_cell_magic(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	memcpy(sys->root_cell.magic, HVISOR_SYSTEM_MAGIC, 8);
	expect(sys, BLOB_SIZE, HVISOR_CHECK_MAGIC, HVISOR_CHECK_PART_CELL,
	       "magic", -1);
	free(sys);
}

static void test_wrong_version(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->version = HVISOR_CONFIG_VERSION + 1;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_VERSION, HVISOR_CHECK_PART_BLOB,
	       "version", -1);
	sys->version = HVISOR_CONFIG_VERSION;
	sys->root_cell.version = 0;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_VERSION, HVISOR_CHECK_PART_CELL,
	       "version", -1);
	free(sys);
}

static void test_truncated_header(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	expect(sys, sizeof(*sys) - 1, HVISOR_CHECK_TRUNCATED,
	       HVISOR_CHECK_PART_BLOB, "size", -1);
	expect(sys, 0, HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_BLOB, "size",
	       -1);
	free(sys);
}

/* The size fields agree with a blob that lacks its last region. */
static void test_truncated_regions(void **state)
{
	struct hvisor_system *sys = make_blob();
	uint64_t size = BLOB_SIZE - sizeof(struct hvisor_mem_region);

	(void)state;
	sys->size = (uint32_t)size;
	expect(sys, size, HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	free(sys);
}

static void test_size_mismatch(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->size = BLOB_SIZE + 8;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_BLOB,
	       "size", -1);
	sys->size = BLOB_SIZE - 1;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_BLOB,
	       "size", -1);
	free(sys);
}

static void test_cell_size_mismatch(void **state)
{
	struct hvisor_system *sys = make_blob();
	struct hvisor_check_error err;

	(void)state;
	sys->root_cell.size += sizeof(struct hvisor_mem_region);
	expect(sys, BLOB_SIZE, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_CELL,
	       "size", -1);
	assert_int_equal(check(sys, BLOB_SIZE, &err), HVISOR_CHECK_SIZE);
	assert_string_equal(err.reason, "does not match num_mem_regions");
	free(sys);
}

/* Bytes after the last region that no size field accounts for. */
static void test_trailing_bytes(void **state)
{
	struct hvisor_system *sys = make_blob();
	struct hvisor_system *big = calloc(1, BLOB_SIZE + 64);
	struct hvisor_check_error err;

	(void)state;
	assert_non_null(big);
	memcpy(big, sys, BLOB_SIZE);
	big->size = BLOB_SIZE + 64;
	expect(big, BLOB_SIZE + 64, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_CELL,
	       "size", -1);
	assert_int_equal(check(big, BLOB_SIZE + 64, &err), HVISOR_CHECK_SIZE);
	assert_string_equal(err.reason, "does not match the end of the blob");
	free(big);
	free(sys);
}

/*
 * num_mem_regions * 32 wraps to the real regions' size in 32 bits: a
 * checker computing sizes in 32 bits would accept the blob and read 2^32
 * bytes of regions.
 */
static void test_num_regions_overflow(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->root_cell.num_mem_regions = NUM_REGIONS + (1u << 27);
	assert_int_equal((uint32_t)(sys->root_cell.num_mem_regions *
				    sizeof(struct hvisor_mem_region)),
			 NUM_REGIONS * sizeof(struct hvisor_mem_region));
	expect(sys, BLOB_SIZE, HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	sys->root_cell.num_mem_regions = UINT32_MAX;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	free(sys);
}

static void test_name_not_terminated(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	memset(sys->root_cell.name, 'x', sizeof(sys->root_cell.name));
	expect(sys, BLOB_SIZE, HVISOR_CHECK_NAME, HVISOR_CHECK_PART_CELL,
	       "name", -1);
	free(sys);
}

/* root_irq: 0 (none) or an SPI. */
static void test_root_irq(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->platform.root_irq = 32;
	assert_int_equal(check(sys, BLOB_SIZE, NULL), HVISOR_CHECK_OK);
	sys->platform.root_irq = 31;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_IRQ, HVISOR_CHECK_PART_PLATFORM,
	       "root_irq", -1);
	sys->platform.root_irq = 1020;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_IRQ, HVISOR_CHECK_PART_PLATFORM,
	       "root_irq", -1);
	free(sys);
}

static void test_platform_without_cpus(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->platform.num_cpus = 0;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_RANGE, HVISOR_CHECK_PART_PLATFORM,
	       "num_cpus", -1);
	free(sys);
}

static void test_foreign_cpu(void **state)
{
	struct hvisor_system *sys = make_blob();
	struct hvisor_check_error err;

	(void)state;
	sys->root_cell.cpus |= 1ULL << 63;
	assert_int_equal(check(sys, BLOB_SIZE, &err), HVISOR_CHECK_CPUS);
	assert_string_equal(err.field, "cpus");
	assert_int_equal(err.value, 63);
	free(sys);
}

static void test_special_irq(void **state)
{
	struct hvisor_system *sys = make_blob();
	struct hvisor_check_error err;

	(void)state;
	sys->root_cell.irqs[31] = 1u << 31;
	assert_int_equal(check(sys, BLOB_SIZE, &err), HVISOR_CHECK_IRQ);
	assert_string_equal(err.field, "irqs");
	assert_int_equal(err.value, 1023);
	free(sys);
}

static void test_gicr_overlaps_gicd(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->platform.gicr_base = 0x08000000;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_OVERLAP, HVISOR_CHECK_PART_PLATFORM,
	       "gicr_base", -1);
	free(sys);
}

static void test_gicr_partial_redistributor(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->platform.gicr_size = 0xf70000;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_ALIGN, HVISOR_CHECK_PART_PLATFORM,
	       "gicr_size", -1);
	free(sys);
}

static void test_hypervisor_beyond_pa_space(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	sys->hypervisor_phys = 0xffffffffffe00000ULL;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_OVERFLOW,
	       HVISOR_CHECK_PART_HYPERVISOR, "hypervisor_size", -1);
	free(sys);
}

static void test_region_type(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	regions(sys)[1].type = 3;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_TYPE, HVISOR_CHECK_PART_REGION,
	       "type", 1);
	free(sys);
}

static void test_region_flags(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	regions(sys)[0].flags |= 1u << 7;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_FLAGS, HVISOR_CHECK_PART_REGION,
	       "flags", 0);
	regions(sys)[0].flags = HVISOR_MEM_READ | HVISOR_MEM_IO;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_FLAGS, HVISOR_CHECK_PART_REGION,
	       "flags", 0);
	regions(sys)[0].flags = HVISOR_MEM_READ;
	regions(sys)[1].flags = HVISOR_MEM_READ;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_FLAGS, HVISOR_CHECK_PART_REGION,
	       "flags", 1);
	free(sys);
}

/* The range leaves the 48-bit physical address space (and wraps at 2^64). */
static void test_region_wraps(void **state)
{
	struct hvisor_system *sys = make_blob();

	(void)state;
	regions(sys)[1].phys_start = regions(sys)[1].virt_start =
		0xfffffffffffff000ULL;
	regions(sys)[1].size = 0x2000;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_OVERFLOW, HVISOR_CHECK_PART_REGION,
	       "size", 1);
	free(sys);
}

static void test_region_overlap(void **state)
{
	struct hvisor_system *sys = make_blob();
	struct hvisor_check_error err;

	(void)state;
	regions(sys)[1].phys_start = regions(sys)[1].virt_start = 0x7ffff000;
	expect(sys, BLOB_SIZE, HVISOR_CHECK_OVERLAP, HVISOR_CHECK_PART_REGION,
	       NULL, 1);
	assert_int_equal(check(sys, BLOB_SIZE, &err), HVISOR_CHECK_OVERLAP);
	assert_int_equal(err.other_region, 0);
	assert_int_equal(err.value, 0x40000000);
	free(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_null_blob),
		cmocka_unit_test(test_wrong_magic),
		cmocka_unit_test(test_wrong_cell_magic),
		cmocka_unit_test(test_wrong_version),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_truncated_regions),
		cmocka_unit_test(test_size_mismatch),
		cmocka_unit_test(test_cell_size_mismatch),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_num_regions_overflow),
		cmocka_unit_test(test_name_not_terminated),
		cmocka_unit_test(test_root_irq),
		cmocka_unit_test(test_platform_without_cpus),
		cmocka_unit_test(test_foreign_cpu),
		cmocka_unit_test(test_special_irq),
		cmocka_unit_test(test_gicr_overlaps_gicd),
		cmocka_unit_test(test_gicr_partial_redistributor),
		cmocka_unit_test(test_hypervisor_beyond_pa_space),
		cmocka_unit_test(test_region_type),
		cmocka_unit_test(test_region_flags),
		cmocka_unit_test(test_region_wraps),
		cmocka_unit_test(test_region_overlap),
	};

	return cmocka_run_group_tests_name("config_check", tests, NULL, NULL);
}
