/* libFuzzer target: virtio-blk behind the virtio-mmio registers, rings and requests from fuzz bytes. */
#include "dlog.h"
#include "fuzz_driver.h"
#include "vblk.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define DISK_SIZE (64 * 1024)

static struct fguest g;
static struct vblk *blk;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_input in = { data, size };
	struct vmmio *devs[1];
	int fd;

	if (!blk) {
		dlog_quiet = true;
		fg_init(&g);
		fd = memfd_create("fuzz-disk", 0);
		if (fd < 0 || ftruncate(fd, DISK_SIZE))
			abort();
		blk = calloc(1, sizeof(*blk));
		if (!blk)
			abort();
		vblk_init(blk, "virtio-blk fuzz", &g.mem, fd, DISK_SIZE, false,
			  "fuzz");
		blk->dev.irq = fg_irq;
		blk->dev.irq_ctx = &g;
	}
	/* Read-only or not, chosen by the input; a reset between inputs. */
	vmmio_write(&blk->dev, 0x70, 4, 0);
	blk->readonly = size && (data[0] & 0x80);
	devs[0] = &blk->dev;
	fz_run(&g, devs, 1, &in, NULL);
	return 0;
}
