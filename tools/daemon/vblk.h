/* virtio-blk device: requests on queue 0 served from a disk image file. */
#ifndef HVISOR_DAEMON_VBLK_H
#define HVISOR_DAEMON_VBLK_H

#include "vmmio.h"

#include <linux/virtio_blk.h>
#include <stdbool.h>
#include <stdint.h>

#define VBLK_SECTOR 512
#define VBLK_SIZE_MAX (128u << 10) /* bytes per segment */
#define VBLK_SEG_MAX (VQ_MAX_SIZE - 2) /* segments per request */
#define VBLK_BATCH 64 /* requests per notification before yielding */

struct vblk {
	struct vmmio dev; /* first: the transport calls back with it */
	int fd; /* the image, opened by the caller */
	uint64_t sectors;
	bool readonly;
	unsigned int delay_ms; /* slow storage for tests: a sleep per request */
	struct virtio_blk_config cfg;
	char serial[VIRTIO_BLK_ID_BYTES];
	uint64_t requests, errors;
	struct vq_chain chain;
	struct iovec io[VQ_MAX_IOV];
};

/*
 * Sets up b for an image of size bytes (a multiple of 512 is used; the rest
 * is out of reach) on fd, in the guest RAM mem. name is used in messages,
 * serial (at most 20 bytes used) answers GET_ID.
 */
void vblk_init(struct vblk *b, const char *name, const struct gmem *mem, int fd,
	       uint64_t size, bool readonly, const char *serial);

/*
 * Serves one chain: returns the bytes written to the guest for the used
 * ring (0 when the chain was refused: no status byte to report an error).
 */
uint32_t vblk_handle(struct vblk *b, const struct vq_chain *c);

#endif
