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
void *page_alloc(struct page_pool *pool, unsigned int num);
void *page_zalloc(struct page_pool *pool, unsigned int num);
void page_free(struct page_pool *pool, void *page, unsigned int num);

extern struct page_pool mem_pool;

#endif
