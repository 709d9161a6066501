/* MMIO emulation: dispatches a trapped access to the device registered for its address. */
#include <hv/cell.h>
#include <hv/mmio.h>
#include <hv/paging.h>
#include <hv/percpu.h>

#define MMIO_MAX_RETRIES 1000
#include <hv/printk.h>

int mmio_register(struct cell *cell, u64 start, u64 size,
		  mmio_handler_t handler, void *arg)
{
	struct mmio_table *t = &cell->mmio;

	if (t->num >= MAX_MMIO_REGIONS)
		return -ENOMEM;
	t->regions[t->num++] =
		(struct mmio_region){ start, size, handler, arg };
	return 0;
}

enum mmio_result mmio_dispatch(struct emu_context *ctx)
{
	struct mmio_table *t = &ctx->cell->mmio;
	unsigned int n;
	u64 flags;

	for (n = 0; n < t->num; n++) {
		struct mmio_region *r = &t->regions[n];

		if (ctx->address >= r->start &&
		    ctx->address + ctx->width <= r->start + r->size)
			return r->handler(r->arg, ctx, ctx->address - r->start);
	}
	/*
	 * A fault on memory the cell may access is a stage-2 change racing
	 * with it (break-before-make leaves an entry invalid for a moment):
	 * the access is retried, not refused.
	 */
	if (paging_lookup(&ctx->cell->stage2, ctx->address & PAGE_MASK, NULL,
			  &flags) &&
	    (flags & (ctx->write ? MAP_WRITE : MAP_READ))) {
		struct per_cpu *c = per_cpu(ctx->cpu);

		/* a change is a few instructions long: never loop for ever */
		if (c->mmio_retry_gpa != ctx->address)
			c->mmio_retries = 0;
		c->mmio_retry_gpa = ctx->address;
		if (++c->mmio_retries < MMIO_MAX_RETRIES)
			return MMIO_RETRY;
	}
	return MMIO_UNHANDLED;
}

u64 mmio_read(u64 addr, unsigned int width)
{
	switch (width) {
	case 1:
		return *(volatile u8 *)addr;
	case 2:
		return *(volatile u16 *)addr;
	case 4:
		return *(volatile u32 *)addr;
	default:
		return *(volatile u64 *)addr;
	}
}

void mmio_write(u64 addr, unsigned int width, u64 value)
{
	switch (width) {
	case 1:
		*(volatile u8 *)addr = (u8)value;
		break;
	case 2:
		*(volatile u16 *)addr = (u16)value;
		break;
	case 4:
		*(volatile u32 *)addr = (u32)value;
		break;
	default:
		*(volatile u64 *)addr = value;
		break;
	}
}
