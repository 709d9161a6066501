/* arm64 protection of the root's mappings: writable ones dirty from the start (no permission fault per page without FEAT_HAFDBS). */
#include "../../driver.h"

#include <linux/pgtable.h>

pgprot_t hvisor_arch_map_prot(pgprot_t prot, bool write)
{
	/* as pte_mkdirty() of a writable entry: dirty, not read-only */
	if (write && (pgprot_val(prot) & PTE_WRITE))
		return __pgprot((pgprot_val(prot) | PTE_DIRTY) & ~PTE_RDONLY);
	return prot;
}
