/* Test guest PSCI on arm64: vCPU start and state, system off and reset. */
#include "arm64.h"
#include "guest.h"

#define PSCI_VERSION 0x84000000
#define PSCI_CPU_OFF 0x84000002
#define PSCI_CPU_ON 0xc4000003
#define PSCI_AFFINITY_INFO 0xc4000004
#define PSCI_SYSTEM_OFF 0x84000008
#define PSCI_SYSTEM_RESET 0x84000009

#define PSCI_SUCCESS 0
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_DENIED -3
#define PSCI_ALREADY_ON -4
#define PSCI_ON_PENDING -5

long smccc_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
long smccc_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void secondary_entry(void); /* start.S: x0 = vCPU id */

/*
 * hvisor traps smc (SMCCC's conduit on hardware with EL3). Bare QEMU without
 * EL2/EL3 implements PSCI on hvc: the BARE_QEMU build uses that.
 */
static long psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
#ifdef BARE_QEMU
	return smccc_hvc(fn, a1, a2, a3);
#else
	return smccc_smc(fn, a1, a2, a3);
#endif
}

/* vCPU n has MPIDR affinity n (Aff0). */
enum cpu_start_result arch_cpu_start(unsigned int cpu, long *err)
{
	long ret = psci_call(PSCI_CPU_ON, cpu, (uintptr_t)secondary_entry, cpu);

	*err = ret;
	switch (ret) {
	case PSCI_SUCCESS:
		return CPU_START_OK;
	case PSCI_ALREADY_ON:
	case PSCI_ON_PENDING:
		return CPU_START_ALREADY_ON;
	case PSCI_INVALID_PARAMETERS:
		return CPU_START_NO_CPU;
	case PSCI_DENIED:
		return CPU_START_DENIED;
	default:
		return CPU_START_FAILED;
	}
}

enum cpu_power_state arch_cpu_state(unsigned int cpu)
{
	switch (psci_call(PSCI_AFFINITY_INFO, cpu, 0, 0)) {
	case 0:
		return CPU_STATE_ON;
	case 1:
		return CPU_STATE_OFF;
	case 2:
		return CPU_STATE_ON_PENDING;
	default:
		return CPU_STATE_ERROR;
	}
}

long arch_system_off(void)
{
	return psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}

/*
 * A reset restarts the image in place, caches off: push what the caches
 * hold to memory first, so no old dirty line lands on the new run's data.
 */
long arch_system_reset(void)
{
	dcache_clean_inval_range(arch_image_start(), arch_image_end());
	return psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
}

long psci_version(void)
{
	return psci_call(PSCI_VERSION, 0, 0, 0);
}
