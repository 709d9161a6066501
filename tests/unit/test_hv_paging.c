/* Unit tests of the hypervisor's page tables (core/paging.c with the arm64 stage-2 format). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/paging.h>

#define POOL_PAGES 256

static void *pool_mem;

static int setup(void **state)
{
	(void)state;
	pool_mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_non_null(pool_mem);
	page_pool_init(&mem_pool, (u64)pool_mem, POOL_PAGES * PAGE_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pool_mem);
	return 0;
}

static void expect_pa(struct page_table *pt, u64 va, u64 pa, u64 flags)
{
	u64 got, f;

	assert_true(paging_lookup(pt, va, &got, &f));
	assert_int_equal(got, pa);
	assert_int_equal(f, flags);
}

static void test_blocks_and_pages(void **state)
{
	struct page_table pt;
	u64 base_used;

	(void)state;
	base_used = mem_pool.used;
	assert_int_equal(paging_init(&pt, &stage2_pte_format, &mem_pool), 0);
	/* 1 GiB-aligned gigabyte: one level-1 block, so only 2 table pages */
	assert_int_equal(paging_map(&pt, 0x40000000, 0x40000000, 0x40000000,
				    MAP_RW | MAP_EXEC),
			 0);
	assert_int_equal(mem_pool.used, base_used + 2);
	expect_pa(&pt, 0x40000000, 0x40000000, MAP_RW | MAP_EXEC);
	expect_pa(&pt, 0x7fffffff, 0x7fffffff, MAP_RW | MAP_EXEC);
	assert_false(paging_lookup(&pt, 0x80000000, NULL, NULL));
	assert_false(paging_lookup(&pt, 0x3ffff000, NULL, NULL));
	/* a device page with a different physical address */
	assert_int_equal(paging_map(&pt, 0x09000000, 0x1009000000, PAGE_SIZE,
				    MAP_RW | MAP_DEVICE),
			 0);
	expect_pa(&pt, 0x09000abc, 0x1009000abc, MAP_RW | MAP_DEVICE);
	assert_false(paging_lookup(&pt, 0x09001000, NULL, NULL));
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_unmap_splits_blocks(void **state)
{
	struct page_table pt;
	u64 base_used;

	(void)state;
	base_used = mem_pool.used;
	assert_int_equal(paging_init(&pt, &stage2_pte_format, &mem_pool), 0);
	assert_int_equal(
		paging_map(&pt, 0x80000000, 0x80000000, 0x40000000, MAP_RW), 0);
	/* one page out of the middle of the 1 GiB block */
	assert_int_equal(paging_unmap(&pt, 0x90001000, PAGE_SIZE), 0);
	assert_false(paging_lookup(&pt, 0x90001000, NULL, NULL));
	expect_pa(&pt, 0x90000000, 0x90000000, MAP_RW);
	expect_pa(&pt, 0x90002000, 0x90002000, MAP_RW);
	expect_pa(&pt, 0xbffff000, 0xbffff000, MAP_RW);
	expect_pa(&pt, 0x80000000, 0x80000000, MAP_RW);
	/* root, L1, then the split L2 and L3 tables */
	assert_int_equal(mem_pool.used, base_used + 4);
	/* mapping it back restores the translation */
	assert_int_equal(
		paging_map(&pt, 0x90001000, 0x90001000, PAGE_SIZE, MAP_RW), 0);
	expect_pa(&pt, 0x90001000, 0x90001000, MAP_RW);
	/* mapping the whole gigabyte again frees the split tables */
	assert_int_equal(
		paging_map(&pt, 0x80000000, 0x80000000, 0x40000000, MAP_RW), 0);
	assert_int_equal(mem_pool.used, base_used + 2);
	expect_pa(&pt, 0x90001000, 0x90001000, MAP_RW);
	/* a whole 2 MiB unmap at once */
	assert_int_equal(paging_unmap(&pt, 0xa0000000, 0x200000), 0);
	assert_false(paging_lookup(&pt, 0xa01ff000, NULL, NULL));
	expect_pa(&pt, 0xa0200000, 0xa0200000, MAP_RW);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_rejects_unaligned(void **state)
{
	struct page_table pt;

	(void)state;
	assert_int_equal(paging_init(&pt, &stage2_pte_format, &mem_pool), 0);
	assert_int_equal(paging_map(&pt, 0x1000, 0x1800, PAGE_SIZE, MAP_RW),
			 -EINVAL);
	assert_int_equal(paging_map(&pt, 0x1000, 0x1000, 0x800, MAP_RW),
			 -EINVAL);
	assert_int_equal(paging_unmap(&pt, 0x1200, PAGE_SIZE), -EINVAL);
	paging_destroy(&pt);
}

static void test_pool_exhaustion(void **state)
{
	struct page_table pt;
	u64 va;
	int err = 0;

	(void)state;
	assert_int_equal(paging_init(&pt, &stage2_pte_format, &mem_pool), 0);
	/* scattered single pages need a table each: the pool runs dry */
	for (va = 0; !err && va < (u64)POOL_PAGES * 0x200000; va += 0x200000)
		err = paging_map(&pt, va, va, PAGE_SIZE, MAP_READ);
	assert_int_equal(err, -ENOMEM);
	paging_destroy(&pt);
	assert_non_null(page_alloc(&mem_pool, 1));
}

static void test_stage1_format(void **state)
{
	struct page_table pt;

	(void)state;
	assert_int_equal(paging_init(&pt, &hv_pte_format, &mem_pool), 0);
	assert_int_equal(paging_map(&pt, 0x80000000, 0x80000000, 0x200000,
				    MAP_READ | MAP_EXEC),
			 0);
	assert_int_equal(paging_map(&pt, 0x09000000, 0x09000000, PAGE_SIZE,
				    MAP_RW | MAP_DEVICE),
			 0);
	expect_pa(&pt, 0x80001000, 0x80001000, MAP_READ | MAP_EXEC);
	expect_pa(&pt, 0x09000000, 0x09000000, MAP_RW | MAP_DEVICE);
	paging_destroy(&pt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_and_pages),
		cmocka_unit_test(test_unmap_splits_blocks),
		cmocka_unit_test(test_rejects_unaligned),
		cmocka_unit_test(test_stage1_format),
		cmocka_unit_test(test_pool_exhaustion),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
