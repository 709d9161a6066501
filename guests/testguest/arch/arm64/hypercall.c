/* Test guest calls to hvisor on arm64: the guest -> root doorbell, its own exit count; DMA coherence. */
#include <hvisor/hypercall.h>

#include <asm/sysreg.h>

#include "arm64.h"
#include "guest.h"

long hvisor_hypercall(uint64_t code, uint64_t a1, uint64_t a2, uint64_t a3);

long arch_notify_root(void)
{
#ifdef BARE_QEMU
	return 0; /* no hypervisor: the self-test plays the root and polls */
#else
	dsb(ish); /* the answer is visible before the root is woken */
	return hvisor_hypercall(HVISOR_HC_GUEST_DOORBELL, 0, 0, 0);
#endif
}

uint64_t arch_exit_count(void)
{
#ifdef BARE_QEMU
	return 0;
#else
	return (uint64_t)hvisor_hypercall(HVISOR_HC_GUEST_EXITS, 0, 0, 0);
#endif
}

void arch_dma_sync(uintptr_t start, uintptr_t end)
{
	dcache_clean_inval_range(start, end);
	dsb(sy);
}
