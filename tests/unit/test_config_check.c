/* Binary-level checks of hvisor_check_system(): layout, sizes, field rules and the arch rules of ABI v2. */
#include "check_blob.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void expect(const struct hvisor_system *sys, uint64_t size, int code,
		   int part, const char *field, int region)
{
	struct hvisor_check_error err;
	int ret;

	memset(&err, 0xa5, sizeof(err));
	ret = blob_check_system(sys, size, &err);
	blob_assert_error(ret, &err, code, part, field, region);
	assert_int_equal(err.cell, -1);
}

static void test_valid(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_check_error err;

	(void)state;
	assert_int_equal(blob_check_system(sys, sys->size, &err), 0);
	assert_int_equal(err.code, HVISOR_CHECK_OK);
	assert_int_equal(hvisor_check_system(sys, sys->size, NULL), 0);
	/* 64 CPUs: the CPU bitmap check must not shift by 64. */
	sys->platform.num_cpus = 64;
	sys->root_cell.cpus = ~0ULL;
	sys->platform.arch.arm64.gicr_size = 64 * 0x20000;
	assert_int_equal(blob_check_system(sys, sys->size, NULL), 0);
	free(sys);
}

static void test_null_blob(void **state)
{
	struct hvisor_check_error err;

	(void)state;
	assert_int_equal(hvisor_check_system(NULL, 4096, &err),
			 HVISOR_CHECK_TRUNCATED);
}

static void test_wrong_magic(void **state)
{
	struct hvisor_system *sys = blob_system();

	(void)state;
	sys->magic[7] = 'X';
	expect(sys, sys->size, HVISOR_CHECK_MAGIC, HVISOR_CHECK_PART_BLOB,
	       "magic", -1);
	sys->magic[7] = 'M';
	memcpy(sys->root_cell.magic, HVISOR_SYSTEM_MAGIC, 8);
	expect(sys, sys->size, HVISOR_CHECK_MAGIC, HVISOR_CHECK_PART_CELL,
	       "magic", -1);
	free(sys);
}

static void test_wrong_version(void **state)
{
	struct hvisor_system *sys = blob_system();

	(void)state;
	sys->version = 1; /* ABI v1 blobs are refused */
	expect(sys, sys->size, HVISOR_CHECK_VERSION, HVISOR_CHECK_PART_BLOB,
	       "version", -1);
	sys->version = HVISOR_CONFIG_VERSION;
	sys->root_cell.version = 0;
	expect(sys, sys->size, HVISOR_CHECK_VERSION, HVISOR_CHECK_PART_CELL,
	       "version", -1);
	free(sys);
}

static void test_truncated_header(void **state)
{
	struct hvisor_system *sys = blob_system();

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
	struct hvisor_system *sys = blob_system();
	uint64_t size = sys->size - sizeof(struct hvisor_mem_region);

	(void)state;
	sys->size = (uint32_t)size;
	expect(sys, size, HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	free(sys);
}

static void test_size_mismatch(void **state)
{
	struct hvisor_system *sys = blob_system();
	uint64_t size = sys->size;
	struct hvisor_check_error err;

	(void)state;
	sys->size = size + 8;
	expect(sys, size, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_BLOB, "size",
	       -1);
	sys->size = size - 1;
	expect(sys, size, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_BLOB, "size",
	       -1);
	sys->size = size;
	sys->root_cell.size += sizeof(struct hvisor_mem_region);
	expect(sys, size, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_CELL, "size",
	       -1);
	assert_int_equal(blob_check_system(sys, size, &err), HVISOR_CHECK_SIZE);
	assert_string_equal(err.reason, "does not match num_mem_regions");
	free(sys);
}

/* Bytes after the last region that no size field accounts for. */
static void test_trailing_bytes(void **state)
{
	struct hvisor_system *sys = blob_system();
	uint64_t size = sys->size + 64;
	struct hvisor_system *big = calloc(1, size);
	struct hvisor_check_error err;

	(void)state;
	assert_non_null(big);
	memcpy(big, sys, sys->size);
	big->size = size;
	expect(big, size, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_CELL, "size",
	       -1);
	assert_int_equal(blob_check_system(big, size, &err), HVISOR_CHECK_SIZE);
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
	struct hvisor_system *sys = blob_system();

	(void)state;
	sys->root_cell.num_mem_regions = BLOB_ROOT_REGIONS + (1u << 27);
	assert_int_equal((uint32_t)(sys->root_cell.num_mem_regions *
				    sizeof(struct hvisor_mem_region)),
			 BLOB_ROOT_REGIONS * sizeof(struct hvisor_mem_region));
	expect(sys, sys->size, HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	sys->root_cell.num_mem_regions = UINT32_MAX;
	expect(sys, sys->size, HVISOR_CHECK_TRUNCATED, HVISOR_CHECK_PART_CELL,
	       "num_mem_regions", -1);
	free(sys);
}

/* The arch tag: known, the hypervisor's own, the same in the root cell. */
static void test_arch(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_check_error err;
	int ret;

	(void)state;
	assert_int_equal(hvisor_check_system_arch(sys, sys->size,
						  HVISOR_ARCH_ARM64, &err),
			 0);
	ret = hvisor_check_system_arch(sys, sys->size, HVISOR_ARCH_RISCV64,
				       &err);
	blob_assert_error(ret, &err, HVISOR_CHECK_ARCH, HVISOR_CHECK_PART_BLOB,
			  "arch", -1);
	sys->arch = 0;
	expect(sys, sys->size, HVISOR_CHECK_ARCH, HVISOR_CHECK_PART_BLOB,
	       "arch", -1);
	sys->arch = 99;
	expect(sys, sys->size, HVISOR_CHECK_ARCH, HVISOR_CHECK_PART_BLOB,
	       "arch", -1);
	sys->arch = HVISOR_ARCH_ARM64;
	sys->root_cell.arch = 0;
	expect(sys, sys->size, HVISOR_CHECK_ARCH, HVISOR_CHECK_PART_CELL,
	       "arch", -1);
	free(sys);
}

static void test_arch_rules(void **state)
{
	const struct hvisor_arch_rules *r =
		hvisor_arch_rules(HVISOR_ARCH_ARM64);

	(void)state;
	assert_non_null(r);
	assert_string_equal(r->name, "arm64");
	assert_int_equal(r->pa_bits, 48);
	assert_int_equal(r->entry_align, 4);
	assert_int_equal(r->irq_first, 32);
	assert_int_equal(r->irq_last, 1019);
	assert_int_equal(r->platform_irq_first, 16);
	assert_int_equal(r->platform_irq_last, 31);
	assert_null(hvisor_arch_rules(0));
	assert_null(hvisor_arch_rules(99));
	assert_true(hvisor_irq_assignable(HVISOR_ARCH_ARM64, 32));
	assert_true(hvisor_irq_assignable(HVISOR_ARCH_ARM64, 1019));
	assert_false(hvisor_irq_assignable(HVISOR_ARCH_ARM64, 31));
	assert_false(hvisor_irq_assignable(HVISOR_ARCH_ARM64, 1020));
	assert_false(hvisor_irq_assignable(HVISOR_ARCH_ARM64, 1ULL << 32 | 40));
	assert_false(hvisor_irq_assignable(0, 40));
}

/* Reserved fields of ABI v2: system, uart, the unused tail of platform.arch. */
static void test_reserved(void **state)
{
	struct hvisor_system *sys = blob_system();
	const uint32_t used = sizeof(struct hvisor_arm64_platform);

	(void)state;
	sys->reserved = 1;
	expect(sys, sys->size, HVISOR_CHECK_RESERVED, HVISOR_CHECK_PART_BLOB,
	       "reserved", -1);
	sys->reserved = 0;
	sys->platform.uart.reserved = 1;
	expect(sys, sys->size, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_PLATFORM, "uart.reserved", -1);
	sys->platform.uart.reserved = 0;
	sys->platform.arch.raw[used] = 1;
	expect(sys, sys->size, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_PLATFORM, "arch.raw", -1);
	sys->platform.arch.raw[used] = 0;
	sys->platform.arch.raw[HVISOR_PLATFORM_ARCH_SIZE - 1] = 1;
	expect(sys, sys->size, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_PLATFORM, "arch.raw", -1);
	free(sys);
}

/* The hypervisor's console: a type the arch has, or none with no window. */
static void test_uart(void **state)
{
	struct hvisor_system *sys = blob_system();

	(void)state;
	sys->platform.uart.type = HVISOR_CONSOLE_8250;
	expect(sys, sys->size, HVISOR_CHECK_RANGE, HVISOR_CHECK_PART_PLATFORM,
	       "uart.type", -1);
	sys->platform.uart.type = 77;
	expect(sys, sys->size, HVISOR_CHECK_RANGE, HVISOR_CHECK_PART_PLATFORM,
	       "uart.type", -1);
	sys->platform.uart.type = HVISOR_CONSOLE_NONE;
	expect(sys, sys->size, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_PLATFORM, "uart.base", -1);
	sys->platform.uart.base = 0;
	expect(sys, sys->size, HVISOR_CHECK_RESERVED,
	       HVISOR_CHECK_PART_PLATFORM, "uart.size", -1);
	sys->platform.uart.size = 0;
	assert_int_equal(blob_check_system(sys, sys->size, NULL), 0);
	sys->platform.uart.type = HVISOR_CONSOLE_PL011;
	expect(sys, sys->size, HVISOR_CHECK_EMPTY, HVISOR_CHECK_PART_PLATFORM,
	       "uart.size", -1);
	sys->platform.uart.size = 0x1000;
	sys->platform.uart.base = 0x80000000;
	expect(sys, sys->size, HVISOR_CHECK_OVERLAP, HVISOR_CHECK_PART_PLATFORM,
	       "uart.base", -1);
	free(sys);
}

/* Fields of the arm64 platform are named by their path in the union. */
static void test_arm64_fields(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_arm64_platform *a = &sys->platform.arch.arm64;

	(void)state;
	a->gic_version = 2;
	expect(sys, sys->size, HVISOR_CHECK_IRQCHIP, HVISOR_CHECK_PART_PLATFORM,
	       "arch.arm64.gic_version", -1);
	a->gic_version = HVISOR_GIC_V3;
	a->gicd_base = 0x08001000;
	expect(sys, sys->size, HVISOR_CHECK_ALIGN, HVISOR_CHECK_PART_PLATFORM,
	       "arch.arm64.gicd_base", -1);
	a->gicd_base = 0x08000000;
	a->gicd_size = 0;
	expect(sys, sys->size, HVISOR_CHECK_EMPTY, HVISOR_CHECK_PART_PLATFORM,
	       "arch.arm64.gicd_size", -1);
	a->gicd_size = 0x10000;
	a->gicr_base = 0x08000000;
	expect(sys, sys->size, HVISOR_CHECK_OVERLAP, HVISOR_CHECK_PART_PLATFORM,
	       "arch.arm64.gicr_base", -1);
	a->gicr_base = 0x080a0000;
	a->gicr_size = 0xf70000; /* not a whole redistributor */
	expect(sys, sys->size, HVISOR_CHECK_ALIGN, HVISOR_CHECK_PART_PLATFORM,
	       "arch.arm64.gicr_size", -1);
	a->gicr_size = 3 * 0x20000; /* 4 CPUs */
	expect(sys, sys->size, HVISOR_CHECK_IRQCHIP, HVISOR_CHECK_PART_PLATFORM,
	       "arch.arm64.gicr_size", -1);
	a->gicr_size = 0xf60000;
	a->maintenance_irq = 32;
	expect(sys, sys->size, HVISOR_CHECK_IRQ, HVISOR_CHECK_PART_PLATFORM,
	       "arch.arm64.maintenance_irq", -1);
	free(sys);
}

static void test_foreign_cpu(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_check_error err;

	(void)state;
	sys->root_cell.cpus |= 1ULL << 63;
	assert_int_equal(blob_check_system(sys, sys->size, &err),
			 HVISOR_CHECK_CPUS);
	assert_string_equal(err.field, "cpus");
	assert_int_equal(err.value, 63);
	free(sys);
}

/* Root-cell regions: the 48-bit physical space, wrapping at 2^64. */
static void test_region_wraps(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_mem_region *r = blob_regions(&sys->root_cell);

	(void)state;
	r[1].phys_start = r[1].virt_start = 0xfffffffffffff000ULL;
	r[1].size = 0x2000;
	expect(sys, sys->size, HVISOR_CHECK_OVERFLOW, HVISOR_CHECK_PART_REGION,
	       "size", 1);
	free(sys);
}

static void test_region_overlap(void **state)
{
	struct hvisor_system *sys = blob_system();
	struct hvisor_mem_region *r = blob_regions(&sys->root_cell);
	struct hvisor_check_error err;

	(void)state;
	r[1].phys_start = r[1].virt_start = 0x7ffff000;
	expect(sys, sys->size, HVISOR_CHECK_OVERLAP, HVISOR_CHECK_PART_REGION,
	       NULL, 1);
	assert_int_equal(blob_check_system(sys, sys->size, &err),
			 HVISOR_CHECK_OVERLAP);
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
		cmocka_unit_test(test_wrong_version),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_truncated_regions),
		cmocka_unit_test(test_size_mismatch),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_num_regions_overflow),
		cmocka_unit_test(test_arch),
		cmocka_unit_test(test_arch_rules),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_uart),
		cmocka_unit_test(test_arm64_fields),
		cmocka_unit_test(test_foreign_cpu),
		cmocka_unit_test(test_region_wraps),
		cmocka_unit_test(test_region_overlap),
	};

	return cmocka_run_group_tests_name("config_check", tests, NULL, NULL);
}
