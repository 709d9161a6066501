/* Unit tests of what a hostile cell cannot make core do on the fake arch: roll the log, storm the root's interrupt, leave its RAM to the root or the next cell, write through a console it has not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <hvisor/cell.h>
#include <hvisor/hypercall.h>

#include "hv_fixture.h"

#define setup fix_test_setup_enabled
#define teardown fix_test_teardown

#define CELL_CPU 3
#define PATTERN 0x5ec2e75ec2e75ec2UL

static long start_cell(void)
{
	struct fix_cell c;
	long id;

	fix_cell_default(&c, "hostile", BIT(CELL_CPU), 0);
	id = fix_create_started(&c);
	assert_true(id > 0);
	return id;
}

static unsigned int count_in_log(const char *s)
{
	static char buf[LOG_RING_SIZE + 1];
	u64 seq = 0;
	size_t n = log_read(&seq, buf, LOG_RING_SIZE);
	unsigned int count = 0;
	char *p = buf;

	buf[n] = 0;
	while ((p = strstr(p, s))) {
		count++;
		p += strlen(s);
	}
	return count;
}

/*
 * A SYSTEM_RESET loop (each reset logs a line) cannot roll the log: the
 * enable lines stay readable, the cell gets its burst and then a few lines
 * a second, and the destroy says how many were suppressed.
 */
static void test_reset_loop_does_not_roll_the_log(void **state)
{
	unsigned int k, resets;
	u64 before;
	long id;

	(void)state;
	id = start_cell();
	before = log_seq();
	for (k = 0; k < 4000; k++)
		assert_int_equal(fake_cell_reset(CELL_CPU), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(CELL_CPU)->resets, 4001); /* + the start */
	resets = count_in_log("\"hostile\" resets");
	/* 4000 lines of ~30 bytes would have rolled the 64 KiB ring */
	assert_true(log_seq() - before < 8192);
	assert_true(resets >= LOG_CELL_BURST);
	/* fake time runs a few ms per reset: the refill, not more */
	assert_true(resets <=
		    LOG_CELL_BURST + (fake_now() / LOG_CELL_PERIOD_MS));
	assert_true(fix_log_has("hvisor v", 0));
	assert_true(fix_log_has("CPU 0 entered", 0));
	assert_true(fix_log_has("messages suppressed", before));
	/* the destroy gives the last count and the cell's slot back */
	before = log_seq();
	assert_int_equal(fix_destroy(id), 0);
	assert_true(fix_log_has("messages suppressed", before));
	assert_true(fix_log_has("destroyed", before));
}

/* The root's own messages are not limited: every refusal is logged. */
static void test_root_messages_not_limited(void **state)
{
	unsigned int k;

	(void)state;
	start_cell(); /* a cell exists: limits are in force */
	for (k = 0; k < 50; k++)
		assert_int_equal(fix_hc(0x7777, 0, 0, 0), -ENOSYS);
	assert_int_equal(count_in_log("unknown hypercall 30583 refused"), 50);
	assert_false(fix_log_has("suppressed", 0));
}

/* Two cells have a bucket each: one cell's flood does not mute the other. */
static void test_limits_are_per_cell(void **state)
{
	struct fix_cell c;
	unsigned int k;
	long id2;

	(void)state;
	start_cell();
	for (k = 0; k < 200; k++)
		fake_cell_reset(CELL_CPU);
	fix_cell_default(&c, "other", BIT(2), 1);
	id2 = fix_create_started(&c);
	assert_true(id2 > 0);
	assert_int_equal(fake_cell_reset(2), FAKE_EXIT_RETURNED);
	assert_true(fix_log_has("\"other\" resets", 0));
}

/*
 * The doorbell helper: a burst of root interrupts, then one per period;
 * time brings the credit back.
 */
static void test_root_irq_coalescing(void **state)
{
	unsigned int k, allowed = 0;
	u64 t0;

	(void)state;
	t0 = fake_now();
	for (k = 0; k < 1000; k++)
		allowed += cell_root_irq_allowed(7);
	/* every call advances fake time by 1 ms: at most one more per ms */
	assert_true(allowed >= ROOT_IRQ_BURST);
	assert_true(allowed <=
		    ROOT_IRQ_BURST + (fake_now() - t0) / ROOT_IRQ_PERIOD_MS);
	assert_true(allowed < 1000 || ROOT_IRQ_PERIOD_MS <= 1);
	/* a second cell is not limited by the first */
	assert_true(cell_root_irq_allowed(8));
	log_cell_gone(7);
	log_cell_gone(8);
}

static void test_ratelimit_bucket(void **state)
{
	struct ratelimit rl = { 0 };
	unsigned int k, ok = 0;

	(void)state;
	for (k = 0; k < 20; k++)
		ok += ratelimit_allow(&rl, 1000, 5, 100);
	assert_int_equal(ok, 5);
	assert_int_equal(rl.missed, 15);
	/* 250 ms later: two more, and a half credit kept */
	assert_true(ratelimit_allow(&rl, 1250, 5, 100));
	assert_true(ratelimit_allow(&rl, 1250, 5, 100));
	assert_false(ratelimit_allow(&rl, 1250, 5, 100));
	assert_true(ratelimit_allow(&rl, 1300, 5, 100));
	/* a long pause refills the burst, no more */
	ok = 0;
	for (k = 0; k < 20; k++)
		ok += ratelimit_allow(&rl, 100000, 5, 100);
	assert_int_equal(ok, 5);
}

static u64 *cell_ram(unsigned int slot)
{
	return (u64 *)fix_pa(FIX_LENT + slot * FIX_CELL_RAM_SIZE);
}

static void fill(u64 *p, u64 v)
{
	size_t n;

	for (n = 0; n < FIX_CELL_RAM_SIZE / 8; n++)
		p[n] = v;
}

static bool all_zero(const u64 *p)
{
	size_t n;

	for (n = 0; n < FIX_CELL_RAM_SIZE / 8; n++)
		if (p[n])
			return false;
	return true;
}

/* What a cell wrote into its RAM is zeroed when it is destroyed. */
static void test_destroy_scrubs_cell_ram(void **state)
{
	struct fix_cell c;
	u64 *ram = cell_ram(0),
	    mailbox = fix_pa(FIX_LENT + 4 * FIX_CELL_RAM_SIZE);
	u64 *shared = (u64 *)mailbox;
	long id;

	(void)state;
	fix_cell_default(&c, "secret", BIT(CELL_CPU), 0);
	/* a rootshared page (a mailbox) is the root's too: kept */
	fix_cell_add(&c, mailbox, 0x90000000, PAGE_SIZE,
		     HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_ROOTSHARED,
		     HVISOR_MEM_TYPE_RAM);
	id = fix_create_started(&c);
	assert_true(id > 0);
	fill(ram, PATTERN); /* the guest's secrets */
	*shared = PATTERN;
	assert_int_equal(fix_destroy(id), 0);
	assert_true(all_zero(ram));
	assert_int_equal(*shared, PATTERN);
	assert_true(fix_log_has("KiB of RAM zeroed", 0));
	/* the next cell on that RAM starts from zeros */
	id = fix_create_started(&c);
	assert_true(id > 0);
	assert_true(all_zero(ram));
}

/*
 * Loading a cell that ran maps its RAM into the root: zeroed first. A cell
 * that never ran keeps what the root put there.
 */
static void test_load_after_run_scrubs(void **state)
{
	struct fix_cell c;
	u64 *ram = cell_ram(0);
	long id;

	(void)state;
	fix_cell_default(&c, "reload", BIT(CELL_CPU), 0);
	id = fix_create(&c);
	assert_true(id > 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SET_LOADABLE, id, 0, 0), 0);
	fill(ram, 0x1111); /* the root's image */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_true(fix_running(CELL_CPU));
	assert_int_equal(ram[7], 0x1111);
	ram[7] = PATTERN; /* the guest writes */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SHUTDOWN, id, 0, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SET_LOADABLE, id, 0, 0), 0);
	assert_true(all_zero(ram));
	/* loadable again: a second SET_LOADABLE changes nothing */
	fill(ram, 0x2222);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SET_LOADABLE, id, 0, 0), 0);
	assert_int_equal(ram[7], 0x2222);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_true(fix_running(CELL_CPU));
	assert_int_equal(fix_destroy(id), 0);
}

/* GUEST_CONSOLE_PUTC in a cell without a console: dropped, the cell runs on. */
static void test_console_putc_without_console(void **state)
{
	struct fix_cell c;
	unsigned int k;
	long id;

	(void)state;
	fix_cell_default(&c, "mute", BIT(CELL_CPU), 0);
	c.d.console_base = 0;
	c.d.console_irq = 0;
	c.d.console_type = HVISOR_CONSOLE_NONE;
	id = fix_create_started(&c);
	assert_true(id > 0);
	assert_null(fix_cell(id)->console.ring);
	for (k = 0; k < 1000; k++)
		assert_int_equal(fake_guest_hypercall(
					 CELL_CPU, HVISOR_HC_GUEST_CONSOLE_PUTC,
					 'x', 0, 0),
				 0);
	assert_int_equal(fix_cell(id)->state, HVISOR_CELL_RUNNING);
	assert_int_equal(fake_cpu(CELL_CPU)->state, FAKE_CPU_ON);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_READ, id, fix_buf(0), 0),
			 -ENODEV);
	assert_int_equal(fix_destroy(id), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_reset_loop_does_not_roll_the_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_messages_not_limited,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_are_per_cell, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_root_irq_coalescing, setup,
						teardown),
		cmocka_unit_test(test_ratelimit_bucket),
		cmocka_unit_test_setup_teardown(test_destroy_scrubs_cell_ram,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_after_run_scrubs,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_console_putc_without_console, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
