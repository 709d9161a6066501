/* The virtual APLIC of a cell in AIA mode: one MSI-mode interrupt domain over the cell's virtual sources, delivering to the cell's IMSIC guest files. */
#ifndef ASM_VAPLIC_H
#define ASM_VAPLIC_H

#include <hv/spinlock.h>
#include <hv/types.h>
#include <asm/aplic_regs.h>

#define VAPLIC_MAX_SOURCES APLIC_MAX_SOURCES /* 0 = "no interrupt" */
#define VAPLIC_WORDS (VAPLIC_MAX_SOURCES / 32)

/*
 * What the model tells its owner: msi sends identity eiid to guest file
 * guest of hart index hart as the cell sees them (the owner checks they
 * are one of the cell's files and drops what is not); called with the
 * model's lock held.
 */
struct vaplic_ops {
	void (*msi)(void *arg, u32 hart, u32 guest, u32 eiid);
};

struct vaplic {
	spinlock_t lock;
	unsigned int num_sources; /* the platform's: 1..num_sources-1 exist */
	u64 size; /* of the window */
	u32 domaincfg; /* IE only; DM reads 1, BE 0 */
	u32 sources[VAPLIC_WORDS]; /* sources the cell has */
	u32 pending[VAPLIC_WORDS];
	u32 enabled[VAPLIC_WORDS];
	u32 genmsi;
	u8 sm[VAPLIC_MAX_SOURCES]; /* sourcecfg.SM of each source */
	u32 target[VAPLIC_MAX_SOURCES];
	const struct vaplic_ops *ops;
	void *arg;
	unsigned int refusals; /* hostile accesses seen (the first few logged) */
	unsigned long msis; /* MSIs sent */
};

void vaplic_init(struct vaplic *a, unsigned int num_sources, u64 size,
		 const struct vaplic_ops *ops, void *arg);
/* Source src exists in the cell (a virtual one: console, doorbell, virtio). */
int vaplic_add_source(struct vaplic *a, unsigned int src);
/*
 * Whether the guest drives the model: domaincfg.IE set (the cell's
 * interrupts go here, not to its virtual PLIC).
 */
bool vaplic_active(struct vaplic *a);
/*
 * An edge of virtual source src (core's injection): pending, and an MSI
 * at once if the source is active, enabled and the domain is enabled.
 * A level-sensitive source takes it as the line going up and coming down
 * when the MSI is sent (the device's status stays readable in the device).
 */
void vaplic_inject(struct vaplic *a, unsigned int src);
/*
 * A guest access at offset off of the window: aligned 32-bit accesses
 * only; the rest, reserved offsets and sources the cell lacks read as 0
 * and ignore writes. Returns false for a refused access (logged).
 */
bool vaplic_access(struct vaplic *a, unsigned int v, u64 off,
		   unsigned int width, bool write, u64 *value);

#endif
