/* Test guest hostile-access commands (vGIC scans, trapped registers, state leaks): shared helpers. */
#ifndef CMD_GIC_H
#define CMD_GIC_H

#include <stdint.h>

/*
 * Between gic_catch_on() and gic_catch_off() (vCPU-local, interrupts
 * masked) a synchronous exception at EL1 does not stop the guest: the
 * faulting instruction is skipped and its ESR/FAR kept for
 * gic_catch_take(). Instructions run in between must name x16 and x17 as
 * clobbered (the handler uses them).
 */
void gic_catch_on(void);
void gic_catch_off(void);
/* ESR of the exception caught since the last call (0 if none); far may be NULL. */
uint64_t gic_catch_take(uint64_t *far);

#endif
