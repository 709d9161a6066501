/* virtio-console device, one port: guest output to file descriptors, input from a buffer. */
#include "vconsole.h"

#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RXQ 0
#define TXQ 1

static void fill_rx(struct vconsole *c)
{
	struct virtq *q = &c->dev.vq[RXQ];
	bool pushed = false;
	size_t n;
	int ret;

	while (c->in_len && vmmio_queue_live(&c->dev, RXQ)) {
		ret = virtq_pop(q, &c->chain);
		if (ret < 0) {
			vmmio_fail(&c->dev, "queue 0: corrupt available ring");
			break;
		}
		if (!ret)
			break;
		pushed = true;
		if (c->chain.err || c->chain.out_len) {
			vmmio_bad_chain(
				&c->dev, RXQ,
				c->chain.err ?
					vq_error_str(c->chain.err) :
					"device-readable receive buffer");
			virtq_push(q, c->chain.head, 0);
			continue;
		}
		n = vq_chain_write(&c->chain, 0, c->in, c->in_len);
		memmove(c->in, c->in + n, c->in_len - n);
		c->in_len -= n;
		c->in_bytes += n;
		virtq_push(q, c->chain.head, (uint32_t)n);
	}
	if (pushed)
		vmmio_used(&c->dev, RXQ);
}

size_t vconsole_input_room(const struct vconsole *c)
{
	return sizeof(c->in) - c->in_len;
}

bool vconsole_can_receive(const struct vconsole *c)
{
	return vconsole_input_room(c) && vmmio_queue_live(&c->dev, RXQ);
}

size_t vconsole_input(struct vconsole *c, const uint8_t *buf, size_t len)
{
	size_t room = vconsole_input_room(c);

	if (len > room)
		len = room;
	memcpy(c->in + c->in_len, buf, len);
	c->in_len += len;
	fill_rx(c);
	return len;
}

static void output(struct vconsole *c, const uint8_t *buf, size_t len)
{
	unsigned int i;
	size_t off;
	ssize_t n;

	c->out_bytes += len;
	for (i = 0; i < VCONSOLE_MAX_OUT; i++) {
		if (c->out_fd[i] < 0)
			continue;
		for (off = 0; off < len; off += (size_t)n) {
			n = write(c->out_fd[i], buf + off, len - off);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0) {
				/* Nobody reads the pty, or the log failed. */
				c->out_dropped += len - off;
				break;
			}
		}
	}
}

static void transmit(struct vconsole *c)
{
	struct virtq *q = &c->dev.vq[TXQ];
	unsigned int done = 0;
	uint64_t off;
	size_t n;
	int ret;

	while (done < VCONSOLE_BATCH) {
		ret = virtq_pop(q, &c->chain);
		if (ret < 0) {
			vmmio_fail(&c->dev, "queue 1: corrupt available ring");
			break;
		}
		if (!ret)
			break;
		done++;
		if (c->chain.err) {
			vmmio_bad_chain(&c->dev, TXQ,
					vq_error_str(c->chain.err));
		} else {
			for (off = 0; off < c->chain.out_len; off += n) {
				n = vq_chain_read(&c->chain, off, c->buf,
						  sizeof(c->buf));
				output(c, c->buf, n);
			}
		}
		virtq_push(q, c->chain.head, 0);
	}
	if (done == VCONSOLE_BATCH)
		c->dev.more = true;
	if (done)
		vmmio_used(&c->dev, TXQ);
}

static void notify(struct vmmio *d, unsigned int q)
{
	struct vconsole *c = (struct vconsole *)d;

	if (q == RXQ)
		fill_rx(c);
	else if (q == TXQ)
		transmit(c);
}

static const struct vmmio_ops vconsole_ops = {
	.notify = notify,
};

void vconsole_init(struct vconsole *c, const char *name, const struct gmem *mem,
		   int out_fd0, int out_fd1)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->dev.name, sizeof(c->dev.name), "%s", name);
	c->out_fd[0] = out_fd0;
	c->out_fd[1] = out_fd1;
	c->dev.device_id = VIRTIO_ID_CONSOLE;
	c->dev.device_features = (1ull << VIRTIO_F_VERSION_1) |
				 (1ull << VIRTIO_RING_F_INDIRECT_DESC) |
				 (1ull << VIRTIO_RING_F_EVENT_IDX);
	c->dev.num_queues = 2;
	c->dev.config = &c->cfg;
	c->dev.config_len = sizeof(c->cfg);
	c->dev.ops = &vconsole_ops;
	c->dev.mem = mem;
	vmmio_reset(&c->dev);
}
