/* Hands Linux CPUs to cells and back, and keeps Linux off the CPUs of cells. */
#include "driver.h"

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/errno.h>

/* owner[cpu]: 0 = the root cell, CREATING while a create runs, else cell id */
#define CREATING U32_MAX
static u32 owner[HVISOR_MAX_CPUS];
static int guard_state = -1;

/*
 * A CPUHP_BP_PREPARE_DYN step: runs on a control CPU before @cpu is booted
 * and fails the onlining of a CPU that belongs to a cell. Runs under the
 * hotplug lock: must not take hvisor.lock (see the lock order).
 */
static int guard_prepare(unsigned int cpu)
{
	u32 id = cpu < HVISOR_MAX_CPUS ? READ_ONCE(owner[cpu]) : 0;

	if (!id)
		return 0;
	if (id == CREATING)
		pr_err("CPU %u is being given to a new cell: not onlined\n",
		       cpu);
	else
		pr_err("CPU %u belongs to cell %u: destroy the cell to get it back\n",
		       cpu, id);
	return -EBUSY;
}

/*
 * Takes each CPU of @cpus offline in Linux (the firmware's CPU-off call,
 * seen by the hypervisor). Each must be online and one CPU must stay
 * online. On failure the CPUs taken so far are onlined again. Called with
 * hvisor.lock held.
 */
int hvisor_cell_cpus_take(const struct cpumask *cpus)
{
	unsigned int cpu;
	cpumask_t taken;
	int ret = 0;

	cpumask_clear(&taken);
	if (cpumask_subset(cpu_online_mask, cpus)) {
		pr_err("a cell cannot take every online CPU (%*pbl): Linux must keep one\n",
		       cpumask_pr_args(cpu_online_mask));
		return -EBUSY;
	}
	for_each_cpu(cpu, cpus) {
		if (cpu >= HVISOR_MAX_CPUS) {
			pr_err("CPU %u: only CPUs below %u can go to a cell\n",
			       cpu, HVISOR_MAX_CPUS);
			ret = -EINVAL;
			break;
		}
		if (READ_ONCE(owner[cpu])) {
			pr_err("CPU %u already belongs to cell %u\n", cpu,
			       owner[cpu]);
			ret = -EBUSY;
			break;
		}
		if (!cpu_online(cpu)) {
			pr_err("CPU %u is offline in Linux: a cell takes online root CPUs\n",
			       cpu);
			ret = -EINVAL;
			break;
		}
		if (num_online_cpus() <= 1) {
			pr_err("CPU %u is the last online CPU: Linux must keep one\n",
			       cpu);
			ret = -EBUSY;
			break;
		}
		WRITE_ONCE(owner[cpu], CREATING);
		ret = remove_cpu(cpu);
		if (ret) {
			WRITE_ONCE(owner[cpu], 0);
			pr_err("cannot take CPU %u offline for the cell (%d)\n",
			       cpu, ret);
			break;
		}
		cpumask_set_cpu(cpu, &taken);
		/* a CPU still stopping: the hypervisor's create says "not off" */
		hvisor_arch_cpu_wait_off(cpu);
	}
	if (ret)
		hvisor_cell_cpus_give(&taken);
	return ret;
}

/* Records that the CPUs taken for a new cell now belong to cell @id. */
void hvisor_cell_cpus_own(const struct cpumask *cpus, u32 id)
{
	unsigned int cpu;

	for_each_cpu(cpu, cpus)
		WRITE_ONCE(owner[cpu], id);
}

/*
 * Gives CPUs back to Linux and onlines them (the firmware's CPU-on call,
 * under the hypervisor again). A failure is logged with the way to retry by
 * hand.
 */
void hvisor_cell_cpus_give(const struct cpumask *cpus)
{
	unsigned int cpu;
	int ret;

	for_each_cpu(cpu, cpus) {
		WRITE_ONCE(owner[cpu], 0);
		ret = add_cpu(cpu);
		if (ret < 0)
			pr_err("CPU %u did not come back online (%d): echo 1 > /sys/devices/system/cpu/cpu%u/online\n",
			       cpu, ret, cpu);
	}
}

int hvisor_cell_cpus_init(void)
{
	int ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN,
					    "hvisor/cell-cpus:prepare",
					    guard_prepare, NULL);

	if (ret < 0) {
		pr_err("cannot register the CPU hotplug guard (%d)\n", ret);
		return ret;
	}
	guard_state = ret;
	return 0;
}

void hvisor_cell_cpus_exit(void)
{
	if (guard_state >= 0)
		cpuhp_remove_state_nocalls(guard_state);
	guard_state = -1;
}
