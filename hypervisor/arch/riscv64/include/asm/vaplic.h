/* The virtual APLIC of a cell in AIA mode: one MSI-mode interrupt domain over the cell's virtual sources, delivering to the cell's IMSIC guest files. */
#ifndef ASM_VAPLIC_H
#define ASM_VAPLIC_H

#include <hv/spinlock.h>
#include <hv/types.h>

#define VAPLIC_MAX_SOURCES 1024 /* sources 0..1023, 0 = "no interrupt" */
#define VAPLIC_WORDS (VAPLIC_MAX_SOURCES / 32)

/* Register offsets of an APLIC domain (the AIA spec, 4.5) */
#define APLIC_DOMAINCFG 0x0000
#define APLIC_SOURCECFG 0x0004 /* + 4 * (i - 1), i = 1..1023 */
#define APLIC_MMSIADDRCFG 0x1bc0
#define APLIC_SMSIADDRCFGH 0x1bcc
#define APLIC_SETIP 0x1c00
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
#define APLIC_TARGET 0x3004 /* + 4 * (i - 1) */
#define APLIC_IDC 0x4000 /* direct mode only: none here */

#define APLIC_DOMAINCFG_IE (1u << 8)
#define APLIC_DOMAINCFG_DM (1u << 2)
#define APLIC_DOMAINCFG_BE (1u << 0)
#define APLIC_DOMAINCFG_RO 0x80000000u /* bits 31:24 read 0x80 */
#define APLIC_SOURCECFG_D (1u << 10)
#define APLIC_SOURCECFG_SM 7u
#define APLIC_SM_INACTIVE 0
#define APLIC_SM_DETACHED 1
#define APLIC_SM_EDGE1 4
#define APLIC_SM_EDGE0 5
#define APLIC_SM_LEVEL1 6
#define APLIC_SM_LEVEL0 7
/* target (MSI mode) and genmsi: hart index 31:18, guest index 17:12, EIID 10:0 */
#define APLIC_TARGET_HART_SHIFT 18
#define APLIC_TARGET_GUEST_SHIFT 12
#define APLIC_TARGET_GUEST_MASK 0x3fu
#define APLIC_TARGET_EIID_MASK 0x7ffu
#define APLIC_TARGET_MASK 0xfffff7ffu /* bit 11 is reserved */
#define APLIC_GENMSI_MASK 0xfffc07ffu /* no guest index; bit 12 busy */

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
