/* Test guest loads that may fault: each arch's probe.S marks the load, its trap handler resumes after it. */
#ifndef TESTGUEST_PROBE_H
#define TESTGUEST_PROBE_H

#include <stdint.h>

/* 0 = loaded into *val, 1 = trapped (arch/<arch>/probe.S) */
int probe_load8(uintptr_t addr, uint64_t *val);
int probe_load16(uintptr_t addr, uint64_t *val);
int probe_load32(uintptr_t addr, uint64_t *val);
int probe_load64(uintptr_t addr, uint64_t *val);

/* The probe of a size in bytes (1, 2, 4; anything else 8). */
int probe_load(uintptr_t addr, unsigned int size, uint64_t *val);

#endif
