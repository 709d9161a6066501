/* Test guest hostile behaviour: the power-call races of `race` and the raw calls a hostile guest makes. */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdint.h>

/* --- provided by arch/<arch>/hostile.c ---------------------------------- */

/* The platform's CPU_OFF for the calling vCPU; returns only on failure. */
long hostile_cpu_off(void);
/* A hypervisor call as the guest's own code makes it (no wrapper checks). */
long hostile_hypercall(uint64_t code, uint64_t a1);

/* --- cmd_race.c, called from smp.c -------------------------------------- */

/* vCPU 0 at every boot: an armed race goes on (or ends at its deadline). */
void race_boot(void);
/* A secondary vCPU: runs its part of an armed race; returns when none. */
void race_secondary(unsigned int cpu);
/* cmd_cpu_on_race.c: the same for cpu_on_race. */
void onrace_secondary(unsigned int cpu);

#endif
