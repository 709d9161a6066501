/* The learning switch and virtio-net: frames between two fake guests, buffers, malformed chains. */
#include "dlog.h"
#include "netswitch.h"
#include "test_daemon_guest.h"
#include "vnet.h"

#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_mmio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define F_NEXT VRING_DESC_F_NEXT
#define F_WRITE VRING_DESC_F_WRITE
#define OK_STATUS                                               \
	(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | \
	 VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK)
#define HDR VNET_HDR_LEN

static const uint8_t mac_a[6] = { 0x52, 0x54, 0, 0, 0, 0xa };
static const uint8_t mac_b[6] = { 0x52, 0x54, 0, 0, 0, 0xb };
static const uint8_t mac_c[6] = { 0x52, 0x54, 0, 0, 0, 0xc };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* A switch port that records what it gets. */
struct capture {
	struct nswitch_port port; /* first */
	unsigned int frames;
	size_t len;
	uint8_t last[2048];
};

static void capture_deliver(struct nswitch_port *p, const uint8_t *frame,
			    size_t len)
{
	struct capture *c = (struct capture *)p;

	c->frames++;
	c->len = len;
	memcpy(c->last, frame, len < sizeof(c->last) ? len : sizeof(c->last));
}

static size_t make_frame(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
			 size_t len, uint8_t fill)
{
	memset(buf, fill, len);
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = 0x08;
	buf[13] = 0x00;
	return len;
}

static void test_switch_learning(void **state)
{
	struct capture a = { .port.deliver = capture_deliver };
	struct capture b = a, c = a;
	struct nswitch sw;
	uint8_t frame[64];

	(void)state;
	nswitch_init(&sw, "sw0");
	assert_int_equal(nswitch_attach(&sw, &a.port), 0);
	assert_int_equal(nswitch_attach(&sw, &b.port), 0);
	assert_int_equal(nswitch_attach(&sw, &c.port), 0);
	/* Broadcast floods to every other port. */
	nswitch_send(&a.port, frame, make_frame(frame, bcast, mac_a, 60, 1));
	assert_int_equal(a.frames, 0);
	assert_int_equal(b.frames, 1);
	assert_int_equal(c.frames, 1);
	/* A's address was learnt: unicast to it goes to A only. */
	nswitch_send(&b.port, frame, make_frame(frame, mac_a, mac_b, 60, 2));
	assert_int_equal(a.frames, 1);
	assert_int_equal(c.frames, 1);
	assert_int_equal(a.len, 60);
	assert_int_equal(a.last[20], 2);
	/* Unknown destination floods. */
	nswitch_send(&a.port, frame, make_frame(frame, mac_c, mac_a, 60, 3));
	assert_int_equal(b.frames, 2);
	assert_int_equal(c.frames, 2);
	/* To a station on the sender's own port: dropped. */
	nswitch_send(&b.port, frame, make_frame(frame, mac_b, mac_c, 60, 4));
	assert_int_equal(b.frames, 2);
	assert_int_equal(sw.dropped, 1);
	/* C's address moved to B's port (learnt from the frame above). */
	nswitch_send(&a.port, frame, make_frame(frame, mac_c, mac_a, 60, 5));
	assert_int_equal(b.frames, 3);
	assert_int_equal(c.frames, 2);
	/* Runts are dropped. */
	nswitch_send(&a.port, frame, 13);
	assert_int_equal(b.frames + c.frames, 5);
	/* A multicast source is not learnt. */
	nswitch_send(&c.port, frame, make_frame(frame, mac_a, bcast, 60, 6));
	nswitch_send(&a.port, frame, make_frame(frame, bcast, mac_a, 60, 7));
	assert_int_equal(c.frames, 3);
	/* A port without switch drops. */
	c.port.sw = NULL;
	nswitch_send(&c.port, frame, make_frame(frame, mac_a, mac_c, 60, 8));
	assert_int_equal(a.frames, 2);
}

static void test_switch_table_full(void **state)
{
	struct capture a = { .port.deliver = capture_deliver };
	struct capture b = a;
	struct nswitch sw;
	uint8_t frame[64], src[6] = { 0x52, 0, 0, 0, 0, 0 };
	unsigned int i;

	(void)state;
	nswitch_init(&sw, "sw1");
	nswitch_attach(&sw, &a.port);
	nswitch_attach(&sw, &b.port);
	/* b's station is known */
	nswitch_send(&b.port, frame, make_frame(frame, bcast, mac_b, 60, 0));
	assert_int_equal(a.frames, 1);
	/* More stations behind a than its table holds: its oldest are forgotten. */
	for (i = 0; i < NSWITCH_PORT_FDB + 8; i++) {
		src[5] = (uint8_t)i;
		src[4] = (uint8_t)(i >> 8);
		nswitch_send(&a.port, frame,
			     make_frame(frame, bcast, src, 60, 0));
	}
	assert_int_equal(b.frames, NSWITCH_PORT_FDB + 8);
	/* The newest one is known: unicast from b reaches a only. */
	nswitch_send(&b.port, frame, make_frame(frame, src, mac_b, 60, 0));
	assert_int_equal(a.frames, 2);
	assert_int_equal(sw.forwarded, 1);
	/* The first one was evicted: flooding (to a, the only other port). */
	src[5] = 0;
	src[4] = 0;
	nswitch_send(&b.port, frame, make_frame(frame, src, mac_b, 60, 0));
	assert_int_equal(sw.flooded, 1 + NSWITCH_PORT_FDB + 8 + 1);
	/* a's flood did not evict b's station: unicast to it is not flooded. */
	nswitch_send(&a.port, frame, make_frame(frame, mac_b, mac_a, 60, 0));
	assert_int_equal(sw.forwarded, 2);
	assert_int_equal(b.frames, NSWITCH_PORT_FDB + 8 + 1);
	/* No more than NSWITCH_MAX_PORTS ports. */
	for (i = 2; i < NSWITCH_MAX_PORTS; i++)
		assert_int_equal(nswitch_attach(&sw, &b.port), 0);
	assert_int_not_equal(nswitch_attach(&sw, &b.port), 0);
}

/* Ports bound to their address (devices) against spoofing; an open port (tap). */
static void test_switch_spoofing(void **state)
{
	struct capture a = { .port.deliver = capture_deliver };
	struct capture b = a, t = a, a2 = a;
	struct nswitch sw;
	uint8_t frame[64];
	unsigned int i;

	(void)state;
	nswitch_init(&sw, "sw2");
	nswitch_port_bind(&a.port, mac_a);
	nswitch_port_bind(&b.port, mac_b);
	assert_int_equal(nswitch_attach(&sw, &a.port), 0);
	assert_int_equal(nswitch_attach(&sw, &b.port), 0);
	assert_int_equal(nswitch_attach(&sw, &t.port), 0);
	/* A second device with A's address is refused. */
	nswitch_port_bind(&a2.port, mac_a);
	assert_int_equal(nswitch_attach(&sw, &a2.port), -EEXIST);
	/* A device's own address passes; it is known without learning. */
	nswitch_send(&a.port, frame, make_frame(frame, mac_b, mac_a, 60, 1));
	assert_int_equal(b.frames, 1);
	assert_int_equal(t.frames, 0);
	assert_int_equal(sw.forwarded, 1);
	/* A claims B's address, the tap's station, a multicast one: dropped. */
	nswitch_send(&a.port, frame, make_frame(frame, bcast, mac_b, 60, 2));
	nswitch_send(&a.port, frame, make_frame(frame, bcast, mac_c, 60, 3));
	nswitch_send(&a.port, frame, make_frame(frame, bcast, bcast, 60, 4));
	assert_int_equal(a.port.spoofed, 3);
	assert_int_equal(sw.spoofed, 3);
	assert_int_equal(b.frames + t.frames, 1);
	/* Frames to B still go to B, not to A. */
	nswitch_send(&t.port, frame, make_frame(frame, mac_b, mac_c, 60, 5));
	assert_int_equal(b.frames, 2);
	assert_int_equal(a.frames, 0);
	/* The tap cannot claim a device's address either. */
	nswitch_send(&t.port, frame, make_frame(frame, bcast, mac_a, 60, 6));
	assert_int_equal(t.port.spoofed, 1);
	assert_int_equal(a.frames + b.frames, 2);
	/* It learns its own stations: unicast to mac_c goes to it only. */
	nswitch_send(&a.port, frame, make_frame(frame, mac_c, mac_a, 60, 7));
	assert_int_equal(t.frames, 1);
	assert_int_equal(b.frames, 2);
	/* A device flooding made-up addresses moves nothing. */
	for (i = 0; i < 3 * NSWITCH_PORT_FDB; i++) {
		uint8_t src[6] = { 0x52,      0x54, 1, 2, (uint8_t)(i >> 8),
				   (uint8_t)i };

		nswitch_send(&b.port, frame,
			     make_frame(frame, bcast, src, 60, 8));
	}
	assert_int_equal(b.port.spoofed, 3 * NSWITCH_PORT_FDB);
	nswitch_send(&a.port, frame, make_frame(frame, mac_c, mac_a, 60, 9));
	assert_int_equal(t.frames, 2);
	assert_int_equal(b.frames, 2);
}

/* A net device in its own fake guest. */
struct node {
	struct fguest g;
	struct fqueue rx, tx;
	struct vnet *n;
	uint64_t rxbuf, txbuf;
};

static void node_init(struct node *x, const uint8_t *mac, struct nswitch *sw)
{
	fg_init(&x->g);
	x->n = calloc(1, sizeof(*x->n));
	assert_non_null(x->n);
	vnet_init(x->n, "virtio-net test", &x->g.mem, mac);
	x->n->dev.irq = fg_irq;
	x->n->dev.irq_ctx = &x->g;
	fq_init(&x->rx, &x->g, 16);
	fq_init(&x->tx, &x->g, 16);
	x->rxbuf = fg_alloc(&x->g, 16 * 2048, 64);
	x->txbuf = fg_alloc(&x->g, 16 * 2048, 64);
	if (sw)
		assert_int_equal(nswitch_attach(sw, &x->n->port), 0);
}

static void node_up(struct node *x)
{
	struct fqueue q[2];

	q[0] = x->rx;
	q[1] = x->tx;
	assert_int_equal(fg_driver_init(&x->n->dev, q, 2, ~0ull), OK_STATUS);
}

static void node_free(struct node *x)
{
	free(x->n);
	fg_free(&x->g);
}

/* Offers receive buffer i (descriptor i) of len bytes. */
static void post_rx(struct node *x, unsigned int i, uint32_t len)
{
	fq_desc(&x->rx, i, x->rxbuf + 2048ull * i, len, F_WRITE, 0);
	fq_push_avail(&x->rx, (uint16_t)i);
}

/* Sends a frame of len bytes from descriptor i (header and frame split). */
static void send_tx(struct node *x, unsigned int i, const uint8_t *frame,
		    size_t len)
{
	uint64_t b = x->txbuf + 2048ull * i;

	memset(fg_ptr(&x->g, b), 0, HDR);
	memcpy(fg_ptr(&x->g, b + HDR), frame, len);
	fq_desc(&x->tx, 2 * i, b, HDR, F_NEXT, (uint16_t)(2 * i + 1));
	fq_desc(&x->tx, 2 * i + 1, b + HDR, (uint32_t)len, 0, 0);
	fq_push_avail(&x->tx, (uint16_t)(2 * i));
	vmmio_write(&x->n->dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
}

static void test_config_space(void **state)
{
	struct node x;

	(void)state;
	node_init(&x, mac_a, NULL);
	assert_int_equal(vmmio_read(&x.n->dev, VIRTIO_MMIO_DEVICE_ID, 4),
			 VIRTIO_ID_NET);
	assert_true(vmmio_read(&x.n->dev, VIRTIO_MMIO_DEVICE_FEATURES, 4) &
		    (1u << VIRTIO_NET_F_MAC));
	assert_int_equal(vmmio_read(&x.n->dev, 0x100, 4), 0x00005452);
	assert_int_equal(vmmio_read(&x.n->dev, 0x104, 2), 0x0a00);
	assert_int_equal(vmmio_read(&x.n->dev, 0x106, 2), VIRTIO_NET_S_LINK_UP);
	assert_int_equal(vmmio_read(&x.n->dev, 0x105, 1), 0x0a);
	node_free(&x);
}

static void test_frames_between_guests(void **state)
{
	struct node a, b;
	struct nswitch sw;
	uint8_t frame[100];
	struct virtio_net_hdr_v1 *h;
	uint32_t id, len;
	unsigned int irqs;

	(void)state;
	nswitch_init(&sw, "sw0");
	node_init(&a, mac_a, &sw);
	node_init(&b, mac_b, &sw);
	node_up(&a);
	node_up(&b);
	post_rx(&b, 0, 1600);
	irqs = b.g.irqs;
	send_tx(&a, 0, frame, make_frame(frame, mac_b, mac_a, 100, 0x42));
	/* A got its buffer back, B got the frame. */
	assert_true(fq_pop_used(&a.tx, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, 0);
	assert_true(fq_pop_used(&b.rx, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, HDR + 100);
	h = fg_ptr(&b.g, b.rxbuf);
	assert_int_equal(h->num_buffers, 1);
	assert_int_equal(h->gso_type, VIRTIO_NET_HDR_GSO_NONE);
	assert_memory_equal(fg_ptr(&b.g, b.rxbuf + HDR), frame, 100);
	assert_int_equal(b.g.irqs, irqs + 1);
	assert_int_equal(a.n->tx_frames, 1);
	assert_int_equal(b.n->rx_frames, 1);
	node_free(&a);
	node_free(&b);
}

static void test_rx_waits_for_buffers(void **state)
{
	struct node a, b;
	struct nswitch sw;
	uint8_t frame[64];
	uint32_t id, len;
	unsigned int i;

	(void)state;
	nswitch_init(&sw, "sw0");
	node_init(&a, mac_a, &sw);
	node_init(&b, mac_b, &sw);
	/* B's driver is not up: frames to it are dropped. */
	node_up(&a);
	send_tx(&a, 0, frame, make_frame(frame, mac_b, mac_a, 64, 1));
	assert_int_equal(b.n->rx_dropped, 1);
	node_up(&b);
	/* No buffers yet: frames wait, up to VNET_RX_PENDING. */
	for (i = 0; i < VNET_RX_PENDING + 3; i++)
		vnet_receive(b.n, frame,
			     make_frame(frame, mac_b, mac_a, 64, (uint8_t)i));
	assert_int_equal(b.n->rx_count, VNET_RX_PENDING);
	assert_int_equal(b.n->rx_dropped, 1 + 3);
	/* Buffers come: the oldest frames first. */
	post_rx(&b, 0, 1600);
	post_rx(&b, 1, 1600);
	vmmio_write(&b.n->dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 0);
	assert_true(fq_pop_used(&b.rx, &id, &len));
	assert_int_equal(*(uint8_t *)fg_ptr(&b.g, b.rxbuf + HDR + 20), 0);
	assert_true(fq_pop_used(&b.rx, &id, &len));
	assert_int_equal(*(uint8_t *)fg_ptr(&b.g, b.rxbuf + 2048 + HDR + 20),
			 1);
	assert_int_equal(b.n->rx_count, VNET_RX_PENDING - 2);
	/* A reset forgets them. */
	vmmio_write(&b.n->dev, VIRTIO_MMIO_STATUS, 4, 0);
	assert_int_equal(b.n->rx_count, 0);
	node_free(&a);
	node_free(&b);
}

static void test_bad_buffers(void **state)
{
	struct node a;
	uint8_t frame[2048];
	uint32_t id, len;

	(void)state;
	node_init(&a, mac_a, NULL);
	node_up(&a);
	/* A receive buffer too small for the frame: the frame is dropped,
	 * the buffer kept for the next one. */
	post_rx(&a, 0, HDR + 50);
	vnet_receive(a.n, frame, make_frame(frame, mac_a, mac_b, 60, 1));
	assert_int_equal(a.n->rx_dropped, 1);
	assert_false(fq_pop_used(&a.rx, &id, &len));
	vnet_receive(a.n, frame, make_frame(frame, mac_a, mac_b, 50, 2));
	assert_true(fq_pop_used(&a.rx, &id, &len));
	assert_int_equal(len, HDR + 50);
	/* A device-readable receive buffer: given back empty. */
	fq_desc(&a.rx, 1, a.rxbuf, 1600, 0, 0);
	fq_push_avail(&a.rx, 1);
	vnet_receive(a.n, frame, make_frame(frame, mac_a, mac_b, 60, 3));
	assert_true(fq_pop_used(&a.rx, &id, &len));
	assert_int_equal(id, 1);
	assert_int_equal(len, 0);
	/* Frames longer than VNET_MAX_FRAME are dropped both ways. */
	vnet_receive(a.n, frame, VNET_MAX_FRAME + 1);
	send_tx(&a, 0, frame, VNET_MAX_FRAME + 1);
	assert_true(fq_pop_used(&a.tx, &id, &len));
	assert_int_equal(a.n->tx_dropped, 1);
	/* A transmit chain shorter than the header. */
	fq_desc(&a.tx, 0, a.txbuf, HDR - 1, 0, 0);
	fq_push_avail(&a.tx, 0);
	vmmio_write(&a.n->dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	assert_true(fq_pop_used(&a.tx, &id, &len));
	assert_int_equal(a.n->tx_dropped, 2);
	/* A transmit chain pointing outside the RAM. */
	fq_desc(&a.tx, 0, 0x1000, 64, 0, 0);
	fq_push_avail(&a.tx, 0);
	vmmio_write(&a.n->dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	assert_true(fq_pop_used(&a.tx, &id, &len));
	assert_int_equal(a.n->tx_dropped, 3);
	assert_int_equal(vmmio_read(&a.n->dev, VIRTIO_MMIO_STATUS, 4),
			 OK_STATUS);
	node_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_learning),
		cmocka_unit_test(test_switch_table_full),
		cmocka_unit_test(test_switch_spoofing),
		cmocka_unit_test(test_config_space),
		cmocka_unit_test(test_frames_between_guests),
		cmocka_unit_test(test_rx_waits_for_buffers),
		cmocka_unit_test(test_bad_buffers),
	};

	dlog_quiet = true;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
