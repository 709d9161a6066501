/* Block I/O load for virtio tests and benchmarks: random reads/writes at a queue depth (threads of pread/pwrite, or one thread with io_uring; O_DIRECT), timed sequential reads/writes, a verifiable pattern to fill and check, a token to wait for. */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_QD 256

enum mode { RANDREAD, RANDWRITE, FILL, VERIFY, WAIT, SEQREAD, SEQWRITE };

static enum mode mode;
static int fd;
static unsigned int qd = 1;
static size_t bs = 4096;
static uint64_t base, size, seed = 1, nblocks;
static double seconds = 5;
static bool use_uring; /* -u: one thread, QD requests in flight in io_uring */
static const char *token = "";
static uint64_t next_block; /* fill, verify: the next block to take */
static uint64_t ops, bad, first_bad = UINT64_MAX;
static int io_errno;
static struct timespec t0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)(ts.tv_sec - t0.tv_sec) +
	       (double)(ts.tv_nsec - t0.tv_nsec) / 1e9;
}

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Block b's contents for the seed: its number, the seed, then noise. */
static void pattern(uint64_t *w, uint64_t b)
{
	size_t i;

	w[0] = b;
	w[1] = seed;
	for (i = 2; i < bs / 8; i++)
		w[i] = mix(seed * 0x100000001b3ull ^ (b << 16) ^ i);
}

static void record_bad(uint64_t b)
{
	uint64_t cur = __atomic_load_n(&first_bad, __ATOMIC_RELAXED);

	__atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
	while (b < cur &&
	       !__atomic_compare_exchange_n(&first_bad, &cur, b, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

static int full(bool write, void *buf, uint64_t off)
{
	ssize_t n = write ? pwrite(fd, buf, bs, (off_t)off) :
			    pread(fd, buf, bs, (off_t)off);

	if (n == (ssize_t)bs)
		return 0;
	__atomic_store_n(&io_errno, n < 0 ? errno : EIO, __ATOMIC_RELAXED);
	return -1;
}

static void *worker(void *arg)
{
	uint64_t rng = mix(seed + (uintptr_t)arg), *buf, *want = NULL, b, n = 0;
	void *p;

	if (posix_memalign(&p, 4096, bs) ||
	    (mode == VERIFY && !(want = malloc(bs))))
		return (void *)1;
	buf = p;
	memset(buf, 0x5a, bs);
	for (;;) {
		if (mode == RANDREAD || mode == RANDWRITE) {
			if ((n & 7) == 0 && now() >= seconds)
				break;
			rng = mix(rng);
			b = rng % nblocks;
			if (full(mode == RANDWRITE, buf, base + b * bs))
				break;
		} else {
			b = __atomic_fetch_add(&next_block, 1,
					       __ATOMIC_RELAXED);
			if (b >= nblocks)
				break;
			if (mode == SEQREAD || mode == SEQWRITE) {
				if (full(mode == SEQWRITE, buf, base + b * bs))
					break;
			} else if (mode == FILL) {
				pattern(buf, base / bs + b);
				if (full(true, buf, base + b * bs))
					break;
			} else {
				if (full(false, buf, base + b * bs))
					break;
				pattern(want, base / bs + b);
				if (memcmp(buf, want, bs))
					record_bad(b);
			}
		}
		n++;
	}
	__atomic_add_fetch(&ops, n, __ATOMIC_RELAXED);
	free(want);
	free(p);
	return NULL;
}

/* Queues slot's buffer for the next random block of the run. */
static void queue_one(struct io_uring *ring, void *buf, unsigned int slot,
		      uint64_t *rng)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	uint64_t off;

	*rng = mix(*rng);
	off = base + (*rng % nblocks) * bs;
	if (mode == RANDWRITE)
		io_uring_prep_write(sqe, fd, buf, (unsigned int)bs, off);
	else
		io_uring_prep_read(sqe, fd, buf, (unsigned int)bs, off);
	io_uring_sqe_set_data64(sqe, slot);
}

/*
 * Random reads or writes with QD requests in flight from one thread
 * (io_uring, as fio's iodepth): a request that completes is replaced
 * by the next until the time is up. 0, or -1 with io_errno set.
 */
static int run_uring(void)
{
	uint64_t rng = mix(seed);
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned int i, inflight = 0;
	bool stop = false;
	void *bufs[MAX_QD];
	int ret;

	ret = io_uring_queue_init(qd, &ring, 0);
	if (ret < 0) {
		io_errno = -ret;
		return -1;
	}
	for (i = 0; i < qd; i++) {
		if (posix_memalign(&bufs[i], 4096, bs)) {
			io_errno = ENOMEM;
			return -1;
		}
		memset(bufs[i], 0x5a, bs);
	}
	for (i = 0; i < qd || inflight; i = qd) {
		for (; i < qd; i++) {
			queue_one(&ring, bufs[i], i, &rng);
			inflight++;
		}
		io_uring_submit(&ring);
		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret < 0) {
			io_errno = -ret;
			break;
		}
		/* every completion there is: its slot is reused or ends */
		do {
			unsigned int slot = (unsigned int)cqe->user_data;

			inflight--;
			if (cqe->res != (int)bs) {
				io_errno = cqe->res < 0 ? -cqe->res : EIO;
				stop = true;
			} else {
				ops++;
			}
			io_uring_cqe_seen(&ring, cqe);
			if ((ops & 7) == 0 && now() >= seconds)
				stop = true;
			if (stop)
				continue;
			queue_one(&ring, bufs[slot], slot, &rng);
			inflight++;
		} while (!io_uring_peek_cqe(&ring, &cqe));
	}
	io_uring_queue_exit(&ring);
	for (i = 0; i < qd; i++)
		free(bufs[i]);
	return io_errno ? -1 : 0;
}

/* Reads the block at base until it starts with the token. */
static int wait_token(void)
{
	size_t len = strlen(token);
	void *buf;

	if (len > bs || posix_memalign(&buf, 4096, bs))
		return 2;
	while (now() < seconds) {
		if (pread(fd, buf, bs, (off_t)base) == (ssize_t)bs &&
		    !memcmp(buf, token, len))
			return 0;
		usleep(100000);
	}
	fprintf(stderr, "blkio: no '%s' at %llu within %.0f s\n", token,
		(unsigned long long)base, seconds);
	return 1;
}

static uint64_t number(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	if (*end == 'k' || *end == 'K')
		v <<= 10;
	else if (*end == 'M')
		v <<= 20;
	else if (*end == 'G')
		v <<= 30;
	return v;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: blkio randread|randwrite|fill|verify|wait|seqread|seqwrite DEV [-q QD] [-b BS] [-o OFFSET] [-s SIZE] [-t SECONDS] [-S SEED] [-T TOKEN] [-B] [-u]\n"
		"  -B: buffered (no O_DIRECT, e.g. a file on tmpfs)\n"
		"  -u: randread, randwrite: QD requests in flight from one thread through\n"
		"    io_uring (fio's iodepth), instead of QD threads of pread/pwrite\n"
		"  seqread, seqwrite: SIZE from OFFSET in BS blocks, in order (QD 1), timed\n"
		"    with CLOCK_MONOTONIC (seqwrite: until its fsync returns)\n"
		"  wait: reads the block at OFFSET until it starts with TOKEN (-t: at most)\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "randread", "randwrite", "fill",
					     "verify",	 "wait",      "seqread",
					     "seqwrite" };
	pthread_t th[MAX_QD];
	int flags = O_DIRECT, opt, i;
	double t;

	if (argc < 3)
		return usage();
	for (i = 0; i < 7 && strcmp(argv[1], names[i]); i++)
		;
	if (i == 7)
		return usage();
	mode = (enum mode)i;
	optind = 3;
	while ((opt = getopt(argc, argv, "q:b:o:s:t:S:T:Bu")) != -1) {
		switch (opt) {
		case 'q':
			qd = (unsigned int)number(optarg);
			break;
		case 'b':
			bs = number(optarg);
			break;
		case 'o':
			base = number(optarg);
			break;
		case 's':
			size = number(optarg);
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 'S':
			seed = number(optarg);
			break;
		case 'T':
			token = optarg;
			break;
		case 'B':
			flags = 0;
			break;
		case 'u':
			use_uring = true;
			break;
		default:
			return usage();
		}
	}
	if (mode == WAIT && !size)
		size = bs;
	if ((mode == SEQREAD || mode == SEQWRITE) && qd != 1)
		return usage();
	if (use_uring && mode != RANDREAD && mode != RANDWRITE)
		return usage();
	if (!qd || qd > MAX_QD || bs < 16 || bs % 512 || base % bs || size < bs)
		return usage();
	nblocks = size / bs;
	fd = open(argv[2],
		  (mode == RANDWRITE || mode == FILL || mode == SEQWRITE ?
			   O_RDWR :
			   O_RDONLY) |
			  flags);
	if (fd < 0) {
		fprintf(stderr, "blkio: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (mode == WAIT)
		return wait_token();
	if (use_uring) {
		run_uring();
	} else {
		for (i = 0; i < (int)qd; i++)
			if (pthread_create(&th[i], NULL, worker,
					   (void *)(uintptr_t)i))
				return 1;
		for (i = 0; i < (int)qd; i++)
			pthread_join(th[i], NULL);
	}
	t = now();
	if ((mode == FILL || mode == RANDWRITE || mode == SEQWRITE) &&
	    fsync(fd) && !io_errno)
		io_errno = errno;
	if (mode == SEQWRITE)
		t = now();
	close(fd);
	printf("BLKIO %s%s qd %u bs %zu ops %llu seconds %.3f iops %.0f errors %s",
	       names[mode], use_uring ? " uring" : "", qd, bs,
	       (unsigned long long)ops, t, t > 0 ? (double)ops / t : 0.0,
	       io_errno ? strerror(io_errno) : "none");
	if (mode == SEQREAD || mode == SEQWRITE)
		printf(" mbs %.2f",
		       t > 0 ? (double)(ops * bs) / t / (1 << 20) : 0.0);
	if (mode == VERIFY)
		printf(" bad %llu first_bad %lld", (unsigned long long)bad,
		       bad ? (long long)first_bad : -1ll);
	printf("\n");
	return io_errno || bad || (mode >= FILL && ops != nblocks) ? 1 : 0;
}
