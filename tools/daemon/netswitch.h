/* A learning Ethernet switch between virtio-net devices and tap devices of the daemon. */
#ifndef HVISOR_DAEMON_NETSWITCH_H
#define HVISOR_DAEMON_NETSWITCH_H

#include <stddef.h>
#include <stdint.h>

#define NSWITCH_MAX_PORTS 16
#define NSWITCH_FDB_SIZE 64 /* learnt addresses; the oldest one makes room */
#define NSWITCH_NAME_LEN 32
#define ETH_MIN_FRAME 14 /* destination, source, type */

struct nswitch;

/* A port: what the switch calls to hand a frame out through it. */
struct nswitch_port {
	struct nswitch *sw; /* set by nswitch_attach() */
	void (*deliver)(struct nswitch_port *p, const uint8_t *frame,
			size_t len);
};

struct nswitch_fdb_entry {
	uint8_t mac[6];
	struct nswitch_port *port; /* NULL: free */
	uint64_t used; /* clock of the last frame from it */
};

struct nswitch {
	char name[NSWITCH_NAME_LEN];
	unsigned int num_ports;
	struct nswitch_port *ports[NSWITCH_MAX_PORTS];
	struct nswitch_fdb_entry fdb[NSWITCH_FDB_SIZE];
	uint64_t clock;
	uint64_t forwarded, flooded, dropped;
};

void nswitch_init(struct nswitch *sw, const char *name);

/* Connects p; -ENOSPC when the switch has NSWITCH_MAX_PORTS ports. */
int nswitch_attach(struct nswitch *sw, struct nswitch_port *p);

/*
 * A frame that came in through port from: learns its source address, then
 * hands it to the port that has its destination, or to every other port
 * (broadcast, multicast, unknown destination). Frames shorter than
 * ETH_MIN_FRAME are dropped. A port without switch drops everything.
 */
void nswitch_send(struct nswitch_port *from, const uint8_t *frame, size_t len);

#endif
