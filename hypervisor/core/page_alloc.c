/* Page pool: hands out zeroed, page-aligned pages of hypervisor memory. */
#include <hv/page_alloc.h>
#include <hv/spinlock.h>
#include <hv/string.h>

struct page_pool mem_pool;
static spinlock_t pool_lock = SPINLOCK_INIT;

static bool page_used(const struct page_pool *pool, u64 n)
{
	return pool->bitmap[n / 64] & BIT(n % 64);
}

static void mark(struct page_pool *pool, u64 n, bool used)
{
	if (used)
		pool->bitmap[n / 64] |= BIT(n % 64);
	else
		pool->bitmap[n / 64] &= ~BIT(n % 64);
}

/* The bitmap lives in the first pages of the pool and is marked used. */
void page_pool_init(struct page_pool *pool, u64 base, u64 size)
{
	u64 pages = size / PAGE_SIZE, bm_pages, n;

	bm_pages = ALIGN_UP(ALIGN_UP(pages, 64) / 8, PAGE_SIZE) / PAGE_SIZE;
	pool->base = base;
	pool->pages = pages;
	pool->bitmap = (u64 *)base;
	memset(pool->bitmap, 0, bm_pages * PAGE_SIZE);
	for (n = 0; n < bm_pages; n++)
		mark(pool, n, true);
	pool->used = bm_pages;
	pool->hwm = bm_pages;
}

/* The first page index at or after n whose address is a multiple of align. */
static u64 aligned_index(const struct page_pool *pool, u64 n, u64 align)
{
	u64 bytes = align * PAGE_SIZE;

	return (ALIGN_UP(pool->base + n * PAGE_SIZE, bytes) - pool->base) /
	       PAGE_SIZE;
}

void *page_alloc_aligned(struct page_pool *pool, unsigned int num,
			 unsigned int align)
{
	u64 start, n;
	void *ret = NULL;

	if (!num || !align || (align & (align - 1)))
		return NULL;
	spin_lock(&pool_lock);
	for (start = aligned_index(pool, 0, align); start + num <= pool->pages;
	     start = aligned_index(pool, start + n + 1, align)) {
		for (n = 0; n < num && !page_used(pool, start + n); n++)
			;
		if (n == num) {
			for (n = 0; n < num; n++)
				mark(pool, start + n, true);
			pool->used += num;
			if (start + num > pool->hwm)
				pool->hwm = start + num;
			ret = (void *)(pool->base + start * PAGE_SIZE);
			break;
		}
	}
	spin_unlock(&pool_lock);
	return ret;
}

void *page_zalloc_aligned(struct page_pool *pool, unsigned int num,
			  unsigned int align)
{
	void *p = page_alloc_aligned(pool, num, align);

	if (p)
		memset(p, 0, num * PAGE_SIZE);
	return p;
}

void *page_alloc(struct page_pool *pool, unsigned int num)
{
	return page_alloc_aligned(pool, num, 1);
}

void *page_zalloc(struct page_pool *pool, unsigned int num)
{
	return page_zalloc_aligned(pool, num, 1);
}

void page_free(struct page_pool *pool, void *page, unsigned int num)
{
	u64 first = ((u64)page - pool->base) / PAGE_SIZE, n;

	if (!page)
		return;
	spin_lock(&pool_lock);
	for (n = 0; n < num; n++)
		mark(pool, first + n, false);
	pool->used -= num;
	spin_unlock(&pool_lock);
}
