/* Test guest commands notify_flood, virtio_reads and vblk: a hostile and a well-behaved virtio-mmio driver. */
#include <asm/mmio.h>

#include "command.h"
#include "guest.h"
#include "string.h"
#include "timer.h"

/* virtio-mmio version 2 registers and the bits used here. */
#define VM_MAGIC 0x000
#define VM_VERSION 0x004
#define VM_DEVICE_ID 0x008
#define VM_DEVICE_FEATURES 0x010
#define VM_DEVICE_FEATURES_SEL 0x014
#define VM_DRIVER_FEATURES 0x020
#define VM_DRIVER_FEATURES_SEL 0x024
#define VM_QUEUE_SEL 0x030
#define VM_QUEUE_NUM_MAX 0x034
#define VM_QUEUE_NUM 0x038
#define VM_QUEUE_READY 0x044
#define VM_QUEUE_NOTIFY 0x050
#define VM_STATUS 0x070
#define VM_QUEUE_DESC_LOW 0x080
#define VM_QUEUE_DESC_HIGH 0x084
#define VM_QUEUE_DRIVER_LOW 0x090
#define VM_QUEUE_DRIVER_HIGH 0x094
#define VM_QUEUE_DEVICE_LOW 0x0a0
#define VM_QUEUE_DEVICE_HIGH 0x0a4
#define VM_MAGIC_VALUE 0x74726976 /* "virt" */

#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 0x40

#define F_VERSION_1_HI 1 /* bit 32: bit 0 of the high word */
#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define AVAIL_F_NO_INTERRUPT 1

#define BLK_T_IN 0
#define BLK_T_FLUSH 4
#define BLK_SECTOR 512

#define VQ_SIZE 16 /* entries: requests of 3 descriptors each */
#define VQ_REQS (VQ_SIZE / 3)
#define BLK_DATA 4096 /* bytes per read request */

/* notify_flood ADDR MS [QUEUE]: QueueNotify writes for MS milliseconds. */
int cmd_notify_flood(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t addr, ms, queue, n = 0, end, start = arch_counter();
	bool fixed = argc > 3;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", 0, 0, UINTPTR_MAX,
			 &addr) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "MS", 1000, 1, 600000, &ms) ||
	    !cmd_arg_u64(ctx, argc, argv, 3, "QUEUE", 0, 0, 0xffffffff,
			 &queue) ||
	    (addr & 3))
		return CMD_USAGE;
	end = start + us_to_ticks(ms * 1000);
	/* a new queue number each time unless one is given: nothing coalesces */
	do {
		mmio_write32(addr + VM_QUEUE_NOTIFY,
			     fixed ? (uint32_t)queue : (uint32_t)n);
		n++;
	} while ((n & 63) || arch_counter() < end);
	outbuf_printf(ctx->out, "notify_flood: %llu writes in %llu ms\n",
		      (unsigned long long)n,
		      (unsigned long long)(ticks_to_us(arch_counter() - start) /
					   1000));
	return CMD_OK;
}

/* virtio_reads ADDR MS: MagicValue reads for MS milliseconds; each must be right. */
int cmd_virtio_reads(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t addr, ms, n = 0, bad = 0, t, max = 0, end, start;
	uint32_t v, last_bad = 0;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", 0, 0, UINTPTR_MAX,
			 &addr) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "MS", 1000, 1, 600000, &ms) ||
	    (addr & 3))
		return CMD_USAGE;
	start = arch_counter();
	end = start + us_to_ticks(ms * 1000);
	do {
		t = arch_counter();
		v = mmio_read32(addr + VM_MAGIC);
		t = arch_counter() - t;
		if (t > max)
			max = t;
		if (v != VM_MAGIC_VALUE) {
			bad++;
			last_bad = v;
		}
		n++;
	} while (arch_counter() < end);
	outbuf_printf(
		ctx->out,
		"virtio_reads: %llu reads, %llu bad (last 0x%x), slowest %llu us\n",
		(unsigned long long)n, (unsigned long long)bad, last_bad,
		(unsigned long long)ticks_to_us(max));
	return bad ? CMD_FAILED : CMD_OK;
}

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct blk_req {
	uint32_t type, reserved;
	uint64_t sector;
};

/* Rings and buffers in guest RAM, which the cell's config shares with the root. */
static struct {
	struct vq_desc desc[VQ_SIZE] __attribute__((aligned(16)));
	struct {
		uint16_t flags, idx, ring[VQ_SIZE], used_event;
	} avail __attribute__((aligned(4)));
	struct {
		uint16_t flags, idx;
		struct {
			uint32_t id, len;
		} ring[VQ_SIZE];
		uint16_t avail_event;
	} used __attribute__((aligned(4)));
	struct blk_req hdr[VQ_REQS];
	uint8_t status[VQ_REQS];
	uint8_t data[VQ_REQS][BLK_DATA] __attribute__((aligned(64)));
} vq __attribute__((aligned(4096)));

static void reg_write(uintptr_t base, unsigned int off, uint32_t v)
{
	mmio_write32(base + off, v);
}

static uint32_t reg_read(uintptr_t base, unsigned int off)
{
	return mmio_read32(base + off);
}

/* Resets the device and sets queue 0 up; false with the reason in ctx. */
static bool blk_setup(struct cmd_ctx *ctx, uintptr_t base)
{
	uint64_t a;
	uint32_t s;

	if (reg_read(base, VM_MAGIC) != VM_MAGIC_VALUE ||
	    reg_read(base, VM_VERSION) != 2 ||
	    reg_read(base, VM_DEVICE_ID) != 2) {
		outbuf_puts(ctx->out,
			    "vblk: no virtio-blk (version 2) there\n");
		return false;
	}
	reg_write(base, VM_STATUS, 0);
	reg_write(base, VM_STATUS, S_ACKNOWLEDGE | S_DRIVER);
	reg_write(base, VM_DEVICE_FEATURES_SEL, 1);
	if (!(reg_read(base, VM_DEVICE_FEATURES) & F_VERSION_1_HI)) {
		outbuf_puts(ctx->out, "vblk: VERSION_1 not offered\n");
		return false;
	}
	reg_write(base, VM_DRIVER_FEATURES_SEL, 0);
	reg_write(base, VM_DRIVER_FEATURES, 0);
	reg_write(base, VM_DRIVER_FEATURES_SEL, 1);
	reg_write(base, VM_DRIVER_FEATURES, F_VERSION_1_HI);
	reg_write(base, VM_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
	s = reg_read(base, VM_STATUS);
	if (!(s & S_FEATURES_OK)) {
		outbuf_printf(ctx->out, "vblk: FEATURES_OK refused (0x%x)\n",
			      s);
		return false;
	}
	memset(&vq, 0, sizeof(vq));
	vq.avail.flags = AVAIL_F_NO_INTERRUPT;
	reg_write(base, VM_QUEUE_SEL, 0);
	if (reg_read(base, VM_QUEUE_NUM_MAX) < VQ_SIZE) {
		outbuf_puts(ctx->out, "vblk: queue 0 too small\n");
		return false;
	}
	reg_write(base, VM_QUEUE_NUM, VQ_SIZE);
	a = (uintptr_t)vq.desc;
	reg_write(base, VM_QUEUE_DESC_LOW, (uint32_t)a);
	reg_write(base, VM_QUEUE_DESC_HIGH, (uint32_t)(a >> 32));
	a = (uintptr_t)&vq.avail;
	reg_write(base, VM_QUEUE_DRIVER_LOW, (uint32_t)a);
	reg_write(base, VM_QUEUE_DRIVER_HIGH, (uint32_t)(a >> 32));
	a = (uintptr_t)&vq.used;
	reg_write(base, VM_QUEUE_DEVICE_LOW, (uint32_t)a);
	reg_write(base, VM_QUEUE_DEVICE_HIGH, (uint32_t)(a >> 32));
	mmio_mb();
	reg_write(base, VM_QUEUE_READY, 1);
	reg_write(base, VM_STATUS,
		  S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	s = reg_read(base, VM_STATUS);
	if (s & S_NEEDS_RESET) {
		outbuf_printf(ctx->out, "vblk: device needs reset (0x%x)\n", s);
		return false;
	}
	return true;
}

/* Request r: descriptors 3r (header), 3r+1 (data, none for flush), 3r+2 (status). */
static void blk_queue(unsigned int r, bool flush, uint64_t sector)
{
	unsigned int d = 3 * r;

	vq.hdr[r].type = flush ? BLK_T_FLUSH : BLK_T_IN;
	vq.hdr[r].reserved = 0;
	vq.hdr[r].sector = flush ? 0 : sector;
	vq.status[r] = 0xff;
	vq.desc[d] = (struct vq_desc){ (uintptr_t)&vq.hdr[r], sizeof(vq.hdr[r]),
				       DESC_F_NEXT, (uint16_t)(d + 1) };
	if (flush) {
		vq.desc[d].next = (uint16_t)(d + 2);
	} else {
		vq.desc[d + 1] = (struct vq_desc){ (uintptr_t)vq.data[r],
						   BLK_DATA,
						   DESC_F_WRITE | DESC_F_NEXT,
						   (uint16_t)(d + 2) };
	}
	vq.desc[d + 2] = (struct vq_desc){ (uintptr_t)&vq.status[r], 1,
					   DESC_F_WRITE, 0 };
	vq.avail.ring[vq.avail.idx % VQ_SIZE] = (uint16_t)d;
	ring_mb();
	vq.avail.idx++;
}

static bool used_reached(void *arg)
{
	uint16_t want = *(uint16_t *)arg;

	return (uint16_t)(*(volatile uint16_t *)&vq.used.idx - want) < 0x8000;
}

/*
 * vblk ADDR read|flush ROUNDS [DEPTH] [PATTERN] [MS]: ROUNDS times DEPTH
 * requests (reads of 4 KiB at sectors 0, 8, ...; or flushes) at once, each
 * round waited for (at most MS ms, default 20000). A PATTERN byte, when
 * given, must fill every byte read.
 */
int cmd_vblk(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t base, rounds, depth, pattern, ms, round, start, t, max = 0;
	unsigned int r, i, bad = 0;
	uint16_t want;
	bool flush;

	if (argc < 3 || (strcmp(argv[2], "read") && strcmp(argv[2], "flush")))
		return CMD_USAGE;
	flush = !strcmp(argv[2], "flush");
	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", 0, 0, UINTPTR_MAX,
			 &base) ||
	    !cmd_arg_u64(ctx, argc, argv, 3, "ROUNDS", 1, 1, 1000000,
			 &rounds) ||
	    !cmd_arg_u64(ctx, argc, argv, 4, "DEPTH", VQ_REQS, 1, VQ_REQS,
			 &depth) ||
	    !cmd_arg_u64(ctx, argc, argv, 5, "PATTERN", 0x100, 0, 0x100,
			 &pattern) ||
	    !cmd_arg_u64(ctx, argc, argv, 6, "MS", 20000, 1, 600000, &ms) ||
	    (base & 0xfff))
		return CMD_USAGE;
	if (!blk_setup(ctx, base))
		return CMD_FAILED;
	start = arch_counter();
	for (round = 0; round < rounds; round++) {
		t = arch_counter();
		for (r = 0; r < depth; r++)
			blk_queue(r, flush, (round * depth + r) * 8 % 2048);
		want = vq.avail.idx;
		mmio_mb();
		reg_write(base, VM_QUEUE_NOTIFY, 0);
		if (!wait_until(used_reached, &want,
				t + us_to_ticks(ms * 1000))) {
			outbuf_printf(
				ctx->out,
				"vblk: round %llu: %u of %llu requests done after %llu ms\n",
				(unsigned long long)round,
				(unsigned int)(uint16_t)(vq.used.idx -
							 (want - depth)),
				(unsigned long long)depth,
				(unsigned long long)ms);
			return CMD_FAILED;
		}
		ring_mb();
		t = arch_counter() - t;
		if (t > max)
			max = t;
		for (r = 0; r < depth; r++) {
			if (vq.status[r] != 0) {
				bad++;
				continue;
			}
			for (i = 0; !flush && pattern < 0x100 && i < BLK_DATA;
			     i++) {
				if (vq.data[r][i] != pattern) {
					bad++;
					break;
				}
			}
		}
	}
	outbuf_printf(
		ctx->out,
		"vblk: %llu rounds of %llu %s requests, %u bad, %llu ms, slowest round %llu ms\n",
		(unsigned long long)rounds, (unsigned long long)depth, argv[2],
		bad,
		(unsigned long long)(ticks_to_us(arch_counter() - start) /
				     1000),
		(unsigned long long)(ticks_to_us(max) / 1000));
	return bad ? CMD_FAILED : CMD_OK;
}
