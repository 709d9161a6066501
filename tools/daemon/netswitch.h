/* A learning Ethernet switch between virtio-net devices and tap devices of the daemon. */
#ifndef HVISOR_DAEMON_NETSWITCH_H
#define HVISOR_DAEMON_NETSWITCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NSWITCH_MAX_PORTS 16
#define NSWITCH_PORT_FDB \
	32 /* stations learnt per open port; its oldest makes room */
#define NSWITCH_NAME_LEN 32
#define ETH_MIN_FRAME 14 /* destination, source, type */

struct nswitch;

struct nswitch_fdb_entry {
	uint8_t mac[6];
	bool used; /* false: free */
	uint64_t seen; /* clock of the last frame from it */
};

/*
 * A port: what the switch calls to hand a frame out through it. A port
 * bound to an address (a virtio-net device: nswitch_port_bind) is that one
 * station: frames from it with another source address are dropped and
 * counted, and no other port can claim the address. An open port (a tap)
 * may have up to NSWITCH_PORT_FDB stations behind it, learnt from the
 * source addresses of its frames, in a table of its own: a port flooding
 * made-up addresses only ever evicts its own.
 */
struct nswitch_port {
	struct nswitch *sw; /* set by nswitch_attach() */
	void (*deliver)(struct nswitch_port *p, const uint8_t *frame,
			size_t len);
	void *ctx; /* for deliver's owner */
	bool bound;
	uint8_t mac[6]; /* when bound */
	uint64_t spoofed; /* frames dropped for their source address */
	struct nswitch_fdb_entry fdb[NSWITCH_PORT_FDB]; /* open ports */
};

struct nswitch {
	char name[NSWITCH_NAME_LEN];
	pthread_mutex_t lock; /* ports send from several threads */
	unsigned int num_ports;
	struct nswitch_port *ports[NSWITCH_MAX_PORTS];
	uint64_t clock;
	uint64_t forwarded, flooded, dropped, spoofed;
};

void nswitch_init(struct nswitch *sw, const char *name);

/* Binds p (not attached yet) to the unicast address mac. */
void nswitch_port_bind(struct nswitch_port *p, const uint8_t mac[6]);

/*
 * Connects p; -ENOSPC when the switch has NSWITCH_MAX_PORTS ports,
 * -EEXIST when p is bound to the address of another bound port.
 */
int nswitch_attach(struct nswitch *sw, struct nswitch_port *p);

/*
 * A frame that came in through port from: checks (bound port) or learns
 * (open port) its source address, then hands it to the port that has its
 * destination, or to every other port (broadcast, multicast, unknown
 * destination). Dropped: frames shorter than ETH_MIN_FRAME, to the port
 * they came from, and (counted in spoofed) from a bound port with another
 * source address or from an open port with a bound port's address. A port
 * without switch drops everything. Thread-safe; deliver runs under the
 * switch's lock and must not send.
 */
void nswitch_send(struct nswitch_port *from, const uint8_t *frame, size_t len);

#endif
