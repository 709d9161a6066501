/* Unit tests of hypervisor core on the fake arch: MMIO dispatch to the emulated devices, guest calls and the fault policy. */
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
#include <hv/vcpu.h>
#include <hvisor/cell.h>
#include <hvisor/hypercall.h>
#include <hvisor/virtio.h>

#include "hv_fixture.h"

#define GUEST 1 /* the CPU of vCPU 0 */
#define TESTDEV_ID 0x48565444
#define UARTDR 0x000
#define UARTFR 0x018
#define UARTCR 0x030
#define UARTIMSC 0x038
#define UARTMIS 0x040
#define UARTPERIPHID0 0xfe0
#define FR_RXFE 0x10
#define FR_TXFE 0x80
#define INT_RX 0x10
#define VIRTIO_GPA 0x0a000000UL
#define VIRTIO_STATUS 0x070
#define VIRTIO_NOTIFY 0x050

#define setup fix_test_setup_enabled
#define teardown fix_test_teardown

static long start_guest(u64 cpus)
{
	struct fix_cell c;
	long id;

	fix_cell_default(&c, "guest", cpus, 0);
	fix_cell_add(&c, 0, VIRTIO_GPA, PAGE_SIZE, 0, HVISOR_MEM_TYPE_VIRTIO);
	id = fix_create_started(&c);
	assert_true(id > 0);
	return id;
}

static u64 rd(unsigned int cpu, u64 addr, unsigned int width)
{
	u64 v = 0xdeadbeef;

	assert_int_equal(fake_mmio(cpu, addr, width, false, &v), MMIO_HANDLED);
	return v;
}

static void wr(unsigned int cpu, u64 addr, unsigned int width, u64 v)
{
	assert_int_equal(fake_mmio(cpu, addr, width, true, &v), MMIO_HANDLED);
}

static void test_testdev(void **state)
{
	(void)state;
	start_guest(0x2);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA, 4), TESTDEV_ID);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA + 1, 1), 0x54);
	wr(GUEST, FIX_TESTDEV_GPA + 8, 8, 0x1122334455667788);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA + 8, 8), 0x1122334455667788);
	wr(GUEST, FIX_TESTDEV_GPA + 9, 1, 0xaa);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA + 8, 8), 0x112233445566aa88);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA + 12, 4), 0x11223344);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA + 0x10, 4), 1);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA + 0x10, 8), 2);
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA + 0x18, 4), 0);
	wr(GUEST, FIX_TESTDEV_GPA, 4, 0); /* the ID is read-only */
	assert_int_equal(rd(GUEST, FIX_TESTDEV_GPA, 4), TESTDEV_ID);
	assert_int_equal(per_cpu(GUEST)->exits[HVISOR_EXIT_MMIO], 12);
}

static void test_unregistered_addresses(void **state)
{
	unsigned int i;
	u64 v = 0;

	(void)state;
	start_guest(0x2);
	assert_int_equal(fake_mmio(GUEST, 0x20000000, 4, false, &v),
			 MMIO_UNHANDLED);
	assert_int_equal(fake_mmio(GUEST, FIX_TESTDEV_GPA - 4, 4, true, &v),
			 MMIO_UNHANDLED);
	assert_int_equal(fake_mmio(GUEST, FIX_TESTDEV_GPA + PAGE_SIZE, 4, false,
				   &v),
			 MMIO_UNHANDLED);
	/* across the end of a region */
	assert_int_equal(fake_mmio(GUEST, FIX_TESTDEV_GPA + PAGE_SIZE - 4, 8,
				   false, &v),
			 MMIO_UNHANDLED);
	/*
	 * RAM is mapped, not emulated: a fault there is a stage-2 change in
	 * flight, retried; but never for ever
	 */
	for (i = 1; i < 1000; i++)
		assert_int_equal(fake_mmio(GUEST, FIX_CELL_RAM_GPA, 4, false,
					   &v),
				 MMIO_RETRY);
	assert_int_equal(fake_mmio(GUEST, FIX_CELL_RAM_GPA, 4, false, &v),
			 MMIO_UNHANDLED);
	/* the root has no emulated devices, and a cell's are not its */
	assert_int_equal(fake_mmio(0, FIX_TESTDEV_GPA, 4, false, &v),
			 MMIO_UNHANDLED);
	assert_int_equal(fake_mmio(0, FIX_CONSOLE_GPA, 4, false, &v),
			 MMIO_UNHANDLED);
}

static void test_console_model(void **state)
{
	struct hvisor_cell_info *info = (void *)fix_buf(1);
	char *buf = (char *)fix_buf(0);
	unsigned int irqs, n;
	long taken;
	u64 start = ~0UL;
	long id;

	(void)state;
	id = start_guest(0x2);
	wr(GUEST, FIX_CONSOLE_GPA + UARTDR, 4, 'h');
	wr(GUEST, FIX_CONSOLE_GPA + UARTDR, 4, 'i');
	assert_int_equal(fake_guest_hypercall(GUEST,
					      HVISOR_HC_GUEST_CONSOLE_PUTC,
					      '\n', 0, 0),
			 0);
	assert_int_equal(fake_hypercall(0, HVISOR_HC_CELL_CONSOLE_READ, id,
					fix_buf(0), 0, &start),
			 3);
	assert_int_equal(start, 0);
	assert_memory_equal(buf, "hi\n", 3);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(1), 0), 0);
	assert_int_equal(info->console_seq, 3);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_READ, id, fix_buf(0) + 8,
				0),
			 -EINVAL);
	/* the registers the guest's driver looks at */
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTFR, 4),
			 FR_TXFE | FR_RXFE);
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTCR, 4), 0x301);
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTPERIPHID0, 4), 0x11);
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTPERIPHID0 + 4, 4),
			 0x10);
	/* input from the root */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id,
				'a' | ('b' << 8), 2),
			 2);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 0, 9),
			 -EINVAL);
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTFR, 4), FR_TXFE);
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTDR, 4), 'a');
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTDR, 4), 'b');
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTFR, 4),
			 FR_TXFE | FR_RXFE);
	/* the input buffer holds 255 bytes; the rest is not taken */
	for (n = 0, taken = 0; n < 40; n++)
		taken += fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id,
				0x3030303030303030, 8);
	assert_int_equal(taken, 255);
	for (n = 0; n < 255; n++)
		assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTDR, 4), '0');
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTFR, 4),
			 FR_TXFE | FR_RXFE);
	/* with the RX interrupt unmasked, input interrupts vCPU 0 */
	wr(GUEST, FIX_CONSOLE_GPA + UARTIMSC, 4, INT_RX);
	irqs = fake_cpu(GUEST)->irqs;
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'c', 1), 1);
	assert_true(per_cpu(GUEST)->vcpu.pending_irqs[FIX_CONSOLE_IRQ / 32] &
		    BIT(FIX_CONSOLE_IRQ % 32));
	assert_int_equal(fake_cpu(GUEST)->irqs, irqs + 1);
	assert_true(per_cpu(GUEST)->vcpu.arch.irq_flushes > 0);
	assert_int_equal(rd(GUEST, FIX_CONSOLE_GPA + UARTMIS, 4), INT_RX);
}

static void test_guest_fault_fails_the_cell(void **state)
{
	struct hvisor_cell_info *info = (void *)fix_buf(0);
	unsigned int irqs = fake_counts()->root_irqs;
	struct cell_fault f = {
		.pc = 0x80001234,
		.syndrome = 0x93c08046,
		.gpa = 0x30000040,
		.va = 0xffff000030000040,
		.width = 4,
		.write = true,
		.reason = "stage-2 violation in the test",
	};
	long id;

	(void)state;
	id = start_guest(0x6);
	assert_int_equal(fake_vcpu_start(GUEST, 1, FIX_CELL_ENTRY, 0),
			 VCPU_POWER_OK);
	assert_true(fix_running(2));
	assert_int_equal(fake_guest_fault(2, &f), FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_FAILED);
	assert_int_equal(fake_cpu(1)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_cpu(2)->state, FAKE_CPU_OFF);
	assert_int_equal(fake_counts()->root_irqs, irqs + 1);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(0), 0), 0);
	assert_int_equal(info->state, HVISOR_CELL_FAILED);
	assert_int_equal(info->fault_pc, f.pc);
	assert_int_equal(info->fault_syndrome, f.syndrome);
	assert_int_equal(info->fault_gpa, f.gpa);
	assert_int_equal(info->fault_va, f.va);
	assert_int_equal(info->fault_width, 4);
	assert_int_equal(info->fault_write, 1);
	assert_int_equal(info->fault_cpu, 2);
	assert_string_equal(info->fault_reason, f.reason);
	assert_int_equal(info->exits[1][HVISOR_EXIT_OTHER], 1);
	/* started again, it runs with a clean record */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_START, id, 0, 0), 0);
	assert_true(fix_running(1));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(0), 0), 0);
	assert_int_equal(info->state, HVISOR_CELL_RUNNING);
	assert_int_equal(info->fault_pc, 0);
}

/* An access outside the cell: an abort for the guest, or a failed cell with "stop". */
static void test_guest_fault_policy(void **state)
{
	struct hvisor_cell_info *info = root_buffer(fix_buf(0), sizeof(*info));
	struct cell_fault f = {
		.pc = 0x80002000,
		.syndrome = 0x8200000f,
		.gpa = 0x40000000,
		.va = 0x40000000,
		.width = 4,
		.abortable = true,
		.reason = "fetch outside in the test",
	};
	struct fix_cell c;
	long id;

	(void)state;
	/* the default policy: logged, returned for the arch to inject */
	id = start_guest(0x6);
	assert_int_equal(fake_guest_fault(1, &f), FAKE_EXIT_RETURNED);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_RUNNING);
	assert_true(fix_log_has("vCPU 0: fetch outside in the test: abort "
				"injected",
				0));
	/* not abortable (an unknown trap): the cell fails all the same */
	f.abortable = false;
	assert_int_equal(fake_guest_fault(1, &f), FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_STATE, id, 0, 0),
			 HVISOR_CELL_FAILED);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0), 0);
	/* "stop": the same access fails the cell with the full record */
	f.abortable = true;
	fix_cell_default(&c, "stopper", 0x6, 0);
	c.d.flags = HVISOR_CELL_FLAG_FAULT_STOP;
	id = fix_create_started(&c);
	assert_true(id > 0);
	assert_int_equal(fake_guest_fault(1, &f), FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(0), 0), 0);
	assert_int_equal(info->state, HVISOR_CELL_FAILED);
	assert_int_equal(info->fault_pc, f.pc);
	assert_int_equal(info->fault_syndrome, f.syndrome);
	assert_int_equal(info->fault_gpa, f.gpa);
	assert_string_equal(info->fault_reason, f.reason);
}

/* A failure that is no trap's own record keeps the trap under way. */
static void test_cell_fail_records_the_exit(void **state)
{
	struct hvisor_cell_info *info = root_buffer(fix_buf(0), sizeof(*info));
	long id;

	(void)state;
	id = start_guest(0x6);
	per_cpu(1)->exit_pc = 0x90001234;
	per_cpu(1)->exit_syndrome = 0x5a004856;
	assert_int_equal(fake_guest_hypercall(1, 0x999, 0, 0, 0),
			 FAKE_NO_RETURN);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(0), 0), 0);
	assert_int_equal(info->state, HVISOR_CELL_FAILED);
	assert_int_equal(info->fault_pc, 0x90001234);
	assert_int_equal(info->fault_syndrome, 0x5a004856);
}

static void test_guest_fault_of_the_root_returns(void **state)
{
	struct cell_fault f = { .pc = 0x1000, .reason = "root pokes the GIC" };

	(void)state;
	assert_int_equal(fake_guest_fault(0, &f), FAKE_EXIT_RETURNED);
	assert_int_equal(fake_cpu(0)->state, FAKE_CPU_ON);
	assert_int_equal(root_cell.state, HVISOR_CELL_RUNNING);
	assert_true(
		fix_log_has("root pokes the GIC: blocked, abort injected", 0));
	assert_int_equal(fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_STATE, 0, 0),
			 1);
}

static void test_guest_calls(void **state)
{
	struct hvisor_cell_info *info = (void *)fix_buf(0);
	unsigned int irqs = fake_counts()->root_irqs;
	long id;

	(void)state;
	id = start_guest(0x2);
	assert_int_equal(fake_guest_hypercall(GUEST, HVISOR_HC_GUEST_DOORBELL,
					      0, 0, 0),
			 0);
	assert_int_equal(fake_counts()->root_irqs, irqs + 1);
	assert_int_equal(fix_cell(id)->doorbells, 1);
	/* the root rings the cell */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DOORBELL, id, 0, 0), 0);
	assert_true(per_cpu(GUEST)->vcpu.pending_irqs[FIX_DOORBELL_IRQ / 32] &
		    BIT(FIX_DOORBELL_IRQ % 32));
	assert_int_equal(fix_hc(HVISOR_HC_CELL_DOORBELL, id + 1, 0, 0),
			 -ENOENT);
	/* anything else fails the cell */
	assert_int_equal(fake_guest_hypercall(GUEST, 0x999, 0, 0, 0),
			 FAKE_NO_RETURN);
	assert_int_equal(fake_cpu(GUEST)->last.exit, FAKE_EXIT_OFF);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(0), 0), 0);
	assert_int_equal(info->state, HVISOR_CELL_FAILED);
	assert_string_equal(info->fault_reason, "unknown hypercall 0x999");
}

/* The root's daemon: answers the first request in the ring with `value`. */
struct daemon {
	struct hvisor_req_ring *ring;
	struct hvisor_request seen;
	unsigned int requests;
	bool answer;
	u64 value;
	struct fake_hc_args complete;
};

static void daemon_hook(unsigned int round, void *arg)
{
	struct daemon *d = arg;
	struct hvisor_req_ring *ring = d->ring;

	(void)round;
	if (ring->tail == ring->head)
		return;
	d->seen = ring->req[ring->tail % HVISOR_REQ_RING_ENTRIES];
	ring->tail++;
	d->requests++;
	if (!d->answer || !d->seen.blocking)
		return;
	d->complete = (struct fake_hc_args){
		HVISOR_HC_VIRTIO_COMPLETE,
		{ (u64)d->seen.cell << 32 | d->seen.vcpu, d->value,
		  d->seen.seq },
	};
	assert_true(fake_spawn(0, fake_fn_hypercall, &d->complete));
}

static long fn_access(struct per_cpu *c, void *arg)
{
	struct emu_context *ctx = arg;

	ctx->cell = c->cell;
	ctx->cpu = c->cpu_id;
	return mmio_dispatch(ctx);
}

static void test_virtio_forwarding(void **state)
{
	struct daemon d = { .answer = true, .value = 0x0f };
	struct emu_context ctx = { .address = VIRTIO_GPA + VIRTIO_STATUS,
				   .width = 4 };
	long id;

	(void)state;
	id = start_guest(0x2);
	d.ring = (void *)fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_REQ_RING_PA, 0,
				0);
	assert_int_equal(d.ring->magic, HVISOR_REQ_RING_MAGIC);
	fake_set_hook(daemon_hook, &d);
	/* a read waits for the daemon's answer */
	assert_true(fake_spawn(GUEST, fn_access, &ctx));
	fake_run();
	assert_int_equal(fake_cpu(GUEST)->last.ret, MMIO_HANDLED);
	assert_int_equal(ctx.value, 0x0f);
	assert_int_equal(d.requests, 1);
	assert_int_equal(d.seen.cell, id);
	assert_int_equal(d.seen.vcpu, 0);
	assert_int_equal(d.seen.address, VIRTIO_GPA + VIRTIO_STATUS);
	assert_int_equal(d.seen.width, 4);
	assert_int_equal(d.seen.region, 2);
	assert_true(d.seen.blocking && !d.seen.write);
	assert_int_equal(fake_cpu(0)->last.ret, 0); /* the completion */
	/* a completion for a request that is not waiting is refused */
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_COMPLETE, (u64)id << 32, 0x0f,
				d.seen.seq),
			 -ENOENT);
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_COMPLETE, (u64)id << 32 | 1,
				0x0f, d.seen.seq),
			 -ENOENT);
	/* a queue notification does not wait */
	wr(GUEST, VIRTIO_GPA + VIRTIO_NOTIFY, 4, 0);
	assert_int_equal(d.requests, 2);
	assert_false(d.seen.blocking);
	/* no answer: the device breaks, reads need-reset without asking */
	d.answer = false;
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_SET_TIMEOUT, 10, 0, 0), 0);
	assert_int_equal(rd(GUEST, VIRTIO_GPA + 0x10, 4), 0xffffffffffffffff);
	assert_true(fix_log_has("device needs reset", 0));
	assert_int_equal(d.ring->timeouts, 1);
	assert_int_equal(rd(GUEST, VIRTIO_GPA + VIRTIO_STATUS, 4), 0x40);
	assert_int_equal(d.requests, 3);
	fake_set_hook(NULL, NULL);
}

/* The root stops a cell whose vCPU waits for the daemon. */
static void test_virtio_wait_ends_on_stop(void **state)
{
	struct daemon d = { .answer = false };
	struct emu_context ctx = { .address = VIRTIO_GPA + VIRTIO_STATUS,
				   .width = 4 };
	long id;

	(void)state;
	id = start_guest(0x2);
	d.ring = (void *)fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_REQ_RING_PA, 0,
				0);
	fake_set_hook(daemon_hook, &d);
	assert_true(fake_spawn(GUEST, fn_access, &ctx));
	assert_true(fake_spawn(0, fake_fn_hypercall,
			       &(struct fake_hc_args){ HVISOR_HC_CELL_DESTROY,
						       { id, 0, 0 } }));
	fake_run();
	fake_set_hook(NULL, NULL);
	assert_int_equal(d.requests, 1);
	assert_int_equal(fake_cpu(0)->last.ret, 0);
	assert_int_equal(fake_cpu(GUEST)->last.exit, FAKE_EXIT_OFF);
	assert_null(fix_cell(id));
	assert_int_equal(fix_online(GUEST), VCPU_POWER_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_testdev, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unregistered_addresses,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_model, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guest_fault_fails_the_cell,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_fault_policy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cell_fail_records_the_exit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_guest_fault_of_the_root_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_calls, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_virtio_forwarding, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_virtio_wait_ends_on_stop,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
