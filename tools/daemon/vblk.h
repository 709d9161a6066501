/* virtio-blk device: requests on its queues (VIRTIO_BLK_F_MQ) served from a disk image file, synchronously or through an asynchronous engine. */
#ifndef HVISOR_DAEMON_VBLK_H
#define HVISOR_DAEMON_VBLK_H

#include "vmmio.h"

#include <linux/virtio_blk.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#define VBLK_SECTOR 512
#define VBLK_SIZE_MAX (128u << 10) /* bytes per segment */
#define VBLK_SEG_MAX (VQ_MAX_SIZE - 2) /* segments per request */
#define VBLK_BATCH 64 /* requests per notification before yielding */
#define VBLK_MAX_REQS VQ_MAX_SIZE /* requests in flight at once */
#define VBLK_OPT_IO_MAX (64u << 20) /* the largest optimal I/O size offered */
#define VBLK_MAX_QUEUES VMMIO_MAX_QUEUES /* request queues offered at most */

struct vblk;

enum vblk_op { VBLK_OP_READ, VBLK_OP_WRITE, VBLK_OP_FLUSH };

/*
 * One request the device checked and hands to the engine: read or write
 * the pieces iov[0 .. niov) (in guest RAM) at byte off of the image, or
 * flush it. The engine calls vblk_complete() when it is done.
 */
struct vblk_req {
	struct vblk *b;
	enum vblk_op op;
	uint16_t head;
	uint16_t queue; /* the queue it came from */
	uint8_t *status; /* the guest's status byte */
	uint32_t used_len; /* bytes written to the guest when it succeeds */
	uint64_t epoch; /* the device's when it was taken */
	uint64_t off;
	uint64_t len; /* bytes still to transfer */
	int niov;
	struct iovec iov[VQ_MAX_IOV];
	struct vblk_req *next_free;
};

/* Where the requests go when they are served asynchronously. */
struct vblk_engine {
	/* Starts r; <0: it could not (the request fails with IOERR). */
	int (*submit)(void *ctx, struct vblk_req *r);
	/* After the requests of one notification were submitted. */
	void (*commit)(void *ctx);
	/*
	 * Waits until every request started has completed, each through
	 * vblk_complete() (before a reset, an unmap or the end).
	 */
	void (*drain)(void *ctx);
};

struct vblk {
	struct vmmio dev; /* first: the transport calls back with it */
	int fd; /* the image, opened by the caller */
	uint64_t sectors;
	bool readonly;
	unsigned int delay_ms; /* slow storage for tests: a wait per request */
	/* served synchronously: bytes per write call (0: a request, a call) */
	size_t write_piece;
	uint64_t write_calls; /* calls made of such writes */
	struct virtio_blk_config cfg;
	char serial[VIRTIO_BLK_ID_BYTES];
	uint64_t requests, errors;
	struct vq_chain chain;
	struct vblk_req sync_req; /* the request served synchronously */

	/* asynchronous service: NULL engine, each request served in notify */
	const struct vblk_engine *engine;
	void *engine_ctx;
	struct vblk_req *reqs, *free_reqs;
	uint64_t epoch; /* bumped by a reset: older completions are dropped */
	unsigned int inflight, max_inflight;
	uint32_t pushed; /* bit q: used entries in queue q since vblk_flush_used() */
	bool starved; /* the queue has more than there are free requests */
	/* chains the queue held when the notification being served began */
	unsigned int notify_pending;
	/* bytes the engine wrote at once while serving that notification */
	uint64_t notify_inline_bytes;
	uint64_t completions, completion_batches;
};

/*
 * Sets up b for an image of size bytes (a multiple of 512 is used; the rest
 * is out of reach) on fd, in the guest RAM mem. name is used in messages,
 * serial (at most 20 bytes used) answers GET_ID.
 */
void vblk_init(struct vblk *b, const char *name, const struct gmem *mem, int fd,
	       uint64_t size, bool readonly, const char *serial);

/*
 * From now on requests go to engine (before the device is used):
 * VBLK_MAX_REQS at once. 0, or -1 out of memory (b stays synchronous).
 */
int vblk_set_engine(struct vblk *b, const struct vblk_engine *engine,
		    void *ctx);
void vblk_free(struct vblk *b);

/*
 * Offers VIRTIO_BLK_F_TOPOLOGY with bytes (a multiple of 512, at most
 * VBLK_OPT_IO_MAX) as the optimal I/O size, or no topology for 0 (before
 * the device is used). Linux sets the disk's io_opt from it and reads
 * ahead twice that. -1: not such a size (nothing changed).
 */
int vblk_set_opt_io(struct vblk *b, uint32_t bytes);

/*
 * Offers n request queues (1..VBLK_MAX_QUEUES; VIRTIO_BLK_F_MQ for more
 * than one), before the device is used: Linux then gives each CPU (or
 * group of CPUs) a queue of its own and no I/O scheduler. -1: not such
 * a count (nothing changed).
 */
int vblk_set_queues(struct vblk *b, unsigned int n);

/*
 * Serves one chain synchronously: returns the bytes written to the guest
 * for the used ring (0 when the chain was refused: no status byte to
 * report an error).
 */
uint32_t vblk_handle(struct vblk *b, const struct vq_chain *c);

/*
 * The engine finished r with status (VIRTIO_BLK_S_*): its used entry is
 * published (unless the device was reset since), the interrupt waits for
 * vblk_flush_used().
 */
void vblk_complete(struct vblk_req *r, uint8_t status);

/*
 * Reads or writes r to its end in the calling thread (writes in calls of
 * b->write_piece): VIRTIO_BLK_S_OK, or IOERR.
 */
uint8_t vblk_transfer(struct vblk_req *r);

/* After a batch of completions: one interrupt for them if the driver wants it. */
void vblk_flush_used(struct vblk *b);

#endif
