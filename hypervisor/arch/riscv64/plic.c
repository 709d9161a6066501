/* The root's PLIC filter (sources, contexts and widths by ownership) and the hand-over of PLIC sources and harts between the root and cells. */

/*
 * What is trapped, and why: nothing of the PLIC is mapped into any
 * G-stage; every root access to the PLIC window traps and comes here.
 *
 * - Priority, pending and enable words are shared: a priority page holds
 *   1024 sources, a pending or enable word 32 of them, and an enable page
 *   32 contexts (of 16 harts on QEMU virt). They cannot be partitioned by
 *   page, so they are filtered word by word: owned sources (the cell's
 *   irqs bitmap, sources 1..num_sources-1) and the S contexts of the
 *   cell's harts only, read masked, written merged. Every check and the
 *   access it allows run under riscv64_plic_lock (see riscv64_plic_access).
 * - The threshold/claim page of a context is per context and could be
 *   mapped straight into the root's G-stage. It is trapped anyway: (1) a
 *   PLIC line cannot reach VS mode without software (hip.VSEIP follows
 *   only hvip in PLIC mode), so the hypervisor raises hvip.VSEIP on a
 *   physical SEIP and must see the guest's claim that returns 0 to lower
 *   it and unmask SEIE again (plic_hw_claim_empty); (2) a mapped page
 *   would let any root hart reach the context of a hart after that hart
 *   went to a cell until the G-stage is changed and fenced on every root
 *   hart. The cost is the one RISCV.md section 2.3 counts: 4 exits per
 *   root interrupt (SEIP, claim, complete, final claim of 0).
 *
 * A claim of a source owned by someone else: the PLIC hands out only
 * sources enabled in the claiming context (and above its threshold), the
 * root can enable only its own sources, and only in its own harts' S
 * contexts; riscv64_plic_take() disables a cell's sources in every
 * context before the cell gets them. So the hardware cannot return a
 * foreign source to a root claim. Should it anyway (a stale enable), the
 * claim path does not pass it on: the source is completed, disabled in
 * that context, logged, and the claim repeated. A complete of a source
 * the cell does not own is dropped, so it cannot end another cell's
 * claim early.
 *
 * Only aligned 32-bit accesses inside the frame are served; any other
 * width, misalignment, a reserved offset, a foreign source or context
 * reads as 0 and a write is ignored (the first few are logged). The
 * handler itself only ever makes aligned 32-bit accesses at offsets
 * inside the frame (plic_hw_read/plic_hw_write), so nothing a guest does
 * can make the hypervisor's own access fault.
 */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/types.h>
#include <asm/plic.h>
#include <asm/vplic.h>

#define PLIC_WORDS (PLIC_MAX_SOURCES / 32)
#define PLIC_MAX_FRAME 0x4000000UL /* the spec's 64 MiB */
#define PLIC_LOG_MAX 4 /* refusals logged, then silence */
#define NO_CPU (-1)

static const struct hvisor_riscv64_platform *plat;
spinlock_t riscv64_plic_lock = SPINLOCK_INIT;
static unsigned int refusals_logged;
/* The root's cell init came before riscv64_plic_init (core's order). */
static bool root_deferred;
/*
 * platform.root_irq: a source the root never owns in the hardware (the
 * checker refuses that). The filter keeps its priority, its enable bit in
 * each root hart's S context and its pending bit; the hardware's source
 * of that number stays untouched.
 */
static struct {
	unsigned int src; /* 0: none */
	bool pending;
	u32 prio;
	u64 enabled_cpus; /* bit n: enabled in the S context of CPU n */
} root_irq;

/* What the root had for a source a cell holds. */
static struct {
	const struct cell *holder;
	u32 prio;
	u64 enabled_cpus; /* bit n: enabled in the S context of CPU n */
} src_saved[PLIC_MAX_SOURCES];

/* What the root had in the S context of a hart a cell holds. */
static struct {
	const struct cell *holder;
	u32 threshold;
	u32 enable[PLIC_WORDS];
} cpu_saved[HVISOR_MAX_CPUS];

static unsigned int num_cpus(void)
{
	return MIN(hv_num_cpus, (unsigned int)HVISOR_MAX_CPUS);
}

static unsigned int num_words(void)
{
	return (plat->num_sources + 31) / 32;
}

static bool valid_source(u64 src)
{
	return src >= 1 && src < plat->num_sources;
}

static u64 enable_off(u64 context, unsigned int word)
{
	return PLIC_ENABLE + context * PLIC_ENABLE_STRIDE + word * 4;
}

static u64 context_off(u64 context, unsigned int reg)
{
	return PLIC_CONTEXT + context * PLIC_CONTEXT_STRIDE + reg;
}

/* The S context of a CPU's hart, or -1 when it lies outside the frame. */
static s64 cpu_context(unsigned int cpu)
{
	u64 hart = plic_hw_cpu_hart(cpu), ctx;

	if (hart >= PLIC_MAX_CONTEXTS)
		return -1;
	ctx = hart * plat->contexts_per_hart + plat->s_context;
	if (ctx >= PLIC_MAX_CONTEXTS ||
	    context_off(ctx + 1, 0) > plat->plic_size)
		return -1;
	return ctx;
}

/*
 * The CPU whose hart has S context ctx; NO_CPU if none, or if two CPUs
 * claim it (a hart id not known yet must not alias someone else's).
 */
static int context_cpu(u64 ctx)
{
	unsigned int cpu;
	int found = NO_CPU;

	for (cpu = 0; cpu < num_cpus(); cpu++) {
		if (cpu_context(cpu) != (s64)ctx)
			continue;
		if (found != NO_CPU)
			return NO_CPU;
		found = cpu;
	}
	return found;
}

static bool cell_owns_context(const struct cell *cell, u64 ctx)
{
	int cpu = context_cpu(ctx);

	return cpu != NO_CPU && cell_owns_cpu(cell, cpu);
}

/* Bit i: source word * 32 + i is valid and the cell's. */
static u32 owned_word(const struct cell *cell, unsigned int word)
{
	u32 mask = 0;
	unsigned int i;

	for (i = 0; i < 32; i++)
		if (valid_source(word * 32 + i) &&
		    cell_owns_irq(cell, word * 32 + i))
			mask |= 1u << i;
	return mask;
}

static enum mmio_result refuse(const struct cell *cell, struct emu_context *ctx,
			       u64 off, const char *why)
{
	if (refusals_logged < PLIC_LOG_MAX) {
		refusals_logged++;
		printk("hvisor: cell %u: PLIC %s of %u byte(s) at +0x%lx "
		       "refused (%s): reads as 0, writes ignored%s\n",
		       cell->id, ctx->write ? "write" : "read", ctx->width,
		       (unsigned long)off, why,
		       refusals_logged == PLIC_LOG_MAX ?
			       " (further refusals not reported)" :
			       "");
	}
	if (!ctx->write)
		ctx->value = 0;
	return MMIO_HANDLED;
}

/* Locked (as every helper below): bit of src in ctx's enable word. */
static void set_enable(u64 ctx, unsigned int src, bool on)
{
	u64 off = enable_off(ctx, src / 32);
	u32 v = plic_hw_read(off), bit = 1u << (src % 32);

	plic_hw_write(off, on ? v | bit : v & ~bit);
}

/*
 * Ends a claim of src that any hart's S context may have left open (a
 * complete counts where the source is enabled), then leaves it disabled
 * in every S context.
 */
static void quiesce(unsigned int src)
{
	unsigned int cpu;
	s64 ctx;

	for (cpu = 0; cpu < num_cpus(); cpu++) {
		ctx = cpu_context(cpu);
		if (ctx < 0)
			continue;
		set_enable(ctx, src, true);
		plic_hw_write(context_off(ctx, PLIC_CLAIM), src);
		set_enable(ctx, src, false);
	}
}

static bool is_root_irq(const struct cell *cell, u64 src)
{
	return cell == &root_cell && root_irq.src && src == root_irq.src;
}

/* root_irq is enabled in the S context of cpu above its threshold. */
static bool root_irq_claimable(int cpu, u64 ctx)
{
	return cpu != NO_CPU && (root_irq.enabled_cpus & BIT(cpu)) &&
	       root_irq.prio > plic_hw_read(context_off(ctx, PLIC_THRESHOLD));
}

static u32 claim(const struct cell *cell, u64 ctx, bool own_hart)
{
	u64 off = context_off(ctx, PLIC_CLAIM);
	unsigned int n;
	u32 src;

	/* the virtual source first: nothing drives that line in the hardware */
	if (cell == &root_cell && root_irq.pending &&
	    root_irq_claimable(context_cpu(ctx), ctx)) {
		root_irq.pending = false;
		return root_irq.src;
	}
	for (n = 0; n < plat->num_sources; n++) {
		src = plic_hw_read(off);
		if (!src)
			break;
		if (valid_source(src) && cell_owns_irq(cell, src))
			return src;
		/* enabled here, not the cell's: see the top of the file */
		printk("hvisor: cell %u: PLIC claim of source %u in context "
		       "%lu, which it does not own: completed and disabled\n",
		       cell->id, src, (unsigned long)ctx);
		plic_hw_write(off, src);
		if (src < PLIC_MAX_SOURCES)
			set_enable(ctx, src, false);
	}
	if (own_hart)
		plic_hw_claim_empty();
	return 0;
}

static enum mmio_result context_access(struct cell *cell,
				       struct emu_context *ctx, u64 off)
{
	u64 context = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
	u64 reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;

	if (!cell_owns_context(cell, context))
		return refuse(cell, ctx, off, "not a context of its harts");
	if (reg == PLIC_THRESHOLD) {
		if (ctx->write)
			plic_hw_write(off, ctx->value);
		else
			ctx->value = plic_hw_read(off);
		return MMIO_HANDLED;
	}
	if (reg != PLIC_CLAIM)
		return refuse(cell, ctx, off, "reserved");
	if (!ctx->write) {
		ctx->value = claim(cell, context,
				   context_cpu(context) == (int)ctx->cpu);
		return MMIO_HANDLED;
	}
	if (is_root_irq(cell, ctx->value))
		return MMIO_HANDLED; /* never claimed in the hardware */
	if (!valid_source(ctx->value) || !cell_owns_irq(cell, ctx->value))
		return refuse(cell, ctx, off, "complete of a foreign source");
	plic_hw_write(off, ctx->value);
	return MMIO_HANDLED;
}

static enum mmio_result enable_access(struct cell *cell,
				      struct emu_context *ctx, u64 off)
{
	u64 context = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
	unsigned int word = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
	u32 mask, v = ctx->value, vbit = 0;
	int cpu = context_cpu(context);

	if (!cell_owns_context(cell, context))
		return refuse(cell, ctx, off, "not a context of its harts");
	if (is_root_irq(cell, root_irq.src) && root_irq.src / 32 == word)
		vbit = 1u << (root_irq.src % 32);
	mask = owned_word(cell, word);
	if (ctx->write && (v & ~mask & ~vbit))
		refuse(cell, ctx, off, "enable bits of foreign sources");
	if (vbit && ctx->write) {
		if (v & vbit)
			root_irq.enabled_cpus |= BIT(cpu);
		else
			root_irq.enabled_cpus &= ~BIT(cpu);
	}
	if (!ctx->write) {
		ctx->value = mask ? plic_hw_read(off) & mask : 0;
		if (vbit && (root_irq.enabled_cpus & BIT(cpu)))
			ctx->value |= vbit;
		return MMIO_HANDLED;
	}
	if (mask)
		plic_hw_write(off, (plic_hw_read(off) & ~mask) | (v & mask));
	return MMIO_HANDLED;
}

/* Under riscv64_plic_lock: an aligned word inside the frame. */
static enum mmio_result filtered_access(struct cell *cell,
					struct emu_context *ctx, u64 off)
{
	if (off < PLIC_PENDING && is_root_irq(cell, off / 4)) {
		if (ctx->write)
			root_irq.prio = ctx->value & 7; /* as QEMU virt's */
		else
			ctx->value = root_irq.prio;
		return MMIO_HANDLED;
	}
	if (off < PLIC_PENDING) {
		if (!valid_source(off / 4) || !cell_owns_irq(cell, off / 4))
			return refuse(cell, ctx, off, "foreign source");
		if (ctx->write)
			plic_hw_write(off, ctx->value);
		else
			ctx->value = plic_hw_read(off);
		return MMIO_HANDLED;
	}
	if (off < PLIC_PENDING_END) {
		u32 mask = owned_word(cell, (off - PLIC_PENDING) / 4);

		if (ctx->write)
			return refuse(cell, ctx, off, "pending is read only");
		ctx->value = mask ? plic_hw_read(off) & mask : 0;
		if (is_root_irq(cell, root_irq.src) && root_irq.pending &&
		    root_irq.src / 32 == (off - PLIC_PENDING) / 4)
			ctx->value |= 1u << (root_irq.src % 32);
		return MMIO_HANDLED;
	}
	if (off < PLIC_ENABLE)
		return refuse(cell, ctx, off, "reserved");
	if (off < PLIC_CONTEXT)
		return enable_access(cell, ctx, off);
	return context_access(cell, ctx, off);
}

/*
 * The ownership checks and the accesses they allow happen under
 * riscv64_plic_lock, as riscv64_plic_take()/_release() do: a source or
 * hart taken from the root (core changes the root's bitmaps before it
 * calls _take) cannot be touched by an access that checked ownership just
 * before.
 */
enum mmio_result riscv64_plic_access(void *arg, struct emu_context *ctx,
				     u64 off)
{
	struct cell *cell = arg;
	enum mmio_result res;

	if (ctx->write)
		ctx->value &= 0xffffffffUL;
	if (!plat || off >= plat->plic_size)
		return refuse(cell, ctx, off, "outside the PLIC");
	if (ctx->width != 4 || (off & 3))
		return refuse(cell, ctx, off, "not an aligned 32-bit access");
	spin_lock(&riscv64_plic_lock);
	res = filtered_access(cell, ctx, off);
	spin_unlock(&riscv64_plic_lock);
	return res;
}

int riscv64_plic_check(const struct hvisor_riscv64_platform *p)
{
	const char *why = NULL;

	if (p->num_sources < 2 || p->num_sources > PLIC_MAX_SOURCES ||
	    p->num_sources > HVISOR_MAX_IRQS)
		why = "num_sources must be 2..1024";
	else if (!p->plic_base || !IS_ALIGNED(p->plic_base, PAGE_SIZE) ||
		 !IS_ALIGNED(p->plic_size, PAGE_SIZE))
		why = "plic_base/plic_size must be page aligned";
	else if (p->plic_size < PLIC_CONTEXT + PLIC_CONTEXT_STRIDE ||
		 p->plic_size > PLIC_MAX_FRAME ||
		 p->plic_base + p->plic_size < p->plic_base)
		why = "plic_size must hold a context and be at most 64 MiB";
	else if (!p->contexts_per_hart ||
		 p->contexts_per_hart > PLIC_MAX_CONTEXTS ||
		 p->s_context >= p->contexts_per_hart)
		why = "s_context must be below contexts_per_hart";
	if (!why)
		return 0;
	printk("hvisor: PLIC: %s\n", why);
	return -EINVAL;
}

/* The root's filter on the whole PLIC window. */
static int register_root(void)
{
	return mmio_register(&root_cell, plat->plic_base, plat->plic_size,
			     riscv64_plic_access, &root_cell);
}

int riscv64_plic_init(const struct hvisor_system *sys)
{
	const struct hvisor_riscv64_platform *p = &sys->platform.arch.riscv64;
	int err;

	plat = NULL;
	if (p->irqchip != HVISOR_IRQCHIP_PLIC)
		return 0; /* AIA: no PLIC, nothing to filter */
	err = riscv64_plic_check(p);
	if (!err)
		err = plic_hw_map(p->plic_base, p->plic_size);
	if (err)
		return err;
	plat = p;
	memset(&root_irq, 0, sizeof(root_irq));
	if (valid_source(sys->platform.root_irq)) {
		/* the driver set it up in Linux before the hypervisor came */
		root_irq.src = sys->platform.root_irq;
		spin_lock(&riscv64_plic_lock);
		root_irq.prio = plic_hw_read(PLIC_PRIORITY + root_irq.src * 4);
		spin_unlock(&riscv64_plic_lock);
	}
	if (root_deferred) {
		root_deferred = false;
		err = register_root();
	}
	return err;
}

int riscv64_plic_cell_init(struct cell *cell)
{
	if (cell == &root_cell) {
		/* core sets up the root cell before arch_global_init */
		if (!plat) {
			root_deferred = true;
			return 0;
		}
		return register_root();
	}
	/* the cells' virtual PLIC, in PLIC and AIA mode (vplic_cell.c) */
	return riscv64_vplic_cell_init(cell);
}

void riscv64_plic_take(struct cell *cell)
{
	unsigned int src, cpu, w;
	s64 ctx;

	if (!plat || cell == &root_cell)
		return;
	spin_lock(&riscv64_plic_lock);
	for (src = 1; src < plat->num_sources; src++) {
		if (!cell_owns_irq(cell, src) || src_saved[src].holder)
			continue;
		src_saved[src].holder = cell;
		src_saved[src].prio = plic_hw_read(PLIC_PRIORITY + src * 4);
		src_saved[src].enabled_cpus = 0;
		for (cpu = 0; cpu < num_cpus(); cpu++) {
			ctx = cpu_context(cpu);
			if (ctx >= 0 &&
			    (plic_hw_read(enable_off(ctx, src / 32)) &
			     (1u << (src % 32))))
				src_saved[src].enabled_cpus |= BIT(cpu);
		}
		quiesce(src);
	}
	for (cpu = 0; cpu < num_cpus(); cpu++) {
		ctx = cpu_context(cpu);
		if (!cell_owns_cpu(cell, cpu) || ctx < 0 ||
		    cpu_saved[cpu].holder)
			continue;
		cpu_saved[cpu].holder = cell;
		cpu_saved[cpu].threshold =
			plic_hw_read(context_off(ctx, PLIC_THRESHOLD));
		for (w = 0; w < num_words(); w++) {
			cpu_saved[cpu].enable[w] =
				plic_hw_read(enable_off(ctx, w));
			plic_hw_write(enable_off(ctx, w), 0);
		}
	}
	spin_unlock(&riscv64_plic_lock);
}

int riscv64_plic_route(struct cell *cell, unsigned int cpu)
{
	unsigned int src;
	s64 ctx;

	if (!plat || cell == &root_cell || !cell_owns_cpu(cell, cpu))
		return -EINVAL;
	ctx = cpu_context(cpu);
	if (ctx < 0)
		return -EINVAL;
	spin_lock(&riscv64_plic_lock);
	if (cpu_saved[cpu].holder != cell) {
		spin_unlock(&riscv64_plic_lock);
		return -EINVAL;
	}
	plic_hw_write(context_off(ctx, PLIC_THRESHOLD), 0);
	for (src = 1; src < plat->num_sources; src++) {
		if (src_saved[src].holder != cell)
			continue;
		plic_hw_write(PLIC_PRIORITY + src * 4, 1);
		set_enable(ctx, src, true);
	}
	spin_unlock(&riscv64_plic_lock);
	return 0;
}

void riscv64_plic_complete(struct cell *cell, unsigned int cpu,
			   unsigned int src)
{
	s64 ctx;

	if (!plat || !valid_source(src) || cpu >= num_cpus())
		return;
	ctx = cpu_context(cpu);
	spin_lock(&riscv64_plic_lock);
	/* only a source the cell holds, in the context of a hart it holds */
	if (ctx >= 0 && src_saved[src].holder == cell &&
	    cpu_saved[cpu].holder == cell)
		plic_hw_write(context_off(ctx, PLIC_CLAIM), src);
	spin_unlock(&riscv64_plic_lock);
}

/* Root's again after the release: the root's, or the returning cell's. */
static bool returns_to_root(const struct cell *cell, unsigned int src)
{
	return cell_owns_irq(&root_cell, src) || cell_owns_irq(cell, src);
}

void riscv64_plic_release(struct cell *cell)
{
	unsigned int src, cpu, w, i;
	s64 ctx;

	if (!plat || cell == &root_cell)
		return;
	spin_lock(&riscv64_plic_lock);
	for (cpu = 0; cpu < num_cpus(); cpu++) {
		ctx = cpu_context(cpu);
		if (cpu_saved[cpu].holder != cell)
			continue;
		cpu_saved[cpu].holder = NULL;
		if (ctx < 0)
			continue;
		for (w = 0; w < num_words(); w++) {
			u32 allowed = 0;

			for (i = 0; i < 32; i++)
				if (valid_source(w * 32 + i) &&
				    returns_to_root(cell, w * 32 + i))
					allowed |= 1u << i;
			plic_hw_write(enable_off(ctx, w),
				      cpu_saved[cpu].enable[w] & allowed);
		}
		plic_hw_write(context_off(ctx, PLIC_THRESHOLD),
			      cpu_saved[cpu].threshold);
	}
	for (src = 1; src < plat->num_sources; src++) {
		if (src_saved[src].holder != cell)
			continue;
		src_saved[src].holder = NULL;
		quiesce(src);
		plic_hw_write(PLIC_PRIORITY + src * 4, src_saved[src].prio);
		for (cpu = 0; cpu < num_cpus(); cpu++) {
			ctx = cpu_context(cpu);
			if (ctx >= 0 &&
			    (src_saved[src].enabled_cpus & BIT(cpu)) &&
			    (cell_owns_cpu(&root_cell, cpu) ||
			     cell_owns_cpu(cell, cpu)))
				set_enable(ctx, src, true);
		}
	}
	spin_unlock(&riscv64_plic_lock);
}

void riscv64_plic_cell_exit(struct cell *cell)
{
	riscv64_plic_release(cell);
	if (cell != &root_cell)
		riscv64_vplic_cell_exit(cell);
}

void riscv64_plic_root_cpu_enter(unsigned int cpu)
{
	s64 ctx;

	if (!plat || !root_irq.src || cpu >= num_cpus())
		return;
	ctx = cpu_context(cpu);
	if (ctx < 0)
		return;
	spin_lock(&riscv64_plic_lock);
	if (plic_hw_read(enable_off(ctx, root_irq.src / 32)) &
	    (1u << (root_irq.src % 32)))
		root_irq.enabled_cpus |= BIT(cpu);
	set_enable(ctx, root_irq.src, false);
	spin_unlock(&riscv64_plic_lock);
}

void riscv64_plic_root_cpu_exit(unsigned int cpu)
{
	s64 ctx;

	if (!plat || !root_irq.src || cpu >= num_cpus())
		return;
	ctx = cpu_context(cpu);
	if (ctx < 0)
		return;
	spin_lock(&riscv64_plic_lock);
	plic_hw_write(PLIC_PRIORITY + root_irq.src * 4, root_irq.prio);
	set_enable(ctx, root_irq.src, root_irq.enabled_cpus & BIT(cpu));
	spin_unlock(&riscv64_plic_lock);
}

int riscv64_plic_raise_root_irq(void)
{
	unsigned int cpu;
	int target = NO_CPU;
	s64 ctx;

	if (!plat || !root_irq.src)
		return NO_CPU;
	spin_lock(&riscv64_plic_lock);
	root_irq.pending = true;
	for (cpu = 0; cpu < num_cpus() && target == NO_CPU; cpu++) {
		ctx = cpu_context(cpu);
		if (ctx >= 0 && cell_owns_cpu(&root_cell, cpu) &&
		    root_irq_claimable(cpu, ctx))
			target = cpu;
	}
	spin_unlock(&riscv64_plic_lock);
	return target;
}

unsigned int riscv64_plic_hw_claim(struct cell *cell, unsigned int cpu)
{
	unsigned int n;
	u32 src = 0;
	s64 ctx;

	if (!plat || cell == &root_cell || cpu >= num_cpus())
		return 0;
	ctx = cpu_context(cpu);
	if (ctx < 0)
		return 0;
	spin_lock(&riscv64_plic_lock);
	for (n = 0; cpu_saved[cpu].holder == cell && n < plat->num_sources;
	     n++) {
		src = plic_hw_read(context_off(ctx, PLIC_CLAIM));
		if (!src ||
		    (valid_source(src) && src_saved[src].holder == cell))
			break;
		/* not the cell's: as in the root's claim path */
		printk("hvisor: cell %u: physical claim of source %u in "
		       "context %lu, which it does not hold: completed and "
		       "disabled\n",
		       cell->id, src, (unsigned long)ctx);
		plic_hw_write(context_off(ctx, PLIC_CLAIM), src);
		if (src < PLIC_MAX_SOURCES)
			set_enable(ctx, src, false);
		src = 0;
	}
	spin_unlock(&riscv64_plic_lock);
	return src;
}

const struct hvisor_riscv64_platform *riscv64_plic_platform(void)
{
	return plat;
}
