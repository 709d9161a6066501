/* Unit tests of hypervisor core on the fake arch: enabling (hv_cpu_entry, the image layout, the system config) and DISABLE. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/page_alloc.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hvisor/cell.h>
#include <hvisor/hypercall.h>

#include "hv_fixture.h"

#define setup fix_test_setup

#define teardown fix_test_teardown

static void expect_map(const struct page_table *pt, u64 addr, u64 flags)
{
	u64 pa, f;

	assert_true(paging_lookup(pt, addr, &pa, &f));
	assert_int_equal(pa, addr);
	assert_int_equal(f, flags);
}

static void test_enable_every_root_cpu(void **state)
{
	struct fix_system s;
	u64 cfg_pages;
	unsigned int cpu;

	(void)state;
	fix_system_default(&s);
	cfg_pages = ALIGN_UP(FAKE_CORE_SIZE + fix_system_size(&s), PAGE_SIZE) /
		    PAGE_SIZE;
	assert_int_equal(fix_enable(NULL), 0);
	for (cpu = 0; cpu < FIX_NUM_CPUS; cpu++) {
		struct per_cpu *c = per_cpu(cpu);

		assert_int_equal(fake_cpu(cpu)->state, FAKE_CPU_ON);
		assert_true(c->entered && c->online && c->vcpu.on);
		assert_ptr_equal(c->cell, &root_cell);
		assert_int_equal(c->arch.warm_inits, 1);
		assert_int_equal(c->hwid, 0x100 + cpu);
	}
	assert_int_equal(fake_counts()->global_inits, 1);
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS);
	assert_int_equal(fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_VERSION, 0, 0),
			 HVISOR_VERSION);
	assert_int_equal(fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_STATE, 0, 0),
			 1);
	assert_int_equal(fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_NUM_CPUS, 0, 0),
			 FIX_NUM_CPUS);
	assert_int_equal(
		fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_NUM_CELLS, 0, 0), 1);
	/* the pool is everything after the image and the config */
	assert_int_equal(fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_MEM_POOL_SIZE,
				0, 0),
			 FAKE_IMAGE_SIZE / PAGE_SIZE - cfg_pages);
	assert_int_equal(mem_pool.base,
			 (u64)fake_image() + cfg_pages * PAGE_SIZE);
	/* the root: its RAM and device identity-mapped, nothing else */
	expect_map(&root_cell.stage2, fix_pa(FIX_ROOT_OWN) + 0x5000,
		   MAP_RW | MAP_EXEC);
	expect_map(&root_cell.stage2, fix_pa(FIX_LENT + FIX_LENT_SIZE) - 1,
		   MAP_RW | MAP_EXEC);
	expect_map(&root_cell.stage2, fix_pa(FIX_ROOT_DEV),
		   MAP_RW | MAP_DEVICE);
	expect_map(&root_cell.stage2, fix_pa(FIX_ROOT_ROM),
		   MAP_READ | MAP_EXEC);
	assert_false(paging_lookup(&root_cell.stage2, (u64)fake_image(), NULL,
				   NULL));
	/* of the pool only the virtio request ring (for the root's daemon) */
	assert_false(paging_lookup(&root_cell.stage2, (u64)system_config, NULL,
				   NULL));
	assert_false(
		paging_lookup(&root_cell.stage2, (u64)hv_pt.root, NULL, NULL));
	assert_false(paging_lookup(&root_cell.stage2,
				   (u64)root_cell.stage2.root, NULL, NULL));
	expect_map(&root_cell.stage2, virtio_ring_pa(), MAP_RW);
	assert_false(
		paging_lookup(&root_cell.stage2, fix_pa(FIX_UART), NULL, NULL));
	/* the hypervisor's own table: image, UART, root RAM */
	expect_map(&hv_pt, (u64)fake_image(), MAP_READ | MAP_EXEC);
	expect_map(&hv_pt, (u64)fake_image() + FAKE_TEXT_SIZE, MAP_RW);
	expect_map(&hv_pt, fix_pa(FIX_UART), MAP_RW | MAP_DEVICE);
	expect_map(&hv_pt, fix_pa(FIX_LENT), MAP_RW);
	/* the log went to the PL011 too: its last character */
	assert_int_equal(*(volatile u32 *)fix_pa(FIX_UART), '\n');
	assert_true(fix_log_has("CPU 3 entered", 0));
}

static void test_console_read(void **state)
{
	char *buf = (char *)fix_buf(0);
	u64 start = ~0UL, total;
	long n;

	(void)state;
	assert_int_equal(fix_enable(NULL), 0);
	total = fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_LOG_SEQ, 0, 0);
	n = fake_hypercall(0, HVISOR_HC_CONSOLE_READ, fix_buf(0), PAGE_SIZE, 0,
			   &start);
	assert_int_equal(start, 0);
	assert_int_equal(n, total < PAGE_SIZE ? total : PAGE_SIZE);
	assert_non_null(memmem(buf, n, "CPU 0 entered", 13));
	/* a seq beyond the end resyncs to the end */
	n = fake_hypercall(0, HVISOR_HC_CONSOLE_READ, fix_buf(0), PAGE_SIZE,
			   total + 100, &start);
	assert_int_equal(n, 0);
	assert_int_equal(start, total);
	/* the hypervisor writes only into root RAM */
	assert_int_equal(fix_hc(HVISOR_HC_CONSOLE_READ, mem_pool.base,
				PAGE_SIZE, 0),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_CONSOLE_READ, fix_pa(FIX_ROOT_DEV),
				PAGE_SIZE, 0),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_CONSOLE_READ, fix_pa(FIX_UART),
				PAGE_SIZE, 0),
			 -EINVAL);
	/* root RAM the root itself may not write */
	assert_int_equal(fix_hc(HVISOR_HC_CONSOLE_READ, fix_pa(FIX_ROOT_ROM),
				PAGE_SIZE, 0),
			 -EINVAL);
	/* a buffer that runs off the end of root RAM */
	assert_int_equal(fix_hc(HVISOR_HC_CONSOLE_READ,
				fix_pa(FIX_LENT + FIX_LENT_SIZE) - 16, 64, 0),
			 -EINVAL);
}

static void test_stats_and_unknown_calls(void **state)
{
	long before;

	(void)state;
	assert_int_equal(fix_enable(NULL), 0);
	before = fix_hc(HVISOR_HC_CPU_STATS, 0, HVISOR_EXIT_HYPERCALL, 0);
	assert_true(before >= 1);
	assert_int_equal(fix_hc(HVISOR_HC_CPU_STATS, 0, HVISOR_EXIT_HYPERCALL,
				0),
			 before + 1);
	assert_int_equal(
		fix_hc(HVISOR_HC_CPU_STATS, 1, HVISOR_EXIT_HYPERCALL, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CPU_STATS, FIX_NUM_CPUS, 0, 0),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_CPU_STATS, 0, HVISOR_NUM_EXITS, 0),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_GET_INFO, 999, 0, 0), -EINVAL);
	assert_int_equal(fix_hc(0x7777, 0, 0, 0), -ENOSYS);
	assert_int_equal(fix_hc(HVISOR_HC_DEBUG_PUTC, 'Z', 0, 0), 0);
	assert_true(fix_log_has("Z", 0));
}

/* A refused enable leaves nothing behind: the next one works. */
static void expect_refused(const struct fix_system *s, u32 size, long err,
			   const char *why)
{
	fake_install(s, size, FIX_NUM_CPUS);
	assert_int_equal(fake_enter(0), err);
	assert_int_equal(fake_cpu(0)->state, FAKE_CPU_LINUX);
	assert_int_equal(hv_entered_cpus(), 0);
	assert_false(per_cpu(0)->entered);
	if (why && !fix_log_has(why, 0)) {
		fix_log_dump();
		fail_msg("log lacks \"%s\"", why);
	}
	assert_int_equal(fix_enable(NULL), 0);
	assert_int_equal(fix_teardown(), 0);
}

static void test_enable_refuses_other_arch(void **state)
{
	struct fix_system s;

	(void)state;
	fix_system_default(&s);
	s.sys.arch = HVISOR_ARCH_RISCV64;
	s.sys.root_cell.arch = HVISOR_ARCH_RISCV64;
	expect_refused(&s, fix_system_size(&s), -EINVAL, "arch");
	assert_int_equal(fake_cpu(0)->entry_failed, 1);
}

static void test_enable_refuses_bad_layout(void **state)
{
	struct fix_system s;

	(void)state;
	/* config size out of range */
	fix_system_default(&s);
	expect_refused(&s, sizeof(s.sys) - 8, -EINVAL, "out of range");
	/* the config does not describe where the image runs */
	fix_system_default(&s);
	s.sys.hypervisor_phys += 0x200000;
	expect_refused(&s, fix_system_size(&s), -EINVAL, "image runs at");
	fix_system_default(&s);
	s.sys.hypervisor_size = FAKE_CORE_SIZE + 0x10000;
	expect_refused(&s, fix_system_size(&s), -EINVAL, "needs");
	/* the checker's refusal */
	fix_system_default(&s);
	s.sys.magic[0] = 'X';
	expect_refused(&s, fix_system_size(&s), -EINVAL,
		       "invalid system config");
	/* more CPUs than the build supports */
	fix_system_default(&s);
	s.sys.platform.num_cpus = MAX_CPUS + 1;
	s.sys.platform.arch.arm64.gicr_size = (MAX_CPUS + 1) * 0x20000;
	expect_refused(&s, fix_system_size(&s), -EINVAL, "this build supports");
}

static void test_enable_non_root_cpu(void **state)
{
	struct fix_system s;

	(void)state;
	fix_system_default(&s);
	s.sys.root_cell.cpus = 0x7;
	assert_int_equal(fix_enable(&s), 0);
	assert_int_equal(fake_enter(3), -EINVAL);
	assert_true(fix_log_has("CPU 3 is not a root-cell CPU", 0));
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_LINUX);
	assert_int_equal(fake_cpu(3)->entry_failed, 1);
	/* the others are not affected */
	assert_int_equal(hv_entered_cpus(), 3);
}

static long enter_again(struct per_cpu *c, void *arg)
{
	(void)arg;
	return hv_cpu_entry(c->cpu_id);
}

static void test_enter_twice_busy(void **state)
{
	(void)state;
	assert_int_equal(fix_enable(NULL), 0);
	assert_int_equal(fake_call(1, enter_again, NULL).ret, -EBUSY);
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS);
}

static long fn_panic(struct per_cpu *c, void *arg)
{
	(void)c;
	panic_stop(arg);
}

static void test_panic_parks_the_cpu(void **state)
{
	(void)state;
	assert_int_equal(fix_enable(NULL), 0);
	assert_int_equal(fake_call(3, fn_panic, "test panic").exit,
			 FAKE_EXIT_PARKED);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_PARKED);
	assert_true(fix_log_has("FATAL on CPU 3: test panic", 0));
	/* it is not off, and takes no more work */
	assert_int_equal(fake_root_cpu_start(0, 3, FIX_ROOT_ENTRY, 0),
			 VCPU_POWER_ALREADY_ON);
	assert_int_equal(fake_hypercall(3, HVISOR_HC_GET_INFO, 0, 0, 0, NULL),
			 FAKE_NOT_RUN);
	/* a fresh machine for the teardown */
	fix_setup();
	assert_int_equal(fix_enable(NULL), 0);
}

static void test_entry_failure_rolls_back(void **state)
{
	struct fix_system s;
	unsigned int inits;

	(void)state;
	/* the first CPU fails in the arch's global init: all undone */
	fix_system_default(&s);
	fake_fail_global_init(-ENODEV);
	expect_refused(&s, fix_system_size(&s), -ENODEV, NULL);
	/* the first CPU fails after the global init: that is undone too */
	fake_install(&s, fix_system_size(&s), FIX_NUM_CPUS);
	fake_fail_cpu_init(0, -EIO);
	inits = fake_counts()->global_inits;
	assert_int_equal(fake_enter(0), -EIO);
	assert_int_equal(fake_counts()->global_inits, inits + 1);
	assert_int_equal(fake_enter(0), 0);
	assert_int_equal(fake_counts()->global_inits, inits + 2);
	assert_int_equal(fake_hypercall(0, HVISOR_HC_DISABLE, 0, 0, 0, NULL),
			 0);
	/* the second CPU fails: the driver takes the first out again */
	fake_install(&s, fix_system_size(&s), FIX_NUM_CPUS);
	fake_fail_cpu_init(1, -EIO);
	assert_int_equal(fake_enter(0), 0);
	assert_int_equal(fake_enter(1), -EIO);
	assert_int_equal(fake_cpu(1)->entry_failed, 1);
	assert_int_equal(fake_cpu(1)->state, FAKE_CPU_LINUX);
	assert_false(per_cpu(1)->entered);
	assert_int_equal(fake_hypercall(0, HVISOR_HC_DISABLE, 0, 0, 0, NULL),
			 0);
	assert_int_equal(fake_cpu(0)->state, FAKE_CPU_LINUX);
	assert_int_equal(hv_entered_cpus(), 0);
	/* and a fresh enable works */
	assert_int_equal(fix_enable(NULL), 0);
}

static void test_disable_refused_while_a_cell_exists(void **state)
{
	struct fix_cell c;
	long id;
	unsigned int cpu;

	(void)state;
	assert_int_equal(fix_enable(NULL), 0);
	fix_cell_default(&c, "guest", 0x4, 0);
	id = fix_create(&c);
	assert_true(id > 0);
	assert_int_equal(fake_hypercall(0, HVISOR_HC_DISABLE, 0, 0, 0, NULL),
			 -EBUSY);
	assert_int_equal(fake_cpu(0)->state, FAKE_CPU_ON);
	assert_true(per_cpu(0)->entered);
	assert_true(fix_log_has("disable refused", 0));
	assert_int_equal(fix_destroy(id), 0);
	/* every CPU leaves; the last one turns the hypervisor off */
	for (cpu = FIX_NUM_CPUS; cpu-- > 0;) {
		assert_int_equal(fake_hypercall(cpu, HVISOR_HC_DISABLE, 0, 0, 0,
						NULL),
				 0);
		assert_int_equal(fake_cpu(cpu)->state, FAKE_CPU_LINUX);
		assert_int_equal(fake_cpu(cpu)->last.exit, FAKE_EXIT_LEFT);
		assert_int_equal(hv_entered_cpus(), cpu);
	}
	assert_true(fix_log_has("hypervisor disabled", 0));
	assert_null(per_cpu(0)->cell);
	/* enabling again starts from scratch */
	assert_int_equal(fix_enable(NULL), 0);
	assert_int_equal(fake_counts()->global_inits, 2);
	assert_int_equal(
		fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_NUM_CELLS, 0, 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enable_every_root_cpu,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_read, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stats_and_unknown_calls,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_enable_refuses_other_arch,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_enable_refuses_bad_layout,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_enable_non_root_cpu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_enter_twice_busy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_panic_parks_the_cpu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_entry_failure_rolls_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_disable_refused_while_a_cell_exists, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
