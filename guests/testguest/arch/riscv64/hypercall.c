/* Test guest calls to hvisor on riscv64 (hvisor SBI extension): the guest -> root doorbell, its own exit count; DMA coherence. */
#include <hvisor/hypercall.h>

#include "guest.h"

long hvisor_hypercall(uint64_t code, uint64_t a1, uint64_t a2, uint64_t a3);

long arch_notify_root(void)
{
#ifdef BARE_QEMU
	return 0; /* no hypervisor: the self-test plays the root and polls */
#else
	asm volatile("fence rw, rw" ::: "memory"); /* the answer first */
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
	(void)start;
	(void)end;
	asm volatile("fence iorw, iorw" ::: "memory"); /* caches are coherent */
}
