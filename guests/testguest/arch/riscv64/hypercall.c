/* Test guest calls to hvisor on riscv64: the guest -> root doorbell (hvisor SBI extension). */
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
