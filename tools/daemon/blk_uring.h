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
};

#define BLK_INLINE_MAX (64u << 10) /* the longest read or write tried at once */
/*
 * Done at once only when the notification found at most this many
 * requests (at most 128 KiB of copying in the dispatcher, then): else a
 * syscall each in the dispatcher loses to one io_uring_enter for the
 * batch, whose reads and writes io_uring's workers do on the root's
 * other CPUs (arm64 TCG, 2-vCPU cell, 4 KiB random reads, one run each:
 * at QD1 1127 IOPS at once against 638 through the ring, at QD32 3844
 * against 4914).
 */
#define BLK_INLINE_PENDING 2
/*
 * Writes to an image in RAM: done at once up to this many
 * bytes per notification, however many requests it found. io_uring
 * sends every write of a tmpfs file to one worker per inode (hashed), so a
 * batch gains no parallelism there, only a hand-off per write (arm64 TCG,
 * 2-vCPU cell, 4 KiB random writes at QD32, two runs: 9.9k and 10.6k IOPS
 * one at a time in the device thread against 6.7k and 6.9k through
 * io_uring). The same copying bound as the read rule's: 128 KiB.
 */
#define BLK_INLINE_WRITE_BUDGET (2 * BLK_INLINE_MAX)

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
