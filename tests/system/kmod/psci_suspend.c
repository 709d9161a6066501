// SPDX-License-Identifier: GPL-2.0
/* Test module: the root kernel makes PSCI CPU_SUSPEND calls on every online CPU (Linux on QEMU virt never does) and logs what each returned. */
#include <linux/arm-smccc.h>
#include <linux/cpu.h>
#include <linux/module.h>
#include <linux/workqueue.h>
#include <uapi/linux/psci.h>

/*
 * power_state in the original format: bit 16 StateType (0 standby, 1
 * power-down), StateID 0. A power-down is only for firmware that returns
 * in place (QEMU's PSCI treats every suspend as a WFI): the entry point
 * is never used then.
 */
static bool powerdown;
module_param(powerdown, bool, 0);

static long suspend_here(void *arg)
{
	struct arm_smccc_res res;
	u32 state = powerdown ? PSCI_0_2_POWER_STATE_TYPE_MASK : 0;

	(void)arg;
	arm_smccc_smc(PSCI_0_2_FN64_CPU_SUSPEND, state, 0, 0, 0, 0, 0, 0, &res);
	return (long)res.a0;
}

static int __init psci_suspend_init(void)
{
	unsigned int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		pr_info("psci_suspend: CPU %u %s: returned %ld\n", cpu,
			powerdown ? "power-down" : "standby",
			work_on_cpu(cpu, suspend_here, NULL));
	cpus_read_unlock();
	return 0;
}

static void __exit psci_suspend_exit(void)
{
}

module_init(psci_suspend_init);
module_exit(psci_suspend_exit);
MODULE_DESCRIPTION("hvisor system test: root PSCI CPU_SUSPEND calls");
MODULE_LICENSE("GPL");
