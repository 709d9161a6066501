/* virtio-net device: receive queue 0, transmit queue 1, frames to and from a switch port. */
#include "vnet.h"

#include <endian.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <string.h>

#define RXQ 0
#define TXQ 1

/* Puts waiting frames in the receive buffers the driver offers. */
static void fill_rx(struct vnet *n)
{
	struct virtq *q = &n->dev.vq[RXQ];
	struct virtio_net_hdr_v1 hdr;
	bool pushed = false;
	unsigned int len;
	uint8_t *frame;
	int ret;

	memset(&hdr, 0, sizeof(hdr));
	hdr.gso_type = VIRTIO_NET_HDR_GSO_NONE;
	hdr.num_buffers = htole16(1);
	while (n->rx_count && vmmio_queue_live(&n->dev, RXQ)) {
		ret = virtq_pop(q, &n->chain);
		if (ret < 0) {
			vmmio_fail(&n->dev, "queue 0: corrupt available ring");
			break;
		}
		if (!ret)
			break; /* wait for buffers */
		if (n->chain.err || n->chain.out_len) {
			vmmio_bad_chain(
				&n->dev, RXQ,
				n->chain.err ?
					vq_error_str(n->chain.err) :
					"device-readable receive buffer");
			virtq_push(q, n->chain.head, 0);
			pushed = true;
			continue;
		}
		len = n->rx_len[n->rx_first];
		frame = n->rx_frame[n->rx_first];
		n->rx_first = (n->rx_first + 1) % VNET_RX_PENDING;
		n->rx_count--;
		if (n->chain.in_len < VNET_HDR_LEN + len) {
			/* Too small for this frame: keep it for the next. */
			virtq_unpop(q);
			n->rx_dropped++;
			continue;
		}
		vq_chain_write(&n->chain, 0, &hdr, VNET_HDR_LEN);
		vq_chain_write(&n->chain, VNET_HDR_LEN, frame, len);
		virtq_push(q, n->chain.head, (uint32_t)(VNET_HDR_LEN + len));
		n->rx_frames++;
		pushed = true;
	}
	if (pushed)
		vmmio_used(&n->dev, RXQ);
}

void vnet_receive(struct vnet *n, const uint8_t *frame, size_t len)
{
	unsigned int slot;

	if (!vmmio_queue_live(&n->dev, RXQ) || len > VNET_MAX_FRAME ||
	    n->rx_count == VNET_RX_PENDING) {
		n->rx_dropped++;
		return;
	}
	slot = (n->rx_first + n->rx_count) % VNET_RX_PENDING;
	memcpy(n->rx_frame[slot], frame, len);
	n->rx_len[slot] = (uint16_t)len;
	n->rx_count++;
	fill_rx(n);
}

static void port_deliver(struct nswitch_port *p, const uint8_t *frame,
			 size_t len)
{
	struct vnet *n = (struct vnet *)((uint8_t *)p -
					 __builtin_offsetof(struct vnet, port));

	vnet_receive(n, frame, len);
}

static void transmit(struct vnet *n)
{
	struct virtq *q = &n->dev.vq[TXQ];
	unsigned int done = 0;
	uint64_t len;
	int ret;

	while (done < VNET_BATCH) {
		ret = virtq_pop(q, &n->chain);
		if (ret < 0) {
			vmmio_fail(&n->dev, "queue 1: corrupt available ring");
			break;
		}
		if (!ret)
			break;
		done++;
		if (n->chain.err || n->chain.out_len < VNET_HDR_LEN) {
			vmmio_bad_chain(&n->dev, TXQ,
					n->chain.err ?
						vq_error_str(n->chain.err) :
						"shorter than the net header");
			virtq_push(q, n->chain.head, 0);
			n->tx_dropped++;
			continue;
		}
		len = n->chain.out_len - VNET_HDR_LEN;
		if (len > VNET_MAX_FRAME) {
			n->tx_dropped++;
		} else {
			vq_chain_read(&n->chain, VNET_HDR_LEN, n->tx_frame,
				      len);
			n->tx_frames++;
			nswitch_send(&n->port, n->tx_frame, len);
		}
		virtq_push(q, n->chain.head, 0);
	}
	if (done == VNET_BATCH)
		n->dev.more = true;
	if (done)
		vmmio_used(&n->dev, TXQ);
}

static void notify(struct vmmio *d, unsigned int q)
{
	struct vnet *n = (struct vnet *)d;

	if (q == RXQ)
		fill_rx(n);
	else if (q == TXQ)
		transmit(n);
}

static void reset(struct vmmio *d)
{
	struct vnet *n = (struct vnet *)d;

	n->rx_first = n->rx_count = 0;
}

static const struct vmmio_ops vnet_ops = {
	.notify = notify,
	.reset = reset,
};

void vnet_init(struct vnet *n, const char *name, const struct gmem *mem,
	       const uint8_t mac[6])
{
	memset(n, 0, sizeof(*n));
	snprintf(n->dev.name, sizeof(n->dev.name), "%s", name);
	memcpy(n->cfg.mac, mac, 6);
	n->cfg.status = htole16(VIRTIO_NET_S_LINK_UP);
	n->dev.device_id = VIRTIO_ID_NET;
	n->dev.device_features = (1ull << VIRTIO_F_VERSION_1) |
				 (1ull << VIRTIO_RING_F_INDIRECT_DESC) |
				 (1ull << VIRTIO_RING_F_EVENT_IDX) |
				 (1ull << VIRTIO_NET_F_MAC) |
				 (1ull << VIRTIO_NET_F_STATUS);
	n->dev.num_queues = 2;
	n->dev.config = &n->cfg;
	n->dev.config_len = sizeof(n->cfg);
	n->dev.ops = &vnet_ops;
	n->dev.mem = mem;
	n->port.deliver = port_deliver;
	nswitch_port_bind(&n->port, mac); /* it sends from its address only */
	vmmio_reset(&n->dev);
}
