/* Test guest command mmio_test: register semantics of the hypervisor's test device. */
#include <asm/mmio.h>

#include "command.h"
#include "guest.h"
#include "platform.h"

#define TESTDEV_ID 0x00
#define TESTDEV_SCRATCH 0x08
#define TESTDEV_COUNTER 0x10
#define TESTDEV_UNUSED 0x20

static unsigned int check(struct cmd_ctx *ctx, const char *what, uint64_t got,
			  uint64_t want)
{
	if (got == want) {
		outbuf_printf(ctx->out, "ok: %s = 0x%llx\n", what,
			      (unsigned long long)got);
		return 0;
	}
	outbuf_printf(ctx->out, "FAILED: %s = 0x%llx, expected 0x%llx\n", what,
		      (unsigned long long)got, (unsigned long long)want);
	return 1;
}

static unsigned int test_scratch(struct cmd_ctx *ctx, uintptr_t s)
{
	unsigned int bad = 0;

	mmio_write64(s, 0x0123456789abcdefULL);
	bad += check(ctx, "scratch read64 after write64", mmio_read64(s),
		     0x0123456789abcdefULL);
	mmio_write32(s, 0xdeadbeef);
	bad += check(ctx, "scratch read32 after write32", mmio_read32(s),
		     0xdeadbeef);
	bad += check(ctx, "scratch read64 after write32 (high half kept)",
		     mmio_read64(s), 0x01234567deadbeefULL);
	mmio_write16(s, 0x5aa5);
	bad += check(ctx, "scratch read16 after write16", mmio_read16(s),
		     0x5aa5);
	mmio_write8(s, 0x3c);
	bad += check(ctx, "scratch read8 after write8", mmio_read8(s), 0x3c);
	bad += check(ctx, "scratch read64 after write16+write8", mmio_read64(s),
		     0x01234567dead5a3cULL);

	/* sign-extending loads: the hypervisor must extend to the register */
	mmio_write64(s, 0x0000000080008080ULL);
	bad += check(ctx, "scratch ldrsb", (uint64_t)mmio_read8_signed(s),
		     0xffffffffffffff80ULL);
	bad += check(ctx, "scratch ldrsh", (uint64_t)mmio_read16_signed(s),
		     0xffffffffffff8080ULL);
	bad += check(ctx, "scratch ldrsw", (uint64_t)mmio_read32_signed(s),
		     0xffffffff80008080ULL);
	return bad;
}

int cmd_mmio_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uintptr_t base = PLAT_TESTDEV_BASE;
	unsigned int bad = 0;
	uint64_t id, a, b, c;

	(void)argc;
	(void)argv;
	outbuf_printf(ctx->out, "testdev at 0x%lx\n", (unsigned long)base);
	if (!arch_probe_read(base + TESTDEV_ID, 4, &id, ctx->out)) {
		outbuf_puts(ctx->out,
			    "mmio_test: FAILED: reading the ID faulted\n");
		return CMD_FAILED;
	}
	if (check(ctx, "id", id, PLAT_TESTDEV_ID)) {
		outbuf_puts(ctx->out, "mmio_test: FAILED: no test device\n");
		return CMD_FAILED;
	}
	mmio_write32(base + TESTDEV_ID, 0);
	bad += check(ctx, "id after a write (read-only)",
		     mmio_read32(base + TESTDEV_ID), PLAT_TESTDEV_ID);

	bad += test_scratch(ctx, base + TESTDEV_SCRATCH);

	a = mmio_read32(base + TESTDEV_COUNTER);
	b = mmio_read32(base + TESTDEV_COUNTER);
	c = mmio_read64(base + TESTDEV_COUNTER);
	bad += check(ctx, "counter, second read32 - first", (uint32_t)(b - a),
		     1);
	bad += check(ctx, "counter, read64 - second read32", (uint32_t)(c - b),
		     1);

	mmio_write32(base + TESTDEV_UNUSED, 0xffffffff);
	bad += check(ctx, "unused register after a write",
		     mmio_read32(base + TESTDEV_UNUSED), 0);

	if (bad) {
		outbuf_printf(ctx->out, "mmio_test: FAILED: %u check(s)\n",
			      bad);
		return CMD_FAILED;
	}
	outbuf_puts(ctx->out, "mmio_test: all checks passed\n");
	return CMD_OK;
}
