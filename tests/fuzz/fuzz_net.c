/* libFuzzer target: two virtio-net devices and a tap-like port on a switch, driven by fuzz bytes. */
#include "dlog.h"
#include "fuzz_driver.h"
#include "netswitch.h"
#include "vnet.h"

#include <stdint.h>
#include <stdlib.h>

static struct fguest g;
static struct vnet *net[2];
static struct nswitch sw;
static struct nswitch_port outside;
static uint64_t outside_frames;

static void outside_deliver(struct nswitch_port *p, const uint8_t *frame,
			    size_t len)
{
	(void)p;
	(void)frame;
	if (len < ETH_MIN_FRAME)
		abort(); /* the switch drops runts */
	outside_frames++;
}

/* A frame from outside (a tap) into the switch, or straight to a device. */
static void extra(unsigned int dev, struct fz_input *in)
{
	uint8_t how = fz_u8(in);
	const uint8_t *frame;
	size_t len;

	frame = fz_bytes(in, (size_t)fz_u16(in) % 2048, &len);
	if (how & 1)
		nswitch_send(&outside, frame, len);
	else
		vnet_receive(net[dev], frame, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[2][6] = { { 0x52, 0x54, 0, 0, 0, 1 },
					   { 0x52, 0x54, 0, 0, 0, 2 } };
	struct fz_input in = { data, size };
	struct vmmio *devs[2];
	unsigned int i;

	if (!net[0]) {
		dlog_quiet = true;
		fg_init(&g);
		nswitch_init(&sw, "fuzz");
		outside.deliver = outside_deliver;
		nswitch_attach(&sw, &outside);
		for (i = 0; i < 2; i++) {
			net[i] = calloc(1, sizeof(*net[i]));
			if (!net[i])
				abort();
			vnet_init(net[i], "virtio-net fuzz", &g.mem, mac[i]);
			net[i]->dev.irq = fg_irq;
			net[i]->dev.irq_ctx = &g;
			nswitch_attach(&sw, &net[i]->port);
		}
	}
	/* Both devices share the RAM: their queues may even overlap. */
	for (i = 0; i < 2; i++) {
		vmmio_write(&net[i]->dev, 0x70, 4, 0);
		devs[i] = &net[i]->dev;
	}
	fz_run(&g, devs, 2, &in, extra);
	return 0;
}
