/* Test guest hostile calls on arm64: PSCI CPU_OFF and hvisor hypercalls issued raw. */
#include "guest.h"
#include "hostile.h"

#define PSCI_CPU_OFF 0x84000002

long smccc_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
long smccc_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
long hvisor_hypercall(uint64_t code, uint64_t a1, uint64_t a2, uint64_t a3);

long hostile_cpu_off(void)
{
#ifdef BARE_QEMU
	return smccc_hvc(PSCI_CPU_OFF, 0, 0, 0);
#else
	return smccc_smc(PSCI_CPU_OFF, 0, 0, 0);
#endif
}

long hostile_hypercall(uint64_t code, uint64_t a1)
{
#ifdef BARE_QEMU
	(void)code;
	(void)a1;
	return -38; /* no hypervisor: ENOSYS */
#else
	return hvisor_hypercall(code, a1, 0, 0);
#endif
}
