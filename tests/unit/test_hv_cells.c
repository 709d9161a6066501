/* Unit tests of hypervisor core on the fake arch: cell create, load, start, shutdown and destroy, their memory, CPUs and pool pages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/cell.h>
#include <hv/control.h>
#include <hv/page_alloc.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hvisor/cell.h>
#include <hvisor/hypercall.h>

#include "hv_fixture.h"

#define RWX (MAP_RW | MAP_EXEC)

#define setup fix_test_setup_enabled
#define teardown fix_test_teardown

static u64 slot_pa(unsigned int slot)
{
	return fix_pa(FIX_LENT + slot * FIX_CELL_RAM_SIZE);
}

/* Whether the root's stage 2 maps pa (identity, with flags). */
static bool root_maps(u64 pa, u64 flags)
{
	u64 got, f;

	return paging_lookup(&root_cell.stage2, pa, &got, &f) && got == pa &&
	       f == flags;
}

static bool root_maps_any(u64 pa)
{
	return paging_lookup(&root_cell.stage2, pa, NULL, NULL);
}

/* The root sees none of slot's RAM (first, middle and last page). */
static bool slot_hidden(unsigned int slot)
{
	u64 pa = slot_pa(slot);

	return !root_maps_any(pa) &&
	       !root_maps_any(pa + FIX_CELL_RAM_SIZE / 2 + 0x3000) &&
	       !root_maps_any(pa + FIX_CELL_RAM_SIZE - PAGE_SIZE);
}

static bool slot_in_root(unsigned int slot)
{
	u64 pa = slot_pa(slot);

	return root_maps(pa, RWX) &&
	       root_maps(pa + FIX_CELL_RAM_SIZE / 2 + 0x3000, RWX) &&
	       root_maps(pa + FIX_CELL_RAM_SIZE - PAGE_SIZE, RWX);
}

static void test_create_takes_offline_cpus(void **state)
{
	struct fix_cell c;
	struct cell *cell;
	long id;

	(void)state;
	fix_cell_default(&c, "guest", 0x2, 0);
	/* CPU 1 still runs the root: refused, nothing taken */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CREATE, fix_cell_blob(&c),
				fix_cell_size(&c), 0),
			 -EBUSY);
	assert_true(fix_log_has("CPU 1 is still online in the root", 0));
	assert_null(fix_cell(1));
	assert_true(slot_in_root(0));
	/* the driver takes it offline: the CPU calls CPU_OFF */
	assert_int_equal(fake_cpu_off(1), FAKE_EXIT_OFF);
	assert_false(per_cpu(1)->online);
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS - 1);
	id = fix_hc(HVISOR_HC_CELL_CREATE, fix_cell_blob(&c), fix_cell_size(&c),
		    0);
	assert_int_equal(id, 1);
	cell = fix_cell(id);
	assert_non_null(cell);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_SHUT_DOWN);
	assert_int_equal(
		fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_NUM_CELLS, 0, 0), 2);
	assert_ptr_equal(per_cpu(1)->cell, cell);
	assert_int_equal(cell->num_vcpus, 1);
	assert_int_equal(cell->vcpu_cpu[0], 1);
	assert_false(root_cell.cpus & BIT(1));
	assert_true(cell_owns_irq(cell, FIX_CELL_IRQ));
	assert_false(cell_owns_irq(&root_cell, FIX_CELL_IRQ));
	assert_true(cell->arch.irqs_taken);
	assert_int_equal(cell->arch.inits, 1);
	assert_int_equal(fake_cpu(1)->state, FAKE_CPU_OFF);
	/* a config copy: the root changing its blob changes nothing */
	((struct hvisor_cell_desc *)fix_pa(FIX_BLOB))->entry = 0x1234;
	assert_int_equal(cell->config->entry, FIX_CELL_ENTRY);
}

static void test_start_runs_vcpu0_at_entry(void **state)
{
	struct fix_cell c;
	struct per_cpu *v0;
	long id;

	(void)state;
	fix_cell_default(&c, "guest", 0xc, 0);
	id = fix_create(&c);
	assert_true(id > 0);
	assert_int_equal(fix_vcpu_cpu(id, 0), 2);
	assert_int_equal(fix_vcpu_cpu(id, 1), 3);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_RUNNING);
	assert_int_equal(fix_cell(id)->power, CELL_POWER_RUNNING);
	assert_int_equal(fix_cell(id)->arch.resets, 1);
	/* only vCPU 0 is powered on; it runs when its CPU comes up */
	assert_int_equal(fake_cpu(2)->state, FAKE_CPU_PENDING);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_run_cpu(2), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(2)->state, FAKE_CPU_ON);
	assert_int_equal(fake_cpu(2)->resets, 1);
	assert_int_equal(fake_cpu(2)->entry, FIX_CELL_ENTRY);
	assert_int_equal(fake_cpu(2)->arg, 0);
	v0 = per_cpu(2);
	assert_int_equal(v0->vcpu.arch.entry, FIX_CELL_ENTRY);
	assert_int_equal(v0->vcpu.arch.arg, 0);
	assert_int_equal(v0->arch.cold_inits, 1);
	assert_true(v0->online);
	assert_true(vcpu_is_on(fix_cell(id), 0));
	assert_false(vcpu_is_on(fix_cell(id), 1));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), -EBUSY);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id + 1, 0, 0), -ENOENT);
}

static void test_shutdown_restart_destroy(void **state)
{
	struct fix_cell c;
	struct cell *cell;
	long id;
	unsigned int cpu;

	(void)state;
	fix_cell_default(&c, "guest", 0xc, 0);
	id = fix_create_started(&c);
	assert_true(id > 0);
	cell = fix_cell(id);
	assert_int_equal(fake_vcpu_start(2, 1, FIX_CELL_ENTRY + 0x100, 7),
			 VCPU_POWER_OK);
	assert_int_equal(fake_run_cpu(3), FAKE_EXIT_RETURNED);
	/* shut down: every vCPU stops, the cell stays */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SHUTDOWN, id, 0, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_SHUT_DOWN);
	assert_int_equal(fake_cpu(2)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
	assert_false(vcpu_is_on(cell, 0) || vcpu_is_on(cell, 1));
	assert_int_equal(cell->power, CELL_POWER_STOPPING);
	/* started again: vCPU 0 at the entry once more */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_int_equal(fake_run_cpu(2), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(2)->resets, 2);
	assert_int_equal(fake_cpu(2)->entry, FIX_CELL_ENTRY);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_OFF);
	/* destroyed: the CPUs are off and the root's again */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), 0);
	assert_null(fix_cell(id));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0), -ENOENT);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), -ENOENT);
	assert_int_equal(fake_counts()->release_irqs, 1);
	assert_true(cell_owns_irq(&root_cell, FIX_CELL_IRQ));
	assert_int_equal(root_cell.cpus, FIX_ROOT_CPUS);
	for (cpu = 2; cpu < 4; cpu++) {
		assert_int_equal(fake_cpu(cpu)->state, FAKE_CPU_OFF);
		assert_ptr_equal(per_cpu(cpu)->cell, &root_cell);
		assert_false(per_cpu(cpu)->online);
		/* the driver onlines them: root CPU_ON */
		assert_int_equal(fix_online(cpu), VCPU_POWER_OK);
		assert_int_equal(fake_cpu(cpu)->state, FAKE_CPU_ON);
		assert_int_equal(fake_cpu(cpu)->entry, FIX_ROOT_ENTRY);
		assert_int_equal(fake_cpu(cpu)->arg, cpu);
		assert_true(per_cpu(cpu)->online && per_cpu(cpu)->vcpu.on);
	}
	assert_int_equal(hv_entered_cpus(), FIX_NUM_CPUS);
}

static void test_cell_memory_leaves_the_root(void **state)
{
	struct fix_cell c;
	u64 pa, flags;
	long id;

	(void)state;
	assert_true(slot_in_root(0));
	fix_cell_default(&c, "guest", 0x2, 0);
	id = fix_create(&c);
	assert_true(id > 0);
	assert_true(slot_hidden(0));
	/* the neighbours stay the root's */
	assert_true(root_maps(slot_pa(0) - PAGE_SIZE, RWX));
	assert_true(slot_in_root(1));
	/* the cell sees it at its guest-physical address */
	assert_true(paging_lookup(&fix_cell(id)->stage2,
				  FIX_CELL_RAM_GPA + 0x1234, &pa, &flags));
	assert_int_equal(pa, slot_pa(0) + 0x1234);
	assert_int_equal(flags, RWX);
	/* and the hypervisor no longer writes there for the root */
	assert_int_equal(fix_hc(HVISOR_HC_CONSOLE_READ, slot_pa(0), 64, 0),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, slot_pa(0), 0),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CREATE, slot_pa(0) + 0x1000,
				fix_cell_size(&c), 0),
			 -EFAULT);
	/* loadable: back in the root for loading, out again at start */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SET_LOADABLE, id, 0, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_LOADABLE);
	assert_true(root_maps(slot_pa(0) + 0x5000, MAP_RW));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_true(slot_hidden(0));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SET_LOADABLE, id, 0, 0), -EBUSY);
	assert_int_equal(fake_run_cpu(1), FAKE_EXIT_RETURNED);
	/* destroyed: back with the root region's own rights */
	assert_int_equal(fix_destroy(id), 0);
	assert_true(slot_in_root(0));
	assert_true(root_maps(slot_pa(0) - PAGE_SIZE, RWX));
}

static void test_two_cells(void **state)
{
	struct fix_cell a, b, c;
	long ida, idb;

	(void)state;
	fix_cell_default(&a, "a", 0x2, 0);
	fix_cell_default(&b, "b", 0x4, 1);
	ida = fix_create(&a);
	idb = fix_create(&b);
	assert_true(ida > 0 && idb > ida);
	assert_true(slot_hidden(0) && slot_hidden(1));
	/* no second cell on the same memory, name or CPU */
	fix_cell_default(&c, "c", 0x8, 0);
	assert_int_equal(fix_create(&c), -EBUSY);
	assert_true(fix_log_has("overlaps another cell", 0));
	fix_cell_default(&c, "a", 0x8, 2);
	assert_int_equal(fix_create(&c), -EEXIST);
	fix_cell_default(&c, "c", 0x2, 2);
	assert_int_equal(fix_create(&c), -EINVAL);
	assert_int_equal(fake_cpu(3)->state, FAKE_CPU_ON); /* given back */
	/* destroying a gives back a's memory only */
	assert_int_equal(fix_destroy(ida), 0);
	assert_true(slot_in_root(0));
	assert_true(slot_hidden(1));
	/* and leaves a loadable cell loadable */
	ida = fix_create(&a);
	assert_true(ida > 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SET_LOADABLE, idb, 0, 0), 0);
	assert_int_equal(fix_destroy(ida), 0);
	assert_true(slot_in_root(0));
	assert_true(root_maps(slot_pa(1), MAP_RW));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, idb, 0, 0), 0);
	assert_true(slot_hidden(1));
	assert_int_equal(fix_destroy(idb), 0);
	assert_true(slot_in_root(1));
}

/* Each refusal leaves the pool and the root as they were. */
static void expect_create_refused(struct fix_cell *c, long err, const char *why)
{
	u64 used = mem_pool.used;

	assert_int_equal(fix_create(c), err);
	assert_int_equal(mem_pool.used, used);
	assert_int_equal(
		fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_NUM_CELLS, 0, 0), 1);
	assert_int_equal(root_cell.cpus, FIX_ROOT_CPUS);
	assert_int_equal(fake_cpu(1)->state, FAKE_CPU_ON);
	if (why && !fix_log_has(why, 0)) {
		fix_log_dump();
		fail_msg("log lacks \"%s\"", why);
	}
}

static void test_create_refusals(void **state)
{
	struct fix_cell c;

	(void)state;
	fix_cell_default(&c, "guest", 0x2, 0);
	c.d.magic[0] = 'X';
	expect_create_refused(&c, -EINVAL, "wrong magic");
	fix_cell_default(&c, "guest", FIX_ROOT_CPUS, 0);
	expect_create_refused(&c, -EINVAL, "must keep at least one");
	fix_cell_default(&c, "guest", 0x2 | BIT(FIX_NUM_CPUS), 0);
	expect_create_refused(&c, -EINVAL, "at or above platform.num_cpus");
	fix_cell_default(&c, "", 0x2, 0);
	expect_create_refused(&c, -EINVAL, "name: must not be empty");
	/* RAM from the root's own, non-loadable memory */
	fix_cell_default(&c, "guest", 0x2, 0);
	c.r[0].phys_start = fix_pa(FIX_ROOT_OWN + 0x200000);
	expect_create_refused(&c, -EINVAL, "not flagged loadable");
	/* memory that is not the root's at all: the hypervisor's */
	fix_cell_default(&c, "guest", 0x2, 0);
	c.r[0].phys_start = (u64)fake_image();
	expect_create_refused(&c, -EINVAL, "overlaps the hypervisor memory");
	fix_cell_default(&c, "guest", 0x2, 0);
	fix_cell_add(&c, fix_pa(FIX_UART), 0x9100000, PAGE_SIZE,
		     HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO,
		     HVISOR_MEM_TYPE_IO);
	expect_create_refused(&c, -EINVAL, "is not inside a root cell region");
	/* ranges that wrap at 2^64 (a hand-made blob can say anything) */
	fix_cell_default(&c, "guest", 0x2, 0);
	fix_cell_add(&c, 0xfffffffffffff000ULL, 0x9ffff000, 0x2000,
		     HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_ROOTSHARED,
		     HVISOR_MEM_TYPE_RAM);
	expect_create_refused(&c, -EINVAL, "physical range");
	fix_cell_default(&c, "guest", 0x2, 0);
	fix_cell_add(&c, 0, 0, 0xfffffffffffff000ULL,
		     HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_ROOTSHARED,
		     HVISOR_MEM_TYPE_RAM);
	expect_create_refused(&c, -EINVAL, "range");
	fix_cell_default(&c, "guest", 0x2, 0);
	c.r[0].virt_start = 0xfffffffffff00000ULL;
	expect_create_refused(&c, -EINVAL, "guest-physical range");
	fix_cell_default(&c, "guest", 0x2, 0);
	c.r[0].size = 0x1800;
	expect_create_refused(&c, -EINVAL, "must be a multiple of 4096");
	/* an interrupt the root does not own (static: the shared checker) */
	fix_cell_default(&c, "guest", 0x2, 0);
	c.d.irqs[100 / 32] |= 1u << (100 % 32);
	expect_create_refused(&c, -EINVAL,
			      "not one of the root cell's interrupts");
	fix_cell_default(&c, "guest", 0x2, 0);
	c.d.console_irq = 16;
	expect_create_refused(&c, -EINVAL, "must be an SPI");
	/* the blob itself: size, and where it lies */
	fix_cell_default(&c, "guest", 0x2, 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CREATE, fix_cell_blob(&c),
				fix_cell_size(&c) - 8, 0),
			 -EINVAL);
	/* in hypervisor memory (the image's bss) */
	memcpy(fake_image() + 0x8000, &c, fix_cell_size(&c));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CREATE,
				(u64)fake_image() + 0x8000, fix_cell_size(&c),
				0),
			 -EFAULT);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CREATE, fix_cell_blob(&c), 16,
				0),
			 -EINVAL);
}

static void test_pool_stable_over_cycles(void **state)
{
	u64 bm_bytes = ALIGN_UP(mem_pool.pages, 64) / 8, used;
	unsigned int i;
	u8 *before;

	(void)state;
	before = malloc(bm_bytes);
	assert_non_null(before);
	memcpy(before, mem_pool.bitmap, bm_bytes);
	used = mem_pool.used;
	for (i = 0; i < 50; i++) {
		struct fix_cell c;
		long id;

		fix_cell_default(&c, "cycle", 0x6, i % 4);
		if (i % 2) {
			/* half a 2 MiB block: the root's block is split */
			c.r[0].phys_start += FIX_CELL_RAM_SIZE / 2;
			c.r[0].size = FIX_CELL_RAM_SIZE / 2;
		}
		id = fix_create_started(&c);
		assert_int_equal(id, i + 1);
		assert_int_equal(fake_vcpu_start(1, 1, FIX_CELL_ENTRY, 0),
				 VCPU_POWER_OK);
		assert_int_equal(fake_run_cpu(2), FAKE_EXIT_RETURNED);
		assert_int_equal(
			fake_guest_hypercall(1, HVISOR_HC_GUEST_CONSOLE_PUTC,
					     'x', 0, 0),
			0);
		assert_true(mem_pool.used > used);
		assert_int_equal(fix_destroy(id), 0);
		assert_int_equal(mem_pool.used, used);
	}
	assert_memory_equal(mem_pool.bitmap, before, bm_bytes);
	assert_true(slot_in_root(0) && slot_in_root(3));
	free(before);
}

static void test_cell_info(void **state)
{
	struct hvisor_cell_info *info = (void *)fix_buf(1);
	struct fix_cell c;
	long id;

	(void)state;
	fix_cell_default(&c, "informed", 0xa, 2);
	id = fix_create_started(&c);
	assert_true(id > 0);
	assert_int_equal(
		fake_guest_hypercall(1, HVISOR_HC_GUEST_DOORBELL, 0, 0, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(1), 0), 0);
	assert_int_equal(info->id, id);
	assert_int_equal(info->state, HVISOR_CELL_RUNNING);
	assert_string_equal(info->name, "informed");
	assert_int_equal(info->cpus, 0xa);
	assert_int_equal(info->num_vcpus, 2);
	assert_int_equal(info->doorbells, 1);
	assert_int_equal(info->exits[0][HVISOR_EXIT_HYPERCALL], 1);
	assert_int_equal(info->exits[1][HVISOR_EXIT_HYPERCALL], 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, mem_pool.base, 0),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id + 1, fix_buf(1), 0),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_takes_offline_cpus,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_runs_vcpu0_at_entry,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_restart_destroy,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_cell_memory_leaves_the_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_cells, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_refusals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pool_stable_over_cycles,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_info, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
