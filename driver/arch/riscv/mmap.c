/* riscv protection of the root's mappings: accessed, and dirty when writable (no fault or hardware update on first use). */
#include "../../driver.h"

#include <linux/pgtable.h>

pgprot_t hvisor_arch_map_prot(pgprot_t prot, bool write)
{
	pgprot_val(prot) |= _PAGE_ACCESSED;
	if (write && (pgprot_val(prot) & _PAGE_WRITE))
		pgprot_val(prot) |= _PAGE_DIRTY;
	return prot;
}
