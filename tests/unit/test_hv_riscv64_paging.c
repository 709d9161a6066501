/* Unit tests of the riscv64 table formats (Sv39, Sv48, Sv39x4, Sv48x4) through the generic walker: entry bits, ranges, roots. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/paging.h>
#include <asm/paging.h>

#define POOL_PAGES 256
#define GIB (1UL << 30)
#define MIB (1UL << 20)

#define V BIT(0)
#define R BIT(1)
#define W BIT(2)
#define X BIT(3)
#define U BIT(4)
#define G BIT(5)
#define A BIT(6)
#define D BIT(7)
#define RSW_DEVICE BIT(8)
#define PPN(pa) (((u64)(pa) >> 12) << 10)

static void *pool_mem;

static int setup(void **state)
{
	(void)state;
	pool_mem = aligned_alloc(64 * 1024, (POOL_PAGES + 16) * PAGE_SIZE);
	assert_non_null(pool_mem);
	page_pool_init(&mem_pool, (u64)pool_mem + PAGE_SIZE,
		       POOL_PAGES * PAGE_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pool_mem);
	return 0;
}

/* The entry that maps va at walker level, following tables from the root. */
static pte_t entry_at(const struct page_table *pt, u64 va, unsigned int level)
{
	const struct pte_format *f = pt->fmt;
	pte_t *table = pt->root;
	unsigned int l, shift, bits;

	for (l = 0;; l++) {
		shift = 12 + 9 * (f->levels - 1 - l);
		bits = l ? 9 : f->va_bits - 12 - 9 * (f->levels - 1);
		pte_t pte = table[(va >> shift) & ((1UL << bits) - 1)];

		if (l == level)
			return pte;
		assert_true(pte & V);
		assert_int_equal(pte & (R | W | X | U | A | D), 0);
		table = (pte_t *)f->addr(pte);
	}
}

/* G stage Sv39x4: 41-bit GPAs, a 16 KiB root, leaves with U, A, D. */
static void test_sv39x4(void **state)
{
	struct page_table pt;
	u64 pa, flags;

	(void)state;
	assert_int_equal(paging_root_pages(&stage2_pte_format), 4);
	assert_int_equal(paging_init(&pt, &stage2_pte_format, &mem_pool), 0);
	assert_true(IS_ALIGNED((u64)pt.root, 16 * 1024));

	/* 1 GiB of RAM: one root-level leaf */
	assert_int_equal(paging_map(&pt, 0x80000000, 0x80000000, GIB,
				    MAP_READ | MAP_WRITE | MAP_EXEC),
			 0);
	assert_int_equal(pt.root[2],
			 PPN(0x80000000) | V | R | W | X | U | A | D);
	/* a device page: a level-2 leaf, the device flag in RSW, no exec */
	assert_int_equal(paging_map(&pt, 0x10000000, 0x10000000, PAGE_SIZE,
				    MAP_RW | MAP_DEVICE),
			 0);
	assert_int_equal(entry_at(&pt, 0x10000000, 2),
			 PPN(0x10000000) | V | R | W | U | A | D | RSW_DEVICE);
	assert_true(paging_lookup(&pt, 0x10000000, &pa, &flags));
	assert_int_equal(pa, 0x10000000);
	assert_int_equal(flags, MAP_RW | MAP_DEVICE);
	/* a GPA above 2^39 uses the concatenated root's last pages */
	assert_int_equal(
		paging_map(&pt, 1UL << 40, 0x90000000, 2 * MIB, MAP_READ), 0);
	assert_true(pt.root[1024] & V);
	assert_int_equal(entry_at(&pt, 1UL << 40, 1),
			 PPN(0x90000000) | V | R | U | A | D);
	/* the last page below 2^41 fits, 2^41 does not */
	assert_int_equal(paging_map(&pt, (1UL << 41) - PAGE_SIZE, 0x90000000,
				    PAGE_SIZE, MAP_READ),
			 0);
	assert_int_equal(paging_map(&pt, 1UL << 41, 0x90000000, PAGE_SIZE,
				    MAP_READ),
			 -ERANGE);
	/* splitting the gigapage keeps the rest with its flags */
	assert_int_equal(paging_unmap(&pt, 0x80200000, PAGE_SIZE), 0);
	assert_false(paging_lookup(&pt, 0x80200000, &pa, &flags));
	assert_true(paging_lookup(&pt, 0x80201000, &pa, &flags));
	assert_int_equal(pa, 0x80201000);
	assert_int_equal(flags, MAP_READ | MAP_WRITE | MAP_EXEC);
	assert_int_equal(entry_at(&pt, 0x80201000, 2),
			 PPN(0x80201000) | V | R | W | X | U | A | D);
	paging_destroy(&pt);
}

/* The hypervisor's Sv39: identity below 2^38, global, never U. */
static void test_sv39(void **state)
{
	struct page_table pt;
	u64 pa, flags;

	(void)state;
	assert_int_equal(paging_root_pages(&hv_pte_format), 1);
	assert_int_equal(paging_init(&pt, &hv_pte_format, &mem_pool), 0);
	assert_int_equal(paging_map(&pt, 0xc0000000, 0xc0000000, 2 * MIB,
				    MAP_READ | MAP_EXEC),
			 0);
	assert_int_equal(entry_at(&pt, 0xc0000000, 1),
			 PPN(0xc0000000) | V | R | X | G | A | D);
	/* devices never executable; W alone still readable */
	assert_int_equal(paging_map(&pt, 0x10000000, 0x10000000, PAGE_SIZE,
				    MAP_RW | MAP_EXEC | MAP_DEVICE),
			 0);
	assert_int_equal(entry_at(&pt, 0x10000000, 2),
			 PPN(0x10000000) | V | R | W | G | A | D | RSW_DEVICE);
	assert_int_equal(paging_map(&pt, 0x20000000, 0x20000000, PAGE_SIZE,
				    MAP_WRITE),
			 0);
	assert_true(paging_lookup(&pt, 0x20000000, &pa, &flags));
	assert_int_equal(flags, MAP_READ | MAP_WRITE);
	/* no access at all: nothing mapped (RISC-V has no such leaf) */
	assert_int_equal(paging_map(&pt, 0x30000000, 0x30000000, PAGE_SIZE, 0),
			 0);
	assert_false(paging_lookup(&pt, 0x30000000, &pa, &flags));
	/* 2^38 and above would be negative Sv39 addresses */
	assert_int_equal(paging_map(&pt, (1UL << 38) - PAGE_SIZE,
				    (1UL << 38) - PAGE_SIZE, PAGE_SIZE, MAP_RW),
			 0);
	assert_int_equal(paging_map(&pt, 1UL << 38, 1UL << 38, PAGE_SIZE,
				    MAP_RW),
			 -ERANGE);
	/* 56-bit physical addresses */
	assert_int_equal(paging_map(&pt, 0x40000000, (1UL << 56) - GIB, GIB,
				    MAP_READ),
			 0);
	assert_int_equal(pt.root[1],
			 PPN((1UL << 56) - GIB) | V | R | G | A | D);
	assert_int_equal(paging_map(&pt, 0x40000000, 1UL << 56, GIB, MAP_READ),
			 -ERANGE);
	paging_destroy(&pt);
}

/* Sv48 and Sv48x4: one more level, 47-bit identity and 50-bit GPAs. */
static void test_sv48(void **state)
{
	struct page_table pt;
	u64 pa, flags;

	(void)state;
	assert_int_equal(paging_root_pages(&riscv64_sv48_format), 1);
	assert_int_equal(paging_init(&pt, &riscv64_sv48_format, &mem_pool), 0);
	assert_int_equal(paging_map(&pt, 0x400000000, 0x400000000, GIB, MAP_RW),
			 0);
	assert_int_equal(entry_at(&pt, 0x400000000, 1),
			 PPN(0x400000000) | V | R | W | G | A | D);
	assert_int_equal(paging_map(&pt, 1UL << 47, 0, PAGE_SIZE, MAP_RW),
			 -ERANGE);
	paging_destroy(&pt);

	assert_int_equal(paging_root_pages(&riscv64_sv48x4_format), 4);
	assert_int_equal(paging_init(&pt, &riscv64_sv48x4_format, &mem_pool),
			 0);
	assert_true(IS_ALIGNED((u64)pt.root, 16 * 1024));
	assert_int_equal(paging_map(&pt, (1UL << 50) - 2 * MIB, 0x80000000,
				    2 * MIB, MAP_READ | MAP_EXEC),
			 0);
	assert_true(pt.root[2047] & V);
	assert_true(paging_lookup(&pt, (1UL << 50) - MIB, &pa, &flags));
	assert_int_equal(pa, 0x80100000);
	assert_int_equal(flags, MAP_READ | MAP_EXEC);
	assert_int_equal(paging_map(&pt, 1UL << 50, 0, PAGE_SIZE, MAP_READ),
			 -ERANGE);
	paging_destroy(&pt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sv39x4),
		cmocka_unit_test(test_sv39),
		cmocka_unit_test(test_sv48),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
