/* Drives QEMU's edu PCI device from Linux user space through sysfs (a Linux cell's passed-through device): ident, liveness, factorial, one DMA each way, an INTx through uio_pci_generic. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* QEMU's hw/misc/edu.c (docs/specs/edu.rst) */
#define EDU_IDENT 0x00 /* 0xRRrr00ed */
#define EDU_LIVENESS 0x04 /* reads back the inverse of what was written */
#define EDU_FACTORIAL 0x08
#define EDU_STATUS 0x20 /* bit 0: computing the factorial */
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60 /* sets bits in the status, raises INTx */
#define EDU_IRQ_ACK 0x64 /* clears them; INTx drops at 0 */
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98 /* bit 0 start (until done), bit 1 device to RAM */
#define EDU_BUFFER 0x40000 /* the device's 4 KiB buffer, as a DMA address */
#define EDU_BUFFER_SIZE 4096
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PAGE 4096
/* QEMU 7.2's edu stops the emulator on a DMA that ends at its buffer's
 * end: stay below it */
#define DMA_BYTES 3000

static const char *prog = "edupci";
static volatile uint8_t *bar;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "%s: FAIL: ", prog);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	exit(1);
}

static uint32_t rd32(unsigned int off)
{
	return *(volatile uint32_t *)(bar + off);
}

static void wr32(unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(bar + off) = v;
}

static void wr64(unsigned int off, uint64_t v)
{
	*(volatile uint64_t *)(bar + off) = v;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Waits until (reg & bit) is 0; at most 5 s (edu's DMA takes 100 ms). */
static void wait_clear(unsigned int reg, uint32_t bit, const char *what)
{
	double t0 = now();

	while (rd32(reg) & bit)
		if (now() - t0 > 5)
			die("%s: still busy after 5 s (0x%x = 0x%x)", what, reg,
			    rd32(reg));
}

/* Has Linux enable the device (sysfs "enable") unless it is already. */
static void enable(const char *dir)
{
	char path[512], state = '0';
	int fd;

	snprintf(path, sizeof(path), "%s/enable", dir);
	fd = open(path, O_RDWR);
	if (fd < 0 || read(fd, &state, 1) != 1)
		die("%s: %s", path, strerror(errno));
	/* a bound driver (uio_pci_generic) enabled it: writes are EBUSY */
	if (state == '0' && pwrite(fd, "1", 1, 0) != 1)
		die("%s: %s", path, strerror(errno));
	close(fd);
}

/* Sets and clears bits of the command register (sysfs config file). */
static void command_change(const char *dir, uint16_t set, uint16_t clear)
{
	char path[512];
	uint16_t cmd;
	int fd;

	snprintf(path, sizeof(path), "%s/config", dir);
	fd = open(path, O_RDWR);
	if (fd < 0 || pread(fd, &cmd, 2, PCI_COMMAND) != 2)
		die("%s: %s", path, strerror(errno));
	cmd = (cmd | set) & ~clear;
	if (pwrite(fd, &cmd, 2, PCI_COMMAND) != 2 ||
	    pread(fd, &cmd, 2, PCI_COMMAND) != 2)
		die("%s: %s", path, strerror(errno));
	close(fd);
	if ((cmd & set) != set || (cmd & clear))
		die("command register 0x%x: set 0x%x, clear 0x%x did not take",
		    cmd, set, clear);
}

/* The physical address of the page at p (root: /proc/self/pagemap). */
static uint64_t phys_of(void *p)
{
	uint64_t e, va = (uint64_t)(uintptr_t)p;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &e, 8, (off_t)(va / PAGE * 8)) != 8)
		die("/proc/self/pagemap: %s", strerror(errno));
	close(fd);
	if (!(e >> 63 & 1) || !(e & ((1ULL << 55) - 1)))
		die("pagemap: page 0x%" PRIx64 " not present or PFN hidden",
		    va);
	return (e & ((1ULL << 55) - 1)) * PAGE;
}

static void dma(uint64_t src, uint64_t dst, uint32_t bytes, uint32_t cmd)
{
	wr64(EDU_DMA_SRC, src);
	wr64(EDU_DMA_DST, dst);
	wr64(EDU_DMA_COUNT, bytes);
	wr64(EDU_DMA_CMD, cmd | 1);
	wait_clear(EDU_DMA_CMD, 1, "DMA");
}

/* A page-aligned, locked page of RAM filled with fill. */
static uint8_t *locked_page(int fill)
{
	uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);

	if (p == MAP_FAILED)
		die("mmap of a page: %s", strerror(errno));
	memset(p, fill, PAGE);
	return p;
}

static void dma_round_trip(const char *dir)
{
	uint8_t *src = locked_page(0), *dst = locked_page(0xee);
	uint64_t src_pa, dst_pa;
	double t0;
	int i;

	command_change(dir, PCI_COMMAND_MASTER, 0);
	for (i = 0; i < PAGE; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	src_pa = phys_of(src);
	dst_pa = phys_of(dst);
	t0 = now();
	dma(src_pa, EDU_BUFFER, DMA_BYTES, 0);
	dma(EDU_BUFFER, dst_pa, DMA_BYTES, 2);
	if (memcmp(src, dst, DMA_BYTES))
		die("DMA: the page at 0x%" PRIx64 " differs from the one at "
		    "0x%" PRIx64 " after a round trip through the device",
		    dst_pa, src_pa);
	if (dst[DMA_BYTES] != 0xee)
		die("DMA: wrote past its %d bytes", DMA_BYTES);
	printf("%s: dma: %d bytes from 0x%" PRIx64 " to the device and back "
	       "to 0x%" PRIx64 " in %.2f s: ok\n",
	       prog, DMA_BYTES, src_pa, dst_pa, now() - t0);
}

/* The /dev/uioN of the device (bound to uio_pci_generic). */
static int open_uio(const char *dir)
{
	char path[512];
	struct dirent *e;
	DIR *d;
	int fd = -1;

	snprintf(path, sizeof(path), "%s/uio", dir);
	d = opendir(path);
	if (!d)
		die("%s: %s (not bound to uio_pci_generic?)", path,
		    strerror(errno));
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "uio", 3)) {
			snprintf(path, sizeof(path), "/dev/%s", e->d_name);
			fd = open(path, O_RDWR);
			break;
		}
	closedir(d);
	if (fd < 0)
		die("no /dev/uioN for %s", dir);
	return fd;
}

/*
 * The device raises INTx; uio_pci_generic's handler masks it at the device
 * (command INTx-disable) and counts it on /dev/uioN; acknowledged at the
 * device, unmasked.
 */
static void intx(const char *dir)
{
	int fd = open_uio(dir);
	struct pollfd p = { fd, POLLIN, 0 };
	uint32_t count, status;
	double t0 = now();

	wr32(EDU_IRQ_RAISE, 0x1);
	if (poll(&p, 1, 5000) != 1)
		die("INTx: no interrupt on /dev/uio within 5 s (status 0x%x)",
		    rd32(EDU_IRQ_STATUS));
	if (read(fd, &count, 4) != 4)
		die("INTx: read of /dev/uio: %s", strerror(errno));
	status = rd32(EDU_IRQ_STATUS);
	if (status != 0x1)
		die("INTx: interrupt status 0x%x, raised 0x1", status);
	wr32(EDU_IRQ_ACK, status);
	if (rd32(EDU_IRQ_STATUS))
		die("INTx: status 0x%x after the acknowledge",
		    rd32(EDU_IRQ_STATUS));
	command_change(dir, 0, PCI_COMMAND_INTX_DISABLE);
	close(fd);
	printf("%s: INTx: interrupt %u on /dev/uio after %.3f s, status 0x%x "
	       "acknowledged\n",
	       prog, count, now() - t0, status);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : NULL;
	char path[512];
	uint32_t ident, v;
	struct stat st;
	int fd;

	int i;

	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "dma") && strcmp(argv[i], "intx"))
			break;
	if (argc < 2 || i < argc) {
		fprintf(stderr,
			"usage: %s /sys/bus/pci/devices/DEV [dma] [intx]\n",
			prog);
		return 2;
	}
	/* decoding on (Linux enables no device without a driver) */
	enable(dir);
	command_change(dir, PCI_COMMAND_MEMORY, 0);
	snprintf(path, sizeof(path), "%s/resource0", dir);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0 || fstat(fd, &st))
		die("%s: %s", path, strerror(errno));
	bar = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   fd, 0);
	if (bar == MAP_FAILED)
		die("mmap %s: %s", path, strerror(errno));
	ident = rd32(EDU_IDENT);
	if ((ident & 0xffff) != 0x00ed)
		die("ident 0x%08x is not edu's (0xRRrr00ed)", ident);
	wr32(EDU_LIVENESS, 0x12345678);
	v = rd32(EDU_LIVENESS);
	if (v != ~0x12345678u)
		die("liveness: wrote 0x12345678, read 0x%08x", v);
	printf("%s: BAR0 %lld bytes, ident 0x%08x, liveness ok\n", prog,
	       (long long)st.st_size, ident);
	wr32(EDU_FACTORIAL, 10);
	wait_clear(EDU_STATUS, 1, "factorial");
	v = rd32(EDU_FACTORIAL);
	if (v != 3628800)
		die("factorial: 10! = %u", v);
	printf("%s: factorial: 10! = %u\n", prog, v);
	for (i = 2; i < argc; i++)
		if (!strcmp(argv[i], "dma"))
			dma_round_trip(dir);
		else
			intx(dir);
	printf("%s: ok\n", prog);
	return 0;
}
