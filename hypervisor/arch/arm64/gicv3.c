/* Physical GICv3: the root's filtered distributor/redistributors, routing, SGIs and the root interrupt. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <asm/cpu.h>
#include <asm/gic.h>
#include <asm/gic_regs.h>
#include <asm/sysregs.h>

static spinlock_t gicd_lock = SPINLOCK_INIT;

const struct hvisor_arm64_platform *gic(void)
{
	return &system_config->platform.arch.arm64;
}

/* Bit mask of owned interrupts first..first+n-1, each bits_per_irq wide. */
static u64 owned_mask(const struct cell *cell, unsigned int first,
		      unsigned int n, unsigned int bits_per_irq)
{
	u64 mask = 0, field = (1UL << bits_per_irq) - 1;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (cell_owns_irq(cell, first + i))
			mask |= field << (i * bits_per_irq);
	return mask;
}

void gicd_rmw(u64 off, u32 mask, u32 value)
{
	u64 addr = gic()->gicd_base + off;

	/* the root and every cell share these words: one writer at a time */
	spin_lock(&gicd_lock);
	mmio_write(addr, 4, (mmio_read(addr, 4) & ~mask) | (value & mask));
	spin_unlock(&gicd_lock);
}

/* Word access to only the owned bits of a register (ctx: aligned word). */
static void filtered_access(struct emu_context *ctx, u64 off, u32 mask,
			    bool set_clear)
{
	u64 addr = gic()->gicd_base + off;

	if (!ctx->write)
		ctx->value = mmio_read(addr, 4) & mask;
	else if (set_clear) /* writing 0 has no effect on ISENABLER and friends */
		mmio_write(addr, 4, ctx->value & mask);
	else
		gicd_rmw(off, mask, ctx->value);
}

static enum mmio_result refuse(struct emu_context *ctx, const char *frame,
			       u64 off)
{
	static bool logged;

	if (!logged) {
		logged = true;
		printk("hvisor: root: %s of %u byte(s) at %s+0x%lx is not a "
		       "valid GIC access: read as zero, writes ignored (not "
		       "reported again)\n",
		       ctx->write ? "write" : "read", ctx->width, frame,
		       (unsigned long)off);
	}
	if (!ctx->write)
		ctx->value = 0;
	return MMIO_HANDLED;
}

/* IPRIORITYR: a byte per interrupt, only the owned bytes written. */
static void filtered_prio(struct cell *cell, struct emu_context *ctx, u64 off)
{
	u64 addr = gic()->gicd_base + off;
	unsigned int i;

	if (!ctx->write) {
		ctx->value =
			mmio_read(addr, ctx->width) &
			owned_mask(cell, off - GICD_IPRIORITYR, ctx->width, 8);
		return;
	}
	for (i = 0; i < ctx->width; i++)
		if (cell_owns_irq(cell, off - GICD_IPRIORITYR + i))
			mmio_write(addr + i, 1, (u8)(ctx->value >> (8 * i)));
}

static enum mmio_result gicd_access(void *arg, struct emu_context *ctx, u64 off)
{
	struct cell *cell = arg;
	u64 addr = gic()->gicd_base + off;
	bool byte_ok = (off >= GICD_IPRIORITYR && off < GICD_ICFGR) ||
		       (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR_END);
	bool dword_ok = off >= GICD_IROUTER && off < GICD_IROUTER_END;

	if (off >= GICD_FRAME ||
	    !gic_access_ok(off, ctx->width, byte_ok, dword_ok))
		return refuse(ctx, "GICD", off);
	if (off <= GICD_STATUSR || off >= GICD_ID_START) {
		/* CTLR, TYPER, IIDR, TYPER2, STATUSR, ID registers: read only */
		if (!ctx->write)
			ctx->value = mmio_read(addr, 4);
		else if (off == GICD_CTLR)
			printk("hvisor: cell %u: write to GICD_CTLR ignored\n",
			       cell->id);
		return MMIO_HANDLED;
	}
	if (off == GICD_SETSPI_NSR || off == GICD_CLRSPI_NSR) {
		if (ctx->write && cell_owns_irq(cell, ctx->value & 0x3ff))
			mmio_write(addr, 4, ctx->value);
		else if (!ctx->write)
			ctx->value = 0;
		return MMIO_HANDLED;
	}
	if ((off >= GICD_IGROUPR && off < GICD_IPRIORITYR) ||
	    (off >= GICD_IGRPMODR && off < GICD_NSACR)) {
		unsigned int first = (off & 0x7f) * 8;
		bool set_clear = off >= GICD_ISENABLER && off < GICD_IPRIORITYR;

		filtered_access(ctx, off, owned_mask(cell, first, 32, 1),
				set_clear);
		return MMIO_HANDLED;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR) {
		filtered_prio(cell, ctx, off);
		return MMIO_HANDLED;
	}
	if (off >= GICD_ICFGR && off < GICD_IGRPMODR) {
		filtered_access(ctx, off,
				owned_mask(cell, (off - GICD_ICFGR) * 4, 16, 2),
				false);
		return MMIO_HANDLED;
	}
	if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		unsigned int irq = (off - GICD_IROUTER) / 8;

		/* 64 bits, or either 32-bit half */
		if (cell_owns_irq(cell, irq)) {
			if (ctx->write)
				mmio_write(addr, ctx->width, ctx->value);
			else
				ctx->value = mmio_read(addr, ctx->width);
		} else if (!ctx->write) {
			ctx->value = 0;
		}
		return MMIO_HANDLED;
	}
	/* ITARGETSR (RAZ/WI with affinity routing), NSACR, SGIR, others */
	if (!ctx->write)
		ctx->value = 0;
	return MMIO_HANDLED;
}

/* Redistributor frames the hardware has (the region may be larger). */
static unsigned int num_redists;

static bool gicr_dword_ok(u64 fo)
{
	return fo == GICR_TYPER || fo == GICR_PROPBASER ||
	       fo == GICR_PENDBASER || fo == GICR_INVLPIR || fo == GICR_INVALLR;
}

static enum mmio_result gicr_access(void *arg, struct emu_context *ctx, u64 off)
{
	struct cell *cell = arg;
	u64 frame = gic()->gicr_base + (off & ~(u64)(GICR_FRAME - 1));
	u64 fo = off & (GICR_FRAME - 1), aff, mpidr;
	bool byte_ok = fo >= GICR_SGI + GICD_IPRIORITYR &&
		       fo < GICR_SGI + GICD_IPRIORITYR + 32;
	struct per_cpu *owner;

	if (off / GICR_FRAME >= num_redists) {
		/* no redistributor there: nothing to touch */
		if (!ctx->write)
			ctx->value = 0;
		return MMIO_HANDLED;
	}
	if (!gic_access_ok(fo, ctx->width, byte_ok, gicr_dword_ok(fo)))
		return refuse(ctx, "GICR", off);
	aff = mmio_read(frame + GICR_TYPER, 8) >> 32;
	mpidr = (aff & 0xffffff) | ((aff >> 24) << 32);
	owner = arm64_cpu_by_mpidr(mpidr);
	if (owner && cell_owns_cpu(cell, owner->cpu_id)) {
		if (ctx->write)
			mmio_write(frame + fo, ctx->width, ctx->value);
		else
			ctx->value = mmio_read(frame + fo, ctx->width);
		return MMIO_HANDLED;
	}
	/* Another cell's redistributor: identification reads only. */
	if (!ctx->write)
		ctx->value = fo == GICR_IIDR || fo == GICR_TYPER ||
					     fo == GICR_TYPER + 4 ||
					     fo >= GICR_ID_START ?
				     mmio_read(frame + fo, ctx->width) :
				     0;
	return MMIO_HANDLED;
}

u64 gicv3_redist_of(u64 mpidr)
{
	const struct hvisor_arm64_platform *p = gic();
	u64 frame, aff;

	mpidr &= MPIDR_AFF_MASK;
	for (frame = p->gicr_base; frame < p->gicr_base + p->gicr_size;
	     frame += GICR_FRAME) {
		u64 typer = mmio_read(frame + GICR_TYPER, 8);

		aff = typer >> 32;
		if (((aff & 0xffffff) | ((aff >> 24) << 32)) == mpidr)
			return frame;
		if (typer & BIT(4)) /* Last */
			break;
	}
	return 0;
}

/* Counts the redistributor frames up to the one marked Last. */
static unsigned int count_redists(void)
{
	const struct hvisor_arm64_platform *p = gic();
	unsigned int n = 0;
	u64 frame;

	for (frame = p->gicr_base; frame < p->gicr_base + p->gicr_size;
	     frame += GICR_FRAME) {
		n++;
		if (mmio_read(frame + GICR_TYPER, 8) & BIT(4)) /* Last */
			break;
	}
	return n;
}

int gicv3_cell_init(struct cell *cell)
{
	const struct hvisor_arm64_platform *p = gic();
	int err;

	num_redists = count_redists();
	err = mmio_register(cell, p->gicd_base, p->gicd_size, gicd_access,
			    cell);
	if (!err)
		err = mmio_register(cell, p->gicr_base, p->gicr_size,
				    gicr_access, cell);
	return err;
}

int gicv3_map(struct page_table *hv_pt)
{
	const struct hvisor_arm64_platform *p = gic();
	int err;

	err = paging_map(hv_pt, p->gicd_base, p->gicd_base, p->gicd_size,
			 MAP_RW | MAP_DEVICE);
	if (!err)
		err = paging_map(hv_pt, p->gicr_base, p->gicr_base,
				 p->gicr_size, MAP_RW | MAP_DEVICE);
	return err;
}

/* Until the distributor has applied the last enable change (bounded). */
static void gicd_wait_rwp(void)
{
	u64 ctlr = gic()->gicd_base + GICD_CTLR;
	unsigned int n;

	for (n = 0; n < 1000000; n++)
		if (!(mmio_read(ctlr, 4) & GICD_CTLR_RWP))
			return;
	printk("hvisor: GICD_CTLR.RWP does not clear\n");
}

static bool test_bit32(const u32 *words, unsigned int n)
{
	return words[n / 32] & BIT(n % 32);
}

static void set_bit32(u32 *words, unsigned int n, bool on)
{
	if (on)
		words[n / 32] |= BIT(n % 32);
	else
		words[n / 32] &= ~BIT(n % 32);
}

/* The SPI off, and neither pending nor active (the cell may leave it so). */
static void spi_quiesce(unsigned int irq)
{
	u64 gicd = gic()->gicd_base, word = irq / 32 * 4;

	mmio_write(gicd + GICD_ICENABLER + word, 4, BIT(irq % 32));
	gicd_wait_rwp();
	mmio_write(gicd + GICD_ICPENDR + word, 4, BIT(irq % 32));
	mmio_write(gicd + GICD_ICACTIVER + word, 4, BIT(irq % 32));
}

/*
 * The cell's physical SPIs: the root's set-up of each (enable, group,
 * priority, edge/level, routing) is saved, then the SPI is quiet, group 1
 * and routed to the cell's first CPU; the cell enables it.
 */
void arch_cell_take_irqs(struct cell *cell)
{
	struct gic_saved_spis *s = &cell->arch.root_spis;
	u64 mpidr = per_cpu(cell->vcpu_cpu[0])->hwid & MPIDR_AFF_MASK;
	u64 gicd = gic()->gicd_base;
	unsigned int irq;

	memset(s, 0, sizeof(*s));
	for (irq = GIC_FIRST_SPI; irq < GIC_FIRST_SPECIAL; irq++) {
		u64 word = irq / 32 * 4;
		u32 bit = BIT(irq % 32);

		if (!cell_owns_irq(cell, irq))
			continue;
		set_bit32(s->enabled, irq,
			  mmio_read(gicd + GICD_ISENABLER + word, 4) & bit);
		spi_quiesce(irq);
		set_bit32(s->group, irq,
			  mmio_read(gicd + GICD_IGROUPR + word, 4) & bit);
		set_bit32(s->grpmod, irq,
			  mmio_read(gicd + GICD_IGRPMODR + word, 4) & bit);
		s->cfg[irq / 16] =
			mmio_read(gicd + GICD_ICFGR + irq / 16 * 4, 4);
		s->prio[irq] = mmio_read(gicd + GICD_IPRIORITYR + irq, 1);
		s->route[irq] = mmio_read(gicd + GICD_IROUTER + irq * 8, 8);
		gicd_rmw(GICD_IGROUPR + word, bit, bit);
		gicd_rmw(GICD_IGRPMODR + word, bit, 0);
		mmio_write(gicd + GICD_IROUTER + irq * 8, 8, mpidr);
	}
}

/* Gives each SPI back as the root had it, whatever the cell left. */
void arch_cell_release_irqs(struct cell *cell)
{
	const struct gic_saved_spis *s = &cell->arch.root_spis;
	u64 gicd = gic()->gicd_base;
	unsigned int irq;

	for (irq = GIC_FIRST_SPI; irq < GIC_FIRST_SPECIAL; irq++) {
		u64 word = irq / 32 * 4;
		u32 bit = BIT(irq % 32), cfg = 3u << (irq % 16 * 2);

		if (!cell_owns_irq(cell, irq))
			continue;
		spi_quiesce(irq);
		gicd_rmw(GICD_IGROUPR + word, bit,
			 test_bit32(s->group, irq) ? bit : 0);
		gicd_rmw(GICD_IGRPMODR + word, bit,
			 test_bit32(s->grpmod, irq) ? bit : 0);
		gicd_rmw(GICD_ICFGR + irq / 16 * 4, cfg, s->cfg[irq / 16]);
		mmio_write(gicd + GICD_IPRIORITYR + irq, 1, s->prio[irq]);
		mmio_write(gicd + GICD_IROUTER + irq * 8, 8, s->route[irq]);
		if (test_bit32(s->enabled, irq))
			mmio_write(gicd + GICD_ISENABLER + word, 4, bit);
	}
}

void arch_raise_root_irq(void)
{
	unsigned int irq = system_config->platform.root_irq;

	if (irq)
		mmio_write(gic()->gicd_base + GICD_ISPENDR + irq / 32 * 4, 4,
			   BIT(irq % 32));
}

void arch_kick_cpu(unsigned int cpu)
{
	u64 mpidr = per_cpu(cpu)->hwid;
	u64 sgi = ((u64)SGI_KICK << 24) | BIT(mpidr & 0xf) |
		  (((mpidr >> 8) & 0xff) << 16) |
		  (((mpidr >> 16) & 0xff) << 32) |
		  (((mpidr >> 32) & 0xff) << 48);

	dsb(ishst);
	write_sysreg(ICC_SGI1R_EL1, sgi);
	isb();
}
