/* Races of the vCPU power state machine a hostile or unlucky cell can provoke, on the fake arch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/vcpu.h>
#include <hvisor/cell.h>
#include <hvisor/hypercall.h>

#include "lib/arch_fake.h"
#include "lib/hv_fixture.h"

#define setup fix_test_setup_enabled
#define teardown fix_test_teardown

/* A cell on CPUs 1-3 with all three vCPUs running. */
static long start3(void)
{
	struct fix_cell c;
	unsigned int v;
	long id;

	fix_cell_default(&c, "guest", 0xe, 0);
	id = fix_create_started(&c);
	assert_true(id > 0);
	for (v = 1; v < 3; v++) {
		assert_int_equal(fake_vcpu_start(1, v, FIX_CELL_ENTRY, 0),
				 VCPU_POWER_OK);
		assert_true(fix_running(v + 1));
	}
	return id;
}

/*
 * SYSTEM_OFF while a vCPU does not stop: the cell says shut down, but the
 * root must not be able to start it over the vCPU that still runs.
 */
static void test_power_off_with_a_live_vcpu(void **state)
{
	long id;

	(void)state;
	id = start3();
	fake_set_deaf(3, true);
	assert_int_equal(fake_cell_power_off(1), FAKE_EXIT_OFF);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_ON);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), -EBUSY);
	/* its stop request is still there: it stops as soon as it listens */
	assert_true(per_cpu(3)->vcpu.requests & VCPU_REQ_STOP);
	fake_set_deaf(3, false);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_true(fix_running(1));
}

/* The same after a fault (cell_fail) instead of SYSTEM_OFF. */
static void test_fault_with_a_live_vcpu(void **state)
{
	struct cell_fault f = { .pc = 0x1000, .reason = "test fault" };
	long id;

	(void)state;
	id = start3();
	fake_set_deaf(3, true);
	assert_int_equal(fake_guest_fault(2, &f), FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_FAILED);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), -EBUSY);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), -EBUSY);
	fake_set_deaf(3, false);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), 0);
}

static struct cell_fault both = { .reason = "both" };

static long fn_fault(struct per_cpu *c, void *arg)
{
	(void)arg;
	guest_fault(c, &both);
	return 0;
}

/* Two vCPUs that stop the cell at once do not wait for each other. */
static void test_two_faults_at_once(void **state)
{
	u64 t0;
	long id;

	(void)state;
	id = start3();
	t0 = fake_now();
	assert_true(fake_spawn(2, fn_fault, NULL));
	assert_true(fake_spawn(3, fn_fault, NULL));
	fake_run();
	assert_true(fake_now() - t0 < 100);
	assert_false(fix_log_has("does not stop", 0));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_FAILED);
	assert_int_equal(fake_cpu(1)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(2)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), 0);
}

/* A reset and a fault at once: the fault wins, nothing waits it out. */
static void test_reset_and_fault(void **state)
{
	u64 t0;
	long id;

	(void)state;
	id = start3();
	t0 = fake_now();
	assert_true(fake_spawn(2, fake_fn_cell_reset, NULL));
	assert_true(fake_spawn(3, fn_fault, NULL));
	fake_run();
	assert_true(fake_now() - t0 < 100);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_FAILED);
	assert_int_equal(fake_cpu(1)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(2)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
}

/*
 * A root CPU_ON just before the root gives that CPU to a cell: the CPU is on
 * its way up as a root CPU, so the cell cannot have it.
 */
static void test_cpu_on_its_way_up_is_not_given_away(void **state)
{
	struct fix_cell c;

	(void)state;
	assert_int_equal(fake_cpu_off(3), FAKE_EXIT_OFF);
	assert_int_equal(fake_root_cpu_start(0, 3, FIX_ROOT_ENTRY, 0),
			 VCPU_POWER_OK);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_PENDING);
	fix_cell_default(&c, "guest", 0x8, 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CREATE, fix_cell_blob(&c),
				fix_cell_size(&c), 0),
			 -EBUSY);
	/* it comes up (perhaps already did, as the create waited) in the root */
	assert_true(fix_running(3));
	assert_ptr_equal(per_cpu(3)->cell, &root_cell);
	assert_int_equal(fake_cpu(3)->entry, FIX_ROOT_ENTRY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_off_with_a_live_vcpu,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_with_a_live_vcpu,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_faults_at_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reset_and_fault, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_cpu_on_its_way_up_is_not_given_away, setup,
			teardown),
	};

	return cmocka_run_group_tests_name("hv_races", tests, NULL, NULL);
}
