/* The root's S-level APLIC filter (AIA mode) and its register seam. */
#ifndef ASM_APLIC_H
#define ASM_APLIC_H

#include <hv/mmio.h>
#include <hv/types.h>
#include <asm/aplic_regs.h>

/*
 * The seam: word accesses to the APLIC, harts of CPUs, and the IMSIC file
 * a root hart takes its MSIs in now (0 its S file, or its guest file).
 */
u32 aplic_hw_read(u64 off);
void aplic_hw_write(u64 off, u32 value);
u64 aplic_hw_cpu_hart(unsigned int cpu);
unsigned int aplic_hw_root_file(u64 hart);

/*
 * The MMIO handler of the root's APLIC window (arg unused): aligned
 * words only; sources the root owns (and platform.root_irq); MSI targets
 * and genmsi on the root's harts only; a target's guest index is the
 * hart's file now (aplic_hw_root_file: guest file 1 while the hart runs
 * the root in VS mode, its S file before and after) and reads back as
 * the 0 Linux wrote; genmsi goes to the S file (forwarded); no M-level
 * MSI address writes, no direct-delivery IDCs. Refused: reads 0, writes
 * ignored, the first few logged.
 */
enum mmio_result riscv64_aplic_access(void *arg, struct emu_context *ctx,
				      u64 off);
/*
 * hart's file changed (entry, exit): the targets of the root's sources on
 * hart get guest index file (aplic_hw_root_file says so already).
 */
void riscv64_aplic_retarget(u64 hart, unsigned int file);

#endif
