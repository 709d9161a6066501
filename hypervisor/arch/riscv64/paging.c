/* RISC-V page-table formats for the generic walker: Sv39/Sv48 for the hypervisor, Sv39x4/Sv48x4 for the G stage. */
#include <hv/arch.h>
#include <asm/paging.h>

#define PTE_V BIT(0)
#define PTE_R BIT(1)
#define PTE_W BIT(2)
#define PTE_X BIT(3)
#define PTE_U BIT(4)
#define PTE_G BIT(5)
#define PTE_A BIT(6)
#define PTE_D BIT(7)
/* RSW, bits 9:8, is the software's: the walker's MAP_DEVICE lives there */
#define PTE_SW_DEVICE BIT(8)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1UL << 44) - 1) << PTE_PPN_SHIFT)
#define PA_BITS 56 /* a 44-bit PPN of 4 KiB pages */

/*
 * A valid entry with none of R, W, X points to the next table; a leaf may
 * sit at any level. A and D are always set (harts need not update them and
 * would fault instead); W needs R.
 */
static pte_t table_pte(u64 pa)
{
	return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
}

static bool pte_valid(pte_t pte)
{
	return pte & PTE_V;
}

static bool pte_is_table(pte_t pte, unsigned int level __unused)
{
	return !(pte & (PTE_R | PTE_W | PTE_X));
}

static u64 pte_addr(pte_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

/*
 * A leaf of flags, with user_bit for the G stage (its accesses count as
 * U-mode). Flags without any access give an invalid entry: RISC-V has no
 * valid leaf that allows nothing, and an unmapped page allows nothing too.
 */
static pte_t make_leaf(u64 pa, u64 flags, pte_t extra)
{
	pte_t pte = ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V | PTE_A |
		    PTE_D | extra;

	if (flags & (MAP_READ | MAP_WRITE))
		pte |= PTE_R;
	if (flags & MAP_WRITE)
		pte |= PTE_W;
	if (flags & MAP_EXEC)
		pte |= PTE_X;
	if (!(pte & (PTE_R | PTE_X)))
		return 0;
	if (flags & MAP_DEVICE)
		pte |= PTE_SW_DEVICE;
	return pte;
}

static u64 pte_flags(pte_t pte)
{
	u64 flags = 0;

	if (pte & PTE_R)
		flags |= MAP_READ;
	if (pte & PTE_W)
		flags |= MAP_WRITE;
	if (pte & PTE_X)
		flags |= MAP_EXEC;
	if (pte & PTE_SW_DEVICE)
		flags |= MAP_DEVICE;
	return flags;
}

/* The hypervisor's own mappings: global, never user. Devices: no exec. */
static pte_t hs_leaf(u64 pa, u64 flags, unsigned int level __unused)
{
	if (flags & MAP_DEVICE)
		flags &= ~MAP_EXEC;
	return make_leaf(pa, flags, PTE_G);
}

/* G stage: U set on every leaf; the device attribute is the PMA's. */
static pte_t g_leaf(u64 pa, u64 flags, unsigned int level __unused)
{
	return make_leaf(pa, flags, PTE_U);
}

/*
 * Sv39 for the hypervisor, identity mapped: a VA is the PA, and Sv39 VAs
 * must be sign-extended from bit 38, so only the lower half (below 2^38,
 * 256 GiB) can be identity mapped: 8 root bits, 256 root entries used.
 */
const struct pte_format hv_pte_format = {
	.table = table_pte,
	.leaf = hs_leaf,
	.valid = pte_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = pte_flags,
	.levels = 3,
	.va_bits = 38,
	.pa_bits = PA_BITS,
	.block_min_level = 0,
};

/* Sv48, the same way: identity below 2^47. */
const struct pte_format riscv64_sv48_format = {
	.table = table_pte,
	.leaf = hs_leaf,
	.valid = pte_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = pte_flags,
	.levels = 4,
	.va_bits = 47,
	.pa_bits = PA_BITS,
	.block_min_level = 0,
};

/*
 * Sv39x4: guest-physical addresses of 41 bits, a root of 2048 entries
 * (4 pages, 16 KiB aligned), then two levels of 512.
 */
const struct pte_format stage2_pte_format = {
	.table = table_pte,
	.leaf = g_leaf,
	.valid = pte_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = pte_flags,
	.levels = 3,
	.va_bits = 41,
	.pa_bits = PA_BITS,
	.block_min_level = 0,
};

/* Sv48x4: 50-bit guest-physical addresses, the same 16 KiB root. */
const struct pte_format riscv64_sv48x4_format = {
	.table = table_pte,
	.leaf = g_leaf,
	.valid = pte_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = pte_flags,
	.levels = 4,
	.va_bits = 50,
	.pa_bits = PA_BITS,
	.block_min_level = 0,
};
