/* The virtual PLIC of a cell: per-cell priorities, pending bits, per-vCPU S context enables/threshold/claim, and its seams. */
#ifndef ASM_VPLIC_H
#define ASM_VPLIC_H

#include <hv/spinlock.h>
#include <hv/types.h>
#include <hvisor/config.h>

struct cell;
struct vcpu;

#define VPLIC_MAX_SOURCES 1024 /* sources 0..1023, 0 = "no interrupt" */
#define VPLIC_WORDS (VPLIC_MAX_SOURCES / 32)
#define VPLIC_MAX_VCPUS 16 /* HVISOR_CHECK_CELL_MAX_CPUS */
#define VPLIC_PRIO_MASK 7 /* 3 priority bits, as QEMU virt's PLIC */

/* The S context of one vCPU (context v * contexts_per_hart + s_context). */
struct vplic_context {
	u32 enable[VPLIC_WORDS];
	u32 threshold;
};

/*
 * What the model tells its owner. set_vseip: vCPU v's S context now has
 * (level true) or no longer has a claimable interrupt; called with the
 * model's lock held, only on a change. hw_complete: the guest completed
 * passed-through source src, to be completed in the physical PLIC.
 */
struct vplic_ops {
	void (*set_vseip)(void *arg, unsigned int v, bool level);
	void (*hw_complete)(void *arg, unsigned int src);
};

struct vplic {
	spinlock_t lock;
	unsigned int num_sources; /* the platform's: 1..num_sources-1 exist */
	unsigned int num_vcpus;
	unsigned int contexts_per_hart, s_context;
	u64 size; /* of the window (the platform's PLIC size) */
	u32 priority[VPLIC_MAX_SOURCES];
	u32 pending[VPLIC_WORDS];
	u32 claimed[VPLIC_WORDS]; /* claimed, not yet completed */
	u32 latched[VPLIC_WORDS]; /* a virtual edge while claimed */
	u32 hw[VPLIC_WORDS]; /* passed-through physical sources */
	u32 sources[VPLIC_WORDS]; /* sources the cell has (virtual or hw) */
	u32 vseip; /* bit v: last level given to set_vseip */
	struct vplic_context ctx[VPLIC_MAX_VCPUS];
	const struct vplic_ops *ops;
	void *arg;
	unsigned int refusals; /* hostile accesses seen (the first few logged) */
};

/* The pure model (vplic.c), unit-tested on the host. */
void vplic_init(struct vplic *p, unsigned int num_sources,
		unsigned int num_vcpus, unsigned int contexts_per_hart,
		unsigned int s_context, u64 size, const struct vplic_ops *ops,
		void *arg);
/* Source src exists in the cell: virtual (hw false) or passed through. */
int vplic_add_source(struct vplic *p, unsigned int src, bool hw);
/* A virtual source's edge (core's injection); sources the cell lacks are dropped. */
void vplic_inject(struct vplic *p, unsigned int src);
/*
 * Passed-through src was claimed physically on the SEIP path: pending in
 * the cell until the guest completes it (then ops->hw_complete).
 */
void vplic_hw_pending(struct vplic *p, unsigned int src);
/* Whether vCPU v has an interrupt above its threshold (hvip.VSEIP). */
bool vplic_vseip(struct vplic *p, unsigned int v);
/*
 * A guest access by vCPU v at offset off of the window: *value read or
 * written. Only aligned 32-bit accesses do anything; v reaches the S
 * contexts of all the cell's vCPUs. The rest, and what v may not touch (M
 * contexts, contexts of vCPUs the cell lacks, sources beyond num_sources,
 * reserved offsets), read as 0 and ignore writes. Returns false for a
 * refused access.
 */
bool vplic_access(struct vplic *p, unsigned int v, u64 off, unsigned int width,
		  bool write, u64 *value);

/* The cell side (vplic_cell.c), for the riscv64 arch hooks. */
/* arch_cell_init of a non-root cell: the model at the platform's PLIC window. */
int riscv64_vplic_cell_init(struct cell *cell);
void riscv64_vplic_cell_exit(struct cell *cell);
/*
 * arch_cell_take_irqs, after riscv64_plic_take: the cell's physical
 * sources to the S context of vCPU 0's hart (riscv64_plic_route).
 */
int riscv64_vplic_start(struct cell *cell);
/*
 * arch_cell_reset (no vCPU of the cell runs): the model as after
 * riscv64_vplic_cell_init; physical sources the guest left claimed or
 * pending are completed in the PLIC.
 */
void riscv64_vplic_reset(struct cell *cell);
/* arch_vcpu_flush_irqs: core's pending virtual interrupts into the model, then hvip.VSEIP. */
void riscv64_vplic_flush(struct vcpu *vcpu);
/*
 * The SEIP path claimed src in the calling hart's S context while the
 * cell ran: pending in its virtual PLIC (completed physically when the
 * guest completes it).
 */
void riscv64_vplic_hw_irq(struct cell *cell, unsigned int src);

#endif
