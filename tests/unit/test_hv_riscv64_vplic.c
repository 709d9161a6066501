/* Unit tests of the riscv64 virtual PLIC model (arch/riscv64/vplic.c): claim order, thresholds, per-context enables, complete, passed-through sources, hostile accesses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/plic.h>
#include <asm/vplic.h>

#define NSRC 96
#define NVCPU 2
#define SIZE 0x600000UL

#define PRIO(s) (4UL * (s))
#define PEND(w) (0x1000UL + 4 * (w))
#define EN(ctx, w) (0x2000UL + 0x80 * (ctx) + 4 * (w))
#define THR(ctx) (0x200000UL + 0x1000 * (ctx))
#define CLAIM(ctx) (THR(ctx) + 4)
#define S(v) (2 * (v) + 1) /* S context of vCPU v */

static struct vplic plic;
static bool level[NVCPU];
static unsigned int level_calls, hw_completes[NSRC];
static unsigned int logged;

static void set_vseip(void *arg, unsigned int v, bool on)
{
	assert_ptr_equal(arg, &plic);
	assert_true(v < NVCPU);
	assert_true(plic.lock.locked);
	/* only changes are reported */
	assert_true(level[v] != on);
	level[v] = on;
	level_calls++;
}

static void hw_complete(void *arg, unsigned int src)
{
	assert_ptr_equal(arg, &plic);
	assert_true(src > 0 && src < NSRC);
	hw_completes[src]++;
}

static const struct vplic_ops ops = { set_vseip, hw_complete };

void printk(const char *fmt, ...)
{
	va_list ap;

	logged++;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static int setup(void **state)
{
	(void)state;
	memset(level, 0, sizeof(level));
	memset(hw_completes, 0, sizeof(hw_completes));
	level_calls = logged = 0;
	vplic_init(&plic, NSRC, NVCPU, 2, 1, SIZE, &ops, &plic);
	return 0;
}

static u64 rd(unsigned int v, u64 off)
{
	u64 val = 0xdeadbeef;

	assert_true(vplic_access(&plic, v, off, 4, false, &val));
	assert_true(val <= 0xffffffffUL);
	return val;
}

static void wr(unsigned int v, u64 off, u64 val)
{
	assert_true(vplic_access(&plic, v, off, 4, true, &val));
}

/* A refused access: reads 0, changes nothing. */
static void refused(unsigned int v, u64 off, unsigned int width, bool write)
{
	u64 val = write ? 0xffffffffffffffffUL : 0x1234;

	assert_false(vplic_access(&plic, v, off, width, write, &val));
	if (!write)
		assert_int_equal(val, 0);
}

/* Virtual source src with priority prio, enabled in vCPU v's S context. */
static void source(unsigned int v, unsigned int src, unsigned int prio, bool hw)
{
	assert_int_equal(vplic_add_source(&plic, src, hw), 0);
	wr(v, PRIO(src), prio);
	wr(v, EN(S(v), src / 32), rd(v, EN(S(v), src / 32)) | 1u << (src % 32));
}

static void test_claim_order(void **state)
{
	(void)state;
	source(0, 10, 1, false);
	source(0, 40, 3, false);
	source(0, 41, 3, false);
	source(0, 5, 2, false);
	assert_false(level[0]);
	vplic_inject(&plic, 10);
	assert_true(level[0]);
	assert_true(vplic_vseip(&plic, 0));
	vplic_inject(&plic, 41);
	vplic_inject(&plic, 40);
	vplic_inject(&plic, 5);
	assert_int_equal(rd(0, PEND(0)), 1u << 10 | 1u << 5);
	assert_int_equal(rd(0, PEND(1)), 1u << 8 | 1u << 9);
	/* highest priority first, ties to the lowest id */
	assert_int_equal(rd(0, CLAIM(S(0))), 40);
	assert_int_equal(rd(0, CLAIM(S(0))), 41);
	assert_int_equal(rd(0, CLAIM(S(0))), 5);
	assert_true(level[0]);
	assert_int_equal(rd(0, CLAIM(S(0))), 10);
	/* nothing left: the level drops with the last claim */
	assert_false(level[0]);
	assert_false(vplic_vseip(&plic, 0));
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
	assert_int_equal(rd(0, PEND(0)), 0);
	assert_int_equal(rd(0, PEND(1)), 0);
	assert_int_equal(level_calls, 2);
	assert_int_equal(logged, 0);
}

static void test_threshold_and_priority(void **state)
{
	(void)state;
	source(0, 7, 2, false);
	source(0, 8, 3, false);
	source(0, 9, 0, false); /* priority 0 never interrupts */
	wr(0, THR(S(0)), 2);
	assert_int_equal(rd(0, THR(S(0))), 2);
	vplic_inject(&plic, 7);
	vplic_inject(&plic, 9);
	assert_false(level[0]); /* 7 is not above the threshold */
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
	vplic_inject(&plic, 8);
	assert_true(level[0]);
	assert_int_equal(rd(0, CLAIM(S(0))), 8);
	assert_false(level[0]);
	/* lowering the threshold raises the level for what waits */
	wr(0, THR(S(0)), 1);
	assert_true(level[0]);
	/* raising it again hides it */
	wr(0, THR(S(0)), 7);
	assert_false(level[0]);
	wr(0, THR(S(0)), 0);
	assert_int_equal(rd(0, CLAIM(S(0))), 7);
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
	assert_int_equal(rd(0, PEND(0)), 1u << 9); /* still pending */
	/* priorities and thresholds have 3 bits */
	wr(0, PRIO(9), 0xffffffff);
	assert_int_equal(rd(0, PRIO(9)), 7);
	wr(0, THR(S(0)), 0x1f);
	assert_int_equal(rd(0, THR(S(0))), 7);
	/* a priority raised above the threshold raises the level */
	wr(0, THR(S(0)), 0);
	assert_true(level[0]);
	assert_int_equal(rd(0, CLAIM(S(0))), 9);
}

static void test_enable_per_context(void **state)
{
	(void)state;
	source(1, 33, 1, false);
	vplic_inject(&plic, 33);
	assert_false(level[0]);
	assert_true(level[1]);
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
	assert_int_equal(rd(0, EN(S(0), 1)), 0);
	assert_int_equal(rd(1, EN(S(1), 1)), 1u << 1);
	/* enabled in both: both see it until one claims it */
	wr(0, EN(S(0), 1), 1u << 1);
	assert_true(level[0]);
	assert_int_equal(rd(1, CLAIM(S(1))), 33);
	assert_false(level[0]);
	assert_false(level[1]);
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
	/* disabling while pending drops the level of that context only */
	wr(1, CLAIM(S(1)), 33);
	vplic_inject(&plic, 33);
	assert_true(level[0] && level[1]);
	wr(0, EN(S(0), 1), 0);
	assert_false(level[0]);
	assert_true(level[1]);
}

static void test_complete(void **state)
{
	(void)state;
	source(0, 10, 1, false);
	source(1, 10, 1, false);
	wr(1, EN(S(1), 0), 0); /* only vCPU 0's context enables it */
	/* a complete of an id not claimed is ignored */
	wr(0, CLAIM(S(0)), 10);
	vplic_inject(&plic, 10);
	assert_int_equal(rd(0, CLAIM(S(0))), 10);
	/* claimed: not pending until completed, even with a new edge */
	vplic_inject(&plic, 10);
	assert_false(level[0]);
	assert_int_equal(rd(0, PEND(0)), 0);
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
	/* complete from a context that does not enable it: ignored */
	wr(1, CLAIM(S(1)), 10);
	assert_false(level[0]);
	/* complete of another id, of 0, of ids beyond the sources */
	wr(0, CLAIM(S(0)), 11);
	wr(0, CLAIM(S(0)), 0);
	wr(0, CLAIM(S(0)), 10 + 1024);
	wr(0, CLAIM(S(0)), 0xffffffff);
	assert_false(level[0]);
	/* the real complete: the latched edge becomes pending */
	wr(0, CLAIM(S(0)), 10);
	assert_true(level[0]);
	assert_int_equal(rd(0, CLAIM(S(0))), 10);
	wr(0, CLAIM(S(0)), 10);
	/* a second complete changes nothing */
	wr(0, CLAIM(S(0)), 10);
	assert_false(level[0]);
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
}

static void test_passed_through(void **state)
{
	(void)state;
	source(0, 20, 1, true);
	source(0, 21, 1, false);
	/* core's virtual injection cannot raise a hardware source */
	vplic_inject(&plic, 20);
	assert_false(level[0]);
	/* nor the hardware path a virtual one */
	vplic_hw_pending(&plic, 21);
	assert_false(level[0]);
	/* claimed physically by the hypervisor: pending in the cell */
	vplic_hw_pending(&plic, 20);
	assert_true(level[0]);
	assert_int_equal(rd(0, CLAIM(S(0))), 20);
	assert_int_equal(hw_completes[20], 0);
	wr(0, CLAIM(S(0)), 20);
	assert_int_equal(hw_completes[20], 1);
	/* a device that still asserts its line: the PLIC raises it again */
	vplic_hw_pending(&plic, 20);
	assert_int_equal(rd(0, CLAIM(S(0))), 20);
	wr(0, CLAIM(S(0)), 20);
	wr(0, CLAIM(S(0)), 20); /* a second complete is not passed on */
	assert_int_equal(hw_completes[20], 2);
	/* sources the cell lacks stay out */
	vplic_hw_pending(&plic, 22);
	vplic_inject(&plic, 23);
	vplic_inject(&plic, 0);
	vplic_inject(&plic, NSRC);
	vplic_hw_pending(&plic, NSRC + 5);
	assert_int_equal(rd(0, PEND(0)), 0);
	assert_int_equal(vplic_add_source(&plic, 0, false), -EINVAL);
	assert_int_equal(vplic_add_source(&plic, NSRC, true), -EINVAL);
}

/* A vCPU reaches the S contexts of its cell's other vCPUs, as Linux expects. */
static void test_cross_context(void **state)
{
	(void)state;
	assert_int_equal(vplic_add_source(&plic, 33, false), 0);
	wr(0, PRIO(33), 1);
	/* vCPU 0 enables source 33 for vCPU 1 only, and reads it back */
	wr(0, EN(S(1), 1), 1u << 1);
	assert_int_equal(rd(0, EN(S(1), 1)), 1u << 1);
	assert_int_equal(rd(1, EN(S(1), 1)), 1u << 1);
	assert_int_equal(rd(0, EN(S(0), 1)), 0);
	vplic_inject(&plic, 33);
	assert_false(level[0]);
	assert_true(level[1]);
	/* a threshold written by vCPU 0 masks vCPU 1 */
	wr(0, THR(S(1)), 1);
	assert_int_equal(rd(1, THR(S(1))), 1);
	assert_false(level[1]);
	wr(1, THR(S(1)), 0);
	assert_true(level[1]);
	/* claiming vCPU 1's context from vCPU 0 claims for vCPU 1 */
	assert_int_equal(rd(0, CLAIM(S(0))), 0);
	assert_int_equal(rd(0, CLAIM(S(1))), 33);
	assert_false(level[1]);
	wr(1, CLAIM(S(1)), 33);
	assert_int_equal(rd(0, PEND(1)), 0);
}

static void test_hostile(void **state)
{
	unsigned int w;
	u64 off;

	(void)state;
	source(1, 40, 2, false);
	wr(1, THR(S(1)), 1);
	refused(1, THR(2), 4, true);
	/* no M context, of its own hart or another */
	refused(0, EN(0, 0), 4, true);
	refused(1, EN(2, 1), 4, false);
	refused(0, THR(0), 4, false);
	refused(1, CLAIM(2), 4, false);
	/* contexts of vCPUs the cell does not have */
	refused(0, EN(S(2), 0), 4, true);
	refused(0, THR(S(5)), 4, false);
	refused(0, THR(15871), 4, false);
	vplic_inject(&plic, 40);
	assert_int_equal(rd(1, EN(S(1), 1)), 1u << 8);
	assert_int_equal(rd(1, THR(S(1))), 1);
	assert_true(level[1]);
	assert_int_equal(rd(1, CLAIM(S(1))), 40);
	/* sources 0 and beyond num_sources */
	refused(0, PRIO(0), 4, true);
	refused(0, PRIO(NSRC), 4, true);
	refused(0, PRIO(1023), 4, false);
	/* enable bits of source 0 and of absent sources stay 0 */
	wr(0, EN(S(0), 0), 0xffffffff);
	assert_int_equal(rd(0, EN(S(0), 0)), 0xfffffffe);
	wr(0, EN(S(0), 2), 0xffffffff);
	assert_int_equal(rd(0, EN(S(0), 2)), 0xffffffff);
	for (w = 3; w < 32; w++) {
		wr(0, EN(S(0), w), 0xffffffff);
		assert_int_equal(rd(0, EN(S(0), w)), 0);
	}
	/* pending is read only */
	wr(0, PEND(1), 0xffffffff);
	assert_int_equal(rd(0, PEND(1)), 0);
	assert_false(level[0]);
	/* widths and alignment */
	refused(0, PRIO(5), 1, false);
	refused(0, PRIO(5), 2, true);
	refused(0, PRIO(4), 8, true);
	refused(0, CLAIM(S(0)), 8, false);
	refused(0, PRIO(5) + 1, 4, true);
	refused(0, THR(S(0)) + 2, 4, false);
	/* reserved offsets, the last word and beyond the window */
	refused(0, 0x1080, 4, false);
	refused(0, 0x1ffffc, 4, true);
	refused(0, THR(S(0)) + 8, 4, false);
	refused(0, THR(S(0)) + 0xffc, 4, true);
	refused(0, SIZE - 4, 4, false);
	refused(0, SIZE, 4, false);
	refused(0, 0xfffffffffffffffcUL, 4, true);
	/* a vCPU index the cell does not have */
	refused(NVCPU, THR(S(NVCPU)), 4, false);
	refused(VPLIC_MAX_VCPUS, PRIO(1), 4, true);
	/* the state is intact, and refusals were logged, then no more */
	assert_int_equal(rd(1, PRIO(40)), 2);
	assert_int_equal(rd(0, THR(S(0))), 0);
	assert_int_equal(logged, 4);
	for (off = 0; off < 8; off++)
		refused(0, 0x1080, 4, true);
	assert_int_equal(logged, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_claim_order, setup),
		cmocka_unit_test_setup(test_threshold_and_priority, setup),
		cmocka_unit_test_setup(test_enable_per_context, setup),
		cmocka_unit_test_setup(test_complete, setup),
		cmocka_unit_test_setup(test_passed_through, setup),
		cmocka_unit_test_setup(test_cross_context, setup),
		cmocka_unit_test_setup(test_hostile, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
