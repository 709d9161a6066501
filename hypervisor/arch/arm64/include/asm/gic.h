/* GICv3: root filtering, the virtual GIC of cells, and helpers shared by both. */
#ifndef ASM_GIC_H
#define ASM_GIC_H

#include <hv/types.h>
#include <asm/processor.h>

struct cell;
struct per_cpu;

int gicv3_cell_init(struct cell *cell);
/* Redistributor frame of the CPU with this MPIDR, 0 if none. */
u64 gicv3_redist_of(u64 mpidr);

int vgic_cell_init(struct cell *cell);
void vgic_cpu_init(struct per_cpu *c);
void vgic_handle_irqs(struct per_cpu *c);
bool vgic_handle_sysreg(struct per_cpu *c, struct trap_frame *f);

#endif
