/* Fuzzing a virtio device: fuzz bytes become guest RAM contents and a driver's register accesses. */
#include "fuzz_driver.h"

#include <linux/virtio_mmio.h>
#include <string.h>

uint8_t fz_u8(struct fz_input *in)
{
	uint8_t v = 0;

	if (in->size) {
		v = in->data[0];
		in->data++;
		in->size--;
	}
	return v;
}

uint16_t fz_u16(struct fz_input *in)
{
	return (uint16_t)(fz_u8(in) | fz_u8(in) << 8);
}

uint32_t fz_u32(struct fz_input *in)
{
	return fz_u16(in) | (uint32_t)fz_u16(in) << 16;
}

uint64_t fz_u64(struct fz_input *in)
{
	return fz_u32(in) | (uint64_t)fz_u32(in) << 32;
}

const uint8_t *fz_bytes(struct fz_input *in, size_t max, size_t *len)
{
	const uint8_t *p = in->data;

	*len = max < in->size ? max : in->size;
	in->data += *len;
	in->size -= *len;
	return p;
}

/* The driver's view of each device's queues. */
static struct fqueue fq[FZ_MAX_DEVS][VMMIO_MAX_QUEUES];

/* Queue q's rings at the start of its area of the RAM image. */
static void layout(struct fguest *g, unsigned int dev, unsigned int num)
{
	unsigned int i;

	for (i = 0; i < VMMIO_MAX_QUEUES; i++) {
		struct fqueue *q = &fq[dev][i];

		memset(q, 0, sizeof(*q));
		q->g = g;
		q->num = num;
		q->desc = FG_RAM_GPA + i * FZ_QUEUE_AREA;
		q->avail = q->desc + 0x1000;
		q->used = q->desc + 0x2000;
	}
}

static void bring_up(struct fguest *g, unsigned int dev, struct vmmio *d,
		     struct fz_input *in)
{
	uint64_t features = fz_u64(in);

	layout(g, dev, fz_u8(in) % VQ_MAX_SIZE + 1);
	fg_driver_init(d, fq[dev], d->num_queues, features);
}

static uint64_t buffer_gpa(struct fz_input *in)
{
	return FG_RAM_GPA + FZ_RAM_IMAGE + fz_u16(in) % FZ_BUFFERS;
}

/* A descriptor as a driver writes it: a buffer in the window. */
static void write_desc(unsigned int dev, struct fz_input *in)
{
	struct fqueue *q = &fq[dev][fz_u8(in) & 1];
	unsigned int i = fz_u8(in) % q->num;
	uint64_t addr = buffer_gpa(in);
	uint32_t len = fz_u16(in) % (FZ_BUFFERS + 1);
	uint8_t flags = fz_u8(in) & 7;

	fq_desc(q, i, addr, len, flags, fz_u8(in));
}

static void push_avail(unsigned int dev, struct fz_input *in)
{
	struct fqueue *q = &fq[dev][fz_u8(in) & 1];

	fq_push_avail(q, fz_u8(in));
}

static void write_buffer(struct fguest *g, struct fz_input *in)
{
	uint64_t gpa = buffer_gpa(in);
	const uint8_t *bytes;
	size_t len;

	bytes = fz_bytes(in, fz_u8(in), &len);
	memcpy(fg_ptr(g, gpa), bytes, len);
}

static void event_fields(unsigned int dev, struct fz_input *in)
{
	struct fqueue *q = &fq[dev][fz_u8(in) & 1];
	uint16_t v = fz_u16(in);

	if (v & 0x8000)
		fq_set_avail_flags(q, v & 1);
	else
		fq_set_used_event(q, v);
}

static const unsigned int widths[4] = { 1, 2, 4, 8 };

void fz_run(struct fguest *g, struct vmmio *const *devs, unsigned int n,
	    struct fz_input *in, fz_extra_fn extra)
{
	size_t len, ram = fz_u16(in);
	const uint8_t *image =
		fz_bytes(in, ram < FZ_RAM_IMAGE ? ram : FZ_RAM_IMAGE, &len);
	unsigned int steps = 0, op, dev;
	struct vmmio *d;
	uint16_t off;

	memset(g->ram, 0, FZ_RAM_IMAGE + 2 * FZ_BUFFERS);
	memcpy(g->ram, image, len);
	for (dev = 0; dev < n; dev++)
		layout(g, dev, 16);
	while (in->size && steps++ < 256) {
		op = fz_u8(in);
		dev = (op >> 4) % n;
		d = devs[dev];
		switch (op & 15) {
		case 0:
			off = fz_u16(in) & 0x1ff;
			op = fz_u8(in);
			vmmio_write(d, off, widths[op & 3], fz_u32(in));
			break;
		case 1:
			off = fz_u16(in) & 0x1ff;
			vmmio_read(d, off, widths[fz_u8(in) & 3]);
			break;
		case 2:
			vmmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 4,
				    fz_u8(in) & 3);
			break;
		case 3:
			bring_up(g, dev, d, in);
			break;
		case 4: /* the driver changes its RAM: indexes, descriptors */
			off = fz_u16(in) % (FZ_RAM_IMAGE - 1);
			g->ram[off] = fz_u8(in);
			g->ram[off + 1] = fz_u8(in);
			break;
		case 5:
			vmmio_write(d, VIRTIO_MMIO_STATUS, 4, 0);
			break;
		case 6:
			vmmio_poll(d);
			break;
		case 7:
			if (extra)
				extra(dev, in);
			break;
		case 8:
		case 9:
			write_desc(dev, in);
			break;
		case 10:
		case 11:
			push_avail(dev, in);
			break;
		case 12:
			write_buffer(g, in);
			break;
		case 13:
			event_fields(dev, in);
			break;
		default:
			break;
		}
	}
}
