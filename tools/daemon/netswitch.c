/* A learning Ethernet switch between virtio-net devices and tap devices of the daemon. */
#include "netswitch.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void nswitch_init(struct nswitch *sw, const char *name)
{
	memset(sw, 0, sizeof(*sw));
	snprintf(sw->name, sizeof(sw->name), "%s", name);
}

int nswitch_attach(struct nswitch *sw, struct nswitch_port *p)
{
	if (sw->num_ports == NSWITCH_MAX_PORTS)
		return -ENOSPC;
	sw->ports[sw->num_ports++] = p;
	p->sw = sw;
	return 0;
}

static bool is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

static struct nswitch_fdb_entry *lookup(struct nswitch *sw, const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < NSWITCH_FDB_SIZE; i++)
		if (sw->fdb[i].port && !memcmp(sw->fdb[i].mac, mac, 6))
			return &sw->fdb[i];
	return NULL;
}

static void learn(struct nswitch *sw, const uint8_t *mac,
		  struct nswitch_port *port)
{
	struct nswitch_fdb_entry *e = lookup(sw, mac);
	unsigned int i;

	if (!e) {
		e = &sw->fdb[0];
		for (i = 0; i < NSWITCH_FDB_SIZE; i++) {
			if (!sw->fdb[i].port) {
				e = &sw->fdb[i];
				break;
			}
			if (sw->fdb[i].used < e->used)
				e = &sw->fdb[i];
		}
		memcpy(e->mac, mac, 6);
	}
	e->port = port; /* a station that moved is learnt again */
	e->used = ++sw->clock;
}

void nswitch_send(struct nswitch_port *from, const uint8_t *frame, size_t len)
{
	struct nswitch *sw = from->sw;
	struct nswitch_fdb_entry *e;
	unsigned int i;

	if (!sw)
		return;
	if (len < ETH_MIN_FRAME) {
		sw->dropped++;
		return;
	}
	if (!is_multicast(frame + 6))
		learn(sw, frame + 6, from);
	e = is_multicast(frame) ? NULL : lookup(sw, frame);
	if (e) {
		if (e->port == from) {
			sw->dropped++;
			return;
		}
		sw->forwarded++;
		e->port->deliver(e->port, frame, len);
		return;
	}
	sw->flooded++;
	for (i = 0; i < sw->num_ports; i++)
		if (sw->ports[i] != from)
			sw->ports[i]->deliver(sw->ports[i], frame, len);
}
