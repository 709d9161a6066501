/* Unit tests of virtio forwarding on the fake arch: quotas, merging, the blocking reserve, waits for ring space, interrupt status, posted writes, timeouts, one root interrupt per batch. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/vcpu.h>
#include <hvisor/hypercall.h>
#include <hvisor/virtio.h>

#include "hv_fixture.h"

#define VIRTIO_GPA 0x0a000000UL
#define VIRTIO_GPA2 0x0a001000UL
#define VIRTIO_STATUS 0x070
#define VIRTIO_NOTIFY 0x050
#define VIRTIO_QUEUE_SEL 0x030
#define VIRTIO_ISR 0x060
#define VIRTIO_ACK 0x064
#define VIRTIO_CONFIG 0x100
#define VIRTIO_IRQ 80
#define ENTRIES HVISOR_REQ_RING_ENTRIES

#define setup fix_test_setup_enabled
#define teardown fix_test_teardown

/*
 * A cell on cpu (RAM slot slot) with two virtio regions: 2 (interrupt
 * VIRTIO_IRQ) and 3 (none).
 */
static long start_cell(const char *name, unsigned int cpu, unsigned int slot)
{
	struct fix_cell c;
	long id;

	fix_cell_default(&c, name, 1ul << cpu, slot);
	fix_cell_add(&c, 0, VIRTIO_GPA, PAGE_SIZE,
		     VIRTIO_IRQ << HVISOR_MEM_VIRTIO_IRQ_SHIFT,
		     HVISOR_MEM_TYPE_VIRTIO);
	fix_cell_add(&c, 0, VIRTIO_GPA2, PAGE_SIZE, 0, HVISOR_MEM_TYPE_VIRTIO);
	id = fix_create_started(&c);
	assert_true(id > 0);
	return id;
}

static struct hvisor_req_ring *get_ring(void)
{
	return (void *)fix_hc(HVISOR_HC_GET_INFO, HVISOR_INFO_REQ_RING_PA, 0,
			      0);
}

static void notify(unsigned int cpu, u64 gpa, u64 queue)
{
	assert_int_equal(fake_mmio(cpu, gpa + VIRTIO_NOTIFY, 4, true, &queue),
			 MMIO_HANDLED);
}

static unsigned int queued(const struct hvisor_req_ring *ring)
{
	return ring->head - ring->tail;
}

static void test_ring_abi(void **state)
{
	struct hvisor_req_ring *ring = get_ring();

	(void)state;
	assert_int_equal(ring->magic, HVISOR_REQ_RING_MAGIC);
	assert_int_equal(ring->entries, ENTRIES);
	assert_int_equal(ring->abi, HVISOR_REQ_RING_ABI);
	assert_int_equal(offsetof(struct hvisor_req_ring, req), 80);
	assert_true(sizeof(*ring) <= HVISOR_REQ_RING_SIZE);
}

/* A flooding cell gets its quota, then its notifications are dropped. */
static void test_notify_quota(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	unsigned int irqs, i;
	long a, b;

	(void)state;
	a = start_cell("a", 1, 0);
	b = start_cell("b", 2, 1);
	irqs = fake_counts()->root_irqs;
	for (i = 0; i < 100; i++)
		notify(1, VIRTIO_GPA, i); /* new queue numbers: no merging */
	assert_int_equal(queued(ring), HVISOR_REQ_NOTIFY_PER_CELL);
	assert_int_equal(ring->dropped, 100 - HVISOR_REQ_NOTIFY_PER_CELL);
	assert_int_equal(ring->coalesced, 0);
	/*
	 * one interrupt for the batch (the root takes none meanwhile), and
	 * the drops are flagged for the region, with one interrupt
	 */
	assert_int_equal(ring->signals_skipped, HVISOR_REQ_NOTIFY_PER_CELL - 1);
	assert_int_equal(ring->drops[a % HVISOR_REQ_DROP_SLOTS], 1ul << 2);
	assert_int_equal(fake_counts()->root_irqs, irqs + 1 + 1);
	/* its other region is flagged too when it drops there */
	notify(1, VIRTIO_GPA2, 0);
	assert_int_equal(ring->drops[a % HVISOR_REQ_DROP_SLOTS],
			 1ul << 2 | 1ul << 3);
	/* the neighbour has its own quota */
	for (i = 0; i < HVISOR_REQ_NOTIFY_PER_CELL; i++)
		notify(2, VIRTIO_GPA, i);
	assert_int_equal(queued(ring), 2 * HVISOR_REQ_NOTIFY_PER_CELL);
	assert_int_equal(ring->drops[b % HVISOR_REQ_DROP_SLOTS], 0);
	/* the root takes the bits: the next drop flags and interrupts again */
	ring->drops[a % HVISOR_REQ_DROP_SLOTS] = 0;
	irqs = fake_counts()->root_irqs;
	notify(1, VIRTIO_GPA, 1000);
	notify(1, VIRTIO_GPA, 1001);
	assert_int_equal(ring->drops[a % HVISOR_REQ_DROP_SLOTS], 1ul << 2);
	assert_int_equal(fake_counts()->root_irqs, irqs + 1);
	/* consumed entries free the quota */
	ring->tail += HVISOR_REQ_NOTIFY_PER_CELL;
	notify(1, VIRTIO_GPA, 5);
	assert_int_equal(queued(ring), HVISOR_REQ_NOTIFY_PER_CELL + 1);
	assert_int_equal(ring->req[(ring->head - 1) % ENTRIES].cell, a);
}

/*
 * One root interrupt per batch: an entry raises it only when the root has
 * taken every entry before it; while the root is behind it finds the new
 * one in the same drain.
 */
static void test_signal_per_batch(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	unsigned int irqs;

	(void)state;
	start_cell("a", 1, 0);
	irqs = fake_counts()->root_irqs;
	notify(1, VIRTIO_GPA, 0); /* empty ring: the root may sleep */
	assert_int_equal(fake_counts()->root_irqs, irqs + 1);
	notify(1, VIRTIO_GPA, 1); /* the first not taken yet */
	notify(1, VIRTIO_GPA, 2);
	assert_int_equal(fake_counts()->root_irqs, irqs + 1);
	assert_int_equal(ring->signals_skipped, 2);
	ring->tail += 2; /* the root took two, one left: it is draining */
	notify(1, VIRTIO_GPA, 3);
	assert_int_equal(fake_counts()->root_irqs, irqs + 1);
	ring->tail = ring->head; /* all taken: the next one wakes it */
	notify(1, VIRTIO_GPA, 4);
	assert_int_equal(fake_counts()->root_irqs, irqs + 2);
	assert_int_equal(ring->signals_skipped, 3);
}

/* A notification of a queue still in the ring is merged into it. */
static void test_notify_merged(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	unsigned int i;

	(void)state;
	start_cell("a", 1, 0);
	start_cell("b", 2, 1);
	for (i = 0; i < 50; i++) {
		notify(1, VIRTIO_GPA, 0);
		notify(1, VIRTIO_GPA, 1);
	}
	notify(1, VIRTIO_GPA2, 0); /* another device: its own entry */
	notify(2, VIRTIO_GPA, 0); /* another cell: likewise */
	assert_int_equal(queued(ring), 4);
	assert_int_equal(ring->coalesced, 98);
	assert_int_equal(ring->dropped, 0);
	/* once the root took the entry, a notification queues again */
	ring->tail++;
	notify(1, VIRTIO_GPA, 0);
	assert_int_equal(queued(ring), 4);
	assert_int_equal(ring->req[(ring->head - 1) % ENTRIES].value, 0);
	assert_int_equal(ring->coalesced, 98);
}

/* Answers the blocking requests in the ring (without consuming them). */
struct answerer {
	struct hvisor_req_ring *ring;
	u64 value;
	unsigned int answered, restore_at;
	u32 restore_tail;
	unsigned int kicks_before, kicks_after;
	long wake_ret;
	struct fake_hc_args hc;
};

static void answer_hook(unsigned int round, void *arg)
{
	struct answerer *an = arg;
	struct hvisor_req_ring *ring = an->ring;
	struct hvisor_request *r;
	u32 i;

	if (an->restore_at && round == an->restore_at + 1) {
		/* what the wake-up call did */
		an->kicks_after = fake_cpu(1)->kicks;
		an->wake_ret = fake_cpu(0)->last.ret;
	}
	if (an->restore_at && round == an->restore_at) {
		/* the root frees room and says so */
		an->kicks_before = fake_cpu(1)->kicks;
		ring->tail = an->restore_tail;
		an->hc = (struct fake_hc_args){ HVISOR_HC_VIRTIO_COMPLETE,
						{ 0, 0, 0 } };
		assert_true(fake_spawn(0, fake_fn_hypercall, &an->hc));
		return;
	}
	if (ring->head - ring->tail > ENTRIES)
		return;
	for (i = ring->tail; i != ring->head; i++) {
		r = &ring->req[i % ENTRIES];
		if (!r->blocking || !r->seq)
			continue;
		an->hc = (struct fake_hc_args){
			HVISOR_HC_VIRTIO_COMPLETE,
			{ (u64)r->cell << 32 | r->vcpu, an->value, r->seq },
		};
		r->seq = 0; /* answered */
		an->answered++;
		assert_true(fake_spawn(0, fake_fn_hypercall, &an->hc));
		return;
	}
}

static long fn_read(struct per_cpu *c, void *arg)
{
	struct emu_context *ctx = arg;

	ctx->cell = c->cell;
	ctx->cpu = c->cpu_id;
	return mmio_dispatch(ctx);
}

/*
 * Notifications left by cells that are gone fill the notification part of
 * the ring: a live cell's notification is dropped (flagged), its blocking
 * read still finds a reserved entry at once.
 */
static void test_blocking_reserve(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	struct answerer an = { .ring = ring, .value = 0x74726976 };
	struct emu_context ctx = { .address = VIRTIO_GPA, .width = 4 };
	unsigned int n, i;
	long id;

	(void)state;
	for (n = 0; n < HVISOR_REQ_NOTIFY_MAX / HVISOR_REQ_NOTIFY_PER_CELL;
	     n++) {
		id = start_cell("gone", 1, 0);
		for (i = 0; i < HVISOR_REQ_NOTIFY_PER_CELL; i++)
			notify(1, VIRTIO_GPA, i);
		assert_int_equal(fix_destroy(id), 0);
	}
	assert_int_equal(queued(ring), HVISOR_REQ_NOTIFY_MAX);
	id = start_cell("live", 1, 0);
	notify(1, VIRTIO_GPA, 0);
	assert_int_equal(queued(ring), HVISOR_REQ_NOTIFY_MAX);
	assert_int_equal(ring->drops[id % HVISOR_REQ_DROP_SLOTS], 1ul << 2);
	fake_set_hook(answer_hook, &an);
	assert_true(fake_spawn(1, fn_read, &ctx));
	fake_run();
	fake_set_hook(NULL, NULL);
	assert_int_equal(an.answered, 1);
	assert_int_equal(ctx.value, 0x74726976);
	assert_int_equal(queued(ring), HVISOR_REQ_NOTIFY_MAX + 1);
	assert_int_equal(ring->timeouts, 0);
	assert_int_equal(ring->space_waiters, 0);
}

/*
 * A root that does not consume: the ring is full. A blocking read waits;
 * the root frees room and calls COMPLETE with seq 0: the read goes in
 * long before its deadline and is answered.
 */
static void test_space_wait_woken(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	struct answerer an = { .ring = ring, .value = 7, .restore_at = 50 };
	struct emu_context ctx = { .address = VIRTIO_GPA + VIRTIO_STATUS,
				   .width = 4 };
	u64 t0;

	(void)state;
	start_cell("a", 1, 0);
	an.restore_tail = ring->tail;
	ring->tail = ring->head - ENTRIES; /* as if ENTRIES were queued */
	fake_set_hook(answer_hook, &an);
	t0 = fake_now();
	assert_true(fake_spawn(1, fn_read, &ctx));
	fake_run();
	fake_set_hook(NULL, NULL);
	assert_int_equal(ctx.value, 7);
	assert_int_equal(an.answered, 1);
	assert_int_equal(ring->timeouts, 0);
	assert_int_equal(ring->space_waiters, 0);
	assert_true(fake_now() - t0 < HVISOR_VIRTIO_TIMEOUT_MS / 10);
	/* the call with seq 0 kicked the waiting CPU */
	assert_int_equal(an.wake_ret, 0);
	assert_true(an.kicks_after > an.kicks_before);
}

/* The root destroys a cell whose vCPU waits for ring space: it stops. */
static void test_space_wait_ends_on_stop(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	struct emu_context ctx = { .address = VIRTIO_GPA + VIRTIO_STATUS,
				   .width = 4 };
	long id;

	(void)state;
	id = start_cell("a", 1, 0);
	ring->tail = ring->head - ENTRIES;
	assert_true(fake_spawn(1, fn_read, &ctx));
	assert_true(fake_spawn(0, fake_fn_hypercall,
			       &(struct fake_hc_args){ HVISOR_HC_CELL_DESTROY,
						       { id, 0, 0 } }));
	fake_run();
	assert_int_equal(fake_cpu(0)->last.ret, 0);
	assert_int_equal(fake_cpu(1)->last.exit, FAKE_EXIT_OFF);
	assert_null(fix_cell(id));
	assert_int_equal(ring->space_waiters, 0);
	assert_int_equal(ring->timeouts, 0);
	ring->tail = ring->head;
	assert_int_equal(fix_online(1), VCPU_POWER_OK);
}

/* Nobody frees room: the read times out, the device breaks, nothing waits. */
static void test_space_wait_times_out(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	struct emu_context ctx = { .address = VIRTIO_GPA, .width = 4 };

	(void)state;
	start_cell("a", 1, 0);
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_SET_TIMEOUT, 100, 0, 0), 0);
	ring->tail = ring->head - ENTRIES;
	assert_true(fake_spawn(1, fn_read, &ctx));
	fake_run();
	assert_int_equal(ctx.value, ~0ul);
	assert_int_equal(ring->timeouts, 1);
	assert_int_equal(ring->space_waiters, 0);
	assert_true(fix_log_has("device needs reset", 0));
	ring->tail = ring->head;
}

static u64 mmio(unsigned int cpu, u64 address, bool write, u64 value)
{
	assert_int_equal(fake_mmio(cpu, address, 4, write, &value),
			 MMIO_HANDLED);
	return value;
}

/*
 * InterruptStatus and InterruptACK are the hypervisor's: the root sets
 * bits with VIRTIO_INJECT, the guest reads and acknowledges them without
 * a request in the ring; a reset clears them; each region has its own.
 */
static void test_isr_local(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	u32 head;
	long id;

	(void)state;
	id = start_cell("a", 1, 0);
	head = ring->head;
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_INJECT, id, VIRTIO_IRQ,
				2ul << 32 | 1),
			 0);
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0), 1);
	assert_int_equal(mmio(1, VIRTIO_GPA2 + VIRTIO_ISR, false, 0), 0);
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_INJECT, id, VIRTIO_IRQ,
				2ul << 32 | 2),
			 0);
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0), 3);
	mmio(1, VIRTIO_GPA + VIRTIO_ACK, true, 1);
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0), 2);
	/* bits 0: only an injection, as ABI 2 did */
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_INJECT, id, VIRTIO_IRQ, 0), 0);
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0), 2);
	/* no such region; garbage above the region */
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_INJECT, id, VIRTIO_IRQ,
				64ul << 32 | 1),
			 -EINVAL);
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_INJECT, id, VIRTIO_IRQ,
				1ul << 48 | 1),
			 -EINVAL);
	assert_int_equal(ring->head, head); /* nothing went to the root */
	/* a reset (forwarded: blocking, answered) clears the status */
	ring->tail = ring->head - ENTRIES; /* full: the write times out */
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_SET_TIMEOUT, 10, 0, 0), 0);
	mmio(1, VIRTIO_GPA + VIRTIO_STATUS, true, 0);
	ring->tail = ring->head;
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0),
			 2); /* the timeout said: configuration changed */
	mmio(1, VIRTIO_GPA + VIRTIO_ACK, true, 2);
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0), 0);
}

/*
 * Writes other than Status and QueueReady are posted, in order, within
 * the cell's quota; over it a write waits for its answer like a read.
 */
static void test_posted_writes(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	struct answerer an = { .ring = ring };
	struct emu_context ctx = { .address = VIRTIO_GPA + VIRTIO_QUEUE_SEL,
				   .width = 4,
				   .write = true };
	const struct hvisor_request *r;
	unsigned int i;

	(void)state;
	start_cell("a", 1, 0);
	for (i = 0; i < HVISOR_REQ_NOTIFY_PER_CELL; i++)
		mmio(1, VIRTIO_GPA + VIRTIO_QUEUE_SEL, true, i);
	assert_int_equal(queued(ring), HVISOR_REQ_NOTIFY_PER_CELL);
	for (i = 0; i < HVISOR_REQ_NOTIFY_PER_CELL; i++) {
		r = &ring->req[(ring->tail + i) % ENTRIES];
		assert_int_equal(r->blocking, 0);
		assert_int_equal(r->write, 1);
		assert_int_equal(r->value, i);
	}
	assert_int_equal(ring->dropped, 0);
	/* over the quota: blocking, not dropped */
	ctx.value = 99;
	fake_set_hook(answer_hook, &an);
	assert_true(fake_spawn(1, fn_read, &ctx));
	fake_run();
	fake_set_hook(NULL, NULL);
	assert_int_equal(an.answered, 1);
	r = &ring->req[(ring->head - 1) % ENTRIES];
	assert_int_equal(r->blocking, 1);
	assert_int_equal(r->value, 99);
	assert_int_equal(ring->dropped, 0);
	assert_int_equal(ring->timeouts, 0);
}

/*
 * A device that times out keeps its config bytes as last read, says
 * NEEDS_RESET and raises a configuration-change interrupt.
 */
static void test_timeout_keeps_config(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	struct answerer an = { .ring = ring, .value = 0x12345678 };
	struct emu_context ctx = { .address = VIRTIO_GPA + VIRTIO_CONFIG,
				   .width = 4 };
	struct vcpu *v;
	u64 sleeps;
	long id;

	(void)state;
	id = start_cell("a", 1, 0);
	v = cell_vcpu(fix_cell(id), 0);
	fake_set_hook(answer_hook, &an);
	assert_true(fake_spawn(1, fn_read, &ctx));
	fake_run();
	fake_set_hook(NULL, NULL);
	assert_int_equal(ctx.value, 0x12345678);
	ring->tail = ring->head;
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_SET_TIMEOUT, 100, 0, 0), 0);
	v->pending_irqs[VIRTIO_IRQ / 32] = 0;
	/* nobody answers: the read times out, each of its sleeps counted */
	ctx.value = 0;
	sleeps = ring->wait_sleeps;
	assert_true(fake_spawn(1, fn_read, &ctx));
	fake_run();
	assert_int_equal(ring->timeouts, 1);
	/* the fake's clock moves 1 ms per sleep (and more elsewhere) */
	assert_true(ring->wait_sleeps - sleeps >= 10);
	assert_true(ring->wait_sleeps - sleeps <= 100);
	assert_int_equal(ctx.value, 0x12345678);
	assert_true(v->pending_irqs[VIRTIO_IRQ / 32] &
		    (1u << (VIRTIO_IRQ % 32)));
	ring->tail = ring->head;
	/* broken: answered here, nothing queued */
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_CONFIG, false, 0),
			 0x12345678);
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_CONFIG + 4, false, 0),
			 0xffffffff); /* never answered */
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_STATUS, false, 0), 0x40);
	assert_int_equal(mmio(1, VIRTIO_GPA + VIRTIO_ISR, false, 0), 2);
	assert_int_equal(queued(ring), 0);
}

/*
 * A daemon takes a blocking read and dies: the vCPU still waits. The next
 * daemon calls VIRTIO_REPLAY: the read is queued again with its seq
 * (once: a second call finds it in the ring), answered, and the vCPU gets
 * the value, with no timeout.
 */
struct replayer {
	struct answerer an;
	unsigned int phase;
	u64 seq;
	long replayed, again;
	struct fake_hc_args hc;
};

static void replay_hook(unsigned int round, void *arg)
{
	struct replayer *rp = arg;
	struct hvisor_req_ring *ring = rp->an.ring;

	switch (rp->phase) {
	case 0: /* the dying daemon takes the request */
		if (ring->head == ring->tail)
			return;
		rp->seq = ring->req[ring->tail % ENTRIES].seq;
		ring->tail = ring->head;
		rp->phase = 1;
		return;
	case 1: /* a new daemon */
		rp->hc = (struct fake_hc_args){ HVISOR_HC_VIRTIO_REPLAY,
						{ 0, 0, 0 } };
		assert_true(fake_spawn(0, fake_fn_hypercall, &rp->hc));
		rp->phase = 2;
		return;
	case 2:
		rp->replayed = fake_cpu(0)->last.ret;
		rp->hc = (struct fake_hc_args){ HVISOR_HC_VIRTIO_REPLAY,
						{ 0, 0, 0 } };
		assert_true(fake_spawn(0, fake_fn_hypercall, &rp->hc));
		rp->phase = 3;
		return;
	case 3:
		rp->again = fake_cpu(0)->last.ret;
		rp->phase = 4;
		return;
	default:
		answer_hook(round, &rp->an);
	}
}

static void test_replay(void **state)
{
	struct hvisor_req_ring *ring = get_ring();
	struct replayer rp = { .an = { .ring = ring, .value = 0x2a } };
	struct emu_context ctx = { .address = VIRTIO_GPA + VIRTIO_CONFIG,
				   .width = 4 };
	const struct hvisor_request *r;

	(void)state;
	start_cell("a", 1, 0);
	fake_set_hook(replay_hook, &rp);
	assert_true(fake_spawn(1, fn_read, &ctx));
	fake_run();
	fake_set_hook(NULL, NULL);
	assert_int_equal(rp.replayed, 1);
	assert_int_equal(rp.again, 0);
	assert_int_equal(rp.an.answered, 1);
	assert_int_equal(ctx.value, 0x2a);
	assert_int_equal(ring->timeouts, 0);
	r = &ring->req[(ring->head - 1) % ENTRIES];
	assert_int_equal(r->address, VIRTIO_GPA + VIRTIO_CONFIG);
	/* answered: nothing waits, nothing to replay */
	assert_int_equal(fix_hc(HVISOR_HC_VIRTIO_REPLAY, 0, 0, 0), 0);
	(void)rp.seq;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ring_abi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_quota, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_signal_per_batch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_notify_merged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_blocking_reserve, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_space_wait_woken, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_space_wait_ends_on_stop,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_space_wait_times_out,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_isr_local, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_posted_writes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_timeout_keeps_config,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
