/* virtio-blk device: requests on queue 0 served from a disk image file. */
#include "vblk.h"

#include <endian.h>
#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Reads or writes the pieces io[0..n) at offset off of the image, to the end. */
static int full_io(int fd, struct iovec *io, int n, uint64_t off, bool write)
{
	ssize_t done;

	while (n > 0) {
		if (write)
			done = pwritev(fd, io, n, (off_t)off);
		else
			done = preadv(fd, io, n, (off_t)off);
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

/* Transfers len bytes between the chain (from byte off of one part) and the image. */
static uint8_t transfer(struct vblk *b, const struct vq_chain *c, bool write,
			uint64_t off, uint64_t sector, uint64_t len)
{
	int n;

	if (!in_range(b, sector, len))
		return VIRTIO_BLK_S_IOERR;
	if (!len)
		return VIRTIO_BLK_S_OK;
	n = vq_chain_slice(c, !write, off, len, b->io, VQ_MAX_IOV);
	if (n < 0 || full_io(b->fd, b->io, n, sector * VBLK_SECTOR, write))
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

uint32_t vblk_handle(struct vblk *b, const struct vq_chain *c)
{
	struct virtio_blk_outhdr hdr;
	uint64_t sector, data = 0;
	uint8_t status;
	uint32_t type;
	size_t n;

	if (c->err) {
		vmmio_bad_chain(&b->dev, 0, vq_error_str(c->err));
		b->errors++;
		return 0;
	}
	if (!c->in_len) {
		vmmio_bad_chain(&b->dev, 0, "no writable status byte");
		b->errors++;
		return 0;
	}
	b->requests++;
	if (b->delay_ms)
		usleep(b->delay_ms * 1000);
	if (vq_chain_read(c, 0, &hdr, sizeof(hdr)) != sizeof(hdr)) {
		status = VIRTIO_BLK_S_IOERR;
		goto out;
	}
	type = le32toh(hdr.type);
	sector = le64toh(hdr.sector);
	/*
	 * Data the device reads comes after the header, data it writes
	 * before the status byte: anything else is in the wrong direction.
	 */
	if ((type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID) &&
	    c->out_len != sizeof(hdr)) {
		status = VIRTIO_BLK_S_IOERR;
		goto out;
	}
	if ((type == VIRTIO_BLK_T_OUT || type == VIRTIO_BLK_T_FLUSH) &&
	    c->in_len != 1) {
		status = VIRTIO_BLK_S_IOERR;
		goto out;
	}
	switch (type) {
	case VIRTIO_BLK_T_IN:
		data = c->in_len - 1;
		status = transfer(b, c, false, 0, sector, data);
		break;
	case VIRTIO_BLK_T_OUT:
		status = b->readonly ? VIRTIO_BLK_S_IOERR :
				       transfer(b, c, true, sizeof(hdr), sector,
						c->out_len - sizeof(hdr));
		break;
	case VIRTIO_BLK_T_FLUSH:
		status = b->readonly || !fdatasync(b->fd) ? VIRTIO_BLK_S_OK :
							    VIRTIO_BLK_S_IOERR;
		break;
	case VIRTIO_BLK_T_GET_ID:
		n = c->in_len - 1;
		if (n > sizeof(b->serial))
			n = sizeof(b->serial);
		data = vq_chain_write(c, 0, b->serial, n);
		status = VIRTIO_BLK_S_OK;
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
out:
	if (status == VIRTIO_BLK_S_IOERR) {
		b->errors++;
		data = 0;
	}
	vq_chain_write(c, c->in_len - 1, &status, 1);
	/* After an error only the status byte counts as written. */
	return (uint32_t)(status == VIRTIO_BLK_S_OK ? data + 1 : 1);
}

static void notify(struct vmmio *d, unsigned int q)
{
	struct vblk *b = (struct vblk *)d;
	unsigned int done = 0;
	uint32_t len;
	int ret;

	if (q != 0)
		return;
	while (done < VBLK_BATCH) {
		ret = virtq_pop(&d->vq[0], &b->chain);
		if (ret < 0) {
			vmmio_fail(d, "queue 0: corrupt available ring");
			break;
		}
		if (!ret)
			break;
		len = vblk_handle(b, &b->chain);
		virtq_push(&d->vq[0], b->chain.head, len);
		done++;
	}
	if (done == VBLK_BATCH)
		d->more = true;
	if (done)
		vmmio_used(d, 0);
}

static const struct vmmio_ops vblk_ops = {
	.notify = notify,
};

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
