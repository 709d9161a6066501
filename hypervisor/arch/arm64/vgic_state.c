/* Virtual GICv3 pending and active state: the set/clear registers, and level interrupts that follow their line. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/mmio.h>
#include <hv/percpu.h>
#include <hv/vcpu.h>
#include <asm/gic.h>
#include <asm/gic_regs.h>
#include <asm/sysregs.h>
#include <asm/vgic.h>

enum { REG_ISPENDR = 2, REG_ICPENDR, REG_ISACTIVER, REG_ICACTIVER };

/*
 * The physical frame that holds irq's registers for the calling CPU: its
 * redistributor's SGI frame for SGIs and PPIs, the distributor for SPIs.
 */
static u64 phys_frame(unsigned int irq)
{
	return irq < 32 ? gicv3_redist_of(this_cpu()->hwid) + GICR_SGI :
			  gic()->gicd_base;
}

static bool phys_bit(unsigned int irq, u64 reg)
{
	return mmio_read(phys_frame(irq) + reg + irq / 32 * 4, 4) &
	       BIT(irq % 32);
}

/*
 * A physical interrupt the hypervisor acknowledged for the guest (active,
 * not yet deactivated): is it level-sensitive with its line low now? An
 * active level interrupt reads pending exactly while its line is high.
 */
static bool hw_line_dropped(unsigned int irq)
{
	u32 cfg = mmio_read(phys_frame(irq) + GICD_ICFGR + irq / 16 * 4, 4);

	if (cfg & (2u << (irq % 16 * 2)))
		return false; /* edge: latched, stays pending */
	return !phys_bit(irq, GICD_ISPENDR);
}

bool vgic_irq_is_hw(struct cell *cell, unsigned int v, unsigned int irq)
{
	/* the hypervisor's own PPIs never come to a guest physically */
	if (irq < 16 || irq >= 1020 || irq == MAINTENANCE_IRQ ||
	    irq == HYP_TIMER_IRQ)
		return false;
	if (irq < 32)
		return !(cell->arch.vgic.gicr[v].soft_pending & BIT(irq));
	return cell_owns_irq(cell, irq);
}

static void clear_pending_bit(struct vcpu *v, unsigned int irq)
{
	__atomic_fetch_and(&v->pending_irqs[irq / 32], ~BIT(irq % 32),
			   __ATOMIC_SEQ_CST);
}

void vgic_sync_levels(struct vcpu *v)
{
	struct cell *cell = vcpu_per_cpu(v)->cell;
	u64 elrsr = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n, w, b;

	for (n = 0; n < num_lrs(); n++) {
		u64 lr;

		if (elrsr & BIT(n))
			continue;
		lr = read_lr(n);
		if ((lr & LR_STATE_MASK) != LR_STATE_PENDING || !(lr & LR_HW) ||
		    !hw_line_dropped(LR_VINTID(lr)))
			continue;
		write_lr(n, 0);
		write_sysreg(ICC_DIR_EL1, LR_VINTID(lr)); /* pINTID = vINTID */
	}
	for (w = 0; w < 32; w++) {
		u32 word = READ_ONCE(v->pending_irqs[w]);

		for (b = 0; word && b < 32; b++) {
			unsigned int irq = w * 32 + b;

			if (!(word & BIT(b)))
				continue;
			word &= ~BIT(b);
			if (!vgic_irq_is_hw(cell, v->id, irq) ||
			    !hw_line_dropped(irq))
				continue;
			clear_pending_bit(v, irq);
			write_sysreg(ICC_DIR_EL1, irq);
		}
	}
}

bool vgic_vcpu_pending(struct vcpu *v)
{
	u64 elrsr = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n;

	vgic_sync_levels(v);
	for (n = 0; n < num_lrs(); n++)
		if (!(elrsr & BIT(n)) && (read_lr(n) & LR_STATE_PENDING))
			return true;
	return read_sysreg(ICH_HCR_EL2) & ICH_HCR_UIE; /* more than fit */
}

/* The list register of the calling CPU that holds irq, or -1. */
static int find_lr(unsigned int irq)
{
	u64 elrsr = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n;

	for (n = 0; n < num_lrs(); n++)
		if (!(elrsr & BIT(n)) && (read_lr(n) & LR_STATE_MASK) &&
		    LR_VINTID(read_lr(n)) == irq)
			return n;
	return -1;
}

static u32 state_bits(struct cell *cell, unsigned int v, unsigned int first,
		      bool active, bool own)
{
	u64 want = active ? LR_STATE_ACTIVE : LR_STATE_PENDING;
	u32 bits = 0, owned = 0;
	unsigned int n, i;

	if (!active)
		bits = READ_ONCE(cell_vcpu(cell, v)->pending_irqs[first / 32]);
	if (own)
		for (n = 0; n < num_lrs(); n++) {
			u64 lr = read_lr(n);

			if ((lr & want) && LR_VINTID(lr) >= first &&
			    LR_VINTID(lr) < first + 32)
				bits |= BIT(LR_VINTID(lr) - first);
		}
	if (active || first < 32)
		return bits;
	/* an owned SPI pending at the GIC, not yet taken for the guest */
	for (i = 0; i < 32; i++)
		if (first + i < 1020 && cell_owns_irq(cell, first + i))
			owned |= BIT(i);
	if (owned)
		bits |= mmio_read(gic()->gicd_base + GICD_ISPENDR + first / 8,
				  4) &
			~mmio_read(gic()->gicd_base + GICD_ISACTIVER +
					   first / 8,
				   4) &
			owned;
	return bits;
}

static u8 prio_of(struct cell *cell, unsigned int v, unsigned int irq)
{
	return irq < 32 ? cell->arch.vgic.gicr[v].prio[irq] :
			  cell->arch.vgic.spi_prio[irq];
}

static void set_pending(struct cell *cell, unsigned int v, unsigned int irq)
{
	if (irq >= 32 && cell_owns_irq(cell, irq)) {
		/* the physical interrupt becomes pending and comes as HW */
		mmio_write(gic()->gicd_base + GICD_ISPENDR + irq / 32 * 4, 4,
			   BIT(irq % 32));
		return;
	}
	if (irq >= 16 && irq < 32)
		__atomic_fetch_or(&cell->arch.vgic.gicr[v].soft_pending,
				  BIT(irq), __ATOMIC_SEQ_CST);
	vcpu_inject(cell, v, irq);
}

/*
 * Clears the pending state. Only on the vCPU's own CPU for an interrupt
 * whose physical one the hypervisor took (HW): that one is deactivated
 * here, where it was acknowledged; a level line still high raises it anew.
 */
static void clear_pending(struct cell *cell, unsigned int v, unsigned int irq,
			  bool own)
{
	struct vcpu *vcpu = cell_vcpu(cell, v);
	bool hw = vgic_irq_is_hw(cell, v, irq);
	int n;

	if (irq >= 32 && cell_owns_irq(cell, irq))
		mmio_write(gic()->gicd_base + GICD_ICPENDR + irq / 32 * 4, 4,
			   BIT(irq % 32));
	if (!own) {
		if (!hw)
			clear_pending_bit(vcpu, irq);
		return;
	}
	if (READ_ONCE(vcpu->pending_irqs[irq / 32]) & BIT(irq % 32)) {
		clear_pending_bit(vcpu, irq);
		if (hw)
			write_sysreg(ICC_DIR_EL1, irq);
	}
	if (irq < 32)
		__atomic_fetch_and(&cell->arch.vgic.gicr[v].soft_pending,
				   ~BIT(irq), __ATOMIC_SEQ_CST);
	n = find_lr(irq);
	if (n < 0 || !(read_lr(n) & LR_STATE_PENDING))
		return;
	if (read_lr(n) & LR_STATE_ACTIVE) {
		write_lr(n, read_lr(n) & ~LR_STATE_PENDING);
		return;
	}
	if (read_lr(n) & LR_HW)
		write_sysreg(ICC_DIR_EL1, irq);
	write_lr(n, 0);
}

/* Sets or clears the active state: list registers of the own vCPU only. */
static void set_active(struct cell *cell, unsigned int v, unsigned int irq,
		       bool set)
{
	int n = find_lr(irq);
	u64 lr;

	if (n < 0) {
		u64 elrsr = read_sysreg(ICH_ELRSR_EL2);

		if (!set)
			return;
		for (n = 0; n < (int)num_lrs() && !(elrsr & BIT(n)); n++)
			;
		if (n == (int)num_lrs())
			return; /* no room: the state is not kept */
		write_lr(n, LR_STATE_ACTIVE | LR_GROUP1 |
				    ((u64)prio_of(cell, v, irq) << 48) | irq);
		return;
	}
	lr = read_lr(n);
	if (set) {
		/* HW: active and pending together is not allowed */
		lr = (lr & LR_HW) ? (lr & ~LR_STATE_MASK) | LR_STATE_ACTIVE :
				    lr | LR_STATE_ACTIVE;
	} else if (lr & LR_STATE_ACTIVE) {
		lr &= ~LR_STATE_ACTIVE;
		if (lr & LR_HW) {
			write_sysreg(ICC_DIR_EL1, irq);
			lr = 0; /* a level line still high raises it anew */
		}
	}
	write_lr(n, lr);
}

void vgic_state_access(struct cell *cell, unsigned int v, unsigned int first,
		       unsigned int reg, struct emu_context *ctx)
{
	struct per_cpu *c = this_cpu();
	bool own = c->cell == cell && c->vcpu.id == v;
	u32 value = ctx->value;
	unsigned int i, irq;

	if (!ctx->write) {
		if (own)
			vgic_sync_levels(&c->vcpu);
		ctx->value =
			state_bits(cell, v, first, reg >= REG_ISACTIVER, own);
		return;
	}
	for (i = 0; i < 32; i++) {
		irq = first + i;
		if (!(value & BIT(i)) || irq >= 1020)
			continue;
		switch (reg) {
		case REG_ISPENDR:
			set_pending(cell, v, irq);
			break;
		case REG_ICPENDR:
			clear_pending(cell, v, irq, own);
			break;
		default:
			if (own)
				set_active(cell, v, irq, reg == REG_ISACTIVER);
			break;
		}
	}
}

void vgic_unlist_disabled(struct cell *cell, unsigned int v, unsigned int first,
			  u32 mask)
{
	struct per_cpu *c = this_cpu();
	u64 elrsr = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n, irq;

	if (c->cell != cell || c->vcpu.id != v)
		return;
	for (n = 0; n < num_lrs(); n++) {
		u64 lr = read_lr(n);

		irq = LR_VINTID(lr);
		if ((elrsr & BIT(n)) ||
		    (lr & LR_STATE_MASK) != LR_STATE_PENDING || irq < first ||
		    irq >= first + 32 || !(mask & BIT(irq - first)))
			continue;
		/* back to the pending set: listed again once enabled */
		write_lr(n, 0);
		if (irq >= 16 && irq < 32 && !(lr & LR_HW))
			__atomic_fetch_or(&cell->arch.vgic.gicr[v].soft_pending,
					  BIT(irq), __ATOMIC_SEQ_CST);
		__atomic_fetch_or(&c->vcpu.pending_irqs[irq / 32],
				  BIT(irq % 32), __ATOMIC_SEQ_CST);
	}
}
