/* Whether an image is in RAM, and whether this kernel writes such files faster in short calls than in one long one: the default size of the daemon's write pieces. */
#include "blk_uring.h"

#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define PROBE_TRIES 3

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* The time of one write of buf to fd in calls of piece bytes (0: it failed). */
static uint64_t write_ns(int fd, const uint8_t *buf, size_t piece)
{
	uint64_t t = now_ns();
	size_t off;

	for (off = 0; off < BLK_PROBE_LEN; off += piece)
		if (pwrite(fd, buf + off, piece, (off_t)off) != (ssize_t)piece)
			return 0;
	return now_ns() - t ?: 1;
}

/* The best of PROBE_TRIES each way, taken in turn (a noisy host hits both). */
static void best_of(int fd, const uint8_t *buf, struct blk_probe *out)
{
	uint64_t whole = UINT64_MAX, pieces = UINT64_MAX, t;
	int i;

	for (i = 0; i < PROBE_TRIES; i++) {
		t = write_ns(fd, buf, BLK_PROBE_LEN);
		if (!t)
			return;
		whole = t < whole ? t : whole;
		t = write_ns(fd, buf, BLK_PIECE_MAX);
		if (!t)
			return;
		pieces = t < pieces ? t : pieces;
	}
	out->whole_ns = whole;
	out->pieces_ns = pieces;
}

bool blk_in_memory(int fd)
{
	struct statfs fs;

	return !fstatfs(fd, &fs) &&
	       (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC);
}

size_t blk_probe_piece(struct blk_probe *out)
{
	uint8_t *buf = malloc(BLK_PROBE_LEN);
	int fd = memfd_create("hvisor-write-probe", MFD_CLOEXEC);
	size_t piece = 0;

	memset(out, 0, sizeof(*out));
	if (buf && fd >= 0) {
		memset(buf, 0x5a, BLK_PROBE_LEN);
		/* the file's pages exist before the timed writes */
		if (pwrite(fd, buf, BLK_PROBE_LEN, 0) == BLK_PROBE_LEN)
			best_of(fd, buf, out);
		if (out->whole_ns && out->pieces_ns &&
		    out->whole_ns > BLK_PROBE_RATIO * out->pieces_ns)
			piece = BLK_PIECE_MAX;
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	return piece;
}
