/* Test guest calls to hvisor on arm64: the guest -> root doorbell. */
#include <hvisor/hypercall.h>

#include <asm/sysreg.h>

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
