/* The root's S-level APLIC filter (AIA mode) and its register seam. */
#ifndef ASM_APLIC_H
#define ASM_APLIC_H

#include <hv/mmio.h>
#include <hv/types.h>

/* Register layout (the AIA spec, 4.5; MSI delivery mode). */
#define APLIC_DOMAINCFG 0x0000
#define APLIC_SOURCECFG 0x0004 /* source i at 0x4 * i */
#define APLIC_SOURCECFG_SM 0x7 /* source mode */
#define APLIC_SOURCECFG_D 0x400 /* delegated to a child domain */
#define APLIC_MSIADDRCFG 0x1bc0 /* ..0x1bdf, M level's; read only here */
#define APLIC_MSIADDRCFG_END 0x1be0
#define APLIC_SETIP 0x1c00 /* 32 words of bits each */
#define APLIC_SETIPNUM 0x1cdc
#define APLIC_IN_CLRIP 0x1d00
#define APLIC_CLRIPNUM 0x1ddc
#define APLIC_SETIE 0x1e00
#define APLIC_SETIENUM 0x1edc
#define APLIC_CLRIE 0x1f00
#define APLIC_CLRIENUM 0x1fdc
#define APLIC_SETIPNUM_LE 0x2000
#define APLIC_SETIPNUM_BE 0x2004
#define APLIC_GENMSI 0x3000
#define APLIC_TARGET 0x3000 /* source i at 0x3000 + 4 * i */
#define APLIC_TARGET_HART_SHIFT 18
#define APLIC_TARGET_GUEST (0x3fU << 12)
#define APLIC_MAX_SOURCES 1024

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
