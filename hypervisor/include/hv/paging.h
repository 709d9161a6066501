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

/* Index bits of every table below the root: 512 entries of 8 bytes. */
#define PT_INDEX_BITS 9
#define PT_ENTRIES (1U << PT_INDEX_BITS)
/* The root may be up to 16 concatenated pages (2^13 entries). */
#define PT_ROOT_MAX_BITS (PT_INDEX_BITS + 4)

/*
 * How one kind of table is laid out and encodes its entries (provided by
 * the arch). The walker only reads this description; it knows no format.
 *
 * Levels are numbered by the walker from the root: 0 is the root table,
 * levels - 1 the leaf level holding pages (4 KiB). Every level below the
 * root has 512 entries (9 index bits); the root resolves whatever input
 * bits are left: va_bits - 12 - 9 * (levels - 1) bits, 1 to 13. A root of
 * more than 9 bits is made of 2^(bits - 9) concatenated pages, allocated
 * contiguous and aligned to its size (concatenated stage-2 roots, e.g. the
 * 16 KiB roots of Sv39x4/Sv48x4). A root of fewer than 9 bits is one page
 * with only its first 2^bits entries used.
 *
 * Examples: 4 levels, va_bits 44 -> root 5 bits (32 entries); levels 3,
 * va_bits 39 (Sv39) -> 9 bits; levels 3, va_bits 41 (Sv39x4) -> 11 bits,
 * 4 pages; levels 4, va_bits 50 (Sv48x4) -> 11 bits, 4 pages.
 *
 * The callbacks get the walker's level (0 = root), not the arch's own
 * numbering. leaf() must make an entry that valid() accepts and is_table()
 * refuses at that level, and flags(leaf(pa, f, l)) must give back f (as the
 * format can store it): splitting a block re-creates its pages from them.
 * is_table() is only asked about levels above the leaf level.
 */
struct pte_format {
	pte_t (*table)(u64 pa);
	pte_t (*leaf)(u64 pa, u64 flags, unsigned int level);
	bool (*valid)(pte_t pte);
	bool (*is_table)(pte_t pte, unsigned int level);
	u64 (*addr)(pte_t pte);
	u64 (*flags)(pte_t pte);
	unsigned int levels; /* table levels, root = 0 .. leaf = levels - 1 */
	unsigned int va_bits; /* input addresses are below 2^va_bits */
	unsigned int pa_bits; /* output addresses entries can hold */
	unsigned int block_min_level; /* lowest-numbered level allowing leaves */
};

struct page_table {
	pte_t *root;
	const struct pte_format *fmt;
	struct page_pool *pool;
	/*
	 * For a table in use by a running guest: invalidates its TLB entries.
	 * With it set, every change of a valid entry follows break-before-make
	 * (entry invalid, flush, new entry; a replaced table is freed only
	 * after the flush). NULL while the table is not live.
	 */
	void (*flush)(const struct page_table *pt);
};

/* Pages of the format's root table (also its alignment, in pages). */
unsigned int paging_root_pages(const struct pte_format *fmt);

/* -EINVAL for an inconsistent format, -ENOMEM without memory. */
int paging_init(struct page_table *pt, const struct pte_format *fmt,
		struct page_pool *pool);
/*
 * -EINVAL if not page aligned, -ERANGE if va or pa + size go beyond the
 * format's input or output range (nothing is changed then).
 */
int paging_map(struct page_table *pt, u64 va, u64 pa, u64 size, u64 flags);
int paging_unmap(struct page_table *pt, u64 va, u64 size);
/* Translates va; returns false if not mapped or beyond the input range. */
bool paging_lookup(const struct page_table *pt, u64 va, u64 *pa, u64 *flags);
void paging_destroy(struct page_table *pt);

#endif
