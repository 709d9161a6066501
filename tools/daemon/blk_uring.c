/* virtio-blk's asynchronous engine: the image's reads, writes and flushes through io_uring (liburing), many at once. */
#include "blk_uring.h"

#include <errno.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/vfs.h>

#define REAP_BATCH 64

/* What a request waits for: its delay (slow storage), then its I/O. */
enum { STAGE_DELAY, STAGE_IO };

static struct io_uring_sqe *get_sqe(struct blk_uring *u)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);

	if (!sqe && io_uring_submit(&u->ring) >= 0)
		sqe = io_uring_get_sqe(&u->ring);
	if (sqe)
		u->queued = true;
	return sqe;
}

static int queue_io(struct blk_uring *u, struct vblk_req *r)
{
	struct io_uring_sqe *sqe = get_sqe(u);
	int fd = u->b->fd;

	if (!sqe)
		return -EBUSY;
	switch (r->op) {
	case VBLK_OP_READ:
		io_uring_prep_readv(sqe, fd, r->iov, (unsigned int)r->niov,
				    r->off);
		break;
	case VBLK_OP_WRITE:
		io_uring_prep_writev(sqe, fd, r->iov, (unsigned int)r->niov,
				     r->off);
		break;
	case VBLK_OP_FLUSH:
		io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
		break;
	}
	io_uring_sqe_set_data(sqe, r);
	r->engine[0] = STAGE_IO;
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

static int submit(void *ctx, struct vblk_req *r)
{
	struct blk_uring *u = ctx;
	struct __kernel_timespec *ts = (void *)&r->engine[1];
	struct io_uring_sqe *sqe;
	unsigned int ms = u->b->delay_ms;

	if (!ms)
		return serve_inline(u, r) ? 0 : queue_io(u, r);
	/* slow storage: a timer first, the I/O when it fires */
	sqe = get_sqe(u);
	if (!sqe)
		return -EBUSY;
	ts->tv_sec = ms / 1000;
	ts->tv_nsec = (long long)(ms % 1000) * 1000000;
	io_uring_prep_timeout(sqe, ts, 0, 0);
	io_uring_sqe_set_data(sqe, r);
	r->engine[0] = STAGE_DELAY;
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

/* One completion: the request ends, or goes on to its next stage. */
static void handle(struct blk_uring *u, struct vblk_req *r, int res)
{
	if (r->engine[0] == STAGE_DELAY) {
		if (u->draining || queue_io(u, r))
			vblk_complete(r, VIRTIO_BLK_S_IOERR);
		return;
	}
	if (r->op == VBLK_OP_FLUSH) {
		vblk_complete(r,
			      res < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
		return;
	}
	if ((res == -EAGAIN || res == -EINTR) && !u->draining) {
		if (queue_io(u, r))
			vblk_complete(r, VIRTIO_BLK_S_IOERR);
		return;
	}
	if (res <= 0) {
		/* an error, or the image shrank */
		vblk_complete(r, VIRTIO_BLK_S_IOERR);
		return;
	}
	if ((uint64_t)res < r->len && !u->draining) {
		advance(r, (size_t)res);
		if (queue_io(u, r))
			vblk_complete(r, VIRTIO_BLK_S_IOERR);
		return;
	}
	vblk_complete(r, (uint64_t)res < r->len ? VIRTIO_BLK_S_IOERR :
						  VIRTIO_BLK_S_OK);
}

unsigned int blk_uring_reap(struct blk_uring *u)
{
	struct io_uring_cqe *cqes[REAP_BATCH];
	unsigned int n, i, total = 0;

	for (;;) {
		n = io_uring_peek_batch_cqe(&u->ring, cqes, REAP_BATCH);
		if (!n)
			break;
		for (i = 0; i < n; i++)
			handle(u, io_uring_cqe_get_data(cqes[i]), cqes[i]->res);
		io_uring_cq_advance(&u->ring, n);
		total += n;
	}
	commit(u);
	/* one interrupt for the whole batch */
	vblk_flush_used(u->b);
	return total;
}

static void drain(void *ctx)
{
	struct blk_uring *u = ctx;
	struct io_uring_cqe *cqe;
	int ret;

	u->draining = true;
	commit(u);
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
	struct statfs fs;
	int ret;

	memset(u, 0, sizeof(*u));
	u->b = b;
	u->inline_reads = true;
	/* its pages are RAM: no read or write of it waits for storage */
	u->in_memory = !fstatfs(b->fd, &fs) &&
		       (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC);
	u->inline_writes = u->in_memory;
	ret = io_uring_queue_init(VBLK_MAX_REQS, &u->ring, 0);
	if (ret < 0)
		return ret;
	if (vblk_set_engine(b, &engine, u)) {
		io_uring_queue_exit(&u->ring);
		return -ENOMEM;
	}
	return 0;
}

void blk_uring_exit(struct blk_uring *u)
{
	if (!u->b)
		return;
	vblk_free(u->b);
	io_uring_queue_exit(&u->ring);
	u->b = NULL;
}
