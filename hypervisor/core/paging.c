/* Generic page-table walker: maps, unmaps and looks up with blocks where possible. */
#include <hv/paging.h>
#include <hv/string.h>

static unsigned int leaf_level(const struct pte_format *fmt)
{
	return fmt->levels - 1;
}

/* Input bits resolved by the root table; the rest are 9 per level. */
static unsigned int root_bits(const struct pte_format *fmt)
{
	return fmt->va_bits - PAGE_SHIFT - PT_INDEX_BITS * leaf_level(fmt);
}

static unsigned int level_bits(const struct pte_format *fmt, unsigned int level)
{
	return level ? PT_INDEX_BITS : root_bits(fmt);
}

/* Address bits below an entry at this level: log2 of what it maps. */
static unsigned int level_shift(const struct pte_format *fmt,
				unsigned int level)
{
	return PAGE_SHIFT + PT_INDEX_BITS * (leaf_level(fmt) - level);
}

static unsigned int pt_index(const struct pte_format *fmt, u64 va,
			     unsigned int level)
{
	return (va >> level_shift(fmt, level)) &
	       ((1UL << level_bits(fmt, level)) - 1);
}

unsigned int paging_root_pages(const struct pte_format *fmt)
{
	unsigned int bits = root_bits(fmt);

	return bits > PT_INDEX_BITS ? 1U << (bits - PT_INDEX_BITS) : 1;
}

static bool format_ok(const struct pte_format *fmt)
{
	unsigned int below;

	if (fmt->levels < 1 || fmt->va_bits >= 64 || fmt->pa_bits > 64 ||
	    fmt->pa_bits <= PAGE_SHIFT ||
	    fmt->block_min_level > leaf_level(fmt))
		return false;
	below = PAGE_SHIFT + PT_INDEX_BITS * leaf_level(fmt);
	return fmt->va_bits > below && fmt->va_bits - below <= PT_ROOT_MAX_BITS;
}

/* [addr, addr + size) lies below 2^bits (and does not wrap). */
static bool in_range(u64 addr, u64 size, unsigned int bits)
{
	u64 limit;

	if (addr + size < addr)
		return false;
	if (bits >= 64)
		return true;
	limit = 1UL << bits;
	return size <= limit && addr <= limit - size;
}

int paging_init(struct page_table *pt, const struct pte_format *fmt,
		struct page_pool *pool)
{
	unsigned int pages;

	pt->fmt = fmt;
	pt->pool = pool;
	pt->root = NULL;
	pt->flush = NULL;
	if (!format_ok(fmt))
		return -EINVAL;
	pages = paging_root_pages(fmt);
	pt->root = page_zalloc_aligned(pool, pages, pages);
	return pt->root ? 0 : -ENOMEM;
}

static pte_t *table_of(const struct page_table *pt, pte_t pte)
{
	return (pte_t *)pt->fmt->addr(pte);
}

/* The entry at this level points to a table of the next level. */
static bool is_table(const struct pte_format *fmt, pte_t pte,
		     unsigned int level)
{
	return level < leaf_level(fmt) && fmt->valid(pte) &&
	       fmt->is_table(pte, level);
}

/* Writes a valid entry over a valid one: break-before-make if the table is live. */
static void replace(const struct page_table *pt, pte_t *pte, pte_t new)
{
	if (pt->flush && pt->fmt->valid(*pte) && *pte != new) {
		WRITE_ONCE(*pte, 0);
		pt->flush(pt);
	}
	WRITE_ONCE(*pte, new);
}

/* Replaces the block in *pte with a table of the same mappings. */
static int split_block(struct page_table *pt, pte_t *pte, unsigned int level)
{
	const struct pte_format *fmt = pt->fmt;
	u64 pa = fmt->addr(*pte), flags = fmt->flags(*pte);
	u64 step = 1UL << level_shift(fmt, level + 1);
	pte_t *table = page_zalloc(pt->pool, 1);
	unsigned int i;

	if (!table)
		return -ENOMEM;
	for (i = 0; i < PT_ENTRIES; i++)
		table[i] = fmt->leaf(pa + i * step, flags, level + 1);
	replace(pt, pte, fmt->table((u64)table));
	return 0;
}

static void free_level(struct page_table *pt, pte_t *table, unsigned int level);

static int map_level(struct page_table *pt, pte_t *table, unsigned int level,
		     u64 va, u64 pa, u64 size, u64 flags)
{
	const struct pte_format *fmt = pt->fmt;
	bool leaf_ok = level >= fmt->block_min_level;

	while (size) {
		u64 block = 1UL << level_shift(fmt, level);
		u64 chunk = block - (va & (block - 1));
		pte_t *pte = &table[pt_index(fmt, va, level)];
		int err;

		if (chunk > size)
			chunk = size;
		if (leaf_ok && chunk == block && IS_ALIGNED(pa, block)) {
			pte_t old = *pte;

			/* a whole block: drop any finer tables under it, once
			 * no walker can use them any more */
			replace(pt, pte, fmt->leaf(pa, flags, level));
			if (is_table(fmt, old, level))
				free_level(pt, table_of(pt, old), level + 1);
		} else {
			if (!fmt->valid(*pte)) {
				pte_t *next = page_zalloc(pt->pool, 1);

				if (!next)
					return -ENOMEM;
				*pte = fmt->table((u64)next);
			} else if (!is_table(fmt, *pte, level)) {
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
	const struct pte_format *fmt = pt->fmt;

	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return -EINVAL;
	if (!in_range(va, size, fmt->va_bits) ||
	    !in_range(pa, size, fmt->pa_bits))
		return -ERANGE;
	return map_level(pt, pt->root, 0, va, pa, size, flags);
}

static int unmap_level(struct page_table *pt, pte_t *table, unsigned int level,
		       u64 va, u64 size)
{
	const struct pte_format *fmt = pt->fmt;

	while (size) {
		u64 block = 1UL << level_shift(fmt, level);
		u64 chunk = block - (va & (block - 1));
		pte_t *pte = &table[pt_index(fmt, va, level)];
		int err;

		if (chunk > size)
			chunk = size;
		if (!fmt->valid(*pte)) {
			/* nothing mapped here */
		} else if (is_table(fmt, *pte, level)) {
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
	if (!in_range(va, size, pt->fmt->va_bits))
		return -ERANGE;
	return unmap_level(pt, pt->root, 0, va, size);
}

bool paging_lookup(const struct page_table *pt, u64 va, u64 *pa, u64 *flags)
{
	const struct pte_format *fmt = pt->fmt;
	unsigned int level;
	pte_t *table = pt->root;

	if (!in_range(va, 1, fmt->va_bits))
		return false;
	for (level = 0;; level++) {
		pte_t pte = table[pt_index(fmt, va, level)];
		u64 mask = (1UL << level_shift(fmt, level)) - 1;

		if (!fmt->valid(pte))
			return false;
		if (is_table(fmt, pte, level)) {
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
	const struct pte_format *fmt = pt->fmt;
	unsigned int i, entries = 1U << level_bits(fmt, level);

	if (level < leaf_level(fmt))
		for (i = 0; i < entries; i++)
			if (is_table(fmt, table[i], level))
				free_level(pt, table_of(pt, table[i]),
					   level + 1);
	page_free(pt->pool, table, level ? 1 : paging_root_pages(fmt));
}

void paging_destroy(struct page_table *pt)
{
	if (!pt->root)
		return;
	free_level(pt, pt->root, 0);
	pt->root = NULL;
}
