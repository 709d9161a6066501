/* virtio-console device, one port: guest output to file descriptors, input from a buffer. */
#ifndef HVISOR_DAEMON_VCONSOLE_H
#define HVISOR_DAEMON_VCONSOLE_H

#include "vmmio.h"

#include <linux/virtio_console.h>
#include <stddef.h>
#include <stdint.h>

#define VCONSOLE_MAX_OUT 2 /* e.g. a pty and a log file */
#define VCONSOLE_IN_BUF 4096 /* input bytes waiting for receive buffers */
#define VCONSOLE_BATCH 64 /* output chains per notification before yielding */

struct vconsole {
	struct vmmio dev; /* first: the transport calls back with it */
	struct virtio_console_config cfg;
	int out_fd[VCONSOLE_MAX_OUT]; /* -1: unused; non-blocking ones drop on EAGAIN */
	uint64_t out_bytes, out_dropped, in_bytes;
	size_t in_len;
	uint8_t in[VCONSOLE_IN_BUF];
	uint8_t buf[4096];
	struct vq_chain chain;
};

/* Sets up c in the guest RAM mem, writing guest output to out_fd[0..1] (-1: none). */
void vconsole_init(struct vconsole *c, const char *name, const struct gmem *mem,
		   int out_fd0, int out_fd1);

/* Room for input, in bytes. */
size_t vconsole_input_room(const struct vconsole *c);
/* Room for input and a live receive queue: what the guest can take now. */
bool vconsole_can_receive(const struct vconsole *c);

/*
 * Input for the guest: takes up to vconsole_input_room() bytes of buf and
 * returns how many; they go to the guest as it offers receive buffers.
 */
size_t vconsole_input(struct vconsole *c, const uint8_t *buf, size_t len);

#endif
