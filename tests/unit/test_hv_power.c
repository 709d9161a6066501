/* Unit tests of the vCPU power state machine (core/power.c) on the fake arch: starts, stops, resets, and races with the root stopping a cell. */
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

/* The cell of most tests: vCPU n runs on CPU n + 1. */
#define CELL_CPUS 0xeUL
#define VCPU_CPU(v) ((v) + 1)

#define setup fix_test_setup_enabled
#define teardown fix_test_teardown

/* A started 3-vCPU cell with vCPUs 0..running-1 running their guests. */
static long start_cell(unsigned int running)
{
	struct fix_cell c;
	unsigned int v;
	long id;

	fix_cell_default(&c, "guest", CELL_CPUS, 0);
	id = fix_create_started(&c);
	assert_true(id > 0);
	for (v = 1; v < running; v++) {
		assert_int_equal(fake_vcpu_start(VCPU_CPU(0), v,
						 FIX_CELL_ENTRY + v * 0x100, v),
				 VCPU_POWER_OK);
		assert_true(fix_running(VCPU_CPU(v)));
	}
	return id;
}

/* After the cell is gone: none of its CPUs runs, all are the root's. */
static void expect_cell_gone(long id)
{
	unsigned int cpu;

	assert_null(fix_cell(id));
	for (cpu = 1; cpu < FIX_NUM_CPUS; cpu++) {
		if (!(CELL_CPUS & BIT(cpu)))
			continue;
		if (fake_cpu(cpu)->state != FAKE_CPU_OFF) {
			fix_log_dump();
			fail_msg("CPU %u of the destroyed cell is not off (%d)",
				 cpu, fake_cpu(cpu)->state);
		}
		assert_ptr_equal(per_cpu(cpu)->cell, &root_cell);
		assert_false(per_cpu(cpu)->online);
		assert_false(per_cpu(cpu)->vcpu.on);
	}
	assert_int_equal(root_cell.cpus, FIX_ROOT_CPUS);
}

static void test_sibling_start_while_running(void **state)
{
	struct cell *cell;
	long id;

	(void)state;
	id = start_cell(1);
	cell = fix_cell(id);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 2, 0x80042000, 0x5a5a),
			 VCPU_POWER_OK);
	assert_true(vcpu_is_on(cell, 2));
	assert_int_equal(fake_cpu(VCPU_CPU(2))->state, FAKE_CPU_PENDING);
	assert_int_equal(fake_run_cpu(VCPU_CPU(2)), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(VCPU_CPU(2))->entry, 0x80042000);
	assert_int_equal(fake_cpu(VCPU_CPU(2))->arg, 0x5a5a);
	assert_int_equal(per_cpu(VCPU_CPU(2))->vcpu.arch.entry, 0x80042000);
	assert_int_equal(per_cpu(VCPU_CPU(2))->arch.cold_inits, 1);
	/* and that one starts the last */
	assert_int_equal(fake_vcpu_start(VCPU_CPU(2), 1, 0x80043000, 1),
			 VCPU_POWER_OK);
	assert_int_equal(fake_run_cpu(VCPU_CPU(1)), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->entry, 0x80043000);
	assert_int_equal(per_cpu(VCPU_CPU(2))->exits[HVISOR_EXIT_FIRMWARE], 1);
}

static void test_start_results(void **state)
{
	struct cell *cell;
	long id;

	(void)state;
	id = start_cell(2);
	cell = fix_cell(id);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 1, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_ALREADY_ON);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(1), 0, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_ALREADY_ON);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 3, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_INVALID);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 99, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_INVALID);
	/* a started vCPU that has not come up yet is on too */
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 2, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_OK);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(1), 2, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_ALREADY_ON);
	assert_int_equal(fake_run_cpu(VCPU_CPU(2)), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(VCPU_CPU(2))->resets, 1);
	/* the firmware fails: the vCPU stays off */
	assert_int_equal(fake_cpu_off(VCPU_CPU(2)), FAKE_EXIT_OFF);
	fake_fail_power_on(VCPU_CPU(2), -EIO);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 2, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_FAILED);
	assert_false(vcpu_is_on(cell, 2));
	assert_int_equal(fake_cpu(VCPU_CPU(2))->state, FAKE_CPU_OFF);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 2, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_OK);
}

/* a vCPU on its way off reads OFF only once a start of it would succeed */
static void test_affinity_while_going_off(void **state)
{
	struct cell *cell;
	long id;

	(void)state;
	id = start_cell(2);
	cell = fix_cell(id);
	assert_int_equal(vcpu_affinity(cell, 1), VCPU_AFFINITY_ON);
	/* vcpu_stop_self() cleared on; the firmware has not taken CPU_OFF */
	WRITE_ONCE(per_cpu(VCPU_CPU(1))->vcpu.on, false);
	assert_int_equal(vcpu_affinity(cell, 1), VCPU_AFFINITY_OFF_PENDING);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 1, 0x80050000, 9),
			 VCPU_POWER_ALREADY_ON);
	WRITE_ONCE(per_cpu(VCPU_CPU(1))->vcpu.on, true);
	assert_int_equal(fake_cpu_off(VCPU_CPU(1)), FAKE_EXIT_OFF);
	assert_int_equal(vcpu_affinity(cell, 1), VCPU_AFFINITY_OFF);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 1, 0x80050000, 9),
			 VCPU_POWER_OK);
	/* ON_PENDING only where the firmware reads a pending start as off */
	assert_int_not_equal(vcpu_affinity(cell, 1), VCPU_AFFINITY_OFF);
	assert_int_equal(fake_run_cpu(VCPU_CPU(1)), FAKE_EXIT_RETURNED);
	assert_int_equal(vcpu_affinity(cell, 1), VCPU_AFFINITY_ON);
}

static void test_cpu_off_and_on_again(void **state)
{
	struct cell *cell;
	long id;

	(void)state;
	id = start_cell(2);
	cell = fix_cell(id);
	assert_int_equal(fake_cpu_off(VCPU_CPU(1)), FAKE_EXIT_OFF);
	assert_false(vcpu_is_on(cell, 1));
	assert_false(per_cpu(VCPU_CPU(1))->online);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 1, 0x80050000, 9),
			 VCPU_POWER_OK);
	assert_int_equal(fake_run_cpu(VCPU_CPU(1)), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->entry, 0x80050000);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->arg, 9);
	assert_true(per_cpu(VCPU_CPU(1))->online);
	/* even the last vCPU may go off; the cell stays RUNNING */
	assert_int_equal(fake_cpu_off(VCPU_CPU(1)), FAKE_EXIT_OFF);
	assert_int_equal(fake_cpu_off(VCPU_CPU(0)), FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_RUNNING);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), 0);
	expect_cell_gone(id);
}

/* A STOP that comes while the CPU is starting wins: the guest never runs. */
static void test_stop_beats_pending_start(void **state)
{
	long id;

	(void)state;
	id = start_cell(1);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 1, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_OK);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->state, FAKE_CPU_PENDING);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SHUTDOWN, id, 0, 0), 0);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->resets, 0);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->state, FAKE_CPU_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_SHUT_DOWN);
}

/* vCPU 1 keeps calling CPU_ON on vCPU 2 while the root destroys the cell. */
struct spam {
	unsigned int destroy_round;
	bool destroy_spawned;
	struct fake_hc_args destroy;
	struct fake_start_args start;
	bool attempt; /* an attempt was spawned and not counted yet */
	bool attempt_after; /* ... after the destroy started */
	unsigned int ok_before, after, denied_after;
};

static void spam_count(struct spam *s)
{
	const struct fake_cpu_info *i = fake_cpu(VCPU_CPU(1));

	if (!s->attempt || i->busy)
		return;
	s->attempt = false;
	assert_int_not_equal(i->last.exit, FAKE_EXIT_NONE);
	if (!s->attempt_after) {
		s->ok_before += i->last.ret == VCPU_POWER_OK;
		return;
	}
	s->after++;
	s->denied_after += i->last.ret == VCPU_POWER_DENIED;
}

static void spam_hook(unsigned int round, void *arg)
{
	struct spam *s = arg;

	spam_count(s);
	if (round == s->destroy_round) {
		assert_true(fake_spawn(0, fake_fn_hypercall, &s->destroy));
		s->destroy_spawned = true;
	}
	if (s->destroy_spawned && !fake_cpu(0)->busy)
		return; /* the destroy is over */
	if (fake_cpu_idle(VCPU_CPU(1)) &&
	    fake_spawn(VCPU_CPU(1), fake_fn_vcpu_start, &s->start)) {
		s->attempt = true;
		s->attempt_after = s->destroy_spawned;
	}
}

static void test_destroy_denies_cpu_on_spam(void **state)
{
	unsigned int k;

	(void)state;
	fake_set_autoboot(true);
	for (k = 0; k < 8; k++) {
		struct spam s = {
			.destroy_round = k,
			.start = { 2, FIX_CELL_ENTRY, 0 },
		};
		long id = start_cell(2);

		s.destroy = (struct fake_hc_args){ HVISOR_HC_CELL_DESTROY,
						   { id, 0, 0 } };
		fake_set_hook(spam_hook, &s);
		fake_run();
		fake_set_hook(NULL, NULL);
		spam_count(&s);
		assert_int_equal(fake_cpu(0)->last.exit, FAKE_EXIT_RETURNED);
		assert_int_equal(fake_cpu(0)->last.ret, 0);
		/* before the destroy, the first CPU_ON worked */
		assert_int_equal(s.ok_before, k ? 1 : 0);
		assert_true(s.after > 0);
		assert_int_equal(s.denied_after, s.after);
		expect_cell_gone(id);
		assert_int_equal(fix_online(1), VCPU_POWER_OK);
		assert_int_equal(fix_online(2), VCPU_POWER_OK);
		assert_int_equal(fix_online(3), VCPU_POWER_OK);
	}
}

/*
 * Two operations on two CPUs, the second started `delay` rounds later (or
 * when the first is over); it does not start if its CPU is off by then.
 */
struct race {
	unsigned int cpu[2];
	fake_fn fn[2];
	void *arg[2];
	unsigned int delay;
	bool second_done;
};

static void race_hook(unsigned int round, void *arg)
{
	struct race *r = arg;

	if (round == 0)
		assert_true(fake_spawn(r->cpu[0], r->fn[0], r->arg[0]));
	if (r->second_done ||
	    (round < r->delay && (!round || fake_cpu(r->cpu[0])->busy)))
		return;
	r->second_done = true;
	fake_spawn(r->cpu[1], r->fn[1], r->arg[1]);
}

static void run_race(struct race *r)
{
	fake_set_hook(race_hook, r);
	fake_run();
	fake_set_hook(NULL, NULL);
}

static struct cell_fault test_fault = {
	.pc = 0x80001000,
	.syndrome = 0x1234,
	.gpa = 0x30000000,
	.reason = "test fault",
};

static long fn_fault(struct per_cpu *c, void *arg)
{
	(void)arg;
	guest_fault(c, &test_fault);
	return 0;
}

/*
 * What a vCPU does while the root destroys its cell, in every order and
 * offset: the destroy succeeds, no vCPU comes back, all CPUs are the root's.
 */
static void test_guest_power_calls_race_destroy(void **state)
{
	static const struct {
		unsigned int vcpu;
		fake_fn fn;
		const char *what;
	} actions[] = {
		{ 1, fake_fn_cell_reset, "SYSTEM_RESET by vCPU 1" },
		{ 0, fake_fn_cell_reset, "SYSTEM_RESET by vCPU 0" },
		{ 1, fake_fn_cell_power_off, "SYSTEM_OFF by vCPU 1" },
		{ 2, fn_fault, "a fault on vCPU 2" },
	};
	unsigned int a, order, delay;

	(void)state;
	fake_set_autoboot(true);
	for (a = 0; a < ARRAY_SIZE(actions); a++) {
		for (order = 0; order < 2; order++) {
			for (delay = 0; delay < 16; delay++) {
				struct fake_hc_args destroy;
				struct race r;
				long id = start_cell(3);
				unsigned int guest = VCPU_CPU(actions[a].vcpu);

				destroy = (struct fake_hc_args){
					HVISOR_HC_CELL_DESTROY, { id, 0, 0 }
				};
				r.cpu[order] = 0;
				r.fn[order] = fake_fn_hypercall;
				r.arg[order] = &destroy;
				r.cpu[!order] = guest;
				r.fn[!order] = actions[a].fn;
				r.arg[!order] = NULL;
				r.delay = delay;
				r.second_done = false;
				run_race(&r);
				if (fake_cpu(0)->last.ret) {
					fix_log_dump();
					fail_msg(
						"%s, %s %u rounds later: destroy "
						"returned %ld",
						actions[a].what,
						order ? "destroy" : "the call",
						delay, fake_cpu(0)->last.ret);
				}
				assert_int_equal(fake_cpu(guest)->last.exit,
						 FAKE_EXIT_OFF);
				expect_cell_gone(id);
				assert_int_equal(fix_online(1), VCPU_POWER_OK);
				assert_int_equal(fix_online(2), VCPU_POWER_OK);
				assert_int_equal(fix_online(3), VCPU_POWER_OK);
			}
		}
	}
}

static void test_destroy_busy_if_a_cpu_does_not_stop(void **state)
{
	u64 t0;
	long id;

	(void)state;
	id = start_cell(2);
	fake_set_deaf(VCPU_CPU(1), true);
	t0 = fake_now();
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), -EBUSY);
	assert_true(fake_now() - t0 >= 2000);
	assert_true(fix_log_has("CPU 2 does not stop", 0));
	/* the cell stays, with its CPUs and memory */
	assert_non_null(fix_cell(id));
	assert_ptr_equal(per_cpu(VCPU_CPU(1))->cell, fix_cell(id));
	assert_false(root_cell.cpus & CELL_CPUS);
	assert_false(
		paging_lookup(&root_cell.stage2, fix_pa(FIX_LENT), NULL, NULL));
	assert_int_equal(fake_cpu(VCPU_CPU(1))->state, FAKE_CPU_ON);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->state, FAKE_CPU_OFF);
	/* nothing starts in it meanwhile */
	assert_int_equal(fake_vcpu_start(VCPU_CPU(1), 0, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_DENIED);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->state, FAKE_CPU_OFF);
	/* the CPU hears its STOP at last: now the destroy works */
	fake_set_deaf(VCPU_CPU(1), false);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->state, FAKE_CPU_OFF);
	assert_int_equal(fix_destroy(id), 0);
}

static void test_shutdown_busy_if_a_cpu_does_not_stop(void **state)
{
	long id;

	(void)state;
	id = start_cell(3);
	fake_set_deaf(VCPU_CPU(2), true);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SHUTDOWN, id, 0, 0), -EBUSY);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_RUNNING);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), -EBUSY);
	fake_set_deaf(VCPU_CPU(2), false);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SHUTDOWN, id, 0, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_SHUT_DOWN);
}

static void test_reset_by_vcpu1_restarts_vcpu0(void **state)
{
	struct cell *cell;
	long id;

	(void)state;
	id = start_cell(3);
	cell = fix_cell(id);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DOORBELL, id, 0, 0), 0);
	assert_true(per_cpu(VCPU_CPU(0))->vcpu.pending_irqs[1] &
		    BIT(FIX_DOORBELL_IRQ - 32));
	assert_int_equal(fake_cell_reset(VCPU_CPU(1)), FAKE_EXIT_OFF);
	assert_true(fix_log_has("resets", 0));
	assert_int_equal(fake_cpu(VCPU_CPU(1))->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(VCPU_CPU(2))->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->state, FAKE_CPU_PENDING);
	assert_int_equal(cell->power, CELL_POWER_RUNNING);
	assert_int_equal(cell->state, HVISOR_CELL_RUNNING);
	assert_int_equal(cell->arch.resets, 2);
	assert_int_equal(per_cpu(VCPU_CPU(0))->vcpu.pending_irqs[1], 0);
	assert_int_equal(fake_run_cpu(VCPU_CPU(0)), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->resets, 2);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->entry, FIX_CELL_ENTRY);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->arg, 0);
	assert_true(vcpu_is_on(cell, 0));
	assert_false(vcpu_is_on(cell, 1) || vcpu_is_on(cell, 2));
	/* the cell goes on as before */
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 1, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_OK);
}

static void test_reset_by_vcpu0_in_place(void **state)
{
	struct cell *cell;
	long id;

	(void)state;
	id = start_cell(3);
	cell = fix_cell(id);
	assert_int_equal(fake_cell_reset(VCPU_CPU(0)), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->state, FAKE_CPU_ON);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->resets, 2);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->entry, FIX_CELL_ENTRY);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->arg, 0);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(VCPU_CPU(2))->state, FAKE_CPU_OFF);
	assert_int_equal(cell->power, CELL_POWER_RUNNING);
	assert_true(vcpu_is_on(cell, 0));
	assert_false(vcpu_is_on(cell, 1) || vcpu_is_on(cell, 2));
}

static void test_reset_fails_the_cell_if_a_vcpu_does_not_stop(void **state)
{
	struct hvisor_cell_info *info = (void *)fix_buf(0);
	long id;

	(void)state;
	id = start_cell(3);
	fake_set_deaf(VCPU_CPU(2), true);
	assert_int_equal(fake_cell_reset(VCPU_CPU(1)), FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(0), 0), 0);
	assert_int_equal(info->state, HVISOR_CELL_FAILED);
	assert_string_equal(info->fault_reason, "reset: a vCPU did not stop");
	assert_int_equal(info->fault_cpu, VCPU_CPU(1));
	assert_int_equal(fake_cpu(VCPU_CPU(0))->state, FAKE_CPU_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), -EBUSY);
	fake_set_deaf(VCPU_CPU(2), false);
	assert_int_equal(fix_destroy(id), 0);
}

static void test_power_off_shuts_the_cell_down(void **state)
{
	unsigned int irqs = fake_counts()->root_irqs;
	struct cell *cell;
	long id;

	(void)state;
	id = start_cell(3);
	cell = fix_cell(id);
	assert_int_equal(fake_cell_power_off(VCPU_CPU(2)), FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_SHUT_DOWN);
	assert_int_equal(cell->power, CELL_POWER_STOPPING);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(VCPU_CPU(1))->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(VCPU_CPU(2))->state, FAKE_CPU_OFF);
	assert_false(vcpu_is_on(cell, 0) || vcpu_is_on(cell, 1) ||
		     vcpu_is_on(cell, 2));
	assert_int_equal(fake_counts()->root_irqs, irqs + 1);
	assert_true(fix_log_has("powered off", 0));
	/* the root starts it again */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_int_equal(fake_run_cpu(VCPU_CPU(0)), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(VCPU_CPU(0))->entry, FIX_CELL_ENTRY);
	assert_int_equal(fake_vcpu_start(VCPU_CPU(0), 2, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_OK);
}

static void test_root_cpu_start(void **state)
{
	struct fix_cell c;

	(void)state;
	assert_int_equal(fake_root_cpu_start(0, 1, 0x2000, 0),
			 VCPU_POWER_ALREADY_ON);
	/* a CPU that runs is left alone: where it would start is unchanged */
	assert_int_equal(per_cpu(1)->vcpu.entry, 0);
	assert_int_equal(fake_cpu(1)->power_ons, 0);
	assert_int_equal(fake_root_cpu_start(0, 0, FIX_ROOT_ENTRY, 0),
			 VCPU_POWER_ALREADY_ON);
	assert_int_equal(fake_root_cpu_start(0, FIX_NUM_CPUS, FIX_ROOT_ENTRY,
					     0),
			 VCPU_POWER_INVALID);
	/* a root CPU goes off and comes back where Linux says */
	assert_int_equal(fake_cpu_off(3), FAKE_EXIT_OFF);
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS - 1);
	assert_int_equal(fake_root_cpu_start(1, 3, 0x2000, 0x33),
			 VCPU_POWER_OK);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_PENDING);
	assert_int_equal(fake_root_cpu_start(1, 3, 0x2000, 0x33),
			 VCPU_POWER_ALREADY_ON);
	assert_int_equal(fake_run_cpu(3), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(3)->entry, 0x2000);
	assert_int_equal(fake_cpu(3)->arg, 0x33);
	assert_true(per_cpu(3)->online);
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS);
	/* the firmware's answers */
	assert_int_equal(fake_cpu_off(3), FAKE_EXIT_OFF);
	fake_fail_power_on(3, -EBUSY);
	assert_int_equal(fake_root_cpu_start(0, 3, 0x2000, 0),
			 VCPU_POWER_ALREADY_ON);
	fake_fail_power_on(3, -EIO);
	assert_int_equal(fake_root_cpu_start(0, 3, 0x2000, 0),
			 VCPU_POWER_FAILED);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
	/* a CPU given to a cell is not the root's to start */
	fix_cell_default(&c, "guest", 0x8, 0);
	assert_true(fix_create(&c) > 0);
	assert_int_equal(fake_root_cpu_start(0, 3, 0x2000, 0),
			 VCPU_POWER_INVALID);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
}

/*
 * A firmware that reports a CPU it was asked to start as OFF until it runs
 * (QEMU's PSCI) must not let a destroy miss a vCPU started just before: the
 * destroy waits until that vCPU came up and stopped, and it never runs
 * afterwards on the CPU given back to the root. Each of the cell's CPUs
 * is then off, root RAM-side state clean, and the root can take it back.
 */
static void test_destroy_waits_for_a_start_the_firmware_hides(void **state)
{
	unsigned int k;

	(void)state;
	fake_set_pending_reads_off(true);
	for (k = 1; k < 3; k++) {
		long id = start_cell(k);
		unsigned int resets = fake_cpu(VCPU_CPU(k))->resets;

		/* vCPU k-1 starts vCPU k; its CPU is pending, reads OFF */
		assert_int_equal(fake_vcpu_start(VCPU_CPU(k - 1), k,
						 FIX_CELL_ENTRY + 0x100, k),
				 VCPU_POWER_OK);
		assert_int_equal(fake_cpu(VCPU_CPU(k))->state,
				 FAKE_CPU_PENDING);
		assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), 0);
		/* the start came up, saw its stop, and is off for good */
		fake_run();
		expect_cell_gone(id);
		/* it never entered a guest, the cell's or the root's */
		assert_int_equal(fake_cpu(VCPU_CPU(k))->resets, resets);
		assert_int_equal(fix_online(1), VCPU_POWER_OK);
		assert_int_equal(fix_online(2), VCPU_POWER_OK);
		assert_int_equal(fix_online(3), VCPU_POWER_OK);
		assert_int_equal(fake_cpu(VCPU_CPU(k))->entry, FIX_ROOT_ENTRY);
	}
	/* a root CPU_ON under way is not off either: a cell cannot take it */
	assert_int_equal(fake_cpu_off(3), FAKE_EXIT_OFF);
	assert_int_equal(fake_root_cpu_start(0, 3, FIX_ROOT_ENTRY, 0),
			 VCPU_POWER_OK);
	assert_int_equal(fake_root_cpu_start(1, 3, FIX_ROOT_ENTRY, 0),
			 VCPU_POWER_ALREADY_ON);
	{
		struct fix_cell c;

		fix_cell_default(&c, "too-early", BIT(3), 0);
		assert_int_equal(fix_hc(HVISOR_HC_CELL_CREATE,
					fix_cell_blob(&c), fix_cell_size(&c),
					0),
				 -EBUSY);
	}
	assert_true(fix_running(3));
	fake_set_pending_reads_off(false);
}

/*
 * A root CPU_SUSPEND to a power-down state: the CPU comes back through the
 * hypervisor's cold entry (EL2 set up again), enters the root's entry with
 * its context, and is not counted online twice; it stays online meanwhile.
 */
static void test_root_cpu_suspend_powerdown(void **state)
{
	unsigned int inits, k;
	u64 seq;

	(void)state;
	for (k = 0; k < 3; k++) {
		inits = per_cpu(2)->arch.cold_inits;
		seq = log_seq();
		assert_int_equal(fake_root_cpu_suspend(2, 0x4000 + k, 0x77 + k),
				 FAKE_EXIT_SUSPENDED);
		/* asleep, not off: no CPU_ON for it, still the root's */
		assert_true(per_cpu(2)->online);
		assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS);
		assert_int_equal(fake_root_cpu_start(0, 2, 0x2000, 0),
				 VCPU_POWER_ALREADY_ON);
		/* the wake-up */
		assert_int_equal(fake_run_cpu(2), FAKE_EXIT_RETURNED);
		assert_int_equal(per_cpu(2)->arch.cold_inits, inits + 1);
		assert_int_equal(fake_cpu(2)->entry, 0x4000 + k);
		assert_int_equal(fake_cpu(2)->arg, 0x77 + k);
		assert_true(per_cpu(2)->online);
		assert_true(per_cpu(2)->vcpu.on);
		assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS);
		assert_false(fix_log_has("CPU 2 on", seq));
	}
	/* it takes traps again, and goes off and on as before */
	assert_int_equal(fake_hypercall(2, HVISOR_HC_GET_INFO,
					HVISOR_INFO_NUM_CPUS, 0, 0, NULL),
			 FIX_NUM_CPUS);
	assert_int_equal(fake_cpu_off(2), FAKE_EXIT_OFF);
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS - 1);
	assert_int_equal(fix_online(2), VCPU_POWER_OK);
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS);
	/* and can be given to a cell */
	{
		struct fix_cell c;
		long id;

		fix_cell_default(&c, "after-suspend", BIT(2), 0);
		id = fix_create_started(&c);
		assert_true(id > 0);
		assert_int_equal(fix_destroy(id), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_sibling_start_while_running, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_results, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_affinity_while_going_off,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_off_and_on_again,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_beats_pending_start,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_denies_cpu_on_spam,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_guest_power_calls_race_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_destroy_busy_if_a_cpu_does_not_stop, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_shutdown_busy_if_a_cpu_does_not_stop, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_reset_by_vcpu1_restarts_vcpu0, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_by_vcpu0_in_place,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reset_fails_the_cell_if_a_vcpu_does_not_stop,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_power_off_shuts_the_cell_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_cpu_start, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_root_cpu_suspend_powerdown,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_destroy_waits_for_a_start_the_firmware_hides,
			setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
