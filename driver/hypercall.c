/* Hypercalls from the driver: on this CPU, on a given CPU, on any CPU. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/smp.h>

/* One hypercall on this CPU; -ENODEV if it does not run under hvisor. */
void hvisor_hc_local(struct hvisor_hc *hc)
{
	if (WARN_ON_ONCE(!cpumask_test_cpu(smp_processor_id(), &hvisor.cpus))) {
		hc->ret = -ENODEV;
		return;
	}
	hvisor_arch_hc(hc);
}

static void hc_ipi(void *data)
{
	hvisor_hc_local(data);
}

/* Hypercall on a given CPU. */
long hvisor_hc_on(int cpu, struct hvisor_hc *hc)
{
	int ret = smp_call_function_single(cpu, hc_ipi, hc, 1);

	return ret ? ret : hc->ret;
}

/* Hypercall on any CPU under hvisor, the current one if it is. */
long hvisor_hc_any(struct hvisor_hc *hc)
{
	int ret = smp_call_function_any(&hvisor.cpus, hc_ipi, hc, 1);

	return ret ? ret : hc->ret;
}

long hvisor_get_info(u64 selector)
{
	struct hvisor_hc hc = { .code = HVISOR_HC_GET_INFO, .arg1 = selector };

	return hvisor_hc_any(&hc);
}
