/* virtio-blk's asynchronous engine: the image's reads, writes and flushes through io_uring (liburing), many at once. */
#ifndef HVISOR_DAEMON_BLK_URING_H
#define HVISOR_DAEMON_BLK_URING_H

#include "vblk.h"

#include <liburing.h>
#include <stdbool.h>

/*
 * One call of a request through the ring (a write may take several): the iovecs
 * r->iov[iov0 .. iov0 + niov), len bytes still to go at byte off of the
 * image (a flush: no bytes).
 */
struct blk_piece {
	struct vblk_req *r;
	uint64_t off;
	uint64_t len;
	int iov0, niov;
	struct blk_piece *next_free; /* in the device's pool */
};

/* The engine's state of one request (by its index in the device's). */
struct blk_ureq {
	struct blk_piece base; /* its first piece: always its own */
	int next; /* its first iovec no piece took yet */
	uint64_t next_off; /* and where that goes in the image */
	size_t max; /* the longest piece (0: one piece, the whole request) */
	unsigned int inflight; /* its pieces in the kernel */
	bool failed; /* one of them failed: IOERR when the last is done */
	uint8_t stage;
	struct __kernel_timespec ts; /* slow storage's delay */
};

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
	/* the longest write call of a request (0: a request, a call) */
	size_t piece_max;
	struct blk_ureq *ureqs; /* VBLK_MAX_REQS, as the device's requests */
	struct blk_piece *pieces, *free_pieces; /* BLK_PIECE_POOL */
	uint64_t pieces_split; /* pieces that came from the pool */
	uint64_t split_writes, write_pieces; /* writes cut, their calls */
	/* writes over BLK_INLINE_MAX to an image in RAM: in the worker */
	bool big_writes_in_worker;
	struct vblk_req *deferred, **deferred_tail; /* left by the dispatcher */
	uint64_t worker_writes; /* done that way */
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
 * The longest write call the engine makes of a request to an image in
 * RAM where the root's kernel writes such files faster in short calls
 * (blk_probe_piece()), in the device's thread or through the ring
 * (there up to BLK_PIECE_WINDOW at once). Trixie's
 * Linux 6.12 (the riscv64 root) under QEMU TCG pays for one pwritev into
 * tmpfs with its length squared (1.1 ms for 64 KiB, 200 ms for 1 MiB;
 * docs/benchmarks.md); Linux 6.1 (the arm64 root) does not, and there
 * pieces cost (a cell's 1 MiB writes 10-25% slower).
 */
#define BLK_PIECE_MAX (32u << 10)
#define BLK_PIECE_WINDOW 16 /* pieces of one request in the ring at most */
#define BLK_PIECE_POOL VBLK_MAX_REQS /* pieces beyond each request's first */
#define BLK_PROBE_RATIO 2 /* one long call this much slower: pieces */

#define BLK_PROBE_LEN (16 * BLK_PIECE_MAX) /* 512 KiB */

/* What blk_probe_piece() measured: BLK_PROBE_LEN in one call, in pieces. */
struct blk_probe {
	uint64_t whole_ns, pieces_ns;
};

/*
 * Times BLK_PROBE_LEN bytes written into a memfd (tmpfs) in one call and
 * in calls of BLK_PIECE_MAX (the best of 3 each, in turn, the file's
 * pages there before): BLK_PIECE_MAX where one call took over
 * BLK_PROBE_RATIO times the pieces, else 0 (also when it could not
 * measure). About a millisecond on arm64 TCG; 0.2 s on riscv64 TCG,
 * where one call takes ~10x the pieces.
 */
size_t blk_probe_piece(struct blk_probe *out);

/* Whether the file fd is in RAM (tmpfs, ramfs): no I/O of it waits for storage. */
bool blk_in_memory(int fd);

/*
 * Sets up u for b (VBLK_MAX_REQS requests at once) and makes it b's
 * engine, small reads tried at once (inline_reads), and small writes
 * and flushes too where the image is in RAM (inline_writes). 0, or -errno (no
 * io_uring: b stays synchronous).
 */
int blk_uring_init(struct blk_uring *u, struct vblk *b);

/*
 * The calling thread is (worker) or is not a device's worker: in one,
 * writes longer than
 * BLK_INLINE_MAX to an image in RAM are done in it, synchronously
 * (others leave them to it: blk_uring_reap() runs them).
 */
void blk_uring_worker_thread(bool worker);
void blk_uring_exit(struct blk_uring *u);

/* The descriptor that polls readable when completions wait. */
static inline int blk_uring_fd(const struct blk_uring *u)
{
	return u->ring.ring_fd;
}

/*
 * Does the writes left to the worker, completes every request the kernel
 * finished (vblk_complete()), starts
 * the next stage of those that have one, then raises one interrupt for
 * the batch (vblk_flush_used()). Returns the requests completed.
 */
unsigned int blk_uring_reap(struct blk_uring *u);

#endif
