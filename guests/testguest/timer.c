/* Test guest timekeeping: the idle tick, bounded waits and the timer test engine. */
#include "timer.h"

#include "guest.h"
#include "platform.h"
#include "string.h"

static uint64_t tick_period;
static volatile uint64_t ticks;

static volatile bool test_active;
static struct timer_test_result test; /* owned by the IRQ while test_active */

uint64_t us_to_ticks(uint64_t us)
{
	uint64_t f = arch_counter_freq();

	return us / 1000000 * f + us % 1000000 * f / 1000000;
}

uint64_t ticks_to_us(uint64_t t)
{
	uint64_t f = arch_counter_freq();

	return f ? t / f * 1000000 + t % f * 1000000 / f : 0;
}

void timer_init(void)
{
	tick_period = arch_counter_freq() / PLAT_TICK_HZ;
	arch_timer_set(arch_counter() + tick_period);
}

uint64_t timer_ticks(void)
{
	return ticks;
}

static void test_interrupt(uint64_t now)
{
	uint64_t lat;

	if (now < test.deadline) { /* not yet due: spurious */
		arch_timer_set(test.deadline);
		return;
	}
	lat = now - test.deadline;
	if (!test.count || lat < test.lat_min)
		test.lat_min = lat;
	if (lat > test.lat_max)
		test.lat_max = lat;
	test.lat_sum += lat;
	test.last = now;
	if (++test.count < test.wanted) {
		test.deadline += test.period;
		arch_timer_set(test.deadline);
	} else {
		arch_timer_stop();
		__atomic_store_n(&test_active, false, __ATOMIC_RELEASE);
	}
}

void timer_interrupt(void)
{
	uint64_t now = arch_counter();

	if (test_active) {
		test_interrupt(now);
		return;
	}
	ticks++;
	arch_timer_set(now + tick_period);
}

bool wait_until(bool (*done)(void *arg), void *arg, uint64_t deadline)
{
	for (;;) {
		if (done(arg))
			return true;
		if (arch_counter() >= deadline)
			return done(arg);
		arch_irq_disable();
		if (!done(arg))
			arch_wait_for_interrupt();
		arch_irq_enable();
	}
}

static bool test_finished(void *arg)
{
	(void)arg;
	return !__atomic_load_n(&test_active, __ATOMIC_ACQUIRE);
}

void timer_test_run(unsigned int n, uint64_t period,
		    struct timer_test_result *r)
{
	uint64_t give_up;

	arch_irq_disable();
	memset(&test, 0, sizeof(test));
	test.wanted = n;
	test.period = period;
	test.start = arch_counter();
	test.deadline = test.start + period;
	/* slack for a host that descheduled the vCPU (rates are for benches) */
	give_up = test.start + 2 * n * period + arch_counter_freq();
	test_active = n > 0;
	if (n)
		arch_timer_set(test.deadline);
	arch_irq_enable();

	wait_until(test_finished, NULL, give_up);

	arch_irq_disable();
	test_active = false;
	*r = test;
	r->deadline = give_up;
	arch_timer_set(arch_counter() + tick_period);
	arch_irq_enable();
}
