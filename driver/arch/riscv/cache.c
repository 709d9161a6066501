/* RISC-V memory visibility for the hypervisor and cells: a fence, since caches are coherent. */
#include "../../driver.h"

#include <asm/barrier.h>

/*
 * Whether memory is cached comes from the platform's PMAs, not from satp:
 * a hart running with translation off (the hypervisor at entry, a cell
 * before it enables its MMU) still sees the coherent, cached view. Making
 * the root's writes visible to it needs ordering only, no cache
 * maintenance (Zicbom's cbo.* is for non-coherent DMA masters).
 */
void hvisor_arch_dcache_clean_inval(const void *start, size_t size)
{
	mb(); /* fence rw, rw */
}
