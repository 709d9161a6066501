/* libFuzzer target: virtio-console output and input, driven by fuzz bytes. */
#include "dlog.h"
#include "fuzz_driver.h"
#include "vconsole.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>

static struct fguest g;
static struct vconsole *con;

static void extra(unsigned int dev, struct fz_input *in)
{
	const uint8_t *bytes;
	size_t len;

	(void)dev;
	bytes = fz_bytes(in, fz_u16(in) % (VCONSOLE_IN_BUF + 64), &len);
	if (vconsole_input(con, bytes, len) > len)
		abort();
	if (con->in_len > VCONSOLE_IN_BUF)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_input in = { data, size };
	struct vmmio *devs[1];
	int null;

	if (!con) {
		dlog_quiet = true;
		fg_init(&g);
		null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		con = calloc(1, sizeof(*con));
		if (null < 0 || !con)
			abort();
		vconsole_init(con, "virtio-console fuzz", &g.mem, null, -1);
		con->dev.irq = fg_irq;
		con->dev.irq_ctx = &g;
	}
	vmmio_write(&con->dev, 0x70, 4, 0);
	con->in_len = 0;
	devs[0] = &con->dev;
	fz_run(&g, devs, 1, &in, extra);
	return 0;
}
