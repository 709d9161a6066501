/* GICv3: root filtering, the virtual GIC of cells, and helpers shared by both. */
#ifndef ASM_GIC_H
#define ASM_GIC_H

#include <hv/types.h>
#include <asm/processor.h>
#include <hvisor/config.h>

struct cell;
struct page_table;
struct per_cpu;
struct vcpu;

#define ICC_SGI1R_EL1 S3_0_C12_C11_5

/* The GIC part of the platform config. */
const struct hvisor_arm64_platform *gic(void);
int gicv3_map(struct page_table *hv_pt);
int gicv3_cell_init(struct cell *cell);
/* Redistributor frame of the CPU with this MPIDR, 0 if none. */
u64 gicv3_redist_of(u64 mpidr);

/*
 * The GICv3 rule for a memory-mapped register access: naturally aligned,
 * 32 bits anywhere, 8 bits only where byte_ok (priorities, targets, SGI
 * pending), 64 bits only where dword_ok (IROUTER, GICR_TYPER, ...). Other
 * accesses are CONSTRAINED UNPREDICTABLE: we read them as zero and ignore
 * them, never touching the hardware with the guest's width.
 */
static inline bool gic_access_ok(u64 off, unsigned int width, bool byte_ok,
				 bool dword_ok)
{
	if (off & (width - 1))
		return false;
	return width == 4 || (width == 1 && byte_ok) ||
	       (width == 8 && dword_ok);
}

/* Read-modify-write of the bits in mask of the distributor word at off. */
void gicd_rmw(u64 off, u32 mask, u32 value);

int vgic_cell_init(struct cell *cell);
void vgic_cpu_init(struct vcpu *v);
void vgic_handle_irqs(struct vcpu *v);
bool vgic_handle_sysreg(struct per_cpu *c, struct trap_frame *f);
/* A virtual interrupt waits in a list register of this vCPU (wakes a WFI). */
bool vgic_vcpu_pending(struct vcpu *v);

#endif
