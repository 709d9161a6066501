/* virtio-net device: receive queue 0, transmit queue 1, frames to and from a switch port. */
#ifndef HVISOR_DAEMON_VNET_H
#define HVISOR_DAEMON_VNET_H

#include "netswitch.h"
#include "vmmio.h"

#include <linux/virtio_net.h>
#include <stdint.h>

#define VNET_MAX_FRAME 1518 /* Ethernet header, VLAN tag, 1500 bytes MTU */
#define VNET_HDR_LEN sizeof(struct virtio_net_hdr_v1)
#define VNET_RX_PENDING 64 /* frames waiting for receive buffers */
#define VNET_BATCH 64 /* frames sent per notification before yielding */

struct vnet {
	struct vmmio dev; /* first: the transport calls back with it */
	struct nswitch_port port; /* attach it to a switch */
	struct virtio_net_config cfg;
	uint64_t rx_frames, rx_dropped, tx_frames, tx_dropped;
	unsigned int rx_first, rx_count;
	uint16_t rx_len[VNET_RX_PENDING];
	uint8_t rx_frame[VNET_RX_PENDING][VNET_MAX_FRAME];
	uint8_t tx_frame[VNET_MAX_FRAME];
	struct vq_chain chain;
};

/* Sets up n with MAC address mac in the guest RAM mem; name is for messages. */
void vnet_init(struct vnet *n, const char *name, const struct gmem *mem,
	       const uint8_t mac[6]);

/*
 * A frame for the guest (what the port's deliver does): queued, and put in
 * receive buffers as the driver offers them. Dropped while the driver has
 * not set the receive queue up, when too long, or when VNET_RX_PENDING
 * frames wait already.
 */
void vnet_receive(struct vnet *n, const uint8_t *frame, size_t len);

#endif
