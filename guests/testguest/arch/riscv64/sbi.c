/* Test guest SBI on riscv64: vCPU start and state (HSM), system off and reset (SRST). */
#include "guest.h"
#include "riscv64.h"

#define HSM_START 0
#define HSM_STATUS 2
#define SRST_RESET 0
#define SRST_SHUTDOWN 0
#define SRST_COLD_REBOOT 1

enum cpu_start_result arch_cpu_start(unsigned int cpu, long *err)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, HSM_START, vcpu_hart(cpu),
				   (uintptr_t)secondary_entry, cpu);

	*err = r.error;
	switch (r.error) {
	case 0:
		return CPU_START_OK;
	case SBI_ERR_ALREADY_AVAILABLE:
	case SBI_ERR_ALREADY_STARTED:
		return CPU_START_ALREADY_ON;
	case SBI_ERR_INVALID_PARAM:
		return CPU_START_NO_CPU;
	case SBI_ERR_DENIED:
		return CPU_START_DENIED;
	default:
		return CPU_START_FAILED;
	}
}

enum cpu_power_state arch_cpu_state(unsigned int cpu)
{
	struct sbiret r =
		sbi_call(SBI_EXT_HSM, HSM_STATUS, vcpu_hart(cpu), 0, 0);

	if (r.error)
		return CPU_STATE_ERROR;
	switch (r.value) {
	case 0: /* STARTED */
		return CPU_STATE_ON;
	case 1: /* STOPPED */
		return CPU_STATE_OFF;
	case 2: /* START_PENDING */
		return CPU_STATE_ON_PENDING;
	case 3: /* STOP_PENDING: still on, as PSCI's AFFINITY_INFO says */
		return CPU_STATE_ON;
	default:
		return CPU_STATE_ERROR;
	}
}

long arch_system_off(void)
{
	return sbi_call(SBI_EXT_SRST, SRST_RESET, SRST_SHUTDOWN, 0, 0).error;
}

long arch_system_reset(void)
{
	return sbi_call(SBI_EXT_SRST, SRST_RESET, SRST_COLD_REBOOT, 0, 0).error;
}
