/* Test device emulated by the hypervisor: ID, scratch and counter registers. */
#include <hv/cell.h>

#define TESTDEV_ID 0x48565444 /* "HVTD" */
#define REG_ID 0x00
#define REG_SCRATCH 0x08
#define REG_COUNTER 0x10

static enum mmio_result testdev_access(void *arg, struct emu_context *ctx,
				       u64 off)
{
	struct cell *dev = arg;
	unsigned int shift = (off & 7) * 8;
	u64 mask = ctx->width == 8 ? ~0UL : ((1UL << (8 * ctx->width)) - 1);

	switch (off & ~7UL) {
	case REG_ID:
		ctx->value = ctx->write ? 0 : (TESTDEV_ID >> shift) & mask;
		break;
	case REG_SCRATCH:
		if (ctx->write)
			dev->testdev_scratch =
				(dev->testdev_scratch & ~(mask << shift)) |
				((ctx->value & mask) << shift);
		else
			ctx->value = (dev->testdev_scratch >> shift) & mask;
		break;
	case REG_COUNTER:
		if (!ctx->write)
			ctx->value = (++dev->testdev_counter >> shift) & mask;
		break;
	default:
		if (!ctx->write)
			ctx->value = 0;
		break;
	}
	return MMIO_HANDLED;
}

int testdev_init(struct cell *cell, u64 base, u64 size)
{
	cell->testdev_scratch = 0;
	cell->testdev_counter = 0;
	return mmio_register(cell, base, size, testdev_access, cell);
}
