/* Test guest timekeeping: the idle tick, bounded waits and the timer test engine. */
#ifndef TIMER_H
#define TIMER_H

#include <stdbool.h>
#include <stdint.h>

void timer_init(void); /* starts the idle tick (PLAT_TICK_HZ) */
uint64_t timer_ticks(void); /* idle ticks so far */
uint64_t us_to_ticks(uint64_t us);
uint64_t ticks_to_us(uint64_t ticks);

/*
 * Sleeps (interrupts enabled) until done(arg) or the counter passes
 * @deadline; returns done(arg). Wakes on every interrupt, at least at each
 * idle tick.
 */
bool wait_until(bool (*done)(void *arg), void *arg, uint64_t deadline);

struct timer_test_result {
	unsigned int wanted, count;
	uint64_t period; /* counter ticks */
	uint64_t lat_min, lat_max, lat_sum; /* counter ticks, IRQ - deadline */
	uint64_t start, last; /* counter at start, at the last interrupt */
	uint64_t deadline; /* when the test gave up waiting */
};

/*
 * Takes the timer from the idle tick for @n interrupts, @period ticks apart
 * (deadline k = start + k * period), gives up at start + 2 * n * period.
 */
void timer_test_run(unsigned int n, uint64_t period,
		    struct timer_test_result *r);

#endif
