/* Unit tests of the riscv64 root PLIC filter and source/hart hand-over, against a fake PLIC register file (QEMU virt layout). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hv/cell.h>
#include <hv/control.h>
#include <asm/plic.h>

/* --- the fake machine: 4 CPUs; CPU 0 runs on hart 1 (random boot hart) --- */

#define NSRC 96
#define NHARTS 4
#define NCTX (2 * NHARTS) /* M context 2h, S context 2h + 1 */
#define SIZE 0x600000UL

static u64 harts[NHARTS] = { 1, 0, 2, 3 };

static struct {
	u32 prio[NSRC];
	u32 pending[NSRC / 32];
	u32 enable[NCTX][32];
	u32 threshold[NCTX];
	u32 claimed[NSRC / 32];
	unsigned int reads, writes, claim_empty;
} hw;

static bool bit(const u32 *w, unsigned int n)
{
	return w[n / 32] & (1u << (n % 32));
}

static void set_bit(u32 *w, unsigned int n, bool on)
{
	if (on)
		w[n / 32] |= 1u << (n % 32);
	else
		w[n / 32] &= ~(1u << (n % 32));
}

/* The filter must never make an access the hardware could fault on, nor one unlocked. */
static void check_off(u64 off)
{
	if (!riscv64_plic_lock.locked)
		fail_msg("PLIC+0x%lx accessed without riscv64_plic_lock",
			 (unsigned long)off);
	if (off >= SIZE || (off & 3))
		fail_msg("hypervisor access at PLIC+0x%lx", (unsigned long)off);
}

/* The PLIC's claim: the highest-priority enabled pending source above threshold. */
static u32 hw_claim(unsigned int ctx)
{
	unsigned int s, best = 0;

	for (s = 1; s < NSRC; s++)
		if (bit(hw.pending, s) && bit(hw.enable[ctx], s) &&
		    !bit(hw.claimed, s) && hw.prio[s] > hw.threshold[ctx] &&
		    (!best || hw.prio[s] > hw.prio[best]))
			best = s;
	if (best) {
		set_bit(hw.pending, best, false);
		set_bit(hw.claimed, best, true);
	}
	return best;
}

u32 plic_hw_read(u64 off)
{
	check_off(off);
	hw.reads++;
	if (off < PLIC_PENDING)
		return off / 4 < NSRC ? hw.prio[off / 4] : 0;
	if (off < PLIC_PENDING + NSRC / 8)
		return hw.pending[(off - PLIC_PENDING) / 4];
	if (off >= PLIC_ENABLE && off < PLIC_ENABLE + NCTX * 0x80)
		return hw.enable[(off - PLIC_ENABLE) / 0x80][off % 0x80 / 4];
	if (off >= PLIC_CONTEXT && off < PLIC_CONTEXT + NCTX * 0x1000) {
		unsigned int ctx = (off - PLIC_CONTEXT) / 0x1000;

		if (off % 0x1000 == 0)
			return hw.threshold[ctx];
		if (off % 0x1000 == 4)
			return hw_claim(ctx);
	}
	return 0;
}

void plic_hw_write(u64 off, u32 value)
{
	check_off(off);
	hw.writes++;
	if (off < PLIC_PENDING) {
		if (off / 4 < NSRC)
			hw.prio[off / 4] = value & 7;
	} else if (off >= PLIC_ENABLE && off < PLIC_ENABLE + NCTX * 0x80) {
		hw.enable[(off - PLIC_ENABLE) / 0x80][off % 0x80 / 4] = value;
	} else if (off >= PLIC_CONTEXT && off < PLIC_CONTEXT + NCTX * 0x1000) {
		unsigned int ctx = (off - PLIC_CONTEXT) / 0x1000;

		if (off % 0x1000 == 0)
			hw.threshold[ctx] = value & 7;
		/* a complete counts only where the source is enabled */
		else if (off % 0x1000 == 4 && value < NSRC &&
			 bit(hw.enable[ctx], value))
			set_bit(hw.claimed, value, false);
	}
}

static u64 mapped_base, mapped_size;

int plic_hw_map(u64 base, u64 size)
{
	mapped_base = base;
	mapped_size = size;
	return 0;
}

u64 plic_hw_cpu_hart(unsigned int cpu)
{
	return harts[cpu];
}

void plic_hw_claim_empty(void)
{
	hw.claim_empty++;
}

/* --- what plic.c uses of core ------------------------------------------- */

struct cell root_cell;
const struct hvisor_system *system_config;
unsigned int hv_num_cpus = NHARTS;
static struct cell guest;
static unsigned int logged;
static mmio_handler_t registered;
static void *registered_arg;

bool cell_owns_irq(const struct cell *cell, unsigned int irq)
{
	return irq < HVISOR_MAX_IRQS &&
	       (cell->irqs[irq / 32] & (1u << (irq % 32)));
}

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < 64 && (cell->cpus & BIT(cpu));
}

int mmio_register(struct cell *cell, u64 start, u64 size,
		  mmio_handler_t handler, void *arg)
{
	assert_ptr_equal(cell, &root_cell);
	assert_int_equal(start, 0x0c000000);
	assert_int_equal(size, SIZE);
	registered = handler;
	registered_arg = arg;
	return 0;
}

/* The virtual PLIC of non-root cells (vplic_cell.c is not linked here). */
static unsigned int vplic_inits, vplic_exits;

int riscv64_vplic_cell_init(struct cell *cell)
{
	assert_ptr_not_equal(cell, &root_cell);
	vplic_inits++;
	return 0;
}

void riscv64_vplic_cell_exit(struct cell *cell)
{
	assert_ptr_not_equal(cell, &root_cell);
	vplic_exits++;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	logged++;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* --- helpers -------------------------------------------------------------- */

static struct hvisor_system sys;

static void own(struct cell *cell, unsigned int irq, bool on)
{
	set_bit(cell->irqs, irq, on);
}

static int setup(void **state)
{
	struct hvisor_riscv64_platform *p = &sys.platform.arch.riscv64;
	unsigned int s;

	(void)state;
	memset(&hw, 0, sizeof(hw));
	memset(&root_cell, 0, sizeof(root_cell));
	memset(&guest, 0, sizeof(guest));
	memcpy(harts, (u64[]){ 1, 0, 2, 3 }, sizeof(harts));
	guest.id = 1;
	p->irqchip = HVISOR_IRQCHIP_PLIC;
	p->num_sources = NSRC;
	p->plic_base = 0x0c000000;
	p->plic_size = SIZE;
	p->contexts_per_hart = 2;
	p->s_context = 1;
	sys.platform.root_irq = 0;
	assert_int_equal(riscv64_plic_init(&sys), 0);
	assert_int_equal(mapped_base, 0x0c000000);
	assert_int_equal(mapped_size, SIZE);
	root_cell.cpus = 0xf;
	for (s = 1; s < NSRC; s++)
		own(&root_cell, s, true);
	own(&root_cell, 10, false); /* the UART is someone else's */
	registered = NULL;
	system_config = &sys;
	assert_int_equal(riscv64_plic_cell_init(&root_cell), 0);
	assert_ptr_equal(registered, riscv64_plic_access);
	assert_ptr_equal(registered_arg, &root_cell);
	vplic_inits = vplic_exits = 0;
	assert_int_equal(riscv64_plic_cell_init(&guest), 0);
	assert_int_equal(vplic_inits, 1);
	logged = 0;
	return 0;
}

/* A root access from CPU cpu; returns the value read. */
static u64 acc(unsigned int cpu, u64 off, unsigned int width, bool write,
	       u64 value)
{
	struct emu_context ctx = {
		.address = 0x0c000000 + off,
		.value = write ? value : 0xdeadbeefdeadbeefUL,
		.width = width,
		.write = write,
		.cell = &root_cell,
		.cpu = cpu,
	};

	assert_int_equal(riscv64_plic_access(&root_cell, &ctx, off),
			 MMIO_HANDLED);
	return ctx.value;
}

static u64 rd(unsigned int cpu, u64 off)
{
	return acc(cpu, off, 4, false, 0);
}

static void wr(unsigned int cpu, u64 off, u64 value)
{
	acc(cpu, off, 4, true, value);
}

static u64 en(unsigned int hart, unsigned int word)
{
	return PLIC_ENABLE + (2 * hart + 1) * 0x80 + word * 4;
}

static u64 cx(unsigned int hart, unsigned int reg)
{
	return PLIC_CONTEXT + (2 * hart + 1) * 0x1000 + reg;
}

/* --- tests ------------------------------------------------------------------ */

static void test_check(void **state)
{
	struct hvisor_riscv64_platform p = sys.platform.arch.riscv64, q;

	(void)state;
	assert_int_equal(riscv64_plic_check(&p), 0);
	q = p, q.num_sources = 1;
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
	q = p, q.num_sources = 1025;
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
	q = p, q.s_context = 2;
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
	q = p, q.contexts_per_hart = 0;
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
	q = p, q.plic_base = 0x0c000800;
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
	q = p, q.plic_size = 0x200000; /* no context page */
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
	q = p, q.plic_size = 0x8000000;
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
	q = p, q.plic_base = ~0xfffUL;
	assert_int_equal(riscv64_plic_check(&q), -EINVAL);
}

static void test_priority_and_pending(void **state)
{
	(void)state;
	wr(0, 5 * 4, 3);
	assert_int_equal(hw.prio[5], 3);
	assert_int_equal(rd(0, 5 * 4), 3);
	/* a foreign source: read as 0, the write ignored */
	hw.prio[10] = 6;
	wr(0, 10 * 4, 1);
	assert_int_equal(hw.prio[10], 6);
	assert_int_equal(rd(0, 10 * 4), 0);
	/* source 0 is "none"; sources out of range */
	hw.reads = hw.writes = 0;
	wr(0, 0, 7);
	assert_int_equal(rd(0, 0), 0);
	wr(0, NSRC * 4, 7);
	assert_int_equal(rd(0, NSRC * 4), 0);
	assert_int_equal(rd(0, 1023 * 4), 0);
	assert_int_equal(hw.reads + hw.writes, 0);
	/* pending: masked to owned sources, read only */
	hw.pending[0] = 1u << 5 | 1u << 10;
	assert_int_equal(rd(0, PLIC_PENDING), 1u << 5);
	wr(0, PLIC_PENDING, 0);
	assert_int_equal(hw.pending[0], 1u << 5 | 1u << 10);
	assert_int_equal(rd(0, PLIC_PENDING + 3 * 4), 0); /* sources 96.. */
	assert_int_equal(rd(0, PLIC_PENDING + 0x7c), 0);
	assert_int_equal(rd(0, PLIC_PENDING + 0x80), 0); /* reserved */
	assert_true(logged > 0);
}

static void test_enable(void **state)
{
	(void)state;
	/* foreign bits in a write: dropped, another's bit left as it was */
	hw.enable[2 * 1 + 1][0] = 1u << 10;
	wr(0, en(1, 0), 0xffffffff);
	assert_int_equal(hw.enable[3][0], 0xfffffffe);
	assert_int_equal(rd(0, en(1, 0)), 0xfffffbfe);
	wr(0, en(1, 0), 0);
	assert_int_equal(hw.enable[3][0], 1u << 10);
	/* words of sources 96..1023: nothing there */
	hw.reads = hw.writes = 0;
	wr(0, en(1, 3), 0xffffffff);
	assert_int_equal(rd(0, en(1, 3)), 0);
	assert_int_equal(rd(0, en(1, 31)), 0);
	assert_int_equal(hw.reads + hw.writes, 0);
	/* an M context, and contexts of harts that do not exist */
	wr(0, PLIC_ENABLE + 2 * 0x80, 0xffffffff);
	wr(0, PLIC_ENABLE + 9 * 0x80, 0xffffffff);
	wr(0, PLIC_CONTEXT - 4, 0xffffffff);
	assert_int_equal(hw.writes, 0);
	assert_int_equal(hw.enable[2][0], 0);
	/* another hart's context from a root hart is fine while it is the root's */
	wr(3, en(0, 1), 0x3);
	assert_int_equal(hw.enable[1][1], 0x3);
}

static void test_widths(void **state)
{
	const u64 offs[] = { 4 * 5, en(1, 0), cx(1, 0), cx(1, 4),
			     PLIC_PENDING };
	static const unsigned int widths[] = { 1, 2, 8 };
	unsigned int i, w;

	(void)state;
	hw.prio[5] = 2;
	hw.pending[0] = 1u << 5;
	hw.enable[3][0] = 1u << 5;
	hw.reads = hw.writes = 0;
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		for (w = 0; w < ARRAY_SIZE(widths); w++) {
			assert_int_equal(acc(0, offs[i], widths[w], false, 0),
					 0);
			acc(0, offs[i], widths[w], true, 0xffffffffffffffffUL);
		}
		/* misaligned words */
		assert_int_equal(acc(0, offs[i] + 2, 4, false, 0), 0);
		acc(0, offs[i] + 1, 4, true, 0);
	}
	assert_int_equal(hw.reads + hw.writes, 0);
	assert_int_equal(hw.prio[5], 2);
	assert_int_equal(hw.enable[3][0], 1u << 5);
	/* the last word of the frame, and past it */
	assert_int_equal(rd(0, SIZE - 4), 0);
	wr(0, SIZE - 4, 1);
	assert_int_equal(rd(0, SIZE), 0);
	assert_int_equal(acc(0, SIZE - 1, 1, false, 0), 0);
	assert_int_equal(hw.reads + hw.writes, 0);
	/* the upper half of a 64-bit register value is not passed on */
	wr(0, 4 * 5, 0xffffffff00000001UL);
	assert_int_equal(hw.prio[5], 1);
}

static void test_claim_complete(void **state)
{
	(void)state;
	hw.prio[5] = 2;
	hw.prio[7] = 1;
	hw.pending[0] = 1u << 5 | 1u << 7;
	wr(0, en(1, 0), 1u << 5 | 1u << 7); /* CPU 0 is hart 1 */
	wr(0, cx(1, 0), 0);
	assert_int_equal(hw.threshold[3], 0);
	assert_int_equal(rd(0, cx(1, 4)), 5);
	assert_int_equal(rd(0, cx(1, 4)), 7);
	assert_int_equal(hw.claim_empty, 0);
	assert_int_equal(rd(0, cx(1, 4)), 0);
	assert_int_equal(hw.claim_empty, 1);
	/* a claim of another root hart's context: no hand-back on this hart */
	assert_int_equal(rd(1, cx(1, 4)), 0);
	assert_int_equal(hw.claim_empty, 1);
	wr(0, cx(1, 4), 5);
	assert_false(bit(hw.claimed, 5));
	/* a complete of a foreign source cannot end its claim */
	set_bit(hw.claimed, 10, true);
	hw.enable[3][0] |= 1u << 10;
	wr(0, cx(1, 4), 10);
	assert_true(bit(hw.claimed, 10));
	wr(0, cx(1, 4), 0);
	wr(0, cx(1, 4), NSRC);
	/* threshold writes: only the context's own register */
	wr(0, cx(1, 8), 7);
	assert_int_equal(rd(0, cx(1, 8)), 0);
}

static void test_stale_foreign_enable(void **state)
{
	(void)state;
	/* source 10 enabled in a root context behind the filter's back */
	hw.prio[10] = 3;
	set_bit(hw.pending, 10, true);
	set_bit(hw.enable[3], 10, true);
	logged = 0;
	assert_int_equal(rd(0, cx(1, 4)), 0);
	assert_false(bit(hw.enable[3], 10));
	assert_false(bit(hw.claimed, 10));
	assert_int_equal(hw.claim_empty, 1);
	assert_true(logged > 0);
}

static void test_duplicate_harts(void **state)
{
	(void)state;
	/* CPU 3's hart id not known (0) aliases CPU 1's hart 0: refused */
	harts[3] = 0;
	wr(0, en(0, 0), 0xf0);
	assert_int_equal(rd(0, en(0, 0)), 0);
	assert_int_equal(hw.enable[1][0], 0);
	assert_int_equal(rd(0, cx(0, 4)), 0);
	/* hart 1 is still unambiguous */
	wr(0, en(1, 0), 0xf0);
	assert_int_equal(hw.enable[3][0], 0xf0);
}

/* A cell takes CPU 3 (hart 3) and sources 33 and 34, then gives them back. */
static void take_guest(void)
{
	own(&guest, 33, true);
	own(&guest, 34, true);
	guest.cpus = BIT(3);
	root_cell.cpus &= ~BIT(3);
	own(&root_cell, 33, false);
	own(&root_cell, 34, false);
	riscv64_plic_take(&guest);
}

static void release_guest(void)
{
	riscv64_plic_release(&guest);
	root_cell.cpus |= guest.cpus;
	own(&root_cell, 33, true);
	own(&root_cell, 34, true);
}

static void test_take_release(void **state)
{
	(void)state;
	/* the root's set-up: 33 on harts 1 and 3, 34 on hart 0, prio 4/5 */
	wr(0, 33 * 4, 4);
	wr(0, 34 * 4, 5);
	wr(0, en(1, 1), 1u << 1);
	wr(0, en(3, 1), 1u << 1 | 1u << 8); /* 40 stays the root's */
	wr(0, en(0, 1), 1u << 2);
	wr(0, cx(3, 0), 2);
	/* the root left a claim of 33 open on hart 1 */
	set_bit(hw.pending, 33, true);
	assert_int_equal(rd(0, cx(1, 4)), 33);
	take_guest();
	assert_false(bit(hw.claimed, 33));
	assert_int_equal(hw.enable[3][1], 0);
	assert_int_equal(hw.enable[1][1], 0);
	assert_int_equal(hw.enable[7][1], 0); /* hart 3's S context cleared */
	/* now the root can touch neither the sources nor hart 3's context */
	wr(0, 33 * 4, 1);
	assert_int_equal(hw.prio[33], 4);
	wr(0, en(1, 1), 0x6);
	assert_int_equal(hw.enable[3][1], 0);
	wr(0, cx(3, 0), 0);
	assert_int_equal(hw.threshold[7], 2);
	wr(0, en(3, 1), 1u << 8);
	assert_int_equal(hw.enable[7][1], 0);
	assert_int_equal(rd(0, cx(3, 4)), 0);
	/* the cell's doing (a vPLIC later): enable 34 on its hart, claim it, leave */
	hw.prio[34] = 1;
	set_bit(hw.enable[7], 34, true);
	hw.threshold[7] = 0;
	set_bit(hw.pending, 34, true);
	assert_int_equal(hw_claim(7), 34);
	release_guest();
	assert_false(bit(hw.claimed, 34));
	assert_int_equal(hw.prio[33], 4);
	assert_int_equal(hw.prio[34], 5);
	assert_int_equal(hw.enable[3][1], 1u << 1);
	assert_int_equal(hw.enable[7][1], 1u << 1 | 1u << 8);
	assert_int_equal(hw.enable[1][1], 1u << 2);
	assert_int_equal(hw.threshold[7], 2);
	/* the root has them again */
	wr(0, 33 * 4, 1);
	assert_int_equal(hw.prio[33], 1);
	/* a second release changes nothing */
	hw.prio[33] = 6;
	riscv64_plic_release(&guest);
	riscv64_plic_cell_exit(&guest);
	assert_int_equal(hw.prio[33], 6);
}

/* A cell's sources routed to its hart for its virtual PLIC, completed there. */
static void test_route_complete(void **state)
{
	unsigned int writes;

	(void)state;
	hw.threshold[7] = 5;
	/* not before the take: the hart is not held yet */
	guest.cpus = BIT(3);
	assert_int_equal(riscv64_plic_route(&guest, 3), -EINVAL);
	take_guest();
	/* only a hart the cell holds */
	assert_int_equal(riscv64_plic_route(&guest, 0), -EINVAL);
	assert_int_equal(riscv64_plic_route(&root_cell, 3), -EINVAL);
	assert_int_equal(hw.enable[1][1], 0);
	assert_int_equal(riscv64_plic_route(&guest, 3), 0);
	assert_int_equal(hw.prio[33], 1);
	assert_int_equal(hw.prio[34], 1);
	assert_int_equal(hw.enable[7][1], 1u << 1 | 1u << 2);
	assert_int_equal(hw.threshold[7], 0);
	/* no other context has them, no root source is in the cell's */
	assert_int_equal(hw.enable[1][1] | hw.enable[3][1] | hw.enable[5][1],
			 0);
	/* the SEIP path's claim on hart 3, the guest's complete */
	set_bit(hw.pending, 33, true);
	assert_int_equal(hw_claim(7), 33);
	writes = hw.writes;
	riscv64_plic_complete(&guest, 0, 33); /* not its hart: ignored */
	riscv64_plic_complete(&root_cell, 3, 33); /* not the root's source */
	riscv64_plic_complete(&guest, 3, 40); /* not the cell's source */
	riscv64_plic_complete(&guest, 3, 0);
	riscv64_plic_complete(&guest, 3, NSRC);
	riscv64_plic_complete(&guest, 3, 5000);
	riscv64_plic_complete(&guest, 64, 33);
	assert_true(bit(hw.claimed, 33));
	assert_int_equal(hw.writes, writes); /* nothing written at all */
	riscv64_plic_complete(&guest, 3, 33);
	assert_false(bit(hw.claimed, 33));
	/* after the release nothing of the cell's is completed any more */
	set_bit(hw.pending, 34, true);
	assert_int_equal(hw_claim(7), 34);
	release_guest();
	assert_int_equal(hw.threshold[7], 5);
	set_bit(hw.pending, 33, true);
	set_bit(hw.enable[7], 33, true);
	hw.prio[33] = 6;
	assert_int_equal(hw_claim(7), 33);
	riscv64_plic_complete(&guest, 3, 33);
	assert_true(bit(hw.claimed, 33));
	riscv64_plic_cell_exit(&guest);
	assert_int_equal(vplic_exits, 1);
}

static void test_release_keeps_other_cells(void **state)
{
	static struct cell other;

	(void)state;
	/* 40 enabled on harts 3 and 1 when the guest took hart 3 */
	wr(0, en(3, 1), 1u << 8);
	wr(0, en(1, 1), 1u << 8);
	wr(0, en(2, 1), 1u << 1); /* and the guest's 33 on hart 2 */
	take_guest();
	/* meanwhile another cell took source 40 and CPU 2 (hart 2) */
	memset(&other, 0, sizeof(other));
	other.id = 2;
	own(&other, 40, true);
	own(&root_cell, 40, false);
	other.cpus = BIT(2);
	root_cell.cpus &= ~BIT(2);
	riscv64_plic_take(&other);
	assert_int_equal(hw.enable[3][1], 0);
	release_guest();
	/* hart 3's saved enable of 40 is not the root's to restore now */
	assert_int_equal(hw.enable[7][1], 0);
	/* nor 33 on hart 2, which the other cell holds */
	assert_int_equal(hw.enable[5][1], 0);
	/* cell exit gives back whatever a cell still holds */
	riscv64_plic_cell_exit(&other);
	own(&root_cell, 40, true);
	root_cell.cpus |= BIT(2);
	assert_int_equal(hw.enable[3][1], 1u << 8);
	assert_int_equal(hw.enable[7][1], 0);
}

static void test_no_plic(void **state)
{
	struct hvisor_system aia = sys;

	(void)state;
	aia.platform.arch.riscv64.irqchip = HVISOR_IRQCHIP_APLIC_IMSIC;
	aia.platform.arch.riscv64.plic_size = 0;
	mapped_size = 0;
	assert_int_equal(riscv64_plic_init(&aia), 0);
	assert_int_equal(mapped_size, 0);
	sys.platform.arch.riscv64.s_context = 5;
	assert_int_equal(riscv64_plic_init(&sys), -EINVAL);
}

/* Core initialises the root cell before arch_global_init: the filter is registered then. */
static void test_root_before_init(void **state)
{
	struct hvisor_system aia = sys;

	(void)state;
	aia.platform.arch.riscv64.irqchip = HVISOR_IRQCHIP_APLIC_IMSIC;
	assert_int_equal(riscv64_plic_init(&aia), 0); /* no PLIC any more */
	registered = NULL;
	assert_int_equal(riscv64_plic_cell_init(&root_cell), 0);
	assert_null(registered);
	vplic_inits = 0;
	assert_int_equal(riscv64_plic_cell_init(&guest), 0);
	/* no physical PLIC, but the cells' virtual sources keep a virtual one */
	assert_int_equal(vplic_inits, 1);
	assert_int_equal(riscv64_plic_init(&sys), 0);
	assert_ptr_equal(registered, riscv64_plic_access);
	assert_ptr_equal(registered_arg, &root_cell);
	/* once only */
	registered = NULL;
	assert_int_equal(riscv64_plic_init(&sys), 0);
	assert_null(registered);
	/* the filter works */
	wr(0, 33 * 4, 3);
	assert_int_equal(hw.prio[33], 3);
}

/*
 * platform.root_irq (50, not the root's in the hardware): Linux set it up
 * on hart 2 (CPU 2) before the hypervisor came; from then on the filter
 * keeps it: raised, claimed once on that hart, completed without a
 * hardware write, given back at exit.
 */
static void test_root_irq(void **state)
{
	unsigned int writes, before;

	(void)state;
	own(&root_cell, 50, false);
	hw.prio[50] = 1;
	set_bit(hw.enable[5], 50, true);
	sys.platform.root_irq = 50;
	assert_int_equal(riscv64_plic_init(&sys), 0);
	/* nothing pending: no hart to signal, nothing to claim */
	for (unsigned int cpu = 0; cpu < NHARTS; cpu++)
		riscv64_plic_root_cpu_enter(cpu);
	assert_false(bit(hw.enable[5], 50)); /* the hardware's bit is off */
	assert_int_equal(rd(2, en(2, 1)) & (1u << 18), 1u << 18);
	assert_int_equal(rd(2, 50 * 4), 1);
	assert_int_equal(rd(2, cx(2, 4)), 0);
	/* raised: CPU 2 is the one to signal, its claim gets 50 once */
	assert_int_equal(riscv64_plic_raise_root_irq(), 2);
	assert_int_equal(rd(0, PLIC_PENDING + 4) & (1u << 18), 1u << 18);
	assert_int_equal(rd(0, cx(1, 4)), 0); /* not enabled on hart 1 */
	before = hw.claim_empty;
	assert_int_equal(rd(2, cx(2, 4)), 50);
	assert_int_equal(rd(2, PLIC_PENDING + 4) & (1u << 18), 0);
	writes = hw.writes;
	logged = 0;
	wr(2, cx(2, 4), 50);
	assert_int_equal(hw.writes, writes); /* never claimed in hardware */
	assert_int_equal(logged, 0);
	assert_int_equal(rd(2, cx(2, 4)), 0);
	assert_int_equal(hw.claim_empty, before + 1);
	/* enables and priority are the filter's, not the hardware's */
	wr(0, en(1, 1), 1u << 18);
	assert_int_equal(logged, 0);
	assert_false(bit(hw.enable[3], 50));
	assert_int_equal(rd(0, en(1, 1)) & (1u << 18), 1u << 18);
	wr(0, en(2, 1), 0);
	wr(0, 50 * 4, 0);
	assert_int_equal(hw.prio[50], 1);
	/* priority 0 is not above any threshold: raised, nobody to signal */
	assert_int_equal(riscv64_plic_raise_root_irq(), -1);
	assert_int_equal(rd(0, cx(1, 4)), 0);
	wr(0, 50 * 4, 3);
	wr(0, cx(1, 0), 3); /* hart 1's threshold 3: not above it */
	assert_int_equal(riscv64_plic_raise_root_irq(), -1);
	wr(0, cx(1, 0), 2);
	assert_int_equal(riscv64_plic_raise_root_irq(), 0);
	assert_int_equal(rd(0, cx(1, 4)), 50);
	/* disable: the filter's state goes back to the hardware */
	riscv64_plic_root_cpu_exit(0);
	riscv64_plic_root_cpu_exit(2);
	assert_int_equal(hw.prio[50], 3);
	assert_true(bit(hw.enable[3], 50));
	assert_false(bit(hw.enable[5], 50));
}

/* A cell's hart claims at HS: only sources the cell holds, on its hart. */
static void test_hw_claim(void **state)
{
	(void)state;
	take_guest();
	assert_int_equal(riscv64_plic_route(&guest, 3), 0);
	set_bit(hw.pending, 34, true);
	assert_int_equal(riscv64_plic_hw_claim(&root_cell, 3), 0);
	assert_int_equal(riscv64_plic_hw_claim(&guest, 0),
			 0); /* not its hart */
	assert_true(bit(hw.pending, 34));
	assert_int_equal(riscv64_plic_hw_claim(&guest, 3), 34);
	assert_int_equal(riscv64_plic_hw_claim(&guest, 3), 0);
	riscv64_plic_complete(&guest, 3, 34);
	assert_false(bit(hw.claimed, 34));
	/* a stale enable of a root source in the cell's context */
	hw.prio[20] = 7;
	set_bit(hw.enable[7], 20, true);
	set_bit(hw.pending, 20, true);
	logged = 0;
	assert_int_equal(riscv64_plic_hw_claim(&guest, 3), 0);
	assert_int_equal(logged, 1);
	assert_false(bit(hw.claimed, 20));
	assert_false(bit(hw.enable[7], 20));
	release_guest();
	/* given back: the cell claims nothing on that hart any more */
	set_bit(hw.enable[7], 33, true);
	set_bit(hw.pending, 33, true);
	assert_int_equal(riscv64_plic_hw_claim(&guest, 3), 0);
	assert_true(bit(hw.pending, 33));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_check, setup),
		cmocka_unit_test_setup(test_priority_and_pending, setup),
		cmocka_unit_test_setup(test_enable, setup),
		cmocka_unit_test_setup(test_widths, setup),
		cmocka_unit_test_setup(test_claim_complete, setup),
		cmocka_unit_test_setup(test_stale_foreign_enable, setup),
		cmocka_unit_test_setup(test_duplicate_harts, setup),
		cmocka_unit_test_setup(test_take_release, setup),
		cmocka_unit_test_setup(test_release_keeps_other_cells, setup),
		cmocka_unit_test_setup(test_route_complete, setup),
		cmocka_unit_test_setup(test_no_plic, setup),
		cmocka_unit_test_setup(test_root_before_init, setup),
		cmocka_unit_test_setup(test_root_irq, setup),
		cmocka_unit_test_setup(test_hw_claim, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
