/* Unit tests of the generic page-table walker over arm64 and RISC-V-like formats, and of the page pool. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/paging.h>

#define POOL_PAGES 512
#define GIB (1UL << 30)
#define MIB (1UL << 20)

/*
 * A synthetic format shaped like RISC-V G-stage tables: V in bit 0, R/W/X
 * in bits 1-3 (any of them set marks a leaf), PPN from bit 10 (pa >> 2).
 * Bit 8 (RSW) stands for a device mapping so that every flag round-trips.
 */
#define RV_V BIT(0)
#define RV_R BIT(1)
#define RV_W BIT(2)
#define RV_X BIT(3)
#define RV_A BIT(6)
#define RV_D BIT(7)
#define RV_DEV BIT(8)
#define RV_PPN_MASK (((1UL << 44) - 1) << 10)

/* One format under test, with what the test expects of it. */
struct fmt_case {
	const char *name;
	const struct pte_format *fmt;
	unsigned int levels;
	unsigned int va_bits;
	unsigned int pa_bits;
	unsigned int root_pages;
	unsigned int block_min_level;
};

static const struct fmt_case *cur;
static void *pool_mem;

static pte_t rv_table(u64 pa)
{
	return ((pa >> 2) & RV_PPN_MASK) | RV_V;
}

static pte_t rv_leaf(u64 pa, u64 flags, unsigned int level)
{
	pte_t pte = ((pa >> 2) & RV_PPN_MASK) | RV_V | RV_A | RV_D;

	/* the walker passes its own levels, leaves only where allowed */
	assert_true(level < cur->levels);
	assert_true(level >= cur->block_min_level);
	/* a leaf maps an address aligned to what it covers */
	assert_true(IS_ALIGNED(
		pa, 1UL << (PAGE_SHIFT + 9 * (cur->levels - 1 - level))));
	if (flags & MAP_READ)
		pte |= RV_R;
	if (flags & MAP_WRITE)
		pte |= RV_W;
	if (flags & MAP_EXEC)
		pte |= RV_X;
	if (flags & MAP_DEVICE)
		pte |= RV_DEV;
	return pte;
}

static bool rv_valid(pte_t pte)
{
	return pte & RV_V;
}

static bool rv_is_table(pte_t pte, unsigned int level)
{
	assert_true(level < cur->levels - 1);
	return !(pte & (RV_R | RV_W | RV_X));
}

static u64 rv_addr(pte_t pte)
{
	return (pte & RV_PPN_MASK) << 2;
}

static u64 rv_flags(pte_t pte)
{
	u64 flags = 0;

	if (pte & RV_R)
		flags |= MAP_READ;
	if (pte & RV_W)
		flags |= MAP_WRITE;
	if (pte & RV_X)
		flags |= MAP_EXEC;
	if (pte & RV_DEV)
		flags |= MAP_DEVICE;
	return flags;
}

/* Sv39x4: 3 levels, 41-bit guest physical address, 2048-entry root. */
static const struct pte_format sv39x4_format = {
	.table = rv_table,
	.leaf = rv_leaf,
	.valid = rv_valid,
	.is_table = rv_is_table,
	.addr = rv_addr,
	.flags = rv_flags,
	.levels = 3,
	.va_bits = 41,
	.pa_bits = 56,
	.block_min_level = 0,
};

/* Sv48x4: 4 levels, 50-bit guest physical address, 2048-entry root. */
static const struct pte_format sv48x4_format = {
	.table = rv_table,
	.leaf = rv_leaf,
	.valid = rv_valid,
	.is_table = rv_is_table,
	.addr = rv_addr,
	.flags = rv_flags,
	.levels = 4,
	.va_bits = 50,
	.pa_bits = 56,
	.block_min_level = 0,
};

static const struct fmt_case cases[] = {
	{ "arm64 stage 2", &stage2_pte_format, 4, 44, 48, 1, 1 },
	{ "arm64 EL2 stage 1", &hv_pte_format, 4, 44, 48, 1, 1 },
	{ "Sv39x4", &sv39x4_format, 3, 41, 56, 4, 0 },
	{ "Sv48x4", &sv48x4_format, 4, 50, 56, 4, 0 },
};

/*
 * The pool starts one page past a 64 KiB boundary: its first free page is
 * not 16 KiB aligned, so an aligned allocation has to look for one.
 */
static int setup(void **state)
{
	(void)state;
	pool_mem = aligned_alloc(
		64 * 1024, ALIGN_UP((POOL_PAGES + 1) * PAGE_SIZE, 64 * 1024));
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

static unsigned int leaf(void)
{
	return cur->levels - 1;
}

static u64 limit(void)
{
	return 1UL << cur->va_bits;
}

/* Size mapped by one entry at this level. */
static u64 block_size(unsigned int level)
{
	return 1UL << (PAGE_SHIFT + 9 * (leaf() - level));
}

/* Pages of a table holding one mapping by an entry at this level. */
static u64 tables(unsigned int level)
{
	return cur->root_pages + level;
}

static void init(struct page_table *pt)
{
	assert_int_equal(paging_init(pt, cur->fmt, &mem_pool), 0);
}

static void expect_pa(struct page_table *pt, u64 va, u64 pa, u64 flags)
{
	u64 got, f;

	assert_true(paging_lookup(pt, va, &got, &f));
	assert_int_equal(got, pa);
	assert_int_equal(f, flags);
}

static void test_format_shape(void **state)
{
	(void)state;
	assert_int_equal(cur->fmt->levels, cur->levels);
	assert_int_equal(cur->fmt->va_bits, cur->va_bits);
	assert_int_equal(paging_root_pages(cur->fmt), cur->root_pages);
}

static void test_blocks_and_pages(void **state)
{
	struct page_table pt;
	u64 base_used;

	(void)state;
	base_used = mem_pool.used;
	init(&pt);
	/* 1 GiB-aligned gigabyte: one 1 GiB block, no tables below it */
	assert_int_equal(paging_map(&pt, 0x40000000, 0x40000000, 0x40000000,
				    MAP_RW | MAP_EXEC),
			 0);
	assert_int_equal(mem_pool.used, base_used + tables(leaf() - 2));
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
	assert_null(pt.root);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_unmap_splits_blocks(void **state)
{
	struct page_table pt;
	u64 base_used;

	(void)state;
	base_used = mem_pool.used;
	init(&pt);
	assert_int_equal(
		paging_map(&pt, 0x80000000, 0x80000000, 0x40000000, MAP_RW), 0);
	/* one page out of the middle of the 1 GiB block */
	assert_int_equal(paging_unmap(&pt, 0x90001000, PAGE_SIZE), 0);
	assert_false(paging_lookup(&pt, 0x90001000, NULL, NULL));
	expect_pa(&pt, 0x90000000, 0x90000000, MAP_RW);
	expect_pa(&pt, 0x90002000, 0x90002000, MAP_RW);
	expect_pa(&pt, 0xbffff000, 0xbffff000, MAP_RW);
	expect_pa(&pt, 0x80000000, 0x80000000, MAP_RW);
	/* the tables down to the block, then the split 2 MiB and 4 KiB ones */
	assert_int_equal(mem_pool.used, base_used + tables(leaf()));
	/* mapping it back restores the translation */
	assert_int_equal(
		paging_map(&pt, 0x90001000, 0x90001000, PAGE_SIZE, MAP_RW), 0);
	expect_pa(&pt, 0x90001000, 0x90001000, MAP_RW);
	/* mapping the whole gigabyte again frees the split tables */
	assert_int_equal(
		paging_map(&pt, 0x80000000, 0x80000000, 0x40000000, MAP_RW), 0);
	assert_int_equal(mem_pool.used, base_used + tables(leaf() - 2));
	expect_pa(&pt, 0x90001000, 0x90001000, MAP_RW);
	/* a whole 2 MiB unmap at once */
	assert_int_equal(paging_unmap(&pt, 0xa0000000, 0x200000), 0);
	assert_false(paging_lookup(&pt, 0xa01ff000, NULL, NULL));
	expect_pa(&pt, 0xa0200000, 0xa0200000, MAP_RW);
	assert_int_equal(mem_pool.used, base_used + tables(leaf() - 1));
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

/* What the table looked like each time a live table was flushed. */
static struct {
	unsigned int flushes;
	unsigned int broken; /* flushes with the changed address unmapped */
	u64 watch;
} bbm;

static void bbm_flush(const struct page_table *pt)
{
	bbm.flushes++;
	if (!paging_lookup(pt, bbm.watch, NULL, NULL))
		bbm.broken++;
}

/* A live table changes break-before-make: invalid, flush, new entry. */
static void test_break_before_make(void **state)
{
	struct page_table pt;
	u64 base_used;

	(void)state;
	base_used = mem_pool.used;
	init(&pt);
	assert_int_equal(
		paging_map(&pt, 0x80000000, 0x80000000, 0x40000000, MAP_RW), 0);
	pt.flush = bbm_flush;
	memset(&bbm, 0, sizeof(bbm));
	/* splitting the 1 GiB block (down to 4 KiB) under a running guest:
	 * each level's block is broken while its replacement is flushed */
	bbm.watch = 0x90000000;
	assert_int_equal(paging_unmap(&pt, 0x90001000, PAGE_SIZE), 0);
	assert_true(bbm.flushes >= 1);
	assert_int_equal(bbm.broken, bbm.flushes);
	expect_pa(&pt, 0x80000000, 0x80000000, MAP_RW);
	/* a block replacing the tables: broken first, tables freed after */
	memset(&bbm, 0, sizeof(bbm));
	assert_int_equal(
		paging_map(&pt, 0x80000000, 0x80000000, 0x40000000, MAP_RW), 0);
	assert_int_equal(bbm.flushes, 1);
	assert_int_equal(bbm.broken, 1);
	assert_int_equal(mem_pool.used, base_used + tables(leaf() - 2));
	/* writing the same entry again needs no break */
	memset(&bbm, 0, sizeof(bbm));
	assert_int_equal(
		paging_map(&pt, 0x80000000, 0x80000000, 0x40000000, MAP_RW), 0);
	assert_int_equal(bbm.flushes, 0);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

/* The largest block the format allows, split down to pages and collapsed. */
static void test_largest_block(void **state)
{
	unsigned int level = cur->block_min_level;
	u64 size = block_size(level), va = size, pa = 2 * size, base_used;
	struct page_table pt;

	(void)state;
	base_used = mem_pool.used;
	init(&pt);
	assert_int_equal(paging_map(&pt, va, pa, size, MAP_RW), 0);
	assert_int_equal(mem_pool.used, base_used + tables(level));
	expect_pa(&pt, va, pa, MAP_RW);
	expect_pa(&pt, va + size - 8, pa + size - 8, MAP_RW);
	assert_false(paging_lookup(&pt, va - PAGE_SIZE, NULL, NULL));
	assert_false(paging_lookup(&pt, va + size, NULL, NULL));
	/* a page in the middle goes: one table per level below the block */
	assert_int_equal(
		paging_unmap(&pt, va + size / 2 + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(mem_pool.used, base_used + tables(leaf()));
	assert_false(paging_lookup(&pt, va + size / 2 + PAGE_SIZE, NULL, NULL));
	expect_pa(&pt, va + size / 2, pa + size / 2, MAP_RW);
	expect_pa(&pt, va + size / 2 + 2 * PAGE_SIZE,
		  pa + size / 2 + 2 * PAGE_SIZE, MAP_RW);
	expect_pa(&pt, va, pa, MAP_RW);
	expect_pa(&pt, va + size - PAGE_SIZE, pa + size - PAGE_SIZE, MAP_RW);
	/* other flags on another page keep the rest as they were */
	assert_int_equal(paging_map(&pt, va + PAGE_SIZE, pa + PAGE_SIZE,
				    PAGE_SIZE, MAP_READ | MAP_EXEC),
			 0);
	expect_pa(&pt, va + PAGE_SIZE, pa + PAGE_SIZE, MAP_READ | MAP_EXEC);
	expect_pa(&pt, va, pa, MAP_RW);
	/* the whole block again: back to a single entry */
	assert_int_equal(paging_map(&pt, va, pa, size, MAP_RW), 0);
	assert_int_equal(mem_pool.used, base_used + tables(level));
	expect_pa(&pt, va + size / 2 + PAGE_SIZE, pa + size / 2 + PAGE_SIZE,
		  MAP_RW);
	expect_pa(&pt, va + PAGE_SIZE, pa + PAGE_SIZE, MAP_RW);
	assert_int_equal(paging_unmap(&pt, va, size), 0);
	assert_false(paging_lookup(&pt, va, NULL, NULL));
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

/* Every input address bit selects its own entry: none aliases another. */
static void test_whole_root(void **state)
{
	u64 top = limit() - 4 * GIB, base_used;
	struct page_table pt;
	unsigned int b;

	(void)state;
	base_used = mem_pool.used;
	init(&pt);
	/* the top 4 GiB, i.e. the last root entry, as 1 GiB blocks */
	assert_int_equal(paging_map(&pt, top, 0x200000000, 4 * GIB, MAP_RW), 0);
	assert_int_equal(mem_pool.used, base_used + tables(leaf() - 2));
	expect_pa(&pt, top, 0x200000000, MAP_RW);
	expect_pa(&pt, limit() - PAGE_SIZE, 0x300000000 - PAGE_SIZE, MAP_RW);
	expect_pa(&pt, limit() - 1, 0x300000000 - 1, MAP_RW);
	assert_false(paging_lookup(&pt, top - PAGE_SIZE, NULL, NULL));
	assert_false(paging_lookup(&pt, 0, NULL, NULL));
	assert_false(paging_lookup(&pt, top & (limit() / 2 - 1), NULL, NULL));
	assert_false(paging_lookup(&pt, top & (limit() / 4 - 1), NULL, NULL));
	assert_int_equal(paging_unmap(&pt, top, 4 * GIB), 0);
	assert_false(paging_lookup(&pt, limit() - PAGE_SIZE, NULL, NULL));

	/* one page at 0 and at each power of two up to the top bit */
	assert_int_equal(paging_map(&pt, 0, 0x1000000, PAGE_SIZE, MAP_READ), 0);
	for (b = PAGE_SHIFT; b < cur->va_bits; b++)
		assert_int_equal(paging_map(&pt, 1UL << b, (u64)b << 24,
					    PAGE_SIZE, MAP_RW),
				 0);
	expect_pa(&pt, 0, 0x1000000, MAP_READ);
	for (b = PAGE_SHIFT; b < cur->va_bits; b++) {
		expect_pa(&pt, (1UL << b) + 0x10, ((u64)b << 24) + 0x10,
			  MAP_RW);
		assert_false(paging_lookup(&pt, (1UL << b) + 5 * PAGE_SIZE,
					   NULL, NULL));
	}
	for (b = PAGE_SHIFT; b < cur->va_bits; b++) {
		assert_int_equal(paging_unmap(&pt, 1UL << b, PAGE_SIZE), 0);
		assert_false(paging_lookup(&pt, 1UL << b, NULL, NULL));
	}
	expect_pa(&pt, 0, 0x1000000, MAP_READ);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

/* Beyond the input (or output) range is refused, not wrapped. */
static void test_refuses_beyond_range(void **state)
{
	u64 lim = limit(), base_used, used;
	struct page_table pt;

	(void)state;
	base_used = mem_pool.used;
	init(&pt);
	assert_int_equal(
		paging_map(&pt, PAGE_SIZE, PAGE_SIZE, PAGE_SIZE, MAP_RW), 0);
	used = mem_pool.used;
	assert_int_equal(paging_map(&pt, lim, 0, PAGE_SIZE, MAP_RW), -ERANGE);
	assert_int_equal(paging_map(&pt, lim + PAGE_SIZE, 0, PAGE_SIZE, MAP_RW),
			 -ERANGE);
	assert_int_equal(paging_map(&pt, lim - PAGE_SIZE, 0, 2 * PAGE_SIZE,
				    MAP_RW),
			 -ERANGE);
	assert_int_equal(paging_map(&pt, 0, 0, lim + PAGE_SIZE, MAP_RW),
			 -ERANGE);
	assert_int_equal(paging_map(&pt, 1UL << 63, 0, PAGE_SIZE, MAP_RW),
			 -ERANGE);
	/* va + size wraps to 0 */
	assert_int_equal(paging_map(&pt, PAGE_MASK, 0, PAGE_SIZE, MAP_RW),
			 -ERANGE);
	assert_int_equal(paging_map(&pt, 0, PAGE_MASK, PAGE_SIZE, MAP_RW),
			 -ERANGE);
	assert_int_equal(paging_map(&pt, 0, 1UL << cur->pa_bits, PAGE_SIZE,
				    MAP_RW),
			 -ERANGE);
	assert_int_equal(paging_unmap(&pt, lim, PAGE_SIZE), -ERANGE);
	assert_int_equal(paging_unmap(&pt, lim + PAGE_SIZE, PAGE_SIZE),
			 -ERANGE);
	assert_int_equal(paging_unmap(&pt, 0, lim + PAGE_SIZE), -ERANGE);
	assert_int_equal(paging_unmap(&pt, PAGE_MASK, PAGE_SIZE), -ERANGE);
	/* nothing was touched: no table allocated, the page still there */
	assert_int_equal(mem_pool.used, used);
	expect_pa(&pt, PAGE_SIZE, PAGE_SIZE, MAP_RW);
	assert_false(paging_lookup(&pt, lim + PAGE_SIZE, NULL, NULL));
	assert_false(
		paging_lookup(&pt, lim | (lim << 1) | PAGE_SIZE, NULL, NULL));
	assert_false(paging_lookup(&pt, ~0UL, NULL, NULL));
	assert_false(paging_lookup(&pt, lim, NULL, NULL));
	/* the last page and the last pa are fine */
	assert_int_equal(paging_map(&pt, lim - PAGE_SIZE,
				    (1UL << cur->pa_bits) - PAGE_SIZE,
				    PAGE_SIZE, MAP_RW),
			 0);
	expect_pa(&pt, lim - 1, (1UL << cur->pa_bits) - 1, MAP_RW);
	assert_false(paging_lookup(&pt, lim - 2 * PAGE_SIZE, NULL, NULL));
	assert_int_equal(paging_unmap(&pt, lim - PAGE_SIZE, PAGE_SIZE), 0);
	assert_false(paging_lookup(&pt, lim - 1, NULL, NULL));
	/* the whole range in one unmap is allowed */
	assert_int_equal(paging_unmap(&pt, 0, lim), 0);
	assert_false(paging_lookup(&pt, PAGE_SIZE, NULL, NULL));
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_root_alignment(void **state)
{
	u64 base_used = mem_pool.used, align = cur->root_pages * PAGE_SIZE;
	struct page_table a, b;
	void *gap;

	(void)state;
	/* leave the first free page taken so the root has to skip ahead */
	gap = page_alloc(&mem_pool, 1);
	assert_non_null(gap);
	init(&a);
	init(&b);
	assert_true(IS_ALIGNED((u64)a.root, align));
	assert_true(IS_ALIGNED((u64)b.root, align));
	assert_true((u64)b.root >= (u64)a.root + align ||
		    (u64)a.root >= (u64)b.root + align);
	assert_int_equal(mem_pool.used, base_used + 1 + 2 * cur->root_pages);
	paging_destroy(&a);
	paging_destroy(&b);
	page_free(&mem_pool, gap, 1);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_rejects_unaligned(void **state)
{
	struct page_table pt;
	u64 base_used = mem_pool.used;

	(void)state;
	init(&pt);
	assert_int_equal(paging_map(&pt, 0x1000, 0x1800, PAGE_SIZE, MAP_RW),
			 -EINVAL);
	assert_int_equal(paging_map(&pt, 0x1000, 0x1000, 0x800, MAP_RW),
			 -EINVAL);
	assert_int_equal(paging_unmap(&pt, 0x1200, PAGE_SIZE), -EINVAL);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_2m_block_and_device(void **state)
{
	struct page_table pt;
	u64 base_used = mem_pool.used;

	(void)state;
	init(&pt);
	assert_int_equal(paging_map(&pt, 0x80000000, 0x80000000, 0x200000,
				    MAP_READ | MAP_EXEC),
			 0);
	assert_int_equal(mem_pool.used, base_used + tables(leaf() - 1));
	assert_int_equal(paging_map(&pt, 0x09000000, 0x09000000, PAGE_SIZE,
				    MAP_RW | MAP_DEVICE),
			 0);
	expect_pa(&pt, 0x80001000, 0x80001000, MAP_READ | MAP_EXEC);
	expect_pa(&pt, 0x09000000, 0x09000000, MAP_RW | MAP_DEVICE);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_pool_exhaustion(void **state)
{
	struct page_table pt;
	u64 va, base_used = mem_pool.used;
	int err = 0;
	void *p;

	(void)state;
	init(&pt);
	/* scattered single pages need a table each: the pool runs dry */
	for (va = 0; !err && va < (u64)POOL_PAGES * 0x200000; va += 0x200000)
		err = paging_map(&pt, va, va, PAGE_SIZE, MAP_READ);
	assert_int_equal(err, -ENOMEM);
	expect_pa(&pt, 0, 0, MAP_READ);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
	p = page_alloc(&mem_pool, 1);
	assert_non_null(p);
	page_free(&mem_pool, p, 1);
}

/* Small deterministic generator for the random walk below. */
static u64 rng_state;

static u64 rnd(u64 n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (rng_state >> 33) % n;
}

#define WIN_PAGES 2048 /* 8 MiB: four 2 MiB blocks */

struct shadow {
	u64 pa[WIN_PAGES]; /* 0: unmapped */
	u64 flags[WIN_PAGES];
};

static void check_window(struct page_table *pt, u64 base,
			 const struct shadow *s)
{
	unsigned int i;
	u64 pa, flags;

	for (i = 0; i < WIN_PAGES; i++) {
		bool mapped =
			paging_lookup(pt, base + i * PAGE_SIZE, &pa, &flags);

		assert_int_equal(mapped, s->pa[i] != 0);
		if (mapped) {
			assert_int_equal(pa, s->pa[i]);
			assert_int_equal(flags, s->flags[i]);
		}
	}
}

/* Random maps and unmaps in a low and a top window against a model. */
static void test_random_against_model(void **state)
{
	static const u64 flag_sets[] = { MAP_RW, MAP_READ | MAP_EXEC,
					 MAP_RW | MAP_EXEC,
					 MAP_RW | MAP_DEVICE };
	u64 bases[2] = { 6 * MIB, limit() - WIN_PAGES * PAGE_SIZE };
	static struct shadow s[2];
	struct page_table pt;
	u64 base_used = mem_pool.used;
	unsigned int op, w, i;

	(void)state;
	rng_state = cur->va_bits;
	memset(s, 0, sizeof(s));
	init(&pt);
	for (op = 0; op < 300; op++) {
		u64 first, num, flags = flag_sets[rnd(ARRAY_SIZE(flag_sets))];
		u64 va, pa;

		w = rnd(2);
		/* whole 2 MiB blocks now and then, or any run of pages */
		if (rnd(3) == 0) {
			first = rnd(WIN_PAGES / 512) * 512;
			num = 512 * (1 + rnd(WIN_PAGES / 512 - first / 512));
		} else {
			first = rnd(WIN_PAGES);
			num = 1 + rnd(MIN(WIN_PAGES - first, 700));
		}
		va = bases[w] + first * PAGE_SIZE;
		/* pa with the same 2 MiB offset as va, so blocks can form */
		pa = 0x40000000 + rnd(8) * 0x200000 + (va & 0x1fffff);
		if (rnd(3) == 0) {
			assert_int_equal(paging_unmap(&pt, va, num * PAGE_SIZE),
					 0);
			for (i = 0; i < num; i++)
				s[w].pa[first + i] = 0;
		} else {
			assert_int_equal(paging_map(&pt, va, pa,
						    num * PAGE_SIZE, flags),
					 0);
			for (i = 0; i < num; i++) {
				s[w].pa[first + i] = pa + i * PAGE_SIZE;
				s[w].flags[first + i] = flags;
			}
		}
		check_window(&pt, bases[w], &s[w]);
		/* no table is ever more than the windows need */
		assert_true(mem_pool.used <=
			    base_used + cur->root_pages + 2 * (leaf() + 4));
	}
	check_window(&pt, bases[0], &s[0]);
	check_window(&pt, bases[1], &s[1]);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_bad_formats(void **state)
{
	struct pte_format f = *cur->fmt;
	struct page_table pt;
	u64 base_used = mem_pool.used;

	(void)state;
	/* a root of 14 bits (32 pages) or of none at all */
	f.va_bits = PAGE_SHIFT + 9 * (f.levels - 1) + 14;
	assert_int_equal(paging_init(&pt, &f, &mem_pool), -EINVAL);
	assert_null(pt.root);
	f.va_bits = PAGE_SHIFT + 9 * (f.levels - 1);
	assert_int_equal(paging_init(&pt, &f, &mem_pool), -EINVAL);
	f = *cur->fmt;
	f.block_min_level = f.levels;
	assert_int_equal(paging_init(&pt, &f, &mem_pool), -EINVAL);
	f = *cur->fmt;
	f.levels = 0;
	assert_int_equal(paging_init(&pt, &f, &mem_pool), -EINVAL);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, base_used);
}

static void test_aligned_alloc(void **state)
{
	u64 base_used = mem_pool.used;
	void *gap, *p, *q, *r;
	unsigned int i;

	(void)state;
	gap = page_alloc(&mem_pool, 1);
	assert_non_null(gap);
	/* not 16 KiB aligned here: the pool starts one page past 64 KiB */
	assert_false(IS_ALIGNED((u64)gap + PAGE_SIZE, 4 * PAGE_SIZE));
	p = page_alloc_aligned(&mem_pool, 4, 4);
	assert_non_null(p);
	assert_true(IS_ALIGNED((u64)p, 4 * PAGE_SIZE));
	memset(p, 0xa5, 4 * PAGE_SIZE);
	q = page_zalloc_aligned(&mem_pool, 2, 8);
	assert_non_null(q);
	assert_true(IS_ALIGNED((u64)q, 8 * PAGE_SIZE));
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		assert_int_equal(((u8 *)q)[i], 0);
	assert_int_equal(mem_pool.used, base_used + 1 + 4 + 2);
	/* pages skipped for alignment are still handed out */
	r = page_alloc(&mem_pool, 1);
	assert_int_equal((u64)r, (u64)gap + PAGE_SIZE);
	page_free(&mem_pool, r, 1);
	/* bad requests */
	assert_null(page_alloc_aligned(&mem_pool, 1, 3));
	assert_null(page_alloc_aligned(&mem_pool, 1, 0));
	assert_null(page_alloc_aligned(&mem_pool, 0, 1));
	assert_null(page_alloc(&mem_pool, POOL_PAGES));
	/* 64 KiB boundaries are at pages 15, 31, ...: 497 pages fit, not 498 */
	r = page_alloc_aligned(&mem_pool, 16, 16);
	assert_int_equal((u64)r, (u64)pool_mem + 16 * PAGE_SIZE);
	page_free(&mem_pool, r, 16);
	assert_null(page_alloc_aligned(&mem_pool, POOL_PAGES - 14, 16));
	r = page_alloc_aligned(&mem_pool, POOL_PAGES - 15, 16);
	assert_int_equal((u64)r, (u64)pool_mem + 16 * PAGE_SIZE);
	page_free(&mem_pool, r, POOL_PAGES - 15);
	assert_int_equal(mem_pool.used, base_used + 1 + 4 + 2);
	/* freed, the same aligned block comes back */
	page_free(&mem_pool, p, 4);
	r = page_zalloc_aligned(&mem_pool, 4, 4);
	assert_int_equal((u64)r, (u64)p);
	for (i = 0; i < 4 * PAGE_SIZE; i++)
		assert_int_equal(((u8 *)r)[i], 0);
	page_free(&mem_pool, r, 4);
	page_free(&mem_pool, q, 2);
	page_free(&mem_pool, gap, 1);
	assert_int_equal(mem_pool.used, base_used);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_shape),
		cmocka_unit_test(test_blocks_and_pages),
		cmocka_unit_test(test_unmap_splits_blocks),
		cmocka_unit_test(test_break_before_make),
		cmocka_unit_test(test_largest_block),
		cmocka_unit_test(test_whole_root),
		cmocka_unit_test(test_refuses_beyond_range),
		cmocka_unit_test(test_root_alignment),
		cmocka_unit_test(test_rejects_unaligned),
		cmocka_unit_test(test_2m_block_and_device),
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_bad_formats),
		cmocka_unit_test(test_pool_exhaustion),
	};
	const struct CMUnitTest alloc_tests[] = {
		cmocka_unit_test(test_aligned_alloc),
	};
	unsigned int i;
	int failed = 0;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cur = &cases[i];
		print_message("Format %s\n", cur->name);
		failed += cmocka_run_group_tests_name(cur->name, tests, setup,
						      teardown);
	}
	print_message("Page pool\n");
	failed += cmocka_run_group_tests_name("page pool", alloc_tests, setup,
					      teardown);
	return failed;
}
