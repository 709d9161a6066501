/* Writes seed inputs for the fuzz targets: well-formed requests in the fuzz_driver.c encoding. */
#include "fuzz_driver.h"

#include <linux/virtio_blk.h>
#include <linux/virtio_ring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEXT VRING_DESC_F_NEXT
#define WRITE VRING_DESC_F_WRITE
#define INDIRECT VRING_DESC_F_INDIRECT

struct seed {
	uint8_t b[8192];
	size_t len;
};

static void u8(struct seed *s, uint8_t v)
{
	if (s->len < sizeof(s->b))
		s->b[s->len++] = v;
}

static void u16(struct seed *s, uint16_t v)
{
	u8(s, (uint8_t)v);
	u8(s, (uint8_t)(v >> 8));
}

static void u64(struct seed *s, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		u8(s, (uint8_t)(v >> (8 * i)));
}

static void bytes(struct seed *s, const void *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		u8(s, ((const uint8_t *)p)[i]);
}

/* The fuzz_driver.c operations. */
static void up(struct seed *s, unsigned int dev, unsigned int num)
{
	u8(s, (uint8_t)(3 | dev << 4));
	u64(s, ~0ull);
	u8(s, (uint8_t)(num - 1));
}

static void desc(struct seed *s, unsigned int dev, unsigned int q,
		 unsigned int i, uint16_t buf, uint16_t len, uint8_t flags,
		 uint8_t next)
{
	u8(s, (uint8_t)(8 | dev << 4));
	u8(s, (uint8_t)q);
	u8(s, (uint8_t)i);
	u16(s, buf);
	u16(s, len);
	u8(s, flags);
	u8(s, next);
}

static void avail(struct seed *s, unsigned int dev, unsigned int q,
		  unsigned int head)
{
	u8(s, (uint8_t)(10 | dev << 4));
	u8(s, (uint8_t)q);
	u8(s, (uint8_t)head);
}

static void buffer(struct seed *s, uint16_t buf, const void *p, uint8_t n)
{
	u8(s, 12);
	u16(s, buf);
	u8(s, n);
	bytes(s, p, n);
}

static void notify(struct seed *s, unsigned int dev, unsigned int q)
{
	u8(s, (uint8_t)(2 | dev << 4));
	u8(s, (uint8_t)q);
}

static void save(const char *dir, const char *name, const struct seed *s)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->b, 1, s->len, f) != s->len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void blk_request(struct seed *s, uint32_t type, uint64_t sector,
			uint16_t len, bool data_out)
{
	struct virtio_blk_outhdr h = { .type = type, .sector = sector };

	buffer(s, 0, &h, sizeof(h));
	desc(s, 0, 0, 0, 0, 16, NEXT, 1);
	desc(s, 0, 0, 1, 0x1000, len, NEXT | (data_out ? 0 : WRITE), 2);
	desc(s, 0, 0, 2, 0x3000, 1, WRITE, 0);
	avail(s, 0, 0, 0);
	notify(s, 0, 0);
}

static void blk_seeds(const char *dir)
{
	struct seed s = { .len = 0 };

	u16(&s, 0);
	up(&s, 0, 16);
	blk_request(&s, VIRTIO_BLK_T_IN, 1, 1024, false);
	blk_request(&s, VIRTIO_BLK_T_OUT, 3, 512, true);
	blk_request(&s, VIRTIO_BLK_T_FLUSH, 0, 0, false);
	blk_request(&s, VIRTIO_BLK_T_GET_ID, 0, 20, false);
	save(dir, "seed-requests", &s);
	/* An indirect request: the table is a buffer too. */
	s.len = 0;
	u16(&s, 0);
	up(&s, 0, 16);
	{
		struct vring_desc t[3] = {
			{ FG_RAM_GPA + FZ_RAM_IMAGE, 16, NEXT, 1 },
			{ FG_RAM_GPA + FZ_RAM_IMAGE + 0x1000, 512, NEXT | WRITE,
			  2 },
			{ FG_RAM_GPA + FZ_RAM_IMAGE + 0x3000, 1, WRITE, 0 },
		};
		struct virtio_blk_outhdr h = { .type = VIRTIO_BLK_T_IN,
					       .sector = 2 };

		buffer(&s, 0, &h, sizeof(h));
		buffer(&s, 0x4000, t, sizeof(t));
	}
	desc(&s, 0, 0, 5, 0x4000, 48, INDIRECT, 0);
	avail(&s, 0, 0, 5);
	notify(&s, 0, 0);
	save(dir, "seed-indirect", &s);
}

static void net_seeds(const char *dir)
{
	uint8_t frame[64];
	struct seed s = { .len = 0 };

	memset(frame, 0xab, sizeof(frame));
	memcpy(frame, "\x52\x54\x00\x00\x00\x02\x52\x54\x00\x00\x00\x01", 12);
	u16(&s, 0);
	up(&s, 0, 16);
	up(&s, 1, 16);
	/* Device 1 offers a receive buffer, device 0 sends to it. */
	desc(&s, 1, 0, 0, 0x8000, 1600, WRITE, 0);
	avail(&s, 1, 0, 0);
	notify(&s, 1, 0);
	buffer(&s, 0x100, frame, sizeof(frame));
	desc(&s, 0, 1, 0, 0, 12, NEXT, 1);
	desc(&s, 0, 1, 1, 0x100, sizeof(frame), 0, 0);
	avail(&s, 0, 1, 0);
	notify(&s, 0, 1);
	/* A frame from outside. */
	u8(&s, 7 | 1 << 4);
	u8(&s, 1);
	u16(&s, sizeof(frame));
	bytes(&s, frame, sizeof(frame));
	save(dir, "seed-frames", &s);
}

static void console_seeds(const char *dir)
{
	struct seed s = { .len = 0 };

	u16(&s, 0);
	up(&s, 0, 8);
	buffer(&s, 0x200, "hello\n", 6);
	desc(&s, 0, 1, 0, 0x200, 6, 0, 0);
	avail(&s, 0, 1, 0);
	notify(&s, 0, 1);
	desc(&s, 0, 0, 1, 0x400, 64, WRITE, 0);
	avail(&s, 0, 0, 1);
	u8(&s, 7);
	u16(&s, 5);
	bytes(&s, "ls /\n", 5);
	save(dir, "seed-io", &s);
}

/* fuzz_virtq: flags, num, ring placement bytes, then the RAM image. */
static void virtq_seeds(const char *dir)
{
	static uint8_t image[FZ_RAM_IMAGE];
	struct vring_desc *d = (struct vring_desc *)image;
	struct vring_avail *a = (struct vring_avail *)(image + 0x1000);
	struct seed s = { .len = 0 };

	d[0] = (struct vring_desc){ FG_RAM_GPA + 0x3000, 16, NEXT, 1 };
	d[1] = (struct vring_desc){ FG_RAM_GPA + 0x3100, 512, NEXT | WRITE, 2 };
	d[2] = (struct vring_desc){ FG_RAM_GPA + 0x3400, 1, WRITE, 0 };
	d[3] = (struct vring_desc){ FG_RAM_GPA + 0x3800, 48, INDIRECT, 0 };
	d = (struct vring_desc *)(image + 0x3800);
	d[0] = (struct vring_desc){ FG_RAM_GPA + 0x3000, 16, NEXT, 1 };
	d[1] = (struct vring_desc){ FG_RAM_GPA + 0x3100, 16, WRITE, 0 };
	a->idx = 2;
	a->ring[0] = 0;
	a->ring[1] = 3;
	u8(&s, 3); /* event index, indirect */
	u16(&s, 16);
	u16(&s, 0); /* desc at the start */
	u8(&s, 0);
	u8(&s, 0);
	bytes(&s, image, 0x3900);
	save(dir, "seed-chains", &s);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: fuzz_seeds TARGET DIR\n");
		return 2;
	}
	if (!strcmp(argv[1], "fuzz_blk"))
		blk_seeds(argv[2]);
	else if (!strcmp(argv[1], "fuzz_net"))
		net_seeds(argv[2]);
	else if (!strcmp(argv[1], "fuzz_console"))
		console_seeds(argv[2]);
	else if (!strcmp(argv[1], "fuzz_virtq"))
		virtq_seeds(argv[2]);
	else
		return 2;
	return 0;
}
