/* Test guest hostile calls on riscv64: SBI HSM hart_stop and hvisor hypercalls issued raw. */
#include "guest.h"
#include "hostile.h"
#include "riscv64.h"

#define HSM_STOP 1

long hvisor_hypercall(uint64_t code, uint64_t a1, uint64_t a2, uint64_t a3);

long hostile_cpu_off(void)
{
	return sbi_call(SBI_EXT_HSM, HSM_STOP, 0, 0, 0).error;
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
