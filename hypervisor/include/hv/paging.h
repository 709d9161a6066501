/* Arch-neutral multi-level page tables, used for the hypervisor and stage 2. */
#ifndef HV_PAGING_H
#define HV_PAGING_H

#include <hv/types.h>
#include <hv/page_alloc.h>

/* Generic access flags of a mapping. */
#define MAP_READ BIT(0)
#define MAP_WRITE BIT(1)
#define MAP_EXEC BIT(2)
#define MAP_DEVICE BIT(3)
#define MAP_RW (MAP_READ | MAP_WRITE)

typedef u64 pte_t;

/* How one kind of table encodes its entries (provided by the arch). */
struct pte_format {
	pte_t (*table)(u64 pa);
	pte_t (*leaf)(u64 pa, u64 flags, unsigned int level);
	bool (*valid)(pte_t pte);
	bool (*is_table)(pte_t pte, unsigned int level);
	u64 (*addr)(pte_t pte);
	u64 (*flags)(pte_t pte);
	unsigned int levels; /* 4 for 48-bit VA/IPA, levels 0..3 */
	unsigned int root_pages; /* concatenated root tables */
	unsigned int first_level; /* level of the root table */
	unsigned int block_min_level; /* lowest level allowing blocks (1) */
};

struct page_table {
	pte_t *root;
	const struct pte_format *fmt;
	struct page_pool *pool;
};

int paging_init(struct page_table *pt, const struct pte_format *fmt,
		struct page_pool *pool);
int paging_map(struct page_table *pt, u64 va, u64 pa, u64 size, u64 flags);
int paging_unmap(struct page_table *pt, u64 va, u64 size);
/* Translates va; returns false if not mapped. */
bool paging_lookup(const struct page_table *pt, u64 va, u64 *pa, u64 *flags);
void paging_destroy(struct page_table *pt);

#endif
