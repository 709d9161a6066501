/* virtio-blk's asynchronous engine: the image's reads, writes and flushes through io_uring (liburing), many at once. */
#include "blk_uring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#define REAP_BATCH 64

/* What a request waits for: its delay (slow storage), then its I/O. */
enum { STAGE_DELAY, STAGE_IO };

static struct blk_ureq *ureq_of(struct blk_uring *u, struct vblk_req *r)
{
	return &u->ureqs[r - u->b->reqs];
}

static struct io_uring_sqe *get_sqe(struct blk_uring *u)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);

	if (!sqe && io_uring_submit(&u->ring) >= 0)
		sqe = io_uring_get_sqe(&u->ring);
	if (sqe)
		u->queued = true;
	return sqe;
}

/* Puts piece p of its request into the ring: 0, or -EBUSY (no room). */
static int queue_piece(struct blk_uring *u, struct blk_piece *p)
{
	struct io_uring_sqe *sqe = get_sqe(u);
	struct vblk_req *r = p->r;
	struct blk_ureq *ur = ureq_of(u, r);
	int fd = u->b->fd;

	if (!sqe)
		return -EBUSY;
	switch (r->op) {
	case VBLK_OP_READ:
		io_uring_prep_readv(sqe, fd, r->iov + p->iov0,
				    (unsigned int)p->niov, p->off);
		break;
	case VBLK_OP_WRITE:
		io_uring_prep_writev(sqe, fd, r->iov + p->iov0,
				     (unsigned int)p->niov, p->off);
		break;
	case VBLK_OP_FLUSH:
		io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
		break;
	}
	io_uring_sqe_set_data(sqe, p);
	if (ur->max)
		u->write_pieces++;
	ur->inflight++;
	return 0;
}

/* The pieces of at most max bytes an iovec of len bytes is cut into (1 for 0). */
static size_t cuts(size_t len, size_t max)
{
	return len > max ? (len - 1) / max + 1 : 1;
}

/*
 * Cuts r's iovecs longer than the piece size in place, so that pieces are
 * runs of whole iovecs; false where that needs more than VQ_MAX_IOV of
 * them (r then goes in one call: only a guest that ignores size_max).
 */
static bool cut_iovecs(struct vblk_req *r, size_t max)
{
	size_t extra = 0, n;
	int i, j, k;

	for (i = 0; i < r->niov; i++)
		extra += cuts(r->iov[i].iov_len, max) - 1;
	if (!extra)
		return true;
	if (extra > (size_t)(VQ_MAX_IOV - r->niov))
		return false;
	/* from the end, each iovec to its place and cut there */
	j = r->niov + (int)extra;
	for (i = r->niov - 1; i >= 0; i--) {
		struct iovec v = r->iov[i];

		n = cuts(v.iov_len, max);
		j -= (int)n;
		for (k = 0; k < (int)n; k++) {
			size_t at = (size_t)k * max;

			r->iov[j + k].iov_base = (char *)v.iov_base + at;
			r->iov[j + k].iov_len =
				v.iov_len - at < max ? v.iov_len - at : max;
		}
	}
	r->niov += (int)extra;
	return true;
}

/*
 * Makes p r's next piece: its iovecs from the first no piece took, as many
 * as fit in max bytes (at least one; all of them for max 0). false: none
 * left (a flush is one piece of no bytes).
 */
static bool next_piece(struct blk_ureq *ur, struct vblk_req *r,
		       struct blk_piece *p, size_t max)
{
	uint64_t len = 0;
	int i = ur->next;

	if (r->op == VBLK_OP_FLUSH ? ur->next > 0 : i >= r->niov)
		return false;
	p->r = r;
	p->iov0 = i;
	p->off = ur->next_off;
	if (r->op == VBLK_OP_FLUSH) {
		ur->next = 1;
		p->niov = 0;
		p->len = 0;
		return true;
	}
	do
		len += r->iov[i++].iov_len;
	while (i < r->niov && (!max || len + r->iov[i].iov_len <= max));
	p->niov = i - p->iov0;
	p->len = len;
	ur->next = i;
	ur->next_off += len;
	return true;
}

/*
 * Starts r's I/O: its first pieces in the ring, at most BLK_PIECE_WINDOW
 * (the rest as they complete). Its first piece is always its own; more
 * come from the device's pool while it has some. 0, or -EBUSY (nothing
 * started).
 */
static int start_io(struct blk_uring *u, struct vblk_req *r)
{
	struct blk_ureq *ur = ureq_of(u, r);
	size_t max = u->piece_max;
	struct blk_piece *p;
	unsigned int n;

	ur->stage = STAGE_IO;
	ur->next = 0;
	ur->next_off = r->off;
	ur->failed = false;
	if (max &&
	    (r->op != VBLK_OP_WRITE || r->len <= max || !cut_iovecs(r, max)))
		max = 0;
	ur->max = max;
	if (max)
		u->split_writes++;
	if (!next_piece(ur, r, &ur->base, max)) {
		/* nothing to transfer (vblk.c completes those itself) */
		vblk_complete(r, VIRTIO_BLK_S_OK);
		return 0;
	}
	if (queue_piece(u, &ur->base))
		return -EBUSY;
	for (n = 1; n < BLK_PIECE_WINDOW && u->free_pieces; n++) {
		p = u->free_pieces;
		if (!next_piece(ur, r, p, max))
			break;
		if (queue_piece(u, p)) {
			/* give it back: it goes when another piece is done */
			ur->next = p->iov0;
			ur->next_off = p->off;
			break;
		}
		u->free_pieces = p->next_free;
		u->pieces_split++;
	}
	return 0;
}

static void advance(struct vblk_req *r, size_t done);

/*
 * A request the image can serve without waiting for storage, done at
 * once: no trip through the ring, nor through io_uring's worker threads
 * (where it sends every read and write of a file that cannot say "would
 * block": without FMODE_NOWAIT, as tmpfs in Linux 6.1 as far as we
 * know). Reads: page cache hits (RWF_NOWAIT), or any read of an image
 * in RAM; writes and flushes: an image in RAM only (a write there is a
 * copy into its pages, a flush has nothing to wait for). true: r
 * completed; false: r (or the part of it still to do) goes to the ring,
 * which also reports any error.
 */
static bool serve_inline(struct blk_uring *u, struct vblk_req *r)
{
	ssize_t n;

	if (r->op == VBLK_OP_FLUSH) {
		if (!u->inline_writes ||
		    u->b->notify_pending > BLK_INLINE_PENDING)
			return false;
		u->inline_done++;
		vblk_complete(r, VIRTIO_BLK_S_OK);
		return true;
	}
	if (r->op == VBLK_OP_READ ? !u->inline_reads : !u->inline_writes)
		return false;
	if (r->len > BLK_INLINE_MAX)
		return false;
	if (r->op == VBLK_OP_WRITE) {
		if (u->b->notify_inline_bytes + r->len >
		    BLK_INLINE_WRITE_BUDGET)
			return false;
		n = pwritev(u->b->fd, r->iov, r->niov, (off_t)r->off);
		if (n > 0)
			u->b->notify_inline_bytes += (uint64_t)n;
	} else {
		if (u->b->notify_pending > BLK_INLINE_PENDING)
			return false;
		n = preadv2(u->b->fd, r->iov, r->niov, (off_t)r->off,
			    u->in_memory ? 0 : RWF_NOWAIT);
		if (n < 0 && errno == EOPNOTSUPP)
			u->inline_reads =
				false; /* no RWF_NOWAIT: never again */
	}
	if (n <= 0)
		return false;
	if ((uint64_t)n < r->len) {
		advance(r, (size_t)n);
		return false;
	}
	u->inline_done++;
	vblk_complete(r, VIRTIO_BLK_S_OK);
	return true;
}

/* The calling thread is a device's worker (blk_uring_worker_thread()). */
static __thread bool worker_thread;

void blk_uring_worker_thread(bool worker)
{
	worker_thread = worker;
}

/*
 * A write longer than BLK_INLINE_MAX to an image in RAM: done in the
 * device's worker thread, in its pieces one after the other, without
 * io_uring (whose workers take a hand-off per call). The dispatcher,
 * which serves every device, never does it: it leaves the request to
 * the worker (deferred, which blk_uring_reap() runs) and wakes it.
 */
static bool write_in_worker(struct blk_uring *u, struct vblk_req *r)
{
	if (!u->inline_writes || !u->big_writes_in_worker ||
	    r->op != VBLK_OP_WRITE || r->len <= BLK_INLINE_MAX)
		return false;
	if (worker_thread) {
		u->worker_writes++;
		vblk_complete(r, vblk_transfer(r));
		return true;
	}
	r->next_free = NULL;
	*u->deferred_tail = r;
	u->deferred_tail = &r->next_free;
	u->b->dev.more = true; /* the worker looks again */
	return true;
}

/* The writes the dispatcher left to the worker, done now (by the worker, or in a drain). */
static void run_deferred(struct blk_uring *u)
{
	struct vblk_req *r;

	while ((r = u->deferred)) {
		u->deferred = r->next_free;
		if (!u->deferred)
			u->deferred_tail = &u->deferred;
		u->worker_writes++;
		vblk_complete(r, vblk_transfer(r));
	}
}

static int submit(void *ctx, struct vblk_req *r)
{
	struct blk_uring *u = ctx;
	struct blk_ureq *ur = ureq_of(u, r);
	struct io_uring_sqe *sqe;
	unsigned int ms = u->b->delay_ms;

	ur->inflight = 0;
	if (!ms)
		return serve_inline(u, r) || write_in_worker(u, r) ?
			       0 :
			       start_io(u, r);
	/* slow storage: a timer first, the I/O when it fires */
	sqe = get_sqe(u);
	if (!sqe)
		return -EBUSY;
	ur->ts.tv_sec = ms / 1000;
	ur->ts.tv_nsec = (long long)(ms % 1000) * 1000000;
	io_uring_prep_timeout(sqe, &ur->ts, 0, 0);
	ur->base.r = r;
	io_uring_sqe_set_data(sqe, &ur->base);
	ur->stage = STAGE_DELAY;
	return 0;
}

static void commit(void *ctx)
{
	struct blk_uring *u = ctx;

	if (u->queued) {
		u->queued = false;
		io_uring_submit(&u->ring);
	}
}

/* Drops the first done bytes of r's pieces (a short transfer). */
static void advance(struct vblk_req *r, size_t done)
{
	int i = 0;

	r->off += done;
	r->len -= done;
	while (i < r->niov && done >= r->iov[i].iov_len)
		done -= r->iov[i++].iov_len;
	memmove(r->iov, r->iov + i, (size_t)(r->niov - i) * sizeof(r->iov[0]));
	r->niov -= i;
	if (r->niov) {
		r->iov[0].iov_base = (char *)r->iov[0].iov_base + done;
		r->iov[0].iov_len -= done;
	}
}

/* Drops the first done bytes of piece p (a short transfer). */
static void advance_piece(struct blk_piece *p, size_t done)
{
	struct iovec *v = p->r->iov + p->iov0;

	p->off += done;
	p->len -= done;
	while (p->niov && done >= v->iov_len) {
		done -= v->iov_len;
		v++;
		p->iov0++;
		p->niov--;
	}
	if (p->niov) {
		v->iov_base = (char *)v->iov_base + done;
		v->iov_len -= done;
	}
}

/*
 * One piece's completion: it goes on (short), r's next piece takes its
 * place, or it is done; r ends with its last piece, IOERR if any failed.
 * Short transfers and EAGAIN are retried, except while draining.
 */
static void handle(struct blk_uring *u, struct blk_piece *p, int res)
{
	struct vblk_req *r = p->r;
	struct blk_ureq *ur = ureq_of(u, r);

	if (ur->stage == STAGE_DELAY) {
		if (u->draining || start_io(u, r))
			vblk_complete(r, VIRTIO_BLK_S_IOERR);
		return;
	}
	ur->inflight--;
	if (r->op == VBLK_OP_FLUSH) {
		ur->failed |= res < 0;
	} else if ((res == -EAGAIN || res == -EINTR) && !u->draining) {
		if (!queue_piece(u, p))
			return;
		ur->failed = true;
	} else if (res <= 0) {
		ur->failed = true; /* an error, or the image shrank */
	} else if ((uint64_t)res < p->len) {
		if (!u->draining) {
			advance_piece(p, (size_t)res);
			if (!queue_piece(u, p))
				return;
		}
		ur->failed = true;
	}
	/* p is done: r's next piece in its place (also while draining) */
	if (!ur->failed && next_piece(ur, r, p, ur->max)) {
		if (!queue_piece(u, p))
			return;
		ur->failed = true;
	}
	if (p != &ur->base) {
		p->next_free = u->free_pieces;
		u->free_pieces = p;
	}
	if (!ur->inflight)
		vblk_complete(r, ur->failed ? VIRTIO_BLK_S_IOERR :
					      VIRTIO_BLK_S_OK);
}

unsigned int blk_uring_reap(struct blk_uring *u)
{
	struct io_uring_cqe *cqes[REAP_BATCH];
	uint64_t done = u->b->completions;
	unsigned int n, i;

	run_deferred(u);
	for (;;) {
		n = io_uring_peek_batch_cqe(&u->ring, cqes, REAP_BATCH);
		if (!n)
			break;
		for (i = 0; i < n; i++)
			handle(u, io_uring_cqe_get_data(cqes[i]), cqes[i]->res);
		io_uring_cq_advance(&u->ring, n);
	}
	commit(u);
	/* one interrupt for the whole batch */
	vblk_flush_used(u->b);
	return (unsigned int)(u->b->completions - done);
}

static void drain(void *ctx)
{
	struct blk_uring *u = ctx;
	struct io_uring_cqe *cqe;
	int ret;

	u->draining = true;
	commit(u);
	run_deferred(u);
	while (u->b->inflight) {
		ret = io_uring_wait_cqe(&u->ring, &cqe);
		if (ret == -EINTR)
			continue;
		if (ret < 0)
			break; /* the ring is unusable: nothing more comes */
		blk_uring_reap(u);
	}
	u->draining = false;
}

static const struct vblk_engine engine = {
	.submit = submit,
	.commit = commit,
	.drain = drain,
};

int blk_uring_init(struct blk_uring *u, struct vblk *b)
{
	unsigned int i;
	int ret;

	memset(u, 0, sizeof(*u));
	u->b = b;
	u->inline_reads = true;
	/* its pages are RAM: no read or write of it waits for storage */
	u->in_memory = blk_in_memory(b->fd);
	u->inline_writes = u->in_memory;
	u->big_writes_in_worker = true;
	u->deferred_tail = &u->deferred;
	u->ureqs = calloc(VBLK_MAX_REQS, sizeof(*u->ureqs));
	u->pieces = calloc(BLK_PIECE_POOL, sizeof(*u->pieces));
	if (!u->ureqs || !u->pieces) {
		ret = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < BLK_PIECE_POOL; i++) {
		u->pieces[i].next_free = u->free_pieces;
		u->free_pieces = &u->pieces[i];
	}
	/* a CQ entry for every piece that can be out: no overflow */
	ret = io_uring_queue_init(VBLK_MAX_REQS + BLK_PIECE_POOL, &u->ring, 0);
	if (ret < 0)
		goto fail;
	if (vblk_set_engine(b, &engine, u)) {
		io_uring_queue_exit(&u->ring);
		ret = -ENOMEM;
		goto fail;
	}
	return 0;
fail:
	free(u->ureqs);
	free(u->pieces);
	u->ureqs = NULL;
	u->pieces = NULL;
	u->b = NULL;
	return ret;
}

void blk_uring_exit(struct blk_uring *u)
{
	if (!u->b)
		return;
	vblk_free(u->b);
	io_uring_queue_exit(&u->ring);
	free(u->ureqs);
	free(u->pieces);
	u->ureqs = NULL;
	u->pieces = NULL;
	u->b = NULL;
}
