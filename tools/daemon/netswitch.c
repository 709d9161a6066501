/* A learning Ethernet switch between virtio-net devices and tap devices of the daemon. */
#include "netswitch.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void nswitch_init(struct nswitch *sw, const char *name)
{
	memset(sw, 0, sizeof(*sw));
	snprintf(sw->name, sizeof(sw->name), "%s", name);
	pthread_mutex_init(&sw->lock, NULL);
}

void nswitch_port_bind(struct nswitch_port *p, const uint8_t mac[6])
{
	memcpy(p->mac, mac, 6);
	p->bound = true;
}

static struct nswitch_port *bound_port(struct nswitch *sw, const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < sw->num_ports; i++)
		if (sw->ports[i]->bound && !memcmp(sw->ports[i]->mac, mac, 6))
			return sw->ports[i];
	return NULL;
}

int nswitch_attach(struct nswitch *sw, struct nswitch_port *p)
{
	int ret = 0;

	pthread_mutex_lock(&sw->lock);
	if (sw->num_ports == NSWITCH_MAX_PORTS)
		ret = -ENOSPC;
	else if (p->bound && bound_port(sw, p->mac))
		ret = -EEXIST;
	if (!ret) {
		memset(p->fdb, 0, sizeof(p->fdb));
		sw->ports[sw->num_ports++] = p;
		p->sw = sw;
	}
	pthread_mutex_unlock(&sw->lock);
	return ret;
}

static bool is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

static struct nswitch_fdb_entry *fdb_find(struct nswitch_port *p,
					  const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < NSWITCH_PORT_FDB; i++)
		if (p->fdb[i].used && !memcmp(p->fdb[i].mac, mac, 6))
			return &p->fdb[i];
	return NULL;
}

/* The port a unicast address is behind, or NULL. */
static struct nswitch_port *lookup(struct nswitch *sw, const uint8_t *mac)
{
	struct nswitch_port *p = bound_port(sw, mac);
	unsigned int i;

	for (i = 0; !p && i < sw->num_ports; i++)
		if (!sw->ports[i]->bound && fdb_find(sw->ports[i], mac))
			p = sw->ports[i];
	return p;
}

/* A station seen behind open port p: in p's table only (it may have moved). */
static void learn(struct nswitch *sw, struct nswitch_port *p,
		  const uint8_t *mac)
{
	struct nswitch_fdb_entry *e = fdb_find(p, mac);
	unsigned int i;

	if (!e) {
		for (i = 0; i < sw->num_ports; i++) {
			struct nswitch_fdb_entry *old;

			if (sw->ports[i] == p || sw->ports[i]->bound)
				continue;
			old = fdb_find(sw->ports[i], mac);
			if (old)
				old->used = false;
		}
		e = &p->fdb[0];
		for (i = 0; i < NSWITCH_PORT_FDB; i++) {
			if (!p->fdb[i].used) {
				e = &p->fdb[i];
				break;
			}
			if (p->fdb[i].seen < e->seen)
				e = &p->fdb[i];
		}
		memcpy(e->mac, mac, 6);
		e->used = true;
	}
	e->seen = ++sw->clock;
}

/* With the lock held. */
static void send_locked(struct nswitch *sw, struct nswitch_port *from,
			const uint8_t *frame, size_t len)
{
	const uint8_t *src = frame + 6;
	struct nswitch_port *to;
	unsigned int i;

	if (len < ETH_MIN_FRAME) {
		sw->dropped++;
		return;
	}
	if (from->bound ? memcmp(src, from->mac, 6) != 0 :
			  bound_port(sw, src) != NULL) {
		from->spoofed++;
		sw->spoofed++;
		return;
	}
	if (!from->bound && !is_multicast(src))
		learn(sw, from, src);
	to = is_multicast(frame) ? NULL : lookup(sw, frame);
	if (to) {
		if (to == from) {
			sw->dropped++;
			return;
		}
		sw->forwarded++;
		to->deliver(to, frame, len);
		return;
	}
	sw->flooded++;
	for (i = 0; i < sw->num_ports; i++)
		if (sw->ports[i] != from)
			sw->ports[i]->deliver(sw->ports[i], frame, len);
}

void nswitch_send(struct nswitch_port *from, const uint8_t *frame, size_t len)
{
	struct nswitch *sw = from->sw;

	if (!sw)
		return;
	pthread_mutex_lock(&sw->lock);
	send_locked(sw, from, frame, len);
	pthread_mutex_unlock(&sw->lock);
}
