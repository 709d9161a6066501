/* virtio-blk through the io_uring engine: small reads served at once (tmpfs, RWF_NOWAIT), small writes and flushes at once for an image in RAM, the rest through the ring in pieces, short reads reported. */
#include "blk_uring.h"
#include "dlog.h"
#include "test_daemon_guest.h"

#include <fcntl.h>
#include <linux/virtio_mmio.h>
#include <poll.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#define F_NEXT VRING_DESC_F_NEXT
#define F_WRITE VRING_DESC_F_WRITE
#define DISK_SECTORS 512 /* 256 KiB */
#define NREQ 6
#define BIG (BLK_INLINE_MAX + 4096) /* a read too long to be tried at once */
#define OK_STATUS 0xf

struct fixture {
	struct fguest g;
	struct fqueue q;
	struct vblk b;
	struct blk_uring u;
	int fd;
	char path[4096]; /* "" for a memfd (tmpfs) */
	uint64_t hdr[NREQ], data[NREQ], status[NREQ];
};

static int setup_fd(void **state, bool regular)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint8_t sector[512];
	unsigned int i;

	if (!f)
		return -1;
	dlog_quiet = true;
	fg_init(&f->g);
	if (regular) {
		/* next to the test binary: the build directory's file system */
		ssize_t n = readlink("/proc/self/exe", f->path,
				     sizeof(f->path) - 32);
		char *slash;

		if (n <= 0)
			return -1;
		f->path[n] = 0;
		slash = strrchr(f->path, '/');
		snprintf(slash ? slash + 1 : f->path, 32, "blk-uring-XXXXXX");
		f->fd = mkstemp(f->path);
	} else {
		f->fd = memfd_create("disk", 0);
	}
	if (f->fd < 0)
		return -1;
	for (i = 0; i < DISK_SECTORS; i++) {
		memset(sector, (int)(i & 0xff), sizeof(sector));
		if (write(f->fd, sector, sizeof(sector)) != sizeof(sector))
			return -1;
	}
	vblk_init(&f->b, "virtio-blk test@0x0a000000", &f->g.mem, f->fd,
		  DISK_SECTORS * 512, false, "serial");
	f->b.dev.irq = fg_irq;
	f->b.dev.irq_ctx = &f->g;
	if (blk_uring_init(&f->u, &f->b))
		return -1;
	fq_init(&f->q, &f->g, 32);
	for (i = 0; i < NREQ; i++) {
		f->hdr[i] = fg_alloc(&f->g, 16, 16);
		f->data[i] = fg_alloc(&f->g, BIG, 4096);
		f->status[i] = fg_alloc(&f->g, 1, 1);
	}
	assert_int_equal(fg_driver_init(&f->b.dev, &f->q, 1, ~0ull), OK_STATUS);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_fd(state, false);
}

static int setup_regular(void **state)
{
	return setup_fd(state, true);
}

/* test_pieces_short's file size limit, given back even when it fails */
static struct rlimit fsize_saved;
static bool fsize_set;

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (fsize_set && !setrlimit(RLIMIT_FSIZE, &fsize_saved))
		fsize_set = false;

	blk_uring_exit(&f->u);
	close(f->fd);
	if (f->path[0])
		unlink(f->path);
	fg_free(&f->g);
	free(f);
	return 0;
}

/* Request k (head 3k) on queue q: len bytes at sector, read, or written with byte 0xa0 + k. */
static void make_request_q(struct fixture *f, struct fqueue *q, unsigned int k,
			   bool write, uint64_t sector, uint32_t len)
{
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr[k]);
	uint16_t d = (uint16_t)(3 * k);

	h->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	h->ioprio = 0;
	h->sector = sector;
	memset(fg_ptr(&f->g, f->data[k]), write ? 0xa0 + (int)k : 0, len);
	*(uint8_t *)fg_ptr(&f->g, f->status[k]) = 0xee;
	fq_desc(q, d, f->hdr[k], 16, F_NEXT, d + 1);
	fq_desc(q, d + 1, f->data[k], len, F_NEXT | (write ? 0 : F_WRITE),
		d + 2);
	fq_desc(q, d + 2, f->status[k], 1, F_WRITE, 0);
	fq_push_avail(q, d);
}

static void make_request(struct fixture *f, unsigned int k, bool write,
			 uint64_t sector, uint32_t len)
{
	make_request_q(f, &f->q, k, write, sector, len);
}

/* Request k (head 3k) as a flush: its header and status only. */
static void make_flush(struct fixture *f, unsigned int k)
{
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr[k]);
	uint16_t d = (uint16_t)(3 * k);

	h->type = VIRTIO_BLK_T_FLUSH;
	h->ioprio = 0;
	h->sector = 0;
	*(uint8_t *)fg_ptr(&f->g, f->status[k]) = 0xee;
	fq_desc(&f->q, d, f->hdr[k], 16, F_NEXT, d + 2);
	fq_desc(&f->q, d + 2, f->status[k], 1, F_WRITE, 0);
	fq_push_avail(&f->q, d);
}

static uint8_t status_of(struct fixture *f, unsigned int k)
{
	return *(uint8_t *)fg_ptr(&f->g, f->status[k]);
}

static void notify(struct fixture *f)
{
	vmmio_write(&f->b.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 0);
}

/* Reaps until nothing is in flight (the ring's descriptor polled). */
static void reap_all(struct fixture *f)
{
	struct pollfd p = { .fd = blk_uring_fd(&f->u), .events = POLLIN };
	unsigned int tries = 0;

	blk_uring_reap(&f->u); /* the writes left to the worker first */
	while (f->b.inflight && tries++ < 100) {
		assert_true(poll(&p, 1, 1000) >= 0);
		blk_uring_reap(&f->u);
	}
	assert_int_equal(f->b.inflight, 0);
}

/* Request k's data: len bytes, each the sector number's low byte from sector on. */
static void check_read(struct fixture *f, unsigned int k, uint64_t sector,
		       uint32_t len)
{
	uint8_t *p = fg_ptr(&f->g, f->data[k]);
	uint32_t i;

	assert_int_equal(status_of(f, k), VIRTIO_BLK_S_OK);
	for (i = 0; i < len; i += 512)
		assert_int_equal(p[i], (sector + i / 512) & 0xff);
	assert_int_equal(p[len - 1], (sector + (len - 1) / 512) & 0xff);
}

/*
 * An image in RAM (a memfd is tmpfs): 4 KiB reads complete in the
 * notification itself, one interrupt for them; a read over
 * BLK_INLINE_MAX goes through the ring, a short write is done at once.
 */
static void test_inline_reads(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;
	unsigned int k, irqs = f->g.irqs;

	assert_true(f->u.in_memory);
	assert_true(f->u.inline_reads);
	for (k = 0; k < BLK_INLINE_PENDING; k++)
		make_request(f, k, false, 8 * k + 1, 4096);
	notify(f);
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(f->u.inline_done, BLK_INLINE_PENDING);
	assert_int_equal(f->g.irqs, irqs + 1);
	for (k = 0; k < BLK_INLINE_PENDING; k++) {
		assert_true(fq_pop_used(&f->q, &id, &len));
		assert_int_equal(id, 3 * k);
		assert_int_equal(len, 4097);
		check_read(f, k, 8 * k + 1, 4096);
	}
	/* too long for at once: the ring; a short write: at once */
	make_request(f, 0, false, 100, BIG);
	make_request(f, 1, true, 3, 512);
	notify(f);
	assert_int_equal(f->b.inflight, 1);
	assert_int_equal(f->u.inline_done, BLK_INLINE_PENDING + 1);
	assert_int_equal(status_of(f, 1), VIRTIO_BLK_S_OK);
	reap_all(f);
	check_read(f, 0, 100, BIG);
	/* the write reached the image: read at once, it is there */
	make_request(f, 2, false, 3, 512);
	notify(f);
	assert_int_equal(f->u.inline_done, BLK_INLINE_PENDING + 2);
	assert_int_equal(status_of(f, 2), VIRTIO_BLK_S_OK);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, f->data[2]), 0xa1);
}

/* The image's bytes at sector: each byte of len must be val. */
static void check_image(struct fixture *f, uint64_t sector, uint32_t len,
			int val)
{
	static uint8_t buf[BIG];
	uint32_t i;

	assert_true(len <= sizeof(buf));
	assert_int_equal(pread(f->fd, buf, len, (off_t)(sector * 512)), len);
	for (i = 0; i < len; i++)
		if (buf[i] != val)
			fail_msg(
				"image byte %u at sector %llu is 0x%x, not 0x%x",
				i, (unsigned long long)sector, buf[i], val);
}

/*
 * An image in RAM: writes of up to BLK_INLINE_MAX and a flush complete
 * in the notification itself (one interrupt), and the data is in the
 * image when they do; a longer write goes through the ring.
 */
static void test_inline_writes(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;
	unsigned int k, irqs = f->g.irqs;

	assert_true(f->u.inline_writes);
	assert_int_equal(BLK_INLINE_PENDING, 2);
	/* two writes, then a write and a flush: each pair at once */
	make_request(f, 0, true, 2, 4096);
	make_request(f, 1, true, 18, 4096);
	notify(f);
	assert_int_equal(f->b.inflight, 0);
	make_request(f, 2, true, 34, 4096);
	make_flush(f, 3);
	fq_set_used_event(&f->q, fq_used_idx(&f->q)); /* an interrupt again */
	notify(f);
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(f->u.inline_done, 4);
	assert_int_equal(f->g.irqs, irqs + 2);
	for (k = 0; k < 4; k++) {
		assert_true(fq_pop_used(&f->q, &id, &len));
		assert_int_equal(id, 3 * k);
		assert_int_equal(len, 1);
		assert_int_equal(status_of(f, k), VIRTIO_BLK_S_OK);
	}
	for (k = 0; k < 3; k++)
		check_image(f, 16 * k + 2, 4096, 0xa0 + (int)k);
	check_image(f, 10, 512, 10); /* between them: untouched */
	make_request(f, 4, true, 200, BIG);
	notify(f);
	assert_int_equal(f->b.inflight, 1);
	assert_int_equal(status_of(f, 4), 0xee);
	reap_all(f);
	assert_int_equal(status_of(f, 4), VIRTIO_BLK_S_OK);
	assert_int_equal(f->u.inline_done, 4);
	check_image(f, 200, BIG, 0xa4);
}

/*
 * Two request queues (VIRTIO_BLK_F_MQ, num_queues 2 in the config
 * space): a notification serves its own queue only, completions go back
 * to the queue each request came from, and completions of both queues
 * reaped together raise one interrupt.
 */
static void test_two_queues(void **state)
{
	struct fixture *f = *state;
	struct fqueue qs[2], q1;
	uint32_t id, len;
	unsigned int irqs, tries = 0;

	assert_int_equal(vblk_set_queues(&f->b, 0), -1);
	assert_int_equal(vblk_set_queues(&f->b, VBLK_MAX_QUEUES + 1), -1);
	assert_int_equal(vblk_set_queues(&f->b, 2), 0);
	assert_true(f->b.dev.device_features & (1ull << VIRTIO_BLK_F_MQ));
	fq_init(&q1, &f->g, 32);
	/* the driver starts over with both queues (nothing used yet) */
	qs[0] = f->q;
	qs[1] = q1;
	assert_int_equal(fg_driver_init(&f->b.dev, qs, 2, ~0ull), OK_STATUS);
	assert_true(f->b.dev.driver_features & (1ull << VIRTIO_BLK_F_MQ));
	assert_int_equal(vmmio_read(&f->b.dev,
				    VIRTIO_MMIO_CONFIG +
					    offsetof(struct virtio_blk_config,
						     num_queues),
				    2),
			 2);
	assert_true(vmmio_queue_live(&f->b.dev, 1));

	/* a small read on each queue; only queue 1 is notified */
	make_request_q(f, &q1, 0, false, 11, 4096);
	make_request(f, 1, false, 21, 4096);
	vmmio_write(&f->b.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	assert_true(fq_pop_used(&q1, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, 4097);
	check_read(f, 0, 11, 4096);
	assert_false(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(status_of(f, 1), 0xee);
	notify(f);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(id, 3);
	check_read(f, 1, 21, 4096);
	assert_false(fq_pop_used(&q1, &id, &len));

	/* long reads (the ring) on both: completions back to their queues */
	make_request_q(f, &q1, 2, false, 100, BIG);
	make_request(f, 3, false, 200, BIG);
	vmmio_write(&f->b.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	notify(f);
	assert_int_equal(f->b.inflight, 2);
	while (io_uring_cq_ready(&f->u.ring) < 2 && tries++ < 1000)
		usleep(1000);
	/* the driver wants an interrupt for the next entry of each */
	fq_set_used_event(&q1, fq_used_idx(&q1));
	fq_set_used_event(&f->q, fq_used_idx(&f->q));
	irqs = f->g.irqs;
	assert_int_equal(blk_uring_reap(&f->u), 2);
	assert_int_equal(f->g.irqs, irqs + 1);
	assert_true(fq_pop_used(&q1, &id, &len));
	assert_int_equal(id, 6);
	check_read(f, 2, 100, BIG);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(id, 9);
	check_read(f, 3, 200, BIG);
}

/* Switched off (--queued-writes): writes and flushes through the ring. */
static void test_queued_writes(void **state)
{
	struct fixture *f = *state;

	f->u.inline_writes = false;
	make_request(f, 0, true, 7, 4096);
	make_flush(f, 1);
	notify(f);
	assert_int_equal(f->b.inflight, 2);
	assert_int_equal(status_of(f, 0), 0xee);
	assert_int_equal(status_of(f, 1), 0xee);
	reap_all(f);
	assert_int_equal(f->u.inline_done, 0);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(f, 1), VIRTIO_BLK_S_OK);
	check_image(f, 7, 4096, 0xa0);
}

/*
 * A notification that finds more than BLK_INLINE_PENDING requests sends
 * its reads through the ring (one io_uring_enter), its writes to the RAM
 * image are done at once all the same (within BLK_INLINE_WRITE_BUDGET);
 * the next one with fewer requests has its reads done at once again.
 */
static void test_inline_pending(void **state)
{
	struct fixture *f = *state;
	unsigned int k, n = BLK_INLINE_PENDING + 1, writes = n / 2;

	assert_true(n <= NREQ);
	for (k = 0; k < n; k++)
		make_request(f, k, k & 1, 96 * k, 4096);
	notify(f);
	assert_int_equal(f->u.inline_done, writes);
	assert_int_equal(f->b.inflight, n - writes);
	reap_all(f);
	for (k = 0; k < n; k += 2)
		check_read(f, k, 96 * k, 4096);
	for (k = 1; k < n; k += 2)
		check_image(f, 96 * k, 4096, 0xa0 + (int)k);
	make_request(f, 0, false, 300, BLK_INLINE_MAX);
	notify(f);
	assert_int_equal(f->u.inline_done, writes + 1);
	check_read(f, 0, 300, BLK_INLINE_MAX);
}

/*
 * Writes to a RAM image done at once stop at BLK_INLINE_WRITE_BUDGET bytes
 * per notification: the rest goes through the ring, and the next
 * notification has its budget again.
 */
static void test_inline_write_budget(void **state)
{
	struct fixture *f = *state;
	unsigned int k, n = BLK_INLINE_WRITE_BUDGET / BLK_INLINE_MAX + 1;

	assert_true(n <= NREQ);
	assert_true((uint64_t)n * BLK_INLINE_MAX <= DISK_SECTORS * 512ull);
	for (k = 0; k < n; k++)
		make_request(f, k, true, k * (BLK_INLINE_MAX / 512),
			     BLK_INLINE_MAX);
	notify(f);
	assert_int_equal(f->u.inline_done, n - 1);
	assert_int_equal(f->b.inflight, 1);
	assert_int_equal(status_of(f, n - 1), 0xee);
	reap_all(f);
	for (k = 0; k < n; k++) {
		assert_int_equal(status_of(f, k), VIRTIO_BLK_S_OK);
		check_image(f, k * (BLK_INLINE_MAX / 512), BLK_INLINE_MAX,
			    0xa0 + (int)k);
	}
	make_request(f, 0, true, 0, BLK_INLINE_MAX);
	notify(f);
	assert_int_equal(f->u.inline_done, n);
}

/* Switched off (--queued-reads): every read through the ring. */
static void test_queued_reads(void **state)
{
	struct fixture *f = *state;

	f->u.inline_reads = false;
	make_request(f, 0, false, 5, 4096);
	notify(f);
	assert_int_equal(f->b.inflight, 1);
	assert_int_equal(status_of(f, 0), 0xee);
	reap_all(f);
	assert_int_equal(f->u.inline_done, 0);
	check_read(f, 0, 5, 4096);
}

/*
 * The image shrank under the device: a read past its new end fails
 * (IOERR, the status byte only), one that ends before it still works.
 */
static void test_short_read(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	assert_int_equal(ftruncate(f->fd, 10 * 512 + 100), 0);
	make_request(f, 0, false, 8, 4096); /* 2 sectors and 100 bytes left */
	make_request(f, 1, false, 2, 4096);
	notify(f);
	reap_all(f);
	assert_true(fq_pop_used(&f->q, &id, &len));
	if (id == 0) {
		assert_int_equal(len, 1);
		assert_true(fq_pop_used(&f->q, &id, &len));
		assert_int_equal(id, 3);
		assert_int_equal(len, 4097);
	} else {
		assert_int_equal(id, 3);
		assert_true(fq_pop_used(&f->q, &id, &len));
		assert_int_equal(id, 0);
		assert_int_equal(len, 1);
	}
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_IOERR);
	assert_int_equal(f->b.errors, 1);
	check_read(f, 1, 2, 4096);
}

/*
 * A file elsewhere (not in RAM): reads tried with RWF_NOWAIT, which
 * serves them from the page cache, or, where the file system cannot
 * say "would block", never tried again; either way each read is right.
 */
static void test_regular_file(void **state)
{
	struct fixture *f = *state;
	unsigned int k;

	if (f->u.in_memory)
		print_message("the build directory is in RAM (tmpfs)\n");
	for (k = 0; k < NREQ; k++) {
		make_request(f, k, false, 16 * k + 7, 8192);
		notify(f);
		reap_all(f);
		check_read(f, k, 16 * k + 7, 8192);
	}
	if (f->u.in_memory)
		assert_int_equal(f->u.inline_done, NREQ);
	else if (f->u.inline_reads)
		assert_true(f->u.inline_done > 0);
	else
		assert_int_equal(f->u.inline_done, 0);
	print_message("regular file: %llu of %u reads at once\n",
		      (unsigned long long)f->u.inline_done, NREQ);
	/* a write there waits for storage in the ring, never at once */
	assert_int_equal(f->u.inline_writes, f->u.in_memory);
	make_request(f, 0, true, 30, 4096);
	notify(f);
	if (!f->u.in_memory)
		assert_int_equal(f->b.inflight, 1);
	reap_all(f);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	check_image(f, 30, 4096, 0xa0);
}

/* The pieces of the device's pool not out: all of them once it is idle. */
static unsigned int free_pieces(struct fixture *f)
{
	struct blk_piece *p;
	unsigned int n = 0;

	for (p = f->u.free_pieces; p; p = p->next_free)
		n++;
	return n;
}

/*
 * A write longer than the piece size goes to the kernel in pieces, at
 * most BLK_PIECE_WINDOW at once (the rest as they complete), and ends
 * once, when the last is done, with its data where it belongs; a read
 * goes in one call.
 */
static void test_pieces(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;
	unsigned int irqs = f->g.irqs;

	f->u.big_writes_in_worker = false; /* the ring's pieces */
	assert_int_equal(f->u.piece_max, 0); /* the daemon sets it */
	assert_int_equal(BIG / 4096, BLK_PIECE_WINDOW + 1);
	f->u.piece_max = 4096;
	make_request(f, 0, true, 10, BIG);
	notify(f);
	assert_int_equal(f->b.inflight, 1);
	assert_int_equal(f->u.pieces_split, BLK_PIECE_WINDOW - 1);
	assert_int_equal(free_pieces(f), BLK_PIECE_POOL - BLK_PIECE_WINDOW + 1);
	reap_all(f);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, 1);
	assert_false(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(f->g.irqs, irqs + 1);
	assert_int_equal(f->u.split_writes, 1);
	assert_int_equal(f->u.write_pieces, BIG / 4096);
	check_image(f, 10, BIG, 0xa0);
	check_image(f, 9, 512, 9);
	check_image(f, 10 + BIG / 512, 512, (10 + BIG / 512) & 0xff);
	assert_int_equal(free_pieces(f), BLK_PIECE_POOL);
	make_request(f, 1, false, 300, BIG);
	notify(f);
	reap_all(f);
	check_read(f, 1, 300, BIG);
	assert_int_equal(f->u.pieces_split, BLK_PIECE_WINDOW - 1);
	/* 0: one call per request */
	f->u.piece_max = 0;
	make_request(f, 2, true, 100, BIG);
	notify(f);
	reap_all(f);
	assert_int_equal(f->u.split_writes, 1);
	check_image(f, 100, BIG, 0xa2);
	/* more cuts than a request's VQ_MAX_IOV iovecs: one call too */
	assert_true(BIG / 128 > VQ_MAX_IOV);
	f->u.piece_max = 128;
	make_request(f, 3, true, 300, BIG);
	notify(f);
	reap_all(f);
	assert_int_equal(status_of(f, 3), VIRTIO_BLK_S_OK);
	assert_int_equal(f->u.split_writes, 1);
	assert_int_equal(f->u.write_pieces, BIG / 4096);
	check_image(f, 300, BIG, 0xa3);
}

/*
 * Request 0 with its data in segments of the given sizes (descriptors
 * 1 .. n of the chain); returns the data's length.
 */
static uint32_t make_segmented(struct fixture *f, bool write, uint64_t sector,
			       const uint32_t *seg, unsigned int n)
{
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr[0]);
	uint32_t total = 0;
	unsigned int i;

	h->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	h->ioprio = 0;
	h->sector = sector;
	*(uint8_t *)fg_ptr(&f->g, f->status[0]) = 0xee;
	fq_desc(&f->q, 0, f->hdr[0], 16, F_NEXT, 1);
	for (i = 0; i < n; i++) {
		fq_desc(&f->q, (uint16_t)(i + 1), f->data[0] + total, seg[i],
			F_NEXT | (write ? 0 : F_WRITE), (uint16_t)(i + 2));
		total += seg[i];
	}
	fq_desc(&f->q, (uint16_t)(n + 1), f->status[0], 1, F_WRITE, 0);
	fq_push_avail(&f->q, 0);
	return total;
}

/*
 * Pieces are runs of whole segments; a segment longer than a piece is
 * cut: every byte goes to its place (read back in one call).
 */
static void test_pieces_segments(void **state)
{
	static const uint32_t seg[] = { 3072, 5120, 1024, 9216, 512, 20480 };
	struct fixture *f = *state;
	uint8_t *d = fg_ptr(&f->g, f->data[0]);
	uint32_t i, total, id, len;

	f->u.big_writes_in_worker = false; /* the ring's pieces */
	f->u.inline_reads = f->u.inline_writes = false;
	f->u.piece_max = 8192;
	total = make_segmented(f, true, 40, seg, 6);
	for (i = 0; i < total; i++)
		d[i] = (uint8_t)(i * 7 + i / 512);
	notify(f);
	reap_all(f);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	assert_true(fq_pop_used(&f->q, &id, &len));
	/* 3 + 5 | 1 | 8 | 1 + 0.5 | 8 | 8 | 4 KiB */
	assert_int_equal(f->u.write_pieces, 7);
	memset(d, 0, total);
	total = make_segmented(f, false, 40, seg, 6);
	notify(f);
	reap_all(f);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(len, total + 1);
	for (i = 0; i < total; i++)
		if (d[i] != (uint8_t)(i * 7 + i / 512))
			fail_msg("byte %u read back as 0x%x", i, d[i]);
	check_image(f, 39, 512, 39);
	check_image(f, 40 + total / 512, 512, (40 + total / 512) & 0xff);
	assert_int_equal(free_pieces(f), BLK_PIECE_POOL);
}

/*
 * Pieces that come back short or fail (a file size limit: the write up
 * to it is short, those past it fail with EFBIG): the request fails once
 * (IOERR), after every piece is back, the bytes before the limit are
 * written, and the next request is served.
 */
static void test_pieces_short(void **state)
{
	struct fixture *f = *state;
	struct rlimit lim;
	uint32_t id, len;

	f->u.big_writes_in_worker = false; /* the ring's pieces */
	f->u.piece_max = 4096;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &fsize_saved), 0);
	lim = fsize_saved;
	lim.rlim_cur = 3 * 4096 + 100;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	fsize_set = true;
	make_request(f, 0, true, 0, BIG);
	notify(f);
	reap_all(f);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &fsize_saved), 0);
	fsize_set = false;
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_IOERR);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, 1);
	assert_false(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(f->b.errors, 1);
	assert_int_equal(free_pieces(f), BLK_PIECE_POOL);
	check_image(f, 0, 3 * 4096 + 100, 0xa0);
	make_request(f, 1, true, 100, BIG);
	notify(f);
	reap_all(f);
	assert_int_equal(status_of(f, 1), VIRTIO_BLK_S_OK);
	check_image(f, 100, BIG, 0xa1);
}

/* Every piece fails (a descriptor the write is refused on): IOERR, once. */
static void test_pieces_error(void **state)
{
	struct fixture *f = *state;
	char path[64];
	int rd, fd = f->b.fd;
	uint32_t id, len;

	f->u.big_writes_in_worker = false; /* the ring's pieces */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rd = open(path, O_RDONLY);
	assert_true(rd >= 0);
	f->b.fd = rd;
	f->u.piece_max = 4096;
	make_request(f, 0, true, 0, BIG);
	notify(f);
	reap_all(f);
	f->b.fd = fd;
	close(rd);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_IOERR);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_false(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(f->b.errors, 1);
	assert_int_equal(free_pieces(f), BLK_PIECE_POOL);
	check_image(f, 0, 512, 0);
}

/*
 * A drain (before a reset, an unmap or the end) with a write's pieces
 * out and more to come: it waits for all of them, and the write
 * completes with its data.
 */
static void test_pieces_drain(void **state)
{
	struct fixture *f = *state;

	f->u.big_writes_in_worker = false; /* the ring's pieces */
	f->u.piece_max = 4096;
	make_request(f, 0, true, 200, BIG);
	make_request(f, 1, true, 20, BIG);
	notify(f);
	assert_int_equal(f->b.inflight, 2);
	f->b.engine->drain(f->b.engine_ctx);
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(f, 1), VIRTIO_BLK_S_OK);
	check_image(f, 200, BIG, 0xa0);
	check_image(f, 20, BIG, 0xa1);
	assert_int_equal(f->u.write_pieces, 2 * (BIG / 4096));
	assert_int_equal(free_pieces(f), BLK_PIECE_POOL);
}

/* The probe measures both ways and answers a piece size or none. */
static void test_probe(void **state)
{
	struct blk_probe pr;
	size_t piece = blk_probe_piece(&pr);

	(void)state;
	assert_true(piece == 0 || piece == BLK_PIECE_MAX);
	assert_true(pr.whole_ns > 0);
	assert_true(pr.pieces_ns > 0);
	assert_int_equal(piece != 0,
			 pr.whole_ns > BLK_PROBE_RATIO * pr.pieces_ns);
	print_message(
		"%u KiB to tmpfs: one call %llu us, %u KiB calls %llu us\n",
		BLK_PROBE_LEN >> 10, (unsigned long long)(pr.whole_ns / 1000),
		BLK_PIECE_MAX >> 10, (unsigned long long)(pr.pieces_ns / 1000));
}

/*
 * A write over BLK_INLINE_MAX to an image in RAM: left to the worker by
 * any other thread (in flight, no I/O yet, the worker woken: more), done
 * by blk_uring_reap() in the worker's turn, in its pieces; in the worker
 * itself, done at once. One interrupt each; a drain does those left.
 */
static void test_big_writes_in_worker(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;
	unsigned int irqs = f->g.irqs;

	assert_true(f->u.big_writes_in_worker);
	f->b.write_piece = 4096;
	f->b.dev.more = false;
	make_request(f, 0, true, 10, BIG);
	notify(f);
	assert_int_equal(f->b.inflight, 1);
	assert_int_equal(status_of(f, 0), 0xee);
	assert_true(f->b.dev.more);
	check_image(f, 10, 512, 10);
	assert_int_equal(blk_uring_reap(&f->u), 1);
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(f->g.irqs, irqs + 1);
	check_image(f, 10, BIG, 0xa0);
	assert_int_equal(f->u.worker_writes, 1);
	assert_int_equal(f->b.write_calls, BIG / 4096);
	assert_int_equal(f->u.pieces_split, 0);
	/* in the worker: at once */
	blk_uring_worker_thread(true);
	fq_set_used_event(&f->q, fq_used_idx(&f->q));
	make_request(f, 1, true, 200, BIG);
	notify(f);
	blk_uring_worker_thread(false);
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(status_of(f, 1), VIRTIO_BLK_S_OK);
	assert_int_equal(f->g.irqs, irqs + 2);
	check_image(f, 200, BIG, 0xa1);
	assert_int_equal(f->u.worker_writes, 2);
	/* a drain does what was left */
	make_request(f, 2, true, 300, BIG);
	notify(f);
	assert_int_equal(f->b.inflight, 1);
	f->b.engine->drain(f->b.engine_ctx);
	assert_int_equal(f->b.inflight, 0);
	assert_int_equal(status_of(f, 2), VIRTIO_BLK_S_OK);
	check_image(f, 300, BIG, 0xa2);
	/* --ring-writes: through the ring */
	f->u.big_writes_in_worker = false;
	make_request(f, 3, true, 100, BIG);
	notify(f);
	assert_int_equal(f->u.worker_writes, 3);
	reap_all(f);
	assert_int_equal(status_of(f, 3), VIRTIO_BLK_S_OK);
	check_image(f, 100, BIG, 0xa3);
	assert_int_equal(f->u.worker_writes, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inline_reads, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inline_write_budget, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inline_pending, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_queued_reads, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inline_writes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_queued_writes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_two_queues, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_short_read, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pieces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pieces_segments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pieces_short, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pieces_error, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pieces_drain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_big_writes_in_worker,
						setup, teardown),
		cmocka_unit_test(test_probe),
		cmocka_unit_test_setup_teardown(test_regular_file,
						setup_regular, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
