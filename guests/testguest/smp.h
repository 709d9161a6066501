/* Test guest SMP: bringing up the other vCPUs, tracking them, ping-pong IPIs. */
#ifndef SMP_H
#define SMP_H

#include <stdbool.h>
#include <stdint.h>

struct outbuf;

void smp_init(void); /* on the first vCPU: marks it online */
bool smp_cpu_online(unsigned int cpu);
unsigned int smp_online_count(void);
uint64_t smp_cpu_hwid(unsigned int cpu);

/*
 * Starts every vCPU that is not up yet (discovery: ids 1, 2, ... until the
 * platform says there is no such vCPU) and waits for each to report in.
 * Describes each vCPU in @ob; returns the number of vCPUs that failed.
 */
unsigned int smp_bring_up(struct outbuf *ob);
/* vCPUs found by the last smp_bring_up() (at least 1). */
unsigned int smp_present_count(void);

/* One IPI round trip to @cpu (itself: one IPI to self); false on timeout. */
bool smp_ping(unsigned int cpu, uint64_t timeout, uint64_t *rtt);

#endif
