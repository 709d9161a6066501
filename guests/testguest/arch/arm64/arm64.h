/* Test guest arm64 internals shared between the arch files. */
#ifndef ARM64_H
#define ARM64_H

#include <stdbool.h>
#include <stdint.h>

extern char el1_vectors[];
void secondary_entry(void); /* start.S, PSCI CPU_ON target: x0 = vCPU id */
void mmu_enable(void); /* mmu_on.S: MMU and caches on with mmu_l1 */
void mmu_init(void); /* first vCPU, MMU off: builds mmu_l1, then enables */
/* The 2 MiB block of addr (< 4 GiB): executable Normal memory, or Device again. */
void mmu_set_exec(uintptr_t addr, bool exec);
long psci_version(void);
void dcache_inval_range(uintptr_t start, uintptr_t end);
void dcache_clean_inval_range(uintptr_t start, uintptr_t end);

#endif
