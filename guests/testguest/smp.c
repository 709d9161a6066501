/* Test guest SMP: bringing up the other vCPUs, tracking them, ping-pong IPIs. */
#include "smp.h"

#include "console.h"
#include "format.h"
#include "guest.h"
#include "hostile.h"
#include "platform.h"
#include "timer.h"

#define REPORT_TIMEOUT_US 2000000

struct vcpu {
	bool online; /* set by the vCPU itself once it handles interrupts */
	uint64_t hwid;
};

static struct vcpu vcpus[PLAT_MAX_VCPUS];
static unsigned int present; /* bss: a reset without reload starts clean */
static volatile uint32_t pongs; /* round trips completed, seen by vCPU 0 */

void smp_init(void)
{
	present = 1;
	vcpus[0].hwid = arch_cpu_hwid();
	__atomic_store_n(&vcpus[0].online, true, __ATOMIC_RELEASE);
	race_boot(); /* a race armed before a SYSTEM_RESET goes on */
}

bool smp_cpu_online(unsigned int cpu)
{
	return cpu < PLAT_MAX_VCPUS &&
	       __atomic_load_n(&vcpus[cpu].online, __ATOMIC_ACQUIRE);
}

unsigned int smp_online_count(void)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < PLAT_MAX_VCPUS; cpu++)
		n += smp_cpu_online(cpu);
	return n;
}

uint64_t smp_cpu_hwid(unsigned int cpu)
{
	return cpu < PLAT_MAX_VCPUS ? vcpus[cpu].hwid : 0;
}

unsigned int smp_present_count(void)
{
	return present;
}

/*
 * Other vCPUs, after their arch set-up: report in, then serve IPIs forever,
 * or play their part in a race (cmd_race.c) when one is armed.
 */
void secondary_main(unsigned int cpu)
{
	vcpus[cpu].hwid = arch_cpu_hwid();
	arch_irq_enable();
	__atomic_store_n(&vcpus[cpu].online, true, __ATOMIC_RELEASE);
	for (;;) {
		race_secondary(cpu);
		onrace_secondary(cpu);
		arch_wait_for_interrupt();
	}
}

void ipi_interrupt(enum ipi ipi)
{
	if (ipi == IPI_PING && arch_cpu_id() != 0)
		arch_send_ipi(0, IPI_PONG);
	else
		__atomic_fetch_add(&pongs, 1, __ATOMIC_RELEASE);
}

static bool cpu_reported(void *arg)
{
	return smp_cpu_online((uintptr_t)arg);
}

static const char *const state_names[] = {
	[CPU_STATE_ON] = "ON",
	[CPU_STATE_OFF] = "OFF",
	[CPU_STATE_ON_PENDING] = "ON_PENDING",
	[CPU_STATE_ERROR] = "error",
};

/* Starts @cpu; returns false when discovery must stop (no such vCPU). */
static bool start_one(unsigned int cpu, struct outbuf *ob, unsigned int *failed)
{
	enum cpu_start_result res;
	enum cpu_power_state st;
	long err = 0;

	if (smp_cpu_online(cpu)) {
		outbuf_printf(ob, "vcpu %u: already up\n", cpu);
		return true;
	}
	res = arch_cpu_start(cpu, &err);
	if (res == CPU_START_NO_CPU)
		return false;
	if (res == CPU_START_FAILED || res == CPU_START_DENIED) {
		outbuf_printf(ob, "vcpu %u: start failed (error %ld)\n", cpu,
			      err);
		(*failed)++;
		return true;
	}
	if (!wait_until(cpu_reported, (void *)(uintptr_t)cpu,
			arch_counter() + us_to_ticks(REPORT_TIMEOUT_US))) {
		if (res == CPU_START_ALREADY_ON) {
			/* on before we asked: up, though not running our code */
			outbuf_printf(
				ob, "vcpu %u: already on, did not report in\n",
				cpu);
			return true;
		}
		outbuf_printf(ob,
			      "vcpu %u: started but no report within %u ms\n",
			      cpu, REPORT_TIMEOUT_US / 1000);
		(*failed)++;
		return true;
	}
	st = arch_cpu_state(cpu);
	outbuf_printf(ob, "vcpu %u: up, hwid 0x%llx, power state %s\n", cpu,
		      (unsigned long long)vcpus[cpu].hwid, state_names[st]);
	if (st != CPU_STATE_ON)
		(*failed)++;
	return true;
}

unsigned int smp_bring_up(struct outbuf *ob)
{
	unsigned int cpu, failed = 0;
	enum cpu_power_state st = arch_cpu_state(0);

	outbuf_printf(ob, "vcpu 0: up, hwid 0x%llx, power state %s\n",
		      (unsigned long long)vcpus[0].hwid, state_names[st]);
	if (st != CPU_STATE_ON)
		failed++;
	for (cpu = 1; cpu < PLAT_MAX_VCPUS; cpu++)
		if (!start_one(cpu, ob, &failed))
			break;
	if (cpu == PLAT_MAX_VCPUS && arch_cpu_state(cpu) != CPU_STATE_ERROR)
		outbuf_printf(ob, "note: vCPUs beyond %u are not used\n",
			      PLAT_MAX_VCPUS - 1);
	present = cpu;
	return failed;
}

static bool pong_since(void *arg)
{
	return __atomic_load_n(&pongs, __ATOMIC_ACQUIRE) !=
	       (uint32_t)(uintptr_t)arg;
}

bool smp_ping(unsigned int cpu, uint64_t timeout, uint64_t *rtt)
{
	uint32_t before = __atomic_load_n(&pongs, __ATOMIC_ACQUIRE);
	uint64_t t0 = arch_counter();
	bool ok;

	arch_send_ipi(cpu, IPI_PING);
	ok = wait_until(pong_since, (void *)(uintptr_t)before, t0 + timeout);
	*rtt = arch_counter() - t0;
	return ok;
}
