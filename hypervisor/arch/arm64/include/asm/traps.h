/* AArch64 trap handling helpers shared by the EL2 handlers. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <hv/types.h>
#include <asm/processor.h>

struct per_cpu;

void inject_data_abort(struct trap_frame *f, u64 far, bool write);
/* A trapped system register or instruction of a cell: emulated or undef. */
bool arm64_cell_sysreg(struct per_cpu *c, struct trap_frame *f);
/* A CPU starting cold: forgets (and reports) locks held when it went off. */
void arm64_cpu_fresh(struct per_cpu *c);
void inject_undef(struct trap_frame *f);
/* Stops and clears the CPU's performance monitors (if it has them). */
void arm64_pmu_reset(void);
void handle_smc(struct per_cpu *c, struct trap_frame *f);
/* A cell's PSCI/SMCCC call (conduit "SMC" or "HVC"): x0 gets the result. */
void cell_firmware_call(struct per_cpu *c, struct trap_frame *f,
			const char *conduit);
u64 psci_firmware_call(u64 fn, u64 a1, u64 a2, u64 a3);

#endif
