/* Generic page-table walker: maps, unmaps and looks up with blocks where possible. */
#include <hv/paging.h>
#include <hv/string.h>

#define ENTRIES 512

static unsigned int level_shift(unsigned int level)
{
	return PAGE_SHIFT + 9 * (3 - level);
}

static unsigned int pt_index(u64 va, unsigned int level)
{
	return (va >> level_shift(level)) & (ENTRIES - 1);
}

int paging_init(struct page_table *pt, const struct pte_format *fmt,
		struct page_pool *pool)
{
	pt->fmt = fmt;
	pt->pool = pool;
	pt->root = page_zalloc(pool, fmt->root_pages);
	return pt->root ? 0 : -ENOMEM;
}

static pte_t *table_of(const struct page_table *pt, pte_t pte)
{
	return (pte_t *)pt->fmt->addr(pte);
}

/* Replaces the block in *pte with a table of the same mappings. */
static int split_block(struct page_table *pt, pte_t *pte, unsigned int level)
{
	const struct pte_format *fmt = pt->fmt;
	u64 pa = fmt->addr(*pte), flags = fmt->flags(*pte);
	u64 step = 1UL << level_shift(level + 1);
	pte_t *table = page_zalloc(pt->pool, 1);
	unsigned int i;

	if (!table)
		return -ENOMEM;
	for (i = 0; i < ENTRIES; i++)
		table[i] = fmt->leaf(pa + i * step, flags, level + 1);
	*pte = fmt->table((u64)table);
	return 0;
}

static void free_level(struct page_table *pt, pte_t *table, unsigned int level);

static int map_level(struct page_table *pt, pte_t *table, unsigned int level,
		     u64 va, u64 pa, u64 size, u64 flags)
{
	const struct pte_format *fmt = pt->fmt;

	while (size) {
		u64 block = 1UL << level_shift(level);
		u64 chunk = block - (va & (block - 1));
		pte_t *pte = &table[pt_index(va, level)];
		int err;

		if (chunk > size)
			chunk = size;
		if ((level == 3 || level >= fmt->block_min_level) &&
		    chunk == block && IS_ALIGNED(pa, block)) {
			/* a whole block: drop any finer tables under it */
			if (level < 3 && fmt->valid(*pte) &&
			    fmt->is_table(*pte, level))
				free_level(pt, table_of(pt, *pte), level + 1);
			*pte = fmt->leaf(pa, flags, level);
		} else {
			if (!fmt->valid(*pte)) {
				pte_t *next = page_zalloc(pt->pool, 1);

				if (!next)
					return -ENOMEM;
				*pte = fmt->table((u64)next);
			} else if (!fmt->is_table(*pte, level)) {
				err = split_block(pt, pte, level);
				if (err)
					return err;
			}
			err = map_level(pt, table_of(pt, *pte), level + 1, va,
					pa, chunk, flags);
			if (err)
				return err;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return 0;
}

int paging_map(struct page_table *pt, u64 va, u64 pa, u64 size, u64 flags)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return -EINVAL;
	return map_level(pt, pt->root, pt->fmt->first_level, va, pa, size,
			 flags);
}

static int unmap_level(struct page_table *pt, pte_t *table, unsigned int level,
		       u64 va, u64 size)
{
	const struct pte_format *fmt = pt->fmt;

	while (size) {
		u64 block = 1UL << level_shift(level);
		u64 chunk = block - (va & (block - 1));
		pte_t *pte = &table[pt_index(va, level)];
		int err;

		if (chunk > size)
			chunk = size;
		if (!fmt->valid(*pte)) {
			/* nothing mapped here */
		} else if (level < 3 && fmt->is_table(*pte, level)) {
			err = unmap_level(pt, table_of(pt, *pte), level + 1, va,
					  chunk);
			if (err)
				return err;
		} else if (chunk == block) {
			*pte = 0;
		} else {
			err = split_block(pt, pte, level);
			if (err)
				return err;
			err = unmap_level(pt, table_of(pt, *pte), level + 1, va,
					  chunk);
			if (err)
				return err;
		}
		va += chunk;
		size -= chunk;
	}
	return 0;
}

int paging_unmap(struct page_table *pt, u64 va, u64 size)
{
	if (!IS_ALIGNED(va | size, PAGE_SIZE))
		return -EINVAL;
	return unmap_level(pt, pt->root, pt->fmt->first_level, va, size);
}

bool paging_lookup(const struct page_table *pt, u64 va, u64 *pa, u64 *flags)
{
	const struct pte_format *fmt = pt->fmt;
	unsigned int level = fmt->first_level;
	pte_t *table = pt->root;

	for (;; level++) {
		pte_t pte = table[pt_index(va, level)];
		u64 mask = (1UL << level_shift(level)) - 1;

		if (!fmt->valid(pte))
			return false;
		if (level < 3 && fmt->is_table(pte, level)) {
			table = table_of(pt, pte);
			continue;
		}
		if (pa)
			*pa = fmt->addr(pte) + (va & mask);
		if (flags)
			*flags = fmt->flags(pte);
		return true;
	}
}

static void free_level(struct page_table *pt, pte_t *table, unsigned int level)
{
	unsigned int i;

	if (level < 3)
		for (i = 0; i < ENTRIES; i++)
			if (pt->fmt->valid(table[i]) &&
			    pt->fmt->is_table(table[i], level))
				free_level(pt, table_of(pt, table[i]),
					   level + 1);
	page_free(pt->pool, table, 1);
}

void paging_destroy(struct page_table *pt)
{
	if (!pt->root)
		return;
	free_level(pt, pt->root, pt->fmt->first_level);
	pt->root = NULL;
}
