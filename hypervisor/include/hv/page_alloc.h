/* Page pool of the hypervisor memory: page-granular bitmap allocator. */
#ifndef HV_PAGE_ALLOC_H
#define HV_PAGE_ALLOC_H

#include <hv/types.h>

struct page_pool {
	u64 base; /* address of page 0 */
	u64 pages;
	u64 used;
	u64 hwm; /* pages below this index were ever used */
	u64 *bitmap; /* kept in the pool's first pages */
};

void page_pool_init(struct page_pool *pool, u64 base, u64 size);
/* num contiguous pages, page aligned; NULL if none (or num is 0). */
void *page_alloc(struct page_pool *pool, unsigned int num);
void *page_zalloc(struct page_pool *pool, unsigned int num);
/*
 * num contiguous pages whose address is a multiple of align pages (a power
 * of two; 1 is page_alloc). page_alloc_aligned(pool, n, n) gives a block
 * aligned to its own size, e.g. a concatenated root table.
 */
void *page_alloc_aligned(struct page_pool *pool, unsigned int num,
			 unsigned int align);
void *page_zalloc_aligned(struct page_pool *pool, unsigned int num,
			  unsigned int align);
/* Gives back num pages from page (any allocation above, or part of one). */
void page_free(struct page_pool *pool, void *page, unsigned int num);

extern struct page_pool mem_pool;

#endif
