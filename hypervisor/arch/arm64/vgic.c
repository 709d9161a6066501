/* Virtual GICv3 for non-root cells: emulated distributor/redistributors, list registers, trapped SGIs. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hv/vcpu.h>
#include <asm/cpu.h>
#include <asm/gic.h>
#include <asm/gic_regs.h>
#include <asm/processor.h>
#include <asm/sysregs.h>
#include <asm/vgic.h>

#define ICH_VTR_EL2 S3_4_C12_C11_1
#define ICH_AP0R0_EL2 S3_4_C12_C8_0
#define ICH_AP1R0_EL2 S3_4_C12_C9_0
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7

/* --- list registers ------------------------------------------------- */

#define LR_CASE(n, op, r1, r2) \
	case n:                \
		op(r1, r2);    \
		break;

u64 read_lr(unsigned int n)
{
	u64 v = 0;

#define RD(reg, unused) v = read_sysreg(reg)
	switch (n) {
		LR_CASE(0, RD, S3_4_C12_C12_0, 0)
		LR_CASE(1, RD, S3_4_C12_C12_1, 0)
		LR_CASE(2, RD, S3_4_C12_C12_2, 0)
		LR_CASE(3, RD, S3_4_C12_C12_3, 0)
		LR_CASE(4, RD, S3_4_C12_C12_4, 0)
		LR_CASE(5, RD, S3_4_C12_C12_5, 0)
		LR_CASE(6, RD, S3_4_C12_C12_6, 0)
		LR_CASE(7, RD, S3_4_C12_C12_7, 0)
	}
#undef RD
	return v;
}

void write_lr(unsigned int n, u64 v)
{
#define WR(reg, val) write_sysreg(reg, val)
	switch (n) {
		LR_CASE(0, WR, S3_4_C12_C12_0, v)
		LR_CASE(1, WR, S3_4_C12_C12_1, v)
		LR_CASE(2, WR, S3_4_C12_C12_2, v)
		LR_CASE(3, WR, S3_4_C12_C12_3, v)
		LR_CASE(4, WR, S3_4_C12_C12_4, v)
		LR_CASE(5, WR, S3_4_C12_C12_5, v)
		LR_CASE(6, WR, S3_4_C12_C12_6, v)
		LR_CASE(7, WR, S3_4_C12_C12_7, v)
	}
#undef WR
}

unsigned int num_lrs(void)
{
	unsigned int n = (read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;

	return n > 8 ? 8 : n;
}

static bool irq_enabled(struct cell *cell, unsigned int vcpu, unsigned int irq)
{
	if (irq < 32)
		return cell->arch.vgic.gicr[vcpu].enabled & BIT(irq);
	if (cell_owns_irq(cell, irq))
		return true; /* physical: arrived, so enabled */
	return cell->arch.vgic.spi_enabled[irq / 32] & BIT(irq % 32);
}

static u8 irq_prio(struct cell *cell, unsigned int vcpu, unsigned int irq)
{
	return irq < 32 ? cell->arch.vgic.gicr[vcpu].prio[irq] :
			  cell->arch.vgic.spi_prio[irq];
}

/* Moves pending virtual interrupts of this vCPU into free list registers. */
void arch_vcpu_flush_irqs(struct vcpu *v)
{
	struct cell *cell = vcpu_per_cpu(v)->cell;
	unsigned int nr = num_lrs(), w, b, n;
	u64 lrs[8], free_mask;
	bool more = false;

	vgic_sync_levels(v);
	free_mask = read_sysreg(ICH_ELRSR_EL2);
	for (n = 0; n < nr; n++)
		lrs[n] = (free_mask & BIT(n)) ? 0 : read_lr(n);
	for (w = 0; w < 32; w++) {
		u32 word = READ_ONCE(v->pending_irqs[w]);

		for (b = 0; word && b < 32; b++) {
			unsigned int irq = w * 32 + b;
			bool hw = vgic_irq_is_hw(cell, v->id, irq);
			u64 lr;

			if (!(word & BIT(b)))
				continue;
			word &= ~BIT(b);
			if (!irq_enabled(cell, v->id, irq))
				continue;
			for (n = 0; n < nr; n++)
				if ((lrs[n] & LR_STATE_MASK) &&
				    (lrs[n] & 0xffffffffUL) == irq)
					break;
			if (n < nr) {
				/* already listed: pending merges; active+pending if virtual */
				if (!(lrs[n] & LR_STATE_PENDING) && !hw) {
					lrs[n] |= LR_STATE_PENDING;
					write_lr(n, lrs[n]);
				} else if (!(lrs[n] & LR_STATE_PENDING)) {
					more = true;
					continue;
				}
			} else {
				for (n = 0; n < nr && (lrs[n] & LR_STATE_MASK);
				     n++)
					;
				if (n == nr) {
					more = true;
					continue;
				}
				lr = LR_STATE_PENDING | LR_GROUP1 |
				     ((u64)irq_prio(cell, v->id, irq) << 48) |
				     irq;
				if (hw)
					lr |= LR_HW | ((u64)irq << 32);
				lrs[n] = lr;
				write_lr(n, lr);
			}
			__atomic_fetch_and(&v->pending_irqs[w], ~BIT(b),
					   __ATOMIC_SEQ_CST);
			if (irq < 32)
				__atomic_fetch_and(&cell->arch.vgic.gicr[v->id]
							    .soft_pending,
						   ~BIT(irq), __ATOMIC_SEQ_CST);
		}
	}
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN | (more ? ICH_HCR_UIE : 0));
}

/* --- physical interrupts on a cell CPU --------------------------------- */

void vgic_handle_irqs(struct vcpu *v)
{
	struct cell *cell = vcpu_per_cpu(v)->cell;

	for (;;) {
		u64 irq = read_sysreg(ICC_IAR1_EL1) & 0xffffff;

		if (irq >= 1020)
			break;
		write_sysreg(ICC_EOIR1_EL1, irq); /* priority drop only */
		if (irq == HYP_TIMER_IRQ)
			write_sysreg(cnthp_ctl_el2, 0);
		if (irq == SGI_KICK || irq == MAINTENANCE_IRQ || irq < 16 ||
		    irq == HYP_TIMER_IRQ ||
		    (irq >= 32 && !cell_owns_irq(cell, irq))) {
			write_sysreg(ICC_DIR_EL1, irq);
			continue;
		}
		/* timer PPIs and owned SPIs: deactivated by the guest (HW) */
		vcpu_inject(cell, irq < 32 ? v->id : 0, irq);
	}
}

/* Physical CPU interface and redistributor of a CPU entering a cell. */
void vgic_cpu_init(struct vcpu *v)
{
	u64 rd = gicv3_redist_of(vcpu_per_cpu(v)->hwid);
	unsigned int n;

	write_sysreg(ICC_PMR_EL1, 0xf0);
	write_sysreg(ICC_CTLR_EL1,
		     2); /* EOImode 1: drop and deactivate apart */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	if (rd) {
		u32 keep = BIT(SGI_KICK) | BIT(MAINTENANCE_IRQ) |
			   BIT(HYP_TIMER_IRQ) | BIT(27) | BIT(30);

		/* the PMU's overflow interrupt, for a cell given the PMU */
		if (vcpu_per_cpu(v)->cell->config->flags & HVISOR_CELL_FLAG_PMU)
			keep |= BIT(PMU_IRQ);

		mmio_write(rd + GICR_WAKER, 4, 0);
		mmio_write(rd + GICR_SGI + GICD_ICENABLER, 4, ~keep);
		mmio_write(rd + GICR_SGI + GICD_IGROUPR, 4, ~0u);
		for (n = 16; n < 32; n += 4)
			mmio_write(rd + GICR_SGI + GICD_IPRIORITYR + n, 4,
				   0xa0a0a0a0);
		mmio_write(rd + GICR_SGI + GICD_IPRIORITYR + 12, 4, 0xa0a0a0a0);
		mmio_write(rd + GICR_SGI + GICD_ISENABLER, 4, keep);
	}
	for (n = 0; n < num_lrs(); n++)
		write_lr(n, 0);
	write_sysreg(ICH_AP0R0_EL2, 0);
	write_sysreg(ICH_AP1R0_EL2, 0);
	write_sysreg(ICH_VMCR_EL2, 0);
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

/* --- trapped ICC_SGI1R_EL1 ------------------------------------------------ */

#define SYSREG_ISS(op0, op1, crn, crm, op2)                              \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((crm) << 1))
#define SYSREG_MASK 0x3ffc1e

bool vgic_handle_sysreg(struct per_cpu *c, struct trap_frame *f)
{
	u64 iss = ESR_ISS(f->esr);
	unsigned int rt = (iss >> 5) & 0x1f, v;
	struct cell *cell = c->cell;
	u64 val, targets;

	if ((iss & 1) || ((iss & SYSREG_MASK) != SYSREG_ISS(3, 0, 12, 11, 5) &&
			  (iss & SYSREG_MASK) != SYSREG_ISS(3, 1, 12, 11, 6)))
		return false;
	val = frame_reg(f, rt);
	targets = val & 0xffff;
	if (val & BIT(40)) /* IRM: all but self */
		targets = ~BIT(c->vcpu.id);
	else if (val & (0xffUL << 16 | 0xffUL << 32 | 0xffUL << 48))
		targets = 0; /* our vCPUs all have Aff1-3 = 0 */
	for (v = 0; v < cell->num_vcpus; v++)
		if (targets & BIT(v))
			vcpu_inject(cell, v, (val >> 24) & 0xf);
	f->elr += 4;
	return true;
}

/* --- emulated distributor ----------------------------------------------- */

/* Any SPI the cell does not own physically is a virtual one. */
static bool virtual_spi(struct cell *cell, unsigned int irq)
{
	return irq >= 32 && irq < 1020 && !cell_owns_irq(cell, irq);
}

static bool owned_spi(struct cell *cell, unsigned int irq)
{
	return irq >= 32 && irq < 1020 && cell_owns_irq(cell, irq);
}

static void set_spi_bits(struct cell *cell, unsigned int first, u32 value,
			 bool enable)
{
	u32 *word = &cell->arch.vgic.spi_enabled[first / 32];
	unsigned int i;

	for (i = 0; i < 32; i++) {
		if (!(value & BIT(i)) || !virtual_spi(cell, first + i))
			continue;
		if (enable)
			*word |= BIT(i);
		else
			*word &= ~BIT(i);
	}
	if (enable)
		vcpu_request(cell->vcpu_cpu[0], VCPU_REQ_INJECT);
}

/* An access the architecture does not allow: read as zero, ignored. */
static enum mmio_result bad_access(struct cell *cell, struct emu_context *ctx,
				   const char *frame, u64 off)
{
	if (!cell->arch.vgic.bad_access_logged) {
		cell->arch.vgic.bad_access_logged = true;
		printk("hvisor: cell %u: %s of %u byte(s) at %s+0x%lx is not "
		       "a valid GIC access: read as zero, writes ignored (not "
		       "reported again)\n",
		       cell->id, ctx->write ? "write" : "read", ctx->width,
		       frame, (unsigned long)off);
	}
	if (!ctx->write)
		ctx->value = 0;
	return MMIO_HANDLED;
}

/*
 * ISENABLER .. ICACTIVER: one bit per interrupt, word accesses only. The
 * enables of owned SPIs are the physical ones; pending and active state is
 * the virtual one (vgic_state.c).
 */
static void vgicd_bits(struct cell *cell, struct emu_context *ctx, u64 off)
{
	unsigned int reg = (off - GICD_ISENABLER) / 0x80;
	unsigned int first = (off - GICD_ISENABLER) % 0x80 * 8, i;
	u64 phys = gic()->gicd_base + off;
	u32 mask = 0, v = ctx->value;

	if (first < 32) { /* banked: in the redistributors with ARE */
		if (!ctx->write)
			ctx->value = 0;
		return;
	}
	if (reg >= 2) {
		vgic_state_access(cell, 0, first, reg, ctx);
		return;
	}
	for (i = 0; i < 32; i++)
		if (owned_spi(cell, first + i))
			mask |= BIT(i);
	if (ctx->write) {
		/* set/clear registers: writing 0 leaves others' bits alone */
		if (v & mask)
			mmio_write(phys, 4, v & mask);
		set_spi_bits(cell, first, v, reg == 0);
		if (reg == 1)
			vgic_unlist_disabled(cell, 0, first, v);
		return;
	}
	ctx->value = mask ? mmio_read(phys, 4) & mask : 0;
	ctx->value |= cell->arch.vgic.spi_enabled[first / 32] & ~mask;
}

/* IPRIORITYR: a byte per interrupt, byte or word accesses. */
static void vgicd_prio(struct cell *cell, struct emu_context *ctx, u64 off)
{
	u64 base = gic()->gicd_base + GICD_IPRIORITYR;
	unsigned int i, irq;

	if (!ctx->write)
		ctx->value = 0;
	for (i = 0; i < ctx->width; i++) {
		irq = off - GICD_IPRIORITYR + i;
		if (irq < 32 || irq >= 1020)
			continue; /* banked, or reserved */
		if (!ctx->write) {
			ctx->value |= (u64)cell->arch.vgic.spi_prio[irq]
				      << (8 * i);
			continue;
		}
		cell->arch.vgic.spi_prio[irq] = ctx->value >> (8 * i);
		/* the byte of this very interrupt, nothing around it */
		if (owned_spi(cell, irq))
			mmio_write(base + irq, 1,
				   cell->arch.vgic.spi_prio[irq]);
	}
}

/* ICFGR: two bits per interrupt, word accesses only. */
static void vgicd_cfg(struct cell *cell, struct emu_context *ctx, u64 off)
{
	unsigned int word = (off - GICD_ICFGR) / 4, i;
	u32 phys_mask = 0;

	for (i = 0; i < 16; i++)
		if (owned_spi(cell, word * 16 + i))
			phys_mask |= 3u << (2 * i);
	if (ctx->write) {
		/* edge or level, as the guest asks; SGIs/PPIs fixed */
		if (word >= 2)
			cell->arch.vgic.spi_cfg[word] = ctx->value & ~phys_mask;
		if (phys_mask)
			gicd_rmw(off, phys_mask, ctx->value);
		return;
	}
	ctx->value = cell->arch.vgic.spi_cfg[word] & ~phys_mask;
	if (phys_mask)
		ctx->value |= mmio_read(gic()->gicd_base + off, 4) & phys_mask;
}

static enum mmio_result vgicd_access(void *arg, struct emu_context *ctx,
				     u64 off)
{
	struct cell *cell = arg;
	bool byte_ok = (off >= GICD_IPRIORITYR && off < GICD_ICFGR) ||
		       (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR_END);
	bool dword_ok = off >= GICD_IROUTER && off < GICD_IROUTER_END;

	if (off >= GICD_FRAME ||
	    !gic_access_ok(off, ctx->width, byte_ok, dword_ok))
		return bad_access(cell, ctx, "GICD", off);
	if (off == GICD_CTLR) {
		if (ctx->write)
			cell->arch.vgic.gicd_ctlr = ctx->value & 0x13;
		else
			ctx->value = cell->arch.vgic.gicd_ctlr |
				     BIT(4); /* ARE */
		return MMIO_HANDLED;
	}
	if (off == GICD_TYPER || off == GICD_IIDR || off >= GICD_ID_START) {
		/* word aligned, inside the frame: safe to read as it is */
		ctx->value = ctx->write ? 0 :
					  mmio_read(gic()->gicd_base + off, 4);
		if (off == GICD_TYPER)
			/* vCPU count; no LPIs, no message-based SPIs */
			ctx->value =
				(ctx->value & ~(7UL << 5 | BIT(16) | BIT(17))) |
				((cell->num_vcpus - 1) << 5);
		return MMIO_HANDLED;
	}
	if (off >= GICD_IGROUPR && off < GICD_ISENABLER) {
		ctx->value = ctx->write ? 0 : ~0u; /* all group 1 */
		return MMIO_HANDLED;
	}
	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR) {
		vgicd_bits(cell, ctx, off);
		return MMIO_HANDLED;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR) {
		vgicd_prio(cell, ctx, off);
		return MMIO_HANDLED;
	}
	if (off >= GICD_ICFGR && off < GICD_IGRPMODR) {
		vgicd_cfg(cell, ctx, off);
		return MMIO_HANDLED;
	}
	/*
	 * ITARGETSR (affinity routing), IROUTER (all SPIs go to vCPU 0),
	 * IGRPMODR, NSACR, SGIR, the SGI pending registers, reserved space.
	 */
	if (!ctx->write)
		ctx->value = 0;
	return MMIO_HANDLED;
}

/* --- emulated redistributors ------------------------------------------ */

static bool gicr_dword_ok(u64 fo)
{
	return fo == GICR_TYPER || fo == GICR_PROPBASER ||
	       fo == GICR_PENDBASER || fo == GICR_INVLPIR || fo == GICR_INVALLR;
}

static bool gicr_byte_ok(u64 fo)
{
	return fo >= GICR_SGI + GICD_IPRIORITYR &&
	       fo < GICR_SGI + GICD_IPRIORITYR + 32;
}

static enum mmio_result vgicr_access(void *arg, struct emu_context *ctx,
				     u64 off)
{
	struct cell *cell = arg;
	unsigned int v = off / GICR_FRAME, i;
	u64 fo = off % GICR_FRAME;
	struct vgicr *r;

	if (v >= cell->num_vcpus)
		return MMIO_UNHANDLED;
	if (!gic_access_ok(fo, ctx->width, gicr_byte_ok(fo), gicr_dword_ok(fo)))
		return bad_access(cell, ctx, "GICR", off);
	r = &cell->arch.vgic.gicr[v];
	if (fo >= GICR_SGI + GICD_ISPENDR && fo <= GICR_SGI + GICD_ICACTIVER &&
	    !(fo % 0x80)) {
		vgic_state_access(cell, v, 0,
				  (fo - GICR_SGI - GICD_ISENABLER) / 0x80, ctx);
		return MMIO_HANDLED;
	}
	if (gicr_byte_ok(fo)) {
		unsigned int n = fo - GICR_SGI - GICD_IPRIORITYR;

		if (!ctx->write)
			ctx->value = 0;
		for (i = 0; i < ctx->width; i++)
			if (ctx->write)
				r->prio[n + i] = ctx->value >> (8 * i);
			else
				ctx->value |= (u64)r->prio[n + i] << (8 * i);
		return MMIO_HANDLED;
	}
	if (ctx->write) {
		switch (fo) {
		case GICR_WAKER:
			r->waker = ctx->value & 2;
			break;
		case GICR_SGI + GICD_ISENABLER:
			r->enabled |= ctx->value;
			vcpu_request(cell->vcpu_cpu[v], VCPU_REQ_INJECT);
			break;
		case GICR_SGI + GICD_ICENABLER:
			r->enabled &= ~ctx->value;
			vgic_unlist_disabled(cell, v, 0, ctx->value);
			break;
		default:
			break;
		}
		return MMIO_HANDLED;
	}
	switch (fo) {
	case GICR_IIDR:
		ctx->value = mmio_read(gic()->gicr_base + GICR_IIDR, 4);
		break;
	case GICR_TYPER: /* 64 bits, or its low half */
		ctx->value = ((u64)v << 32) | (v << 8) |
			     (v == cell->num_vcpus - 1 ? BIT(4) : 0);
		break;
	case GICR_TYPER + 4: /* its high half: Affinity_Value */
		ctx->value = v;
		break;
	case GICR_WAKER:
		ctx->value = r->waker | (r->waker << 1);
		break;
	case GICR_PIDR2:
		ctx->value = 0x3b;
		break;
	case GICR_SGI + GICD_IGROUPR:
		ctx->value = ~0u;
		break;
	case GICR_SGI + GICD_ISENABLER:
	case GICR_SGI + GICD_ICENABLER:
		ctx->value = r->enabled;
		break;
	default:
		ctx->value = 0;
		break;
	}
	return MMIO_HANDLED;
}

int vgic_cell_init(struct cell *cell)
{
	const struct hvisor_arm64_platform *p = gic();
	unsigned int vcpus = hweight64(cell->config->cpus);
	int err;

	err = mmio_register(cell, p->gicd_base, p->gicd_size, vgicd_access,
			    cell);
	if (!err)
		err = mmio_register(cell, p->gicr_base, vcpus * GICR_FRAME,
				    vgicr_access, cell);
	return err;
}

void arch_cell_reset(struct cell *cell)
{
	memset(&cell->arch.vgic, 0, sizeof(cell->arch.vgic));
}
