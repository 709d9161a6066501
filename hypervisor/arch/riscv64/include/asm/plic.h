/* The physical PLIC: the root's ownership filter, hand-over of sources and harts to cells, and the register seam. */
#ifndef ASM_PLIC_H
#define ASM_PLIC_H

#include <hv/mmio.h>
#include <hv/spinlock.h>
#include <hv/types.h>
#include <hvisor/config.h>

struct cell;

/* Register layout (the PLIC spec; QEMU virt and SiFive agree). */
#define PLIC_PRIORITY 0x000000 /* one word per source */
#define PLIC_PENDING 0x001000 /* one bit per source, read only */
#define PLIC_PENDING_END 0x001080
#define PLIC_ENABLE 0x002000 /* 0x80 bytes per context */
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT 0x200000 /* 0x1000 bytes per context */
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_THRESHOLD 0x0 /* in a context's page */
#define PLIC_CLAIM 0x4 /* read: claim, write: complete */
#define PLIC_MAX_SOURCES 1024
#define PLIC_MAX_CONTEXTS 15872

/* Checks the platform's PLIC facts and maps the PLIC for the hypervisor. */
int riscv64_plic_init(const struct hvisor_system *sys);
/* Root: the filter of its PLIC accesses; another cell: its virtual PLIC (vplic_cell.c). */
int riscv64_plic_cell_init(struct cell *cell);
/* Gives back to the root whatever the cell still holds (see _release). */
void riscv64_plic_cell_exit(struct cell *cell);
/*
 * From arch_cell_take_irqs: the cell's sources and harts leave the root.
 * The root's enables of those sources (in every hart's S context) and its
 * priorities are saved, the sources are disabled everywhere and completed
 * (a claim the root left open must not block the gateway), and the S
 * contexts of the cell's harts are saved and cleared.
 */
void riscv64_plic_take(struct cell *cell);
/* From arch_cell_release_irqs: restores what _take saved; idempotent. */
void riscv64_plic_release(struct cell *cell);
/*
 * After _take: the cell's sources to the S context of its CPU cpu
 * (priority 1, threshold 0), where the SEIP path claims them for the
 * cell's virtual PLIC; -EINVAL unless the cell holds that CPU's hart.
 */
int riscv64_plic_route(struct cell *cell, unsigned int cpu);
/* The guest completed src: its physical complete in cpu's S context. */
void riscv64_plic_complete(struct cell *cell, unsigned int cpu,
			   unsigned int src);
/*
 * The hypervisor raises platform.root_irq, a virtual source of the root's
 * filter (priority, enables and pending kept there, never the hardware's):
 * pending for the root's next claim in a context where it is enabled
 * above the threshold. Returns the CPU whose hart has such a context (to
 * be given hvip.VSEIP), or -1 (none yet: a later claim gets it).
 */
int riscv64_plic_raise_root_irq(void);
/*
 * A root CPU enters the hypervisor (from Linux): the enable of root_irq
 * Linux set in its S context becomes the filter's, the hardware's bit is
 * cleared. _exit (disable) writes the filter's state back.
 */
void riscv64_plic_root_cpu_enter(unsigned int cpu);
void riscv64_plic_root_cpu_exit(unsigned int cpu);
/*
 * A cell's hart took SEIP: the physical claim in cpu's S context, a
 * source the cell holds, or 0. A foreign source is completed, disabled
 * there and logged; nothing happens unless the cell holds cpu's hart.
 */
unsigned int riscv64_plic_hw_claim(struct cell *cell, unsigned int cpu);
/* The platform's PLIC facts (NULL before riscv64_plic_init or in AIA mode). */
const struct hvisor_riscv64_platform *riscv64_plic_platform(void);

/*
 * The MMIO handler of the root's PLIC window (exposed for the unit tests);
 * ctx->cpu must be the physical CPU that made the access (its own claim of
 * 0 calls plic_hw_claim_empty() on that CPU).
 */
enum mmio_result riscv64_plic_access(void *arg, struct emu_context *ctx,
				     u64 off);
/* Validates the PLIC facts of a riscv64 platform; 0 or -EINVAL (logged). */
int riscv64_plic_check(const struct hvisor_riscv64_platform *p);

/* Held around every PLIC access the filter and the hand-over make. */
extern spinlock_t riscv64_plic_lock;

/*
 * The seam to the hardware (plic_hw.c; a fake register file in
 * tests/unit/test_hv_riscv64_plic.c). Offsets are inside the frame and
 * word aligned: the filter never makes any other access.
 */
u32 plic_hw_read(u64 off);
void plic_hw_write(u64 off, u32 value);
int plic_hw_map(u64 base, u64 size);
/* Hart id of a CPU of the platform (the driver's map, per_cpu). */
u64 plic_hw_cpu_hart(unsigned int cpu);
/*
 * The calling hart's own claim returned 0: its virtual external interrupt
 * is over (hvip.VSEIP cleared) and the physical one is unmasked again
 * (sie.SEIE), see docs/riscv64.md.
 */
void plic_hw_claim_empty(void);

#endif
