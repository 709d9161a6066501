/* Guest-side checks of /dev/hvisor's mmap, poll/read and virtio ioctls (system tests). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hvisor/ioctl.h>
#include <hvisor/virtio.h>

#define DEV "/dev/hvisor"
#define RING_SYSFS "/sys/kernel/hvisor/virtio_ring"

static const char *prog = "mmapcheck";

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: FAIL: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static const char *err_name(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

static uint64_t number(const char *s, const char *what)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end)
		die("%s: '%s' is not a number", what, s);
	return v;
}

static int open_dev(void)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0)
		die("open %s: %s", DEV, strerror(errno));
	return fd;
}

static void *map(int fd, uint64_t off, size_t len, int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, (off_t)off);
}

/* mmap must fail with @want. */
static void expect_refused(int fd, uint64_t off, size_t len, int flags,
			   int want, const char *what)
{
	void *p = map(fd, off, len, flags);

	if (p != MAP_FAILED)
		die("%s: mmap of 0x%zx bytes at 0x%" PRIx64
		    " succeeded, expected %s",
		    what, len, off, err_name(want));
	if (errno != want)
		die("%s: mmap at 0x%" PRIx64 " failed with %s, expected %s",
		    what, off, err_name(errno), err_name(want));
	printf("%s: %s as expected\n", what, err_name(want));
}

static int poll_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, 0);

	if (n < 0)
		die("poll: %s", strerror(errno));
	return n && (p.revents & POLLIN);
}

/* The first line of the sysfs view of the ring. */
static void ring_sysfs(char *buf, size_t size)
{
	FILE *f = fopen(RING_SYSFS, "r");

	if (!f)
		die("%s: %s", RING_SYSFS, strerror(errno));
	if (!fgets(buf, (int)size, f))
		die("%s: empty", RING_SYSFS);
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

/*
 * ring: maps the request ring and checks its header, the refusals of a
 * too-long and a private mapping, and that poll/read follow head != tail as
 * the kernel sees it (head is moved from here, while no cell can queue).
 */
static int cmd_ring(void)
{
	int fd = open_dev(), nb = open(DEV, O_RDONLY | O_NONBLOCK);
	struct hvisor_req_ring *ring;
	char line[160], want[160];
	uint32_t head, tail;
	uint64_t count;

	if (nb < 0)
		die("open %s: %s", DEV, strerror(errno));
	ring = map(fd, 0, HVISOR_REQ_RING_SIZE, MAP_SHARED);
	if (ring == MAP_FAILED)
		die("mmap of the request ring: %s", err_name(errno));
	if (ring->magic != HVISOR_REQ_RING_MAGIC)
		die("ring magic 0x%x, expected 0x%x", ring->magic,
		    HVISOR_REQ_RING_MAGIC);
	if (ring->entries != HVISOR_REQ_RING_ENTRIES)
		die("ring entries %u, expected %u", ring->entries,
		    HVISOR_REQ_RING_ENTRIES);
	head = ring->head;
	tail = ring->tail;
	printf("ring: magic 0x%x entries %u head %u tail %u\n", ring->magic,
	       ring->entries, head, tail);
	if (head != tail)
		die("ring not empty (head %u tail %u) with no cell", head,
		    tail);
	expect_refused(fd, 0, HVISOR_REQ_RING_SIZE + 4096, MAP_SHARED, EINVAL,
		       "ring longer than HVISOR_REQ_RING_SIZE");
	expect_refused(fd, 0, 4096, MAP_PRIVATE, EINVAL, "private ring");

	if (poll_now(fd))
		die("poll: POLLIN with an empty ring and no interrupt");
	if (read(nb, &count, sizeof(count)) >= 0 || errno != EAGAIN)
		die("non-blocking read with an empty ring: not EAGAIN");
	ring_sysfs(line, sizeof(line));
	printf("sysfs: %s\n", line);

	ring->head = tail + 1;
	__sync_synchronize();
	if (!poll_now(fd))
		die("poll: no POLLIN with head %u != tail %u", tail + 1, tail);
	if (read(nb, &count, sizeof(count)) != sizeof(count))
		die("non-blocking read with a non-empty ring: %s",
		    strerror(errno));
	ring_sysfs(line, sizeof(line));
	snprintf(want, sizeof(want), "head=%u tail=%u ", tail + 1, tail);
	ring->head = head;
	__sync_synchronize();
	printf("sysfs with head moved: %s\n", line);
	if (strncmp(line, want, strlen(want)))
		die("sysfs shows '%s', expected it to start with '%s'", line,
		    want);
	if (poll_now(fd))
		die("poll: POLLIN after head went back");
	printf("poll/read follow the ring: OK\n");

	munmap(ring, HVISOR_REQ_RING_SIZE);
	close(nb);
	close(fd);
	return 0;
}

/* refuse PA LEN [ERRNO]: mmap must fail (EPERM by default). */
static int cmd_refuse(int argc, char **argv)
{
	int fd = open_dev(), want = EPERM;
	char what[64];

	if (argc < 2)
		die("usage: refuse PA LEN [ENODEV]");
	if (argc > 2 && !strcmp(argv[2], "ENODEV"))
		want = ENODEV;
	else if (argc > 2 && strcmp(argv[2], "EPERM"))
		die("refuse: errno %s not supported", argv[2]);
	snprintf(what, sizeof(what), "PA %s+%s", argv[0], argv[1]);
	expect_refused(fd, number(argv[0], "PA"), number(argv[1], "LEN"),
		       MAP_SHARED, want, what);
	close(fd);
	return 0;
}

/* peek PA LEN: maps and prints the first 32-bit word. */
static int cmd_peek(int argc, char **argv)
{
	int fd = open_dev();
	uint64_t pa, len;
	volatile uint32_t *p;

	if (argc < 2)
		die("usage: peek PA LEN");
	pa = number(argv[0], "PA");
	len = number(argv[1], "LEN");
	p = map(fd, pa, len, MAP_SHARED);
	if (p == MAP_FAILED)
		die("mmap of 0x%" PRIx64 " bytes at PA 0x%" PRIx64 ": %s", len,
		    pa, err_name(errno));
	printf("0x%08x\n", p[0]);
	munmap((void *)p, len);
	close(fd);
	return 0;
}

static long minor_faults(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return u.ru_minflt;
}

/*
 * faults PA LEN: maps PA read-write, writes every page once (an atomic
 * add of 0: a store that loses nothing the guest writes meanwhile) and
 * prints how many page faults that took: 0 when the driver maps the
 * pages dirty from the start.
 */
static int cmd_faults(int argc, char **argv)
{
	int fd = open_dev();
	uint64_t pa, len, off;
	uint8_t *p;
	long f0;

	if (argc < 2)
		die("usage: faults PA LEN");
	pa = number(argv[0], "PA");
	len = number(argv[1], "LEN");
	p = map(fd, pa, len, MAP_SHARED);
	if ((void *)p == MAP_FAILED)
		die("mmap of 0x%" PRIx64 " bytes at PA 0x%" PRIx64 ": %s", len,
		    pa, err_name(errno));
	for (off = 0; off < len; off += 4096) /* reads first: never fault */
		(void)*(volatile uint8_t *)(p + off);
	f0 = minor_faults();
	for (off = 0; off < len; off += 4096)
		__atomic_fetch_add((uint32_t *)(p + off + 4092), 0,
				   __ATOMIC_SEQ_CST);
	printf("faults %ld\n", minor_faults() - f0);
	munmap(p, len);
	close(fd);
	return 0;
}

/* The hold test's ioctl: DISABLE, or CELL_DESTROY of @id. */
static int guarded_ioctl(int fd, int destroy, uint32_t id)
{
	struct hvisor_cell_id_args args = { .id = id };

	if (destroy)
		return ioctl(fd, HVISOR_IOCTL_CELL_DESTROY, &args);
	return ioctl(fd, HVISOR_IOCTL_DISABLE);
}

static void expect_busy(int fd, int destroy, uint32_t id, const char *when)
{
	if (guarded_ioctl(fd, destroy, id) == 0)
		die("%s: %s succeeded while mapped", when,
		    destroy ? "destroy" : "disable");
	if (errno != EBUSY)
		die("%s: %s failed with %s, expected EBUSY", when,
		    destroy ? "destroy" : "disable", err_name(errno));
	printf("%s: %s refused (EBUSY)\n", when,
	       destroy ? "destroy" : "disable");
}

/*
 * hold OFF LEN disable | hold OFF LEN destroy ID: while OFF is mapped (here,
 * then only in a forked child) the ioctl is refused with EBUSY; once the
 * child is gone and this process unmapped (the file still open), it works.
 */
static int cmd_hold(int argc, char **argv)
{
	int fd = open_dev(), destroy, pipefd[2];
	uint64_t off, len;
	uint32_t id = 0;
	pid_t child;
	void *p;
	char c;

	if (argc < 3)
		die("usage: hold OFF LEN disable | hold OFF LEN destroy ID");
	off = number(argv[0], "OFF");
	len = number(argv[1], "LEN");
	destroy = !strcmp(argv[2], "destroy");
	if (destroy && argc < 4)
		die("hold: destroy needs a cell id");
	if (!destroy && strcmp(argv[2], "disable"))
		die("hold: '%s' is neither disable nor destroy", argv[2]);
	if (destroy)
		id = (uint32_t)number(argv[3], "ID");

	p = map(fd, off, len, MAP_SHARED);
	if (p == MAP_FAILED)
		die("mmap of 0x%" PRIx64 " at 0x%" PRIx64 ": %s", len, off,
		    err_name(errno));
	expect_busy(fd, destroy, id, "mapped here");

	if (pipe(pipefd))
		die("pipe: %s", strerror(errno));
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (!child) {
		/* keeps the inherited mapping until the parent closes the pipe */
		close(pipefd[1]);
		while (read(pipefd[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(pipefd[0]);
	if (munmap(p, len))
		die("munmap: %s", strerror(errno));
	expect_busy(fd, destroy, id, "unmapped here, mapped in a child");
	close(pipefd[1]);
	if (waitpid(child, NULL, 0) != child)
		die("waitpid: %s", strerror(errno));

	if (guarded_ioctl(fd, destroy, id))
		die("%s after munmap: %s", destroy ? "destroy" : "disable",
		    err_name(errno));
	printf("unmapped everywhere: %s works\n",
	       destroy ? "destroy" : "disable");
	close(fd);
	return 0;
}

/* Prints "ok" or the errno name of a virtio ioctl. */
static int report(int ret)
{
	printf("%s\n", ret ? err_name(errno) : "ok");
	return 0;
}

static int cmd_virtio(const char *cmd, int argc, char **argv)
{
	int fd = open_dev(), ret;

	if (!strcmp(cmd, "timeout") && argc == 1) {
		struct hvisor_virtio_timeout_args a = {
			.ms = (uint32_t)number(argv[0], "MS"),
		};
		ret = ioctl(fd, HVISOR_IOCTL_VIRTIO_SET_TIMEOUT, &a);
	} else if (!strcmp(cmd, "complete") && argc == 4) {
		struct hvisor_virtio_complete_args a = {
			.cell = (uint32_t)number(argv[0], "CELL"),
			.vcpu = (uint32_t)number(argv[1], "VCPU"),
			.value = number(argv[2], "VALUE"),
			.seq = number(argv[3], "SEQ"),
		};
		ret = ioctl(fd, HVISOR_IOCTL_VIRTIO_COMPLETE, &a);
	} else if (!strcmp(cmd, "inject") && argc == 2) {
		struct hvisor_virtio_inject_args a = {
			.cell = (uint32_t)number(argv[0], "CELL"),
			.irq = (uint32_t)number(argv[1], "IRQ"),
		};
		ret = ioctl(fd, HVISOR_IOCTL_VIRTIO_INJECT, &a);
	} else {
		die("usage: timeout MS | complete CELL VCPU VALUE SEQ | inject CELL IRQ");
	}
	report(ret);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr,
			"usage: %s ring | refuse PA LEN [EPERM|ENODEV] | peek PA LEN |\n"
			"       faults PA LEN |\n"
			"       hold OFF LEN disable | hold OFF LEN destroy ID |\n"
			"       timeout MS | complete CELL VCPU VALUE SEQ | inject CELL IRQ\n",
			prog);
		return 2;
	}
	if (!strcmp(argv[1], "ring"))
		return cmd_ring();
	if (!strcmp(argv[1], "refuse"))
		return cmd_refuse(argc - 2, argv + 2);
	if (!strcmp(argv[1], "peek"))
		return cmd_peek(argc - 2, argv + 2);
	if (!strcmp(argv[1], "faults"))
		return cmd_faults(argc - 2, argv + 2);
	if (!strcmp(argv[1], "hold"))
		return cmd_hold(argc - 2, argv + 2);
	return cmd_virtio(argv[1], argc - 2, argv + 2);
}
