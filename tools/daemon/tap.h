/* Tap network interfaces in the root: a switch port that reads and writes Ethernet frames. */
#ifndef HVISOR_DAEMON_TAP_H
#define HVISOR_DAEMON_TAP_H

#include "netswitch.h"

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#define TAP_BATCH 64 /* frames read per wake-up before yielding */

struct dtap {
	struct nswitch_port port; /* attach it to a switch */
	int fd;
	char name[IFNAMSIZ];
	uint64_t rx, tx, dropped;
};

/*
 * Creates (or attaches to) tap interface name (IFF_TAP | IFF_NO_PI,
 * non-blocking) and brings it up. Returns 0, or -1 after printing why.
 */
int tap_open(struct dtap *t, const char *name);

/* Reads the frames waiting (up to TAP_BATCH) and sends them into the switch. */
void tap_read(struct dtap *t, uint8_t *buf, size_t size);

void tap_close(struct dtap *t);

#endif
