/* Virtual GICv3 internals shared by the vGIC files: list registers and the pending/active state. */
#ifndef ASM_VGIC_H
#define ASM_VGIC_H

#include <hv/types.h>

struct cell;
struct emu_context;
struct per_cpu;
struct vcpu;

#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICC_DIR_EL1 S3_0_C12_C11_1

#define ICH_HCR_EN BIT(0)
#define ICH_HCR_UIE BIT(1)
#define LR_STATE_PENDING (1UL << 62)
#define LR_STATE_ACTIVE (1UL << 63)
#define LR_STATE_MASK (3UL << 62)
#define LR_HW BIT(61)
#define LR_GROUP1 BIT(60)
#define LR_VINTID(lr) ((unsigned int)((lr)&0xffffffffUL))

/* The list registers of the calling CPU (at most 8 are used). */
u64 read_lr(unsigned int n);
void write_lr(unsigned int n, u64 v);
unsigned int num_lrs(void);

/* irq of vCPU v is listed with the HW bit (its physical interrupt linked). */
bool vgic_irq_is_hw(struct cell *cell, unsigned int v, unsigned int irq);
/*
 * On the vCPU's CPU: HW level interrupts whose line went low meanwhile are
 * no longer pending (in its pending set or a list register); their
 * physical interrupt is deactivated.
 */
void vgic_sync_levels(struct vcpu *v);

/* ISPENDR..ICACTIVER (reg 2..5) of the 32 interrupts from first, vCPU v. */
void vgic_state_access(struct cell *cell, unsigned int v, unsigned int first,
		       unsigned int reg, struct emu_context *ctx);
/* ICENABLER of the own vCPU: pending list registers of mask go back to its pending set. */
void vgic_unlist_disabled(struct cell *cell, unsigned int v, unsigned int first,
			  u32 mask);

#endif
