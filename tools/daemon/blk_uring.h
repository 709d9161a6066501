/* virtio-blk's asynchronous engine: the image's reads, writes and flushes through io_uring (liburing), many at once. */
#ifndef HVISOR_DAEMON_BLK_URING_H
#define HVISOR_DAEMON_BLK_URING_H

#include "vblk.h"

#include <liburing.h>
#include <stdbool.h>

struct blk_uring {
	struct io_uring ring;
	struct vblk *b;
	bool draining;
	bool queued; /* sqes not submitted yet */
	/*
	 * Small reads tried at once, before the ring: with RWF_NOWAIT
	 * (page cache hits), or plainly for an image in RAM (tmpfs, ramfs)
	 */
	bool inline_reads;
	/* Writes and flushes done at once too: only for an image in RAM */
	bool inline_writes;
	bool in_memory;
	uint64_t inline_done; /* requests served that way */
	uint32_t inline_bytes; /* read or written so since the last commit */
};

#define BLK_INLINE_MAX (64u << 10) /* the longest read or write tried at once */
/* At most this many bytes moved at once per notification (the rest: ring). */
#define BLK_INLINE_BATCH (256u << 10)

/*
 * Sets up u for b (VBLK_MAX_REQS requests at once) and makes it b's
 * engine, small reads tried at once (inline_reads), and small writes
 * and flushes too where the image is in RAM (inline_writes). 0, or -errno (no
 * io_uring: b stays synchronous).
 */
int blk_uring_init(struct blk_uring *u, struct vblk *b);
void blk_uring_exit(struct blk_uring *u);

/* The descriptor that polls readable when completions wait. */
static inline int blk_uring_fd(const struct blk_uring *u)
{
	return u->ring.ring_fd;
}

/*
 * Completes every request the kernel finished (vblk_complete()), starts
 * the next stage of those that have one, then raises one interrupt for
 * the batch (vblk_flush_used()). Returns the requests completed.
 */
unsigned int blk_uring_reap(struct blk_uring *u);

#endif
