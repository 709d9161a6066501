/* libFuzzer target: the virtqueue walker on a ring and descriptor tables made of fuzz bytes. */
#include "dlog.h"
#include "fuzz_driver.h"
#include "virtq.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct fguest g;
static struct vq_chain chain;
static bool ready;

/* Every piece of an accepted chain lies inside the RAM. */
static void check_chain(const struct vq_chain *c)
{
	const uint8_t *end = g.ram + FG_RAM_SIZE;
	uint64_t out = 0, in = 0;
	unsigned int i;

	if (c->err)
		return;
	if (c->num_out + c->num_in > VQ_MAX_IOV)
		abort();
	for (i = 0; i < c->num_out + c->num_in; i++) {
		const uint8_t *p = c->iov[i].iov_base;

		if (p < g.ram || p >= end ||
		    c->iov[i].iov_len > (size_t)(end - p) || !c->iov[i].iov_len)
			abort();
		if (i < c->num_out)
			out += c->iov[i].iov_len;
		else
			in += c->iov[i].iov_len;
	}
	if (out != c->out_len || in != c->in_len || out > VQ_MAX_TOTAL ||
	    in > VQ_MAX_TOTAL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_input in = { data, size };
	unsigned int flags, num, pops = 0;
	uint64_t desc, avail, used;
	struct virtq q;
	size_t len;
	const uint8_t *image;
	int ret;

	if (!ready) {
		dlog_quiet = true;
		fg_init(&g);
		ready = true;
	}
	flags = fz_u8(&in);
	num = fz_u16(&in) % (VQ_MAX_SIZE + 8); /* a few bad sizes too */
	/* Ring addresses: usually in the RAM image, sometimes anywhere. */
	desc = flags & 0x10 ? fz_u64(&in) : FG_RAM_GPA + (fz_u16(&in) & 0x3ff0);
	avail = flags & 0x20 ? fz_u64(&in) :
			       FG_RAM_GPA + 0x1000 + (fz_u8(&in) & 0xfe);
	used = flags & 0x40 ? fz_u64(&in) :
			      FG_RAM_GPA + 0x2000 + (fz_u8(&in) & 0xfc);
	image = fz_bytes(&in, FZ_RAM_IMAGE, &len);
	memset(g.ram, 0, FZ_RAM_IMAGE);
	memcpy(g.ram, image, len);
	if (virtq_setup(&q, &g.mem, num, desc, avail, used, flags & 1,
			flags & 2))
		return 0;
	/* Take chains until the ring is empty or broken, giving them back. */
	while (pops++ < 2 * VQ_MAX_SIZE) {
		ret = virtq_pop(&q, &chain);
		if (ret <= 0)
			break;
		check_chain(&chain);
		if (!chain.err && chain.in_len)
			vq_chain_write(&chain, 0, "fuzz", 4);
		virtq_push(&q, chain.head, (uint32_t)chain.in_len);
		virtq_should_notify(&q);
		if (flags & 4)
			virtq_unpop(&q);
	}
	return 0;
}
