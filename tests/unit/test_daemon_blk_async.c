/* virtio-blk served asynchronously (a fake engine that completes when told), in-flight requests kept across a daemon's death, exactly once. */
#include "dlog.h"
#include "test_daemon_guest.h"
#include "vblk.h"

#include <linux/virtio_mmio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#define F_NEXT VRING_DESC_F_NEXT
#define F_WRITE VRING_DESC_F_WRITE
#define DISK_SECTORS 64
#define NREQ 8
#define OK_STATUS 0xf

/* The engine: holds what it is given until the test completes it. */
struct fake_engine {
	struct vblk_req *held[VBLK_MAX_REQS];
	unsigned int n, commits, drains;
};

static int fe_submit(void *ctx, struct vblk_req *r)
{
	struct fake_engine *fe = ctx;

	fe->held[fe->n++] = r;
	return 0;
}

static void fe_commit(void *ctx)
{
	((struct fake_engine *)ctx)->commits++;
}

/* Does held request i's I/O and completes it. */
static void fe_finish(struct fake_engine *fe, unsigned int i)
{
	struct vblk_req *r = fe->held[i];
	ssize_t n = 0;

	memmove(&fe->held[i], &fe->held[i + 1],
		(fe->n - i - 1) * sizeof(fe->held[0]));
	fe->n--;
	if (r->op == VBLK_OP_READ)
		n = preadv(r->b->fd, r->iov, r->niov, (off_t)r->off);
	else if (r->op == VBLK_OP_WRITE)
		n = pwritev(r->b->fd, r->iov, r->niov, (off_t)r->off);
	vblk_complete(r, n == (ssize_t)r->len ? VIRTIO_BLK_S_OK :
						VIRTIO_BLK_S_IOERR);
}

static void fe_drain(void *ctx)
{
	struct fake_engine *fe = ctx;

	fe->drains++;
	while (fe->n)
		fe_finish(fe, fe->n - 1);
}

static const struct vblk_engine fake = {
	.submit = fe_submit,
	.commit = fe_commit,
	.drain = fe_drain,
};

struct fixture {
	struct fguest g;
	struct fqueue q;
	struct vblk b;
	struct fake_engine fe;
	struct vmmio_saved *saved;
	int fd;
	uint64_t hdr[NREQ], data[NREQ], status[NREQ];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint8_t sector[512];
	unsigned int i;

	if (!f)
		return -1;
	dlog_quiet = true;
	fg_init(&f->g);
	f->fd = memfd_create("disk", 0);
	for (i = 0; i < DISK_SECTORS; i++) {
		memset(sector, (int)i, sizeof(sector));
		if (write(f->fd, sector, sizeof(sector)) != sizeof(sector))
			return -1;
	}
	f->saved = calloc(1, sizeof(*f->saved));
	vblk_init(&f->b, "virtio-blk test@0x0a000000", &f->g.mem, f->fd,
		  DISK_SECTORS * 512, false, "serial");
	f->b.dev.irq = fg_irq;
	f->b.dev.irq_ctx = &f->g;
	f->b.dev.saved = f->saved;
	vmmio_saved_bind(&f->b.dev, 7, 99);
	if (vblk_set_engine(&f->b, &fake, &f->fe))
		return -1;
	fq_init(&f->q, &f->g, 32);
	for (i = 0; i < NREQ; i++) {
		f->hdr[i] = fg_alloc(&f->g, 16, 16);
		f->data[i] = fg_alloc(&f->g, 512, 512);
		f->status[i] = fg_alloc(&f->g, 1, 1);
	}
	assert_int_equal(fg_driver_init(&f->b.dev, &f->q, 1, ~0ull), OK_STATUS);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vblk_free(&f->b);
	close(f->fd);
	fg_free(&f->g);
	free(f->saved);
	free(f);
	return 0;
}

/* Request k (head 3k): a read of sector 10 + k, or a write of k's byte there. */
static void make_request(struct fixture *f, unsigned int k, bool write)
{
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr[k]);
	uint16_t d = (uint16_t)(3 * k);

	h->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	h->ioprio = 0;
	h->sector = 10 + k;
	memset(fg_ptr(&f->g, f->data[k]), write ? 0xa0 + (int)k : 0, 512);
	*(uint8_t *)fg_ptr(&f->g, f->status[k]) = 0xee;
	fq_desc(&f->q, d, f->hdr[k], 16, F_NEXT, d + 1);
	fq_desc(&f->q, d + 1, f->data[k], 512, F_NEXT | (write ? 0 : F_WRITE),
		d + 2);
	fq_desc(&f->q, d + 2, f->status[k], 1, F_WRITE, 0);
	fq_push_avail(&f->q, d);
}

static uint8_t status_of(struct fixture *f, unsigned int k)
{
	return *(uint8_t *)fg_ptr(&f->g, f->status[k]);
}

static void notify(struct vmmio *d)
{
	vmmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 0);
}

/*
 * Many requests in flight at once, completed in another order than they
 * came: each gets its own data and status, the used ring says which is
 * which, one interrupt per batch of completions.
 */
static void test_out_of_order(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;
	unsigned int k, irqs;
	uint8_t *p;

	for (k = 0; k < NREQ; k++)
		make_request(f, k, false);
	notify(&f->b.dev);
	assert_int_equal(f->fe.n, NREQ);
	assert_int_equal(f->fe.commits, 1);
	assert_int_equal(f->b.inflight, NREQ);
	assert_int_equal(f->b.max_inflight, NREQ);
	assert_int_equal(fq_used_idx(&f->q), 0);
	irqs = f->g.irqs;
	/* the last three, newest first, in one batch */
	fe_finish(&f->fe, 7);
	fe_finish(&f->fe, 6);
	fe_finish(&f->fe, 5);
	assert_int_equal(f->g.irqs, irqs); /* not before the batch ends */
	vblk_flush_used(&f->b);
	assert_int_equal(f->g.irqs, irqs + 1);
	for (k = 7; k >= 5; k--) {
		assert_true(fq_pop_used(&f->q, &id, &len));
		assert_int_equal(id, 3 * k);
		assert_int_equal(len, 513);
		assert_int_equal(status_of(f, k), VIRTIO_BLK_S_OK);
		p = fg_ptr(&f->g, f->data[k]);
		assert_int_equal(p[0], 10 + k);
		assert_int_equal(p[511], 10 + k);
	}
	assert_int_equal(status_of(f, 0), 0xee); /* not done yet */
	while (f->fe.n)
		fe_finish(&f->fe, 0);
	vblk_flush_used(&f->b);
	for (k = 0; k < 5; k++) {
		assert_true(fq_pop_used(&f->q, &id, &len));
		assert_int_equal(id, 3 * k);
		assert_int_equal(status_of(f, k), VIRTIO_BLK_S_OK);
	}
	assert_false(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(f->b.completions, NREQ);
}

/* A reset waits for the requests in flight; none reaches the reset queue. */
static void test_reset_drains(void **state)
{
	struct fixture *f = *state;
	unsigned int k;

	for (k = 0; k < 4; k++)
		make_request(f, k, true);
	notify(&f->b.dev);
	assert_int_equal(f->fe.n, 4);
	vmmio_write(&f->b.dev, VIRTIO_MMIO_STATUS, 4, 0);
	assert_int_equal(f->fe.drains, 1);
	assert_int_equal(f->fe.n, 0);
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(fq_used_idx(&f->q), 0);
	for (k = 0; k < 4; k++)
		assert_int_equal(status_of(f, k), 0xee);
}

/*
 * The daemon dies with 8 writes taken, 3 of them completed: a new one
 * resumes from the saved state, serves the other 5 and a request made
 * while no daemon ran, each once; the disk has every write.
 */
static void test_resume_in_flight(void **state)
{
	struct fixture *f = *state;
	struct vblk *b2 = calloc(1, sizeof(*b2));
	bool seen[NREQ + 1] = { false };
	uint8_t buf[512];
	uint32_t id, len;
	unsigned int k, n = 0;

	assert_non_null(b2);
	for (k = 0; k < NREQ - 1; k++)
		make_request(f, k, true);
	notify(&f->b.dev);
	fe_finish(&f->fe, 2);
	fe_finish(&f->fe, 0);
	fe_finish(&f->fe, 4);
	vblk_flush_used(&f->b);
	assert_int_equal(f->fe.n, NREQ - 4);
	/* dies: its held requests are never completed; one more comes */
	make_request(f, NREQ - 1, true);
	vblk_init(b2, "virtio-blk test@0x0a000000", &f->g.mem, f->fd,
		  DISK_SECTORS * 512, false, "serial");
	b2->dev.irq = fg_irq;
	b2->dev.irq_ctx = &f->g;
	b2->dev.saved = f->saved;
	assert_true(vmmio_restore(&b2->dev, 7, 99));
	assert_int_equal(virtq_replay_pending(&b2->dev.vq[0]), NREQ - 4);
	vmmio_poll(&b2->dev); /* synchronous: served at once */
	while (fq_pop_used(&f->q, &id, &len)) {
		assert_int_equal(id % 3, 0);
		assert_false(seen[id / 3]);
		seen[id / 3] = true;
		assert_int_equal(status_of(f, id / 3), VIRTIO_BLK_S_OK);
		n++;
	}
	assert_int_equal(n, NREQ);
	for (k = 0; k < NREQ; k++) {
		assert_true(seen[k]);
		assert_int_equal(pread(f->fd, buf, 512, (10 + k) * 512), 512);
		assert_int_equal(buf[0], 0xa0 + k);
	}
	/* nothing is served twice, by this daemon or the next */
	vmmio_poll(&b2->dev);
	assert_false(fq_pop_used(&f->q, &id, &len));
	assert_true(vmmio_restore(&b2->dev, 7, 99));
	assert_int_equal(virtq_replay_pending(&b2->dev.vq[0]), 0);
	vmmio_poll(&b2->dev);
	assert_false(fq_pop_used(&f->q, &id, &len));
	free(b2);
}

/*
 * Deaths between two steps of the bookkeeping: after a used entry was
 * published but before its head was cleared, and after a head was marked
 * out but before last_avail moved past it. Neither is served twice or
 * lost.
 */
static void test_resume_torn(void **state)
{
	struct fixture *f = *state;
	struct virtq_track *t = &f->saved->track[0];
	uint32_t id, len;
	unsigned int n = 0;

	make_request(f, 0, true);
	make_request(f, 1, true);
	notify(&f->b.dev);
	fe_finish(&f->fe, 0); /* head 0 done and published */
	vblk_flush_used(&f->b);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(id, 0);
	/* torn: head 0's bit still set, the saved used index one behind */
	t->inflight[0] |= 1u;
	t->used_idx--;
	/* torn: head 6 (request 2) marked out, last_avail not moved */
	make_request(f, 2, true);
	t->inflight[0] |= 1u << 6;
	vblk_free(&f->b);
	vblk_init(&f->b, "virtio-blk test@0x0a000000", &f->g.mem, f->fd,
		  DISK_SECTORS * 512, false, "serial");
	f->b.dev.saved = f->saved;
	assert_true(vmmio_restore(&f->b.dev, 7, 99));
	/* only head 3 (request 1) was out */
	assert_int_equal(virtq_replay_pending(&f->b.dev.vq[0]), 1);
	vmmio_poll(&f->b.dev);
	while (fq_pop_used(&f->q, &id, &len)) {
		assert_true(id == 3 || id == 6);
		n++;
	}
	assert_int_equal(n, 2);
}

/* A guest that scribbled over its used index: the queue is broken, not trusted. */
static void test_resume_inconsistent(void **state)
{
	struct fixture *f = *state;

	make_request(f, 0, true);
	notify(&f->b.dev);
	f->saved->track[0].used_idx = 1000;
	vblk_free(&f->b);
	vblk_init(&f->b, "virtio-blk test@0x0a000000", &f->g.mem, f->fd,
		  DISK_SECTORS * 512, false, "serial");
	f->b.dev.saved = f->saved;
	assert_true(vmmio_restore(&f->b.dev, 7, 99));
	assert_true(vmmio_read(&f->b.dev, VIRTIO_MMIO_STATUS, 4) &
		    VIRTIO_CONFIG_S_NEEDS_RESET);
	assert_false(vmmio_queue_live(&f->b.dev, 0));
}

/* Polling: the driver is asked for no notification, then again at the end. */
static void test_polling(void **state)
{
	struct fixture *f = *state;
	uint16_t before;

	make_request(f, 0, false);
	notify(&f->b.dev);
	fe_finish(&f->fe, 0);
	vblk_flush_used(&f->b);
	before = fq_avail_event(&f->q);
	assert_int_equal(before, 1); /* found empty: notify the next one */
	vmmio_polling(&f->b.dev, true);
	make_request(f, 1, false);
	assert_true(vmmio_has_work(&f->b.dev));
	vmmio_poll(&f->b.dev);
	assert_int_equal(f->fe.n, 1);
	/* empty while polled: the avail event stays behind */
	assert_int_equal(fq_avail_event(&f->q), 1);
	assert_false(vmmio_has_work(&f->b.dev));
	make_request(f, 2, false);
	/* polling ends with a chain waiting: it must be taken */
	assert_true(vmmio_polling(&f->b.dev, false));
	assert_int_equal(fq_avail_event(&f->q), 2);
	vmmio_poll(&f->b.dev);
	assert_int_equal(f->fe.n, 2);
	assert_false(vmmio_polling(&f->b.dev, false));
	assert_int_equal(fq_avail_event(&f->q), 3);
	fe_drain(&f->fe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_out_of_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reset_drains, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_resume_in_flight, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_resume_torn, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_resume_inconsistent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_polling, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
