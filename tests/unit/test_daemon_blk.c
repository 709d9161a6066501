/* virtio-blk and the virtio-mmio transport on a fake guest RAM and an in-memory disk image. */
#include "dlog.h"
#include "test_daemon_guest.h"
#include "vblk.h"

#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_mmio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#define F_NEXT VRING_DESC_F_NEXT
#define F_WRITE VRING_DESC_F_WRITE
#define F_INDIRECT VRING_DESC_F_INDIRECT
#define DISK_SECTORS 64
#define ALL_FEATURES (~0ull)
#define OK_STATUS                                               \
	(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | \
	 VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK)

struct fixture {
	struct fguest g;
	struct fqueue q;
	struct vblk b;
	int fd;
	uint64_t hdr, data, status; /* guest buffers */
};

static int open_disk(void)
{
	uint8_t sector[512];
	unsigned int i;
	int fd = memfd_create("disk", 0);

	if (fd < 0)
		return -1;
	for (i = 0; i < DISK_SECTORS; i++) {
		memset(sector, (int)i, sizeof(sector));
		if (write(fd, sector, sizeof(sector)) != sizeof(sector))
			return -1;
	}
	return fd;
}

static int setup_ro(void **state, bool readonly)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	dlog_quiet = true;
	fg_init(&f->g);
	f->fd = open_disk();
	if (f->fd < 0)
		return -1;
	vblk_init(&f->b, "virtio-blk test@0x0a000000", &f->g.mem, f->fd,
		  DISK_SECTORS * 512, readonly, "serial-0123456789abcdef");
	f->b.dev.irq = fg_irq;
	f->b.dev.irq_ctx = &f->g;
	fq_init(&f->q, &f->g, 16);
	f->hdr = fg_alloc(&f->g, 16, 16);
	f->data = fg_alloc(&f->g, 8192, 512);
	f->status = fg_alloc(&f->g, 1, 1);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_ro(state, false);
}

static int setup_readonly(void **state)
{
	return setup_ro(state, true);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	close(f->fd);
	fg_free(&f->g);
	free(f);
	return 0;
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
	return (uint32_t)vmmio_read(&f->b.dev, off, 4);
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
	vmmio_write(&f->b.dev, off, 4, v);
}

static void init_driver(struct fixture *f, uint64_t features)
{
	assert_int_equal(fg_driver_init(&f->b.dev, &f->q, 1, features),
			 OK_STATUS);
}

/* Makes a 3-descriptor request from head 0 and runs it; returns the used length. */
static uint32_t request(struct fixture *f, uint32_t type, uint64_t sector,
			uint32_t len, bool data_writable)
{
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr);
	uint32_t id, used;

	h->type = type;
	h->ioprio = 0;
	h->sector = sector;
	*(uint8_t *)fg_ptr(&f->g, f->status) = 0xee;
	fq_desc(&f->q, 0, f->hdr, 16, F_NEXT, 1);
	fq_desc(&f->q, 1, f->data, len, F_NEXT | (data_writable ? F_WRITE : 0),
		2);
	fq_desc(&f->q, 2, f->status, 1, F_WRITE, 0);
	fq_push_avail(&f->q, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(fq_pop_used(&f->q, &id, &used));
	assert_int_equal(id, 0);
	return used;
}

static uint8_t status_byte(struct fixture *f)
{
	return *(uint8_t *)fg_ptr(&f->g, f->status);
}

static void test_registers(void **state)
{
	struct fixture *f = *state;
	uint64_t features;

	assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(rd(f, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	assert_int_equal(rd(f, VIRTIO_MMIO_VENDOR_ID), VMMIO_VENDOR_ID);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	features = (uint64_t)rd(f, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features |= rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
	assert_true(features & (1ull << VIRTIO_F_VERSION_1));
	assert_true(features & (1ull << VIRTIO_RING_F_EVENT_IDX));
	assert_true(features & (1ull << VIRTIO_RING_F_INDIRECT_DESC));
	assert_true(features & (1ull << VIRTIO_BLK_F_FLUSH));
	assert_true(features & (1ull << VIRTIO_BLK_F_SEG_MAX));
	assert_true(features & (1ull << VIRTIO_BLK_F_SIZE_MAX));
	assert_false(features & (1ull << VIRTIO_BLK_F_RO));
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	/* Config space: capacity, in 1, 2, 4 and 8 byte reads. */
	assert_int_equal(vmmio_read(&f->b.dev, 0x100, 8), DISK_SECTORS);
	assert_int_equal(vmmio_read(&f->b.dev, 0x100, 4), DISK_SECTORS);
	assert_int_equal(vmmio_read(&f->b.dev, 0x100, 1), DISK_SECTORS);
	assert_int_equal(vmmio_read(&f->b.dev, 0x104, 4), 0);
	assert_int_equal(vmmio_read(&f->b.dev, 0x108, 4), VBLK_SIZE_MAX);
	assert_int_equal(vmmio_read(&f->b.dev, 0x10c, 2), VBLK_SEG_MAX);
	assert_int_equal(vmmio_read(&f->b.dev, 0xff8, 8), 0); /* past it */
	/* Queues: one, of at most VQ_MAX_SIZE entries. */
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), VQ_MAX_SIZE);
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	/* No shared memory regions. */
	assert_int_equal(rd(f, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffff);
	/* Registers are 32-bit: other widths read 0, writes are dropped. */
	assert_int_equal(vmmio_read(&f->b.dev, VIRTIO_MMIO_MAGIC_VALUE, 2), 0);
	assert_int_equal(vmmio_read(&f->b.dev, 0x002, 4), 0);
	vmmio_write(&f->b.dev, VIRTIO_MMIO_STATUS, 1, 1);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
}

/* The feature bits the device offers, both words. */
static uint64_t offered(struct fixture *f)
{
	uint64_t features;

	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	features = (uint64_t)rd(f, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return features | rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
}

static void test_topology(void **state)
{
	struct fixture *f = *state;
	uint64_t opt = 0x100 + offsetof(struct virtio_blk_config, opt_io_size);
	uint64_t min = 0x100 + offsetof(struct virtio_blk_config, min_io_size);

	/* Not offered until it is set. */
	assert_false(offered(f) & (1ull << VIRTIO_BLK_F_TOPOLOGY));
	assert_int_equal(vblk_set_opt_io(&f->b, 1u << 20), 0);
	assert_true(offered(f) & (1ull << VIRTIO_BLK_F_TOPOLOGY));
	/* In 512-byte sectors; the other topology fields stay 0. */
	assert_int_equal(vmmio_read(&f->b.dev, opt, 4), 2048);
	assert_int_equal(vmmio_read(&f->b.dev, min, 2), 0);
	assert_int_equal(vmmio_read(&f->b.dev,
				    0x100 + offsetof(struct virtio_blk_config,
						     physical_block_exp),
				    1),
			 0);
	/* Sizes the field cannot say, or too large: refused, nothing changed. */
	assert_int_equal(vblk_set_opt_io(&f->b, 1000), -1);
	assert_int_equal(vblk_set_opt_io(&f->b, VBLK_OPT_IO_MAX + 512), -1);
	assert_int_equal(vblk_set_opt_io(&f->b, 0xfffffe00u), -1);
	assert_int_equal(vmmio_read(&f->b.dev, opt, 4), 2048);
	/* 0: no topology. */
	assert_int_equal(vblk_set_opt_io(&f->b, 0), 0);
	assert_false(offered(f) & (1ull << VIRTIO_BLK_F_TOPOLOGY));
	assert_int_equal(vmmio_read(&f->b.dev, opt, 4), 0);
	assert_int_equal(vblk_set_opt_io(&f->b, VBLK_OPT_IO_MAX), 0);
	assert_int_equal(vmmio_read(&f->b.dev, opt, 4), VBLK_OPT_IO_MAX / 512);
	/* A driver may take it, and requests work as before. */
	init_driver(f, ALL_FEATURES);
	assert_true(f->b.dev.driver_features & (1ull << VIRTIO_BLK_F_TOPOLOGY));
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 3, 512, true), 513);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, f->status), VIRTIO_BLK_S_OK);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, f->data), 3);
}

static void test_feature_negotiation(void **state)
{
	struct fixture *f = *state;

	wr(f, VIRTIO_MMIO_STATUS, 3);
	/* Without VERSION_1 FEATURES_OK does not stick. */
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_BLK_F_FLUSH);
	wr(f, VIRTIO_MMIO_STATUS, 3 | VIRTIO_CONFIG_S_FEATURES_OK);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 3);
	/* Nor with a feature that was not offered. */
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1u | 2u); /* VERSION_1, PLATFORM */
	wr(f, VIRTIO_MMIO_STATUS, 3 | VIRTIO_CONFIG_S_FEATURES_OK);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 3);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1u);
	wr(f, VIRTIO_MMIO_STATUS, 3 | VIRTIO_CONFIG_S_FEATURES_OK);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS),
			 3 | VIRTIO_CONFIG_S_FEATURES_OK);
	/* Features are fixed after FEATURES_OK. */
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 0);
	assert_int_equal(f->b.dev.driver_features >> 32, 1);
	/* A reset clears everything. */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(f->b.dev.driver_features, 0);
}

static void test_read_write(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[1024], expect[1024];
	unsigned int irqs;

	init_driver(f, ALL_FEATURES);
	memset(fg_ptr(&f->g, f->data), 0, 1024);
	irqs = f->g.irqs;
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 2, 1024, true), 1025);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
	memset(expect, 2, 512);
	memset(expect + 512, 3, 512);
	assert_memory_equal(fg_ptr(&f->g, f->data), expect, 1024);
	assert_int_equal(f->g.irqs, irqs + 1);
	/* the hypervisor keeps InterruptStatus: the device hands it bit 0 */
	assert_int_equal(f->g.isr, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(f->b.dev.irqs, f->g.irqs);
	/* Write sectors 10-11, read them back from the image. */
	memset(fg_ptr(&f->g, f->data), 0xab, 1024);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 10, 1024, false), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
	assert_int_equal(pread(f->fd, buf, 1024, 10 * 512), 1024);
	memset(expect, 0xab, 1024);
	assert_memory_equal(buf, expect, 1024);
	/* The last sector is in range. */
	assert_int_equal(
		request(f, VIRTIO_BLK_T_IN, DISK_SECTORS - 1, 512, true), 513);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
	assert_int_equal(f->b.requests, 3);
	assert_int_equal(f->b.errors, 0);
}

/*
 * Served synchronously with write_piece (an image in RAM under a kernel
 * that needs it, docs/virtio.md): a write goes in calls of at most that
 * many bytes, cutting a segment where it must; reads go in one call.
 */
static void test_write_pieces(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[4096 + 1024], expect[4096];

	init_driver(f, ALL_FEATURES);
	f->b.write_piece = 512;
	memset(fg_ptr(&f->g, f->data), 0xcd, 4096);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 4, 4096, false), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
	assert_int_equal(f->b.write_calls, 8);
	assert_int_equal(pread(f->fd, buf, sizeof(buf), 3 * 512), sizeof(buf));
	memset(expect, 3, 512);
	assert_memory_equal(buf, expect, 512);
	memset(expect, 0xcd, 4096);
	assert_memory_equal(buf + 512, expect, 4096);
	memset(expect, 12, 512);
	assert_memory_equal(buf + 512 + 4096, expect, 512);
	/* a segment that fits: one call */
	f->b.write_piece = 8192;
	memset(fg_ptr(&f->g, f->data), 0xef, 4096);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 20, 4096, false), 1);
	assert_int_equal(f->b.write_calls, 9);
	memset(fg_ptr(&f->g, f->data), 0, 4096);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 20, 4096, true), 4097);
	memset(expect, 0xef, 4096);
	assert_memory_equal(fg_ptr(&f->g, f->data), expect, 4096);
	assert_int_equal(f->b.write_calls, 9);
	assert_int_equal(f->b.errors, 0);
}

static void test_bad_requests(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint32_t type;
		uint64_t sector;
		uint32_t len;
		bool writable;
	} bad[] = {
		{ VIRTIO_BLK_T_IN, DISK_SECTORS, 512, true },
		{ VIRTIO_BLK_T_IN, DISK_SECTORS - 1, 1024, true },
		{ VIRTIO_BLK_T_IN, 0xffffffffffffffffull, 512, true },
		{ VIRTIO_BLK_T_IN, 0x7fffffffffffffffull, 1024, true },
		{ VIRTIO_BLK_T_IN, 0, 100, true }, /* not whole sectors */
		{ VIRTIO_BLK_T_OUT, DISK_SECTORS, 512, false },
		{ VIRTIO_BLK_T_OUT, 0, 513, false },
	};
	uint8_t before[DISK_SECTORS * 512], after[DISK_SECTORS * 512];
	unsigned int i;

	init_driver(f, ALL_FEATURES);
	assert_int_equal(pread(f->fd, before, sizeof(before), 0),
			 sizeof(before));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(request(f, bad[i].type, bad[i].sector,
					 bad[i].len, bad[i].writable),
				 1);
		assert_int_equal(status_byte(f), VIRTIO_BLK_S_IOERR);
	}
	/* Unknown request types. */
	assert_int_equal(request(f, 0x1234, 0, 512, true), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_UNSUPP);
	assert_int_equal(pread(f->fd, after, sizeof(after), 0), sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	/* Data in the wrong direction: a write whose data is device-writable,
	 * a read whose buffer is device-readable. */
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 0, 512, true), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_IOERR);
	memset(fg_ptr(&f->g, f->data), 0x5a, 512);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 0, 512, false), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_IOERR);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, f->data), 0x5a);
	assert_int_equal(request(f, VIRTIO_BLK_T_FLUSH, 0, 512, true), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_IOERR);
	assert_int_equal(pread(f->fd, after, sizeof(after), 0), sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
}

static void test_flush_get_id(void **state)
{
	struct fixture *f = *state;

	init_driver(f, ALL_FEATURES);
	assert_int_equal(request(f, VIRTIO_BLK_T_FLUSH, 0, 0, true), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
	memset(fg_ptr(&f->g, f->data), 0, 64);
	assert_int_equal(request(f, VIRTIO_BLK_T_GET_ID, 0, 64, true),
			 VIRTIO_BLK_ID_BYTES + 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
	assert_memory_equal(fg_ptr(&f->g, f->data), "serial-0123456789abc",
			    VIRTIO_BLK_ID_BYTES);
	assert_int_equal(*((uint8_t *)fg_ptr(&f->g, f->data) + 20), 0);
}

static void test_readonly(void **state)
{
	struct fixture *f = *state;
	uint64_t features;
	uint8_t buf[512];

	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
	assert_true(features & (1u << VIRTIO_BLK_F_RO));
	init_driver(f, ALL_FEATURES);
	memset(fg_ptr(&f->g, f->data), 0xcd, 512);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 1, 512, false), 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_IOERR);
	assert_int_equal(pread(f->fd, buf, 512, 512), 512);
	assert_int_equal(buf[0], 1);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 1, 512, true), 513);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
}

/* Malformed chains: no crash, nothing outside the RAM, the device goes on. */
static void test_bad_chains(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	init_driver(f, ALL_FEATURES);
	/* A header shorter than 16 bytes: IOERR in the status byte. */
	fq_desc(&f->q, 0, f->hdr, 8, F_NEXT, 2);
	fq_desc(&f->q, 2, f->status, 1, F_WRITE, 0);
	fq_push_avail(&f->q, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(len, 1);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_IOERR);
	/* No writable byte: dropped with length 0. */
	fq_desc(&f->q, 0, f->hdr, 16, 0, 0);
	fq_push_avail(&f->q, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(len, 0);
	/* A loop: dropped. */
	fq_desc(&f->q, 0, f->hdr, 16, F_NEXT, 1);
	fq_desc(&f->q, 1, f->status, 1, F_WRITE | F_NEXT, 0);
	fq_push_avail(&f->q, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(len, 0);
	/* A data buffer outside the RAM: dropped. */
	fq_desc(&f->q, 0, f->hdr, 16, F_NEXT, 1);
	fq_desc(&f->q, 1, 0x1000, 512, F_NEXT | F_WRITE, 2);
	fq_desc(&f->q, 2, f->status, 1, F_WRITE, 0);
	fq_push_avail(&f->q, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(len, 0);
	assert_int_equal(f->b.errors, 4);
	/* Still serving. */
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), OK_STATUS);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 5, 512, true), 513);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
}

/* A corrupt avail ring: DEVICE_NEEDS_RESET until the driver resets. */
static void test_needs_reset(void **state)
{
	struct fixture *f = *state;
	struct vring_avail *a;
	uint32_t id, len;

	init_driver(f, ALL_FEATURES);
	a = fg_ptr(&f->g, f->q.avail);
	a->ring[0] = 99;
	a->idx = 1;
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS),
			 OK_STATUS | VIRTIO_CONFIG_S_NEEDS_RESET);
	assert_int_equal(fq_used_idx(&f->q), 0);
	/* The driver cannot clear the bit by writing Status. */
	wr(f, VIRTIO_MMIO_STATUS, OK_STATUS);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS),
			 OK_STATUS | VIRTIO_CONFIG_S_NEEDS_RESET);
	/* Reset and set up again: served. */
	fq_init(&f->q, &f->g, 16);
	init_driver(f, ALL_FEATURES);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 1, 512, true), 513);
	assert_false(fq_pop_used(&f->q, &id, &len));
	/* Rings outside the RAM at QueueReady: needs reset. */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	f->q.used = 0x2000;
	assert_int_equal(fg_driver_init(&f->b.dev, &f->q, 1, ALL_FEATURES),
			 OK_STATUS | VIRTIO_CONFIG_S_NEEDS_RESET);
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
}

static void test_indirect_request(void **state)
{
	struct fixture *f = *state;
	uint64_t table = fg_alloc(&f->g, 3 * 16, 16);
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr);
	uint8_t expect[512];
	uint32_t id, len;

	init_driver(f, ALL_FEATURES);
	h->type = VIRTIO_BLK_T_IN;
	h->sector = 7;
	fg_indirect_desc(&f->g, table, 0, f->hdr, 16, F_NEXT, 1);
	fg_indirect_desc(&f->g, table, 1, f->data, 512, F_NEXT | F_WRITE, 2);
	fg_indirect_desc(&f->g, table, 2, f->status, 1, F_WRITE, 0);
	fq_desc(&f->q, 3, table, 3 * 16, F_INDIRECT, 0);
	fq_push_avail(&f->q, 3);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(id, 3);
	assert_int_equal(len, 513);
	memset(expect, 7, sizeof(expect));
	assert_memory_equal(fg_ptr(&f->g, f->data), expect, 512);
	/* Without INDIRECT_DESC negotiated the same request is refused. */
	fq_init(&f->q, &f->g, 16);
	init_driver(f, ~(1ull << VIRTIO_RING_F_INDIRECT_DESC));
	fq_desc(&f->q, 3, table, 3 * 16, F_INDIRECT, 0);
	fq_push_avail(&f->q, 3);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(fq_pop_used(&f->q, &id, &len));
	assert_int_equal(len, 0);
}

/* Interrupts follow used_event; the avail event asks for the next request. */
static void test_interrupt_suppression(void **state)
{
	struct fixture *f = *state;
	unsigned int irqs;

	init_driver(f, ALL_FEATURES);
	irqs = f->g.irqs;
	fq_set_used_event(&f->q, 0);
	request(f, VIRTIO_BLK_T_IN, 0, 512, true);
	assert_int_equal(f->g.irqs, irqs + 1);
	assert_int_equal(fq_avail_event(&f->q), 1);
	fq_set_used_event(&f->q, 10);
	request(f, VIRTIO_BLK_T_IN, 0, 512, true);
	request(f, VIRTIO_BLK_T_IN, 0, 512, true);
	assert_int_equal(f->g.irqs, irqs + 1);
	fq_set_used_event(&f->q, 3);
	request(f, VIRTIO_BLK_T_IN, 0, 512, true);
	assert_int_equal(f->g.irqs, irqs + 2);
	/* Without event index: the NO_INTERRUPT flag. */
	fq_init(&f->q, &f->g, 16);
	init_driver(f, ~(1ull << VIRTIO_RING_F_EVENT_IDX));
	irqs = f->g.irqs;
	fq_set_avail_flags(&f->q, VRING_AVAIL_F_NO_INTERRUPT);
	request(f, VIRTIO_BLK_T_IN, 0, 512, true);
	assert_int_equal(f->g.irqs, irqs);
	fq_set_avail_flags(&f->q, 0);
	request(f, VIRTIO_BLK_T_IN, 0, 512, true);
	assert_int_equal(f->g.irqs, irqs + 1);
}

/* A notification serves at most VBLK_BATCH requests; vmmio_poll the rest. */
static void test_batch(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr);
	unsigned int i;

	fq_init(&f->q, &f->g, 128);
	init_driver(f, ALL_FEATURES);
	h->type = VIRTIO_BLK_T_FLUSH;
	fq_desc(&f->q, 0, f->hdr, 16, F_NEXT, 1);
	fq_desc(&f->q, 1, f->status, 1, F_WRITE, 0);
	for (i = 0; i < VBLK_BATCH + 10; i++)
		fq_push_avail(&f->q, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(fq_used_idx(&f->q), VBLK_BATCH);
	assert_true(f->b.dev.more);
	vmmio_poll(&f->b.dev);
	assert_int_equal(fq_used_idx(&f->q), VBLK_BATCH + 10);
	assert_false(f->b.dev.more);
}

/*
 * A daemon that dies and starts again: the transport's state saved by the
 * first device is resumed by a fresh one, which serves a request the
 * guest made while no daemon ran; a state saved for another cell or
 * another hypervisor instance is not taken.
 */
static void test_resume(void **state)
{
	struct fixture *f = *state;
	struct vmmio_saved *saved = calloc(1, sizeof(*saved));
	struct virtio_blk_outhdr *h = fg_ptr(&f->g, f->hdr);
	struct vblk *b2 = calloc(1, sizeof(*b2));
	uint8_t buf[512];
	uint32_t id, used;

	assert_non_null(saved);
	assert_non_null(b2);
	f->b.dev.saved = saved;
	vmmio_saved_bind(&f->b.dev, 7, 99);
	init_driver(f, ALL_FEATURES);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 2, 512, true), 513);
	/* the guest writes sector 5 while no daemon runs */
	h->type = VIRTIO_BLK_T_OUT;
	h->sector = 5;
	memset(fg_ptr(&f->g, f->data), 0x5a, 512);
	fq_desc(&f->q, 0, f->hdr, 16, F_NEXT, 1);
	fq_desc(&f->q, 1, f->data, 512, F_NEXT, 2);
	fq_desc(&f->q, 2, f->status, 1, F_WRITE, 0);
	fq_push_avail(&f->q, 0);
	vblk_init(b2, "virtio-blk test@0x0a000000", &f->g.mem, f->fd,
		  DISK_SECTORS * 512, false, "serial-0123456789abcdef");
	b2->dev.irq = fg_irq;
	b2->dev.irq_ctx = &f->g;
	b2->dev.saved = saved;
	assert_false(vmmio_restore(&b2->dev, 8, 99));
	assert_false(vmmio_restore(&b2->dev, 7, 98));
	assert_true(vmmio_restore(&b2->dev, 7, 99));
	assert_int_equal(vmmio_read(&b2->dev, VIRTIO_MMIO_STATUS, 4),
			 OK_STATUS);
	assert_true(vmmio_queue_live(&b2->dev, 0));
	vmmio_poll(&b2->dev);
	assert_true(fq_pop_used(&f->q, &id, &used));
	assert_int_equal(id, 0);
	assert_int_equal(status_byte(f), VIRTIO_BLK_S_OK);
	assert_int_equal(pread(f->fd, buf, 512, 5 * 512), 512);
	memset(fg_ptr(&f->g, f->data), 0x5a, 512);
	assert_memory_equal(buf, fg_ptr(&f->g, f->data), 512);
	/* nothing is served twice */
	vmmio_poll(&b2->dev);
	assert_false(fq_pop_used(&f->q, &id, &used));
	/* a reset is saved too: nothing to resume then */
	vmmio_write(&b2->dev, VIRTIO_MMIO_STATUS, 4, 0);
	assert_true(vmmio_restore(&f->b.dev, 7, 99));
	assert_false(vmmio_queue_live(&f->b.dev, 0));
	free(b2);
	free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_topology, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feature_negotiation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_pieces, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_read_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_requests, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_flush_get_id, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_readonly, setup_readonly,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_chains, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_needs_reset, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_indirect_request, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_suppression,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
