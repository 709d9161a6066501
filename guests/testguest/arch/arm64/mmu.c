/* Test guest MMU on arm64: identity map, guest RAM cacheable, everything else device. */
#include <asm/sysreg.h>

#include "arm64.h"
#include "guest.h"
#include "platform.h"

#define PAGE_SIZE 4096UL
#define BLOCK_2M (1UL << 21)
#define BLOCK_1G (1UL << 30)
#define ENTRIES 512
#define L2_TABLES 4 /* 2 MiB blocks for the low 4 GiB, 1 GiB blocks above */

#define DESC_TABLE 3UL
#define DESC_BLOCK 1UL
#define ATTR_DEVICE (0UL << 2) /* MAIR attr 0: Device-nGnRnE */
#define ATTR_NORMAL (1UL << 2) /* MAIR attr 1: Normal write-back */
#define SH_INNER (3UL << 8)
#define AF (1UL << 10)
#define PXN (1UL << 53)
#define UXN (1UL << 54)
#define SCTLR_M 1UL

#define NORMAL_BLOCK (DESC_BLOCK | ATTR_NORMAL | SH_INNER | AF | UXN)
#define DEVICE_BLOCK (DESC_BLOCK | ATTR_DEVICE | AF | PXN | UXN)

uint64_t mmu_l1[ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t mmu_l2[L2_TABLES][ENTRIES] __attribute__((aligned(PAGE_SIZE)));

void mmu_init(void)
{
	uintptr_t ram_lo = arch_image_start() & ~(BLOCK_2M - 1);
	uintptr_t ram_hi =
		(PLAT_MAILBOX_BASE + PLAT_MAILBOX_SIZE + BLOCK_2M - 1) &
		~(BLOCK_2M - 1);
	unsigned int i, j;

	if (PLAT_RAM_END > ram_hi)
		ram_hi = (PLAT_RAM_END + BLOCK_2M - 1) & ~(BLOCK_2M - 1);
	for (i = 0; i < ENTRIES; i++) {
		uintptr_t pa = i * BLOCK_1G;

		if (i >= L2_TABLES) {
			mmu_l1[i] = pa | DEVICE_BLOCK;
			continue;
		}
		mmu_l1[i] = (uintptr_t)mmu_l2[i] | DESC_TABLE;
		for (j = 0; j < ENTRIES; j++, pa += BLOCK_2M)
			mmu_l2[i][j] = pa | (pa >= ram_lo && pa < ram_hi ?
						     NORMAL_BLOCK :
						     DEVICE_BLOCK);
	}
	/*
	 * Everything so far was written with the caches off: drop any stale
	 * lines of the image (tables, data, stack) and of the mailbox. (Entered
	 * with the MMU already on, the writes went through the caches.)
	 */
	if (!(read_sysreg(sctlr_el1) & SCTLR_M)) {
		dcache_inval_range(arch_image_start(), arch_image_end());
		dcache_inval_range(PLAT_MAILBOX_BASE,
				   PLAT_MAILBOX_BASE + PLAT_MAILBOX_SIZE);
	}
	mmu_enable();
}

/*
 * Maps the 2 MiB block of addr (below 4 GiB) as executable Normal memory,
 * or back as Device memory. The fetch test branches there.
 */
void mmu_set_exec(uintptr_t addr, bool exec)
{
	uintptr_t pa = addr & ~(BLOCK_2M - 1);
	uint64_t *e = &mmu_l2[pa / BLOCK_1G][pa % BLOCK_1G / BLOCK_2M];

	*e = pa | (exec ? (DESC_BLOCK | ATTR_NORMAL | SH_INNER | AF | UXN) :
			  DEVICE_BLOCK);
	asm volatile("dsb ishst\n"
		     "tlbi vaae1is, %0\n"
		     "dsb ish\n"
		     "ic iallu\n"
		     "dsb ish\n"
		     "isb" ::"r"(pa >> 12)
		     : "memory");
}
