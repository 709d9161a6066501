/* AArch64 descriptor formats: the EL2 stage-1 table and stage-2 tables (4 KiB granule). */
#include <hv/arch.h>
#include <asm/sysregs.h>

#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1) /* table at levels 0-2, page at level 3 */
#define PTE_AF BIT(10)
#define PTE_SH_INNER (3UL << 8)
#define PTE_XN BIT(54)
#define PTE_ADDR_MASK 0x0000fffffffff000UL
#define PA_BITS 48 /* what PTE_ADDR_MASK holds */

/*
 * Both formats start at level 0, so the walker's levels are the
 * architecture's: 0-2 hold tables or (from 1) blocks, 3 holds pages.
 */
#define LEAF_LEVEL 3

/* Stage 1 (EL2) */
#define S1_ATTRIDX(i) ((u64)(i) << 2)
#define S1_AP_RES1 BIT(6)
#define S1_AP_RO BIT(7)

/* Stage 2 */
#define S2_MEMATTR_NORMAL (0xfUL << 2)
#define S2_MEMATTR_DEVICE (0x1UL << 2)
#define S2_MEMATTR_MASK (0xfUL << 2)
#define S2_AP_READ BIT(6)
#define S2_AP_WRITE BIT(7)

static pte_t table_pte(u64 pa)
{
	return (pa & PTE_ADDR_MASK) | PTE_VALID | PTE_TABLE;
}

static bool pte_valid(pte_t pte)
{
	return pte & PTE_VALID;
}

static bool pte_is_table(pte_t pte, unsigned int level)
{
	return level < LEAF_LEVEL && (pte & PTE_TABLE);
}

static u64 pte_addr(pte_t pte)
{
	return pte & PTE_ADDR_MASK;
}

static u64 leaf_type(unsigned int level)
{
	return level == LEAF_LEVEL ? PTE_VALID | PTE_TABLE : PTE_VALID;
}

static pte_t s1_leaf(u64 pa, u64 flags, unsigned int level)
{
	pte_t pte = (pa & PTE_ADDR_MASK) | leaf_type(level) | PTE_AF |
		    S1_AP_RES1;

	if (flags & MAP_DEVICE)
		pte |= S1_ATTRIDX(MAIR_IDX_DEVICE);
	else
		pte |= S1_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(flags & MAP_WRITE))
		pte |= S1_AP_RO;
	if (!(flags & MAP_EXEC) || (flags & MAP_DEVICE))
		pte |= PTE_XN;
	return pte;
}

static u64 s1_flags(pte_t pte)
{
	u64 flags = MAP_READ;

	if (!(pte & S1_AP_RO))
		flags |= MAP_WRITE;
	if (!(pte & PTE_XN))
		flags |= MAP_EXEC;
	if ((pte & S1_ATTRIDX(7)) == S1_ATTRIDX(MAIR_IDX_DEVICE))
		flags |= MAP_DEVICE;
	return flags;
}

static pte_t s2_leaf(u64 pa, u64 flags, unsigned int level)
{
	pte_t pte = (pa & PTE_ADDR_MASK) | leaf_type(level) | PTE_AF;

	if (flags & MAP_DEVICE)
		pte |= S2_MEMATTR_DEVICE;
	else
		pte |= S2_MEMATTR_NORMAL | PTE_SH_INNER;
	if (flags & MAP_READ)
		pte |= S2_AP_READ;
	if (flags & MAP_WRITE)
		pte |= S2_AP_WRITE;
	if (!(flags & MAP_EXEC))
		pte |= PTE_XN;
	return pte;
}

static u64 s2_flags(pte_t pte)
{
	u64 flags = 0;

	if (pte & S2_AP_READ)
		flags |= MAP_READ;
	if (pte & S2_AP_WRITE)
		flags |= MAP_WRITE;
	if (!(pte & PTE_XN))
		flags |= MAP_EXEC;
	if ((pte & S2_MEMATTR_MASK) == S2_MEMATTR_DEVICE)
		flags |= MAP_DEVICE;
	return flags;
}

/*
 * EL2 stage 1: TCR_EL2.T0SZ = 64 - 44 (VA_BITS in setup.c), so a 44-bit VA
 * walked from level 0 whose root uses 32 of its 512 entries.
 */
const struct pte_format hv_pte_format = {
	.table = table_pte,
	.leaf = s1_leaf,
	.valid = pte_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = s1_flags,
	.levels = LEAF_LEVEL + 1,
	.va_bits = 44,
	.pa_bits = PA_BITS,
	.block_min_level = 1,
};

/*
 * Stage 2: VTCR_EL2.T0SZ = 64 - 44 with SL0 = 2, a 44-bit IPA walked from
 * level 0: one root page, 32 entries used.
 */
const struct pte_format stage2_pte_format = {
	.table = table_pte,
	.leaf = s2_leaf,
	.valid = pte_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = s2_flags,
	.levels = LEAF_LEVEL + 1,
	.va_bits = 44,
	.pa_bits = PA_BITS,
	.block_min_level = 1,
};
