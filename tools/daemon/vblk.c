/* virtio-blk device: requests on its queues (VIRTIO_BLK_F_MQ) served from a disk image file, synchronously or through an asynchronous engine. */
#include "vblk.h"

#include <endian.h>
#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PENDING 0xff /* prepare(): the request needs the image */

/*
 * One call of full_io(): a read of io[0..n), or a write of as many of them
 * as fit in piece bytes (0: all; at least piece bytes of the first).
 */
static ssize_t one_call(struct vblk *b, struct iovec *io, int n, uint64_t off,
			bool write)
{
	size_t len = 0, piece = b->write_piece, saved;
	ssize_t done;
	int k = 0;

	if (!write)
		return preadv(b->fd, io, n, (off_t)off);
	if (!piece)
		return pwritev(b->fd, io, n, (off_t)off);
	b->write_calls++;
	while (k < n && len + io[k].iov_len <= piece)
		len += io[k++].iov_len;
	if (k)
		return pwritev(b->fd, io, k, (off_t)off);
	saved = io->iov_len;
	io->iov_len = piece;
	done = pwritev(b->fd, io, 1, (off_t)off);
	io->iov_len = saved;
	return done;
}

/* Reads or writes the pieces io[0..n) at offset off of the image, to the end. */
static int full_io(struct vblk *b, struct iovec *io, int n, uint64_t off,
		   bool write)
{
	ssize_t done;

	while (n > 0) {
		done = one_call(b, io, n, off, write);
		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0)
			return -1; /* error, or the image shrank */
		off += (uint64_t)done;
		while (n > 0 && (size_t)done >= io->iov_len) {
			done -= (ssize_t)io->iov_len;
			io++;
			n--;
		}
		if (n > 0) {
			io->iov_base = (uint8_t *)io->iov_base + done;
			io->iov_len -= (size_t)done;
		}
	}
	return 0;
}

static bool in_range(const struct vblk *b, uint64_t sector, uint64_t len)
{
	return !(len % VBLK_SECTOR) && sector <= b->sectors &&
	       len / VBLK_SECTOR <= b->sectors - sector;
}

/* r transfers len bytes between the chain (from byte off of one part) and the image. */
static uint8_t transfer(struct vblk *b, const struct vq_chain *c, bool write,
			uint64_t off, uint64_t sector, uint64_t len,
			struct vblk_req *r)
{
	if (!in_range(b, sector, len))
		return VIRTIO_BLK_S_IOERR;
	if (!len)
		return VIRTIO_BLK_S_OK;
	r->niov = vq_chain_slice(c, !write, off, len, r->iov, VQ_MAX_IOV);
	if (r->niov < 0)
		return VIRTIO_BLK_S_IOERR;
	r->op = write ? VBLK_OP_WRITE : VBLK_OP_READ;
	r->off = sector * VBLK_SECTOR;
	r->len = len;
	return PENDING;
}

/*
 * Checks the request in chain c (which has a writable part) and fills r
 * for the image (PENDING), or returns its status at once; data: the
 * bytes written to the guest before the status byte when it succeeds.
 */
static uint8_t prepare(struct vblk *b, const struct vq_chain *c,
		       struct vblk_req *r, uint64_t *data)
{
	struct virtio_blk_outhdr hdr;
	uint64_t sector;
	uint32_t type;
	size_t n;

	*data = 0;
	if (vq_chain_read(c, 0, &hdr, sizeof(hdr)) != sizeof(hdr))
		return VIRTIO_BLK_S_IOERR;
	type = le32toh(hdr.type);
	sector = le64toh(hdr.sector);
	/*
	 * Data the device reads comes after the header, data it writes
	 * before the status byte: anything else is in the wrong direction.
	 */
	if ((type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID) &&
	    c->out_len != sizeof(hdr))
		return VIRTIO_BLK_S_IOERR;
	if ((type == VIRTIO_BLK_T_OUT || type == VIRTIO_BLK_T_FLUSH) &&
	    c->in_len != 1)
		return VIRTIO_BLK_S_IOERR;
	switch (type) {
	case VIRTIO_BLK_T_IN:
		*data = c->in_len - 1;
		return transfer(b, c, false, 0, sector, *data, r);
	case VIRTIO_BLK_T_OUT:
		if (b->readonly)
			return VIRTIO_BLK_S_IOERR;
		return transfer(b, c, true, sizeof(hdr), sector,
				c->out_len - sizeof(hdr), r);
	case VIRTIO_BLK_T_FLUSH:
		if (b->readonly)
			return VIRTIO_BLK_S_OK;
		r->op = VBLK_OP_FLUSH;
		r->niov = 0;
		r->len = 0;
		return PENDING;
	case VIRTIO_BLK_T_GET_ID:
		n = c->in_len - 1;
		if (n > sizeof(b->serial))
			n = sizeof(b->serial);
		*data = vq_chain_write(c, 0, b->serial, n);
		return VIRTIO_BLK_S_OK;
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

/* The used length of a request of data bytes that ended with status. */
static uint32_t used_len(struct vblk *b, uint8_t status, uint64_t data)
{
	if (status == VIRTIO_BLK_S_IOERR)
		b->errors++;
	/* After an error only the status byte counts as written. */
	return (uint32_t)(status == VIRTIO_BLK_S_OK ? data + 1 : 1);
}

/* A chain of queue q without a usable status byte: refused (0), else whether it is. */
static bool refused(struct vblk *b, unsigned int q, const struct vq_chain *c)
{
	if (c->err) {
		vmmio_bad_chain(&b->dev, q, vq_error_str(c->err));
		b->errors++;
		return true;
	}
	if (!c->in_len) {
		vmmio_bad_chain(&b->dev, q, "no writable status byte");
		b->errors++;
		return true;
	}
	return false;
}

/* vblk_handle() of a chain of queue q. */
static uint32_t handle(struct vblk *b, unsigned int q, const struct vq_chain *c)
{
	struct vblk_req *r = &b->sync_req;
	uint64_t data;
	uint8_t status;

	if (refused(b, q, c))
		return 0;
	b->requests++;
	if (b->delay_ms)
		usleep(b->delay_ms * 1000);
	status = prepare(b, c, r, &data);
	if (status == PENDING && r->op == VBLK_OP_FLUSH)
		status = !fdatasync(b->fd) ? VIRTIO_BLK_S_OK :
					     VIRTIO_BLK_S_IOERR;
	else if (status == PENDING)
		status = full_io(b, r->iov, r->niov, r->off,
				 r->op == VBLK_OP_WRITE) ?
				 VIRTIO_BLK_S_IOERR :
				 VIRTIO_BLK_S_OK;
	vq_chain_write(c, c->in_len - 1, &status, 1);
	return used_len(b, status, data);
}

uint8_t vblk_transfer(struct vblk_req *r)
{
	return full_io(r->b, r->iov, r->niov, r->off, r->op == VBLK_OP_WRITE) ?
		       VIRTIO_BLK_S_IOERR :
		       VIRTIO_BLK_S_OK;
}

uint32_t vblk_handle(struct vblk *b, const struct vq_chain *c)
{
	return handle(b, 0, c);
}

void vblk_complete(struct vblk_req *r, uint8_t status)
{
	struct vblk *b = r->b;
	struct virtq *q = &b->dev.vq[r->queue];

	b->completions++;
	/* a reset since: the queue is not the one it came from */
	if (r->epoch == b->epoch && q->ready) {
		__atomic_store_n(r->status, status, __ATOMIC_RELAXED);
		virtq_push(q, r->head,
			   used_len(b, status,
				    r->op == VBLK_OP_READ ? r->used_len : 0));
		b->pushed |= 1u << r->queue;
	}
	b->inflight--;
	r->next_free = b->free_reqs;
	b->free_reqs = r;
	if (b->starved) {
		b->starved = false;
		b->dev.more = true; /* the queue has more: look again */
	}
}

void vblk_flush_used(struct vblk *b)
{
	uint32_t pushed = b->pushed;

	if (!pushed)
		return;
	b->pushed = 0;
	b->completion_batches++;
	vmmio_used_mask(&b->dev, pushed);
}

/* Takes up to VBLK_BATCH chains of queue qi and hands them to the engine. */
static void notify_async(struct vblk *b, unsigned int qi)
{
	struct vmmio *d = &b->dev;
	struct virtq *q = &d->vq[qi];
	struct vq_chain *c = &b->chain;
	unsigned int done = 0, started = 0;
	struct vblk_req *r;
	uint64_t data;
	uint8_t status;
	int ret;

	b->notify_pending = virtq_pending(q);
	b->notify_inline_bytes = 0;
	while (done < VBLK_BATCH) {
		if (!b->free_reqs) {
			b->starved = true; /* vblk_complete() looks again */
			break;
		}
		ret = virtq_pop(q, c);
		if (ret < 0) {
			vmmio_fail(d, "queue %u: corrupt available ring", qi);
			break;
		}
		if (!ret)
			break;
		done++;
		if (refused(b, qi, c)) {
			virtq_push(q, c->head, 0);
			b->pushed |= 1u << qi;
			continue;
		}
		b->requests++;
		r = b->free_reqs;
		status = prepare(b, c, r, &data);
		if (status != PENDING) {
			vq_chain_write(c, c->in_len - 1, &status, 1);
			virtq_push(q, c->head, used_len(b, status, data));
			b->pushed |= 1u << qi;
			continue;
		}
		b->free_reqs = r->next_free;
		r->head = c->head;
		r->queue = (uint16_t)qi;
		r->epoch = b->epoch;
		r->used_len = (uint32_t)data;
		/* the status byte: the last writable one, in shared RAM */
		r->status =
			(uint8_t *)c->iov[c->num_out + c->num_in - 1].iov_base +
			c->iov[c->num_out + c->num_in - 1].iov_len - 1;
		if (++b->inflight > b->max_inflight)
			b->max_inflight = b->inflight;
		if (b->engine->submit(b->engine_ctx, r) < 0)
			vblk_complete(r, VIRTIO_BLK_S_IOERR);
		else
			started++;
	}
	if (started)
		b->engine->commit(b->engine_ctx);
	if (done == VBLK_BATCH)
		d->more = true;
	vblk_flush_used(b);
}

static void notify(struct vmmio *d, unsigned int q)
{
	struct vblk *b = (struct vblk *)d;
	unsigned int done = 0;
	uint32_t len;
	int ret;

	if (q >= d->num_queues)
		return;
	if (b->engine) {
		notify_async(b, q);
		return;
	}
	while (done < VBLK_BATCH) {
		ret = virtq_pop(&d->vq[q], &b->chain);
		if (ret < 0) {
			vmmio_fail(d, "queue %u: corrupt available ring", q);
			break;
		}
		if (!ret)
			break;
		len = handle(b, q, &b->chain);
		virtq_push(&d->vq[q], b->chain.head, len);
		done++;
	}
	if (done == VBLK_BATCH)
		d->more = true;
	if (done)
		vmmio_used(d, q);
}

/* The transport was reset: nothing started before may reach the guest. */
static void reset(struct vmmio *d)
{
	struct vblk *b = (struct vblk *)d;

	b->epoch++;
	b->starved = false;
	b->pushed = 0;
	if (b->engine && b->inflight)
		b->engine->drain(b->engine_ctx);
}

static const struct vmmio_ops vblk_ops = {
	.notify = notify,
	.reset = reset,
};

int vblk_set_engine(struct vblk *b, const struct vblk_engine *engine, void *ctx)
{
	unsigned int i;

	b->reqs = calloc(VBLK_MAX_REQS, sizeof(*b->reqs));
	if (!b->reqs)
		return -1;
	b->free_reqs = NULL;
	for (i = VBLK_MAX_REQS; i-- > 0;) {
		b->reqs[i].b = b;
		b->reqs[i].next_free = b->free_reqs;
		b->free_reqs = &b->reqs[i];
	}
	b->engine = engine;
	b->engine_ctx = ctx;
	return 0;
}

int vblk_set_opt_io(struct vblk *b, uint32_t bytes)
{
	if (bytes % VBLK_SECTOR || bytes > VBLK_OPT_IO_MAX)
		return -1;
	b->cfg.opt_io_size = htole32(bytes / VBLK_SECTOR);
	if (bytes)
		b->dev.device_features |= 1ull << VIRTIO_BLK_F_TOPOLOGY;
	else
		b->dev.device_features &= ~(1ull << VIRTIO_BLK_F_TOPOLOGY);
	return 0;
}

int vblk_set_queues(struct vblk *b, unsigned int n)
{
	if (!n || n > VBLK_MAX_QUEUES)
		return -1;
	b->dev.num_queues = n;
	b->cfg.num_queues = htole16((uint16_t)n);
	if (n > 1)
		b->dev.device_features |= 1ull << VIRTIO_BLK_F_MQ;
	else
		b->dev.device_features &= ~(1ull << VIRTIO_BLK_F_MQ);
	return 0;
}

void vblk_free(struct vblk *b)
{
	free(b->reqs);
	b->reqs = b->free_reqs = NULL;
	b->engine = NULL;
}

void vblk_init(struct vblk *b, const char *name, const struct gmem *mem, int fd,
	       uint64_t size, bool readonly, const char *serial)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->dev.name, sizeof(b->dev.name), "%s", name);
	b->fd = fd;
	b->sectors = size / VBLK_SECTOR;
	b->readonly = readonly;
	memcpy(b->serial, serial, strnlen(serial, sizeof(b->serial)));
	b->cfg.capacity = htole64(b->sectors);
	b->cfg.size_max = htole32(VBLK_SIZE_MAX);
	b->cfg.seg_max = htole32(VBLK_SEG_MAX);
	b->dev.device_id = VIRTIO_ID_BLOCK;
	b->dev.device_features = (1ull << VIRTIO_F_VERSION_1) |
				 (1ull << VIRTIO_RING_F_INDIRECT_DESC) |
				 (1ull << VIRTIO_RING_F_EVENT_IDX) |
				 (1ull << VIRTIO_BLK_F_FLUSH) |
				 (1ull << VIRTIO_BLK_F_SEG_MAX) |
				 (1ull << VIRTIO_BLK_F_SIZE_MAX) |
				 (readonly ? 1ull << VIRTIO_BLK_F_RO : 0);
	b->dev.num_queues = 1;
	b->dev.config = &b->cfg;
	b->dev.config_len = sizeof(b->cfg);
	b->dev.ops = &vblk_ops;
	b->dev.mem = mem;
	vmmio_reset(&b->dev);
}
