/* Test guest command dma_test: QEMU's edu PCI device, found in the cell's ECAM window: config filter, DMA out and back with no exits, factorial, interrupt. */
#include "command.h"
#include "guest.h"
#include "platform.h"
#include "string.h"
#include "timer.h"

#define EDU_ID 0x11e81234u /* device << 16 | vendor */
#define EDU_IDENT 0x00
#define EDU_LIVENESS 0x04
#define EDU_FACTORIAL 0x08
#define EDU_STATUS 0x20
#define EDU_STATUS_COMPUTING 0x01
#define EDU_STATUS_IRQFACT 0x80
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_DMA_RUN 0x1
#define EDU_DMA_TO_RAM 0x2
#define EDU_DMA_BUF 0x40000 /* the device's own 4 KiB buffer */
/*
 * QEMU 7.2's edu refuses (hw_error: QEMU exits) a DMA that ends exactly at
 * the end of its 4 KiB buffer: chunks stay below it.
 */
#define EDU_DMA_CHUNK 0xff0
#define EDU_FACT_IRQ 0x1

#define CFG_COMMAND 0x04
#define CFG_BAR0 0x10
#define CFG_INT_PIN 0x3d
#define CMD_IO 0x1
#define CMD_MEM_MASTER 0x6

#define MAX_BYTES (4UL << 20)
#define DMA_WAIT_US 5000000 /* one chunk (QEMU's edu takes 100 ms) */
#define IRQ_WAIT_US 3000000

struct edu {
	uintptr_t ecam; /* the function's 4 KiB of config space */
	uintptr_t bar0;
	unsigned int irq; /* 0: no INTx */
};

static struct edu edu;
static volatile unsigned int edu_irqs, edu_irq_status;

static volatile uint32_t *cfg(unsigned int reg)
{
	return (volatile uint32_t *)(edu.ecam + reg);
}

static volatile uint32_t *reg32(unsigned int off)
{
	return (volatile uint32_t *)(edu.bar0 + off);
}

static volatile uint64_t *reg64(unsigned int off)
{
	return (volatile uint64_t *)(edu.bar0 + off);
}

bool device_interrupt(unsigned int irq)
{
	uint32_t status;

	if (!edu.irq || irq != edu.irq)
		return false;
	status = *reg32(EDU_IRQ_STATUS);
	*reg32(EDU_IRQ_ACK) = status; /* lowers the level before the EOI */
	edu_irq_status |= status;
	edu_irqs++;
	return true;
}

/* Bus 0 of the window: the first function with edu's IDs. */
static bool find_edu(struct outbuf *out, uintptr_t window)
{
	unsigned int dev, seen = 0;
	uint32_t id;

	for (dev = 0; dev < 32; dev++) {
		id = *(volatile uint32_t *)(window + (dev << 15));
		if ((id & 0xffff) == 0xffff)
			continue;
		seen++;
		if (id == EDU_ID) {
			edu.ecam = window + (dev << 15);
			outbuf_printf(out,
				      "pci: %u function(s) on bus 0, edu at "
				      "00:%02x.0\n",
				      seen, dev);
			return true;
		}
	}
	outbuf_printf(out,
		      "dma_test: FAILED: no edu (1234:11e8) among %u "
		      "function(s) of bus 0 at 0x%lx\n",
		      seen, (unsigned long)window);
	return false;
}

/* The BAR reads as the root set it, sizes as 1 MiB, survives sizing. */
static bool check_config(struct outbuf *out)
{
	uint32_t bar = *cfg(CFG_BAR0), mask, cmd;
	unsigned int pin = (*cfg(0x3c) >> 8) & 0xff, dev;

	*cfg(CFG_BAR0) = 0xffffffff;
	mask = *cfg(CFG_BAR0);
	*cfg(CFG_BAR0) = bar;
	if ((mask & ~0xfu) != 0xfff00000u || *cfg(CFG_BAR0) != bar ||
	    !(bar & ~0xfu)) {
		outbuf_printf(out,
			      "dma_test: FAILED: BAR0 0x%x, sizing mask "
			      "0x%x (expected 0xfff00000)\n",
			      bar, mask);
		return false;
	}
	edu.bar0 = bar & ~0xfu;
	/* the I/O space bit is refused, memory and bus master are not */
	*(volatile uint16_t *)(edu.ecam + CFG_COMMAND) = CMD_IO |
							 CMD_MEM_MASTER;
	cmd = *(volatile uint16_t *)(edu.ecam + CFG_COMMAND);
	if ((cmd & (CMD_IO | CMD_MEM_MASTER)) != CMD_MEM_MASTER) {
		outbuf_printf(out,
			      "dma_test: FAILED: command 0x%x after "
			      "writing 0x7\n",
			      cmd);
		return false;
	}
	dev = (edu.ecam >> 15) & 0x1f;
	edu.irq = pin ? PLAT_PCI_INTX_BASE + (dev + pin - 1) % 4 : 0;
	outbuf_printf(out,
		      "bar0: 0x%lx size 0x%x, command 0x%x, INTx pin %u "
		      "interrupt %u\n",
		      (unsigned long)edu.bar0, ~(mask & ~0xfu) + 1, cmd, pin,
		      edu.irq);
	return true;
}

/* Runs one DMA of n bytes; false on timeout. */
static bool dma_run(uint64_t src, uint64_t dst, uint32_t n, bool to_ram)
{
	uint64_t deadline = arch_counter() + us_to_ticks(DMA_WAIT_US);

	*reg64(EDU_DMA_SRC) = src;
	*reg64(EDU_DMA_DST) = dst;
	*reg64(EDU_DMA_COUNT) = n;
	*reg64(EDU_DMA_CMD) = EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0);
	while (*reg64(EDU_DMA_CMD) & EDU_DMA_RUN)
		if (arch_counter() > deadline)
			return false;
	return true;
}

static uint8_t pattern(uint64_t i, uint64_t seed)
{
	return (uint8_t)((i * 131 + (i >> 9) + seed) ^ (seed >> 8));
}

static bool dma_round_trip(struct outbuf *out, uint64_t bytes)
{
	uintptr_t src = (arch_image_end() + 0xfffff) & ~(uintptr_t)0xfffff;
	uintptr_t dst = src + ((bytes + 0xfffff) & ~(uint64_t)0xfffff);
	uint64_t seed = arch_counter(), i, done, t0, t1, e0, e1;
	uint8_t *s = (uint8_t *)src, *d = (uint8_t *)dst;
	uint32_t n;

	if (dst + bytes > PLAT_RAM_END) {
		outbuf_printf(out,
			      "dma_test: %llu bytes do not fit twice in "
			      "the guest RAM\n",
			      (unsigned long long)bytes);
		return false;
	}
	for (i = 0; i < bytes; i++) {
		s[i] = pattern(i, seed);
		d[i] = 0;
	}
	arch_dma_sync(src, src + bytes);
	arch_dma_sync(dst, dst + bytes);
	/* no idle tick during the transfer: nothing else may exit */
	arch_timer_stop();
	e0 = arch_exit_count();
	t0 = arch_counter();
	for (done = 0; done < bytes; done += n) {
		n = bytes - done > EDU_DMA_CHUNK ? EDU_DMA_CHUNK :
						   (uint32_t)(bytes - done);
		if (!dma_run(src + done, EDU_DMA_BUF, n, false) ||
		    !dma_run(EDU_DMA_BUF, dst + done, n, true))
			break;
	}
	t1 = arch_counter();
	e1 = arch_exit_count();
	timer_init();
	if (done < bytes) {
		outbuf_printf(out,
			      "dma_test: FAILED: DMA at byte %llu did not "
			      "finish in %u ms\n",
			      (unsigned long long)done, DMA_WAIT_US / 1000);
		return false;
	}
	arch_dma_sync(dst, dst + bytes);
	for (i = 0; i < bytes; i++)
		if (d[i] != s[i]) {
			outbuf_printf(out,
				      "dma_test: FAILED: byte %llu is 0x%x, "
				      "sent 0x%x\n",
				      (unsigned long long)i, d[i], s[i]);
			return false;
		}
	/* e1 - e0 counts the second exit-count call itself */
	outbuf_printf(out,
		      "dma: %llu bytes to the device and back in %llu "
		      "us (%u-byte chunks), exits during DMA: %lld\n",
		      (unsigned long long)bytes,
		      (unsigned long long)ticks_to_us(t1 - t0), EDU_DMA_CHUNK,
		      (long long)(e1 - e0) - 1);
	if (e1 - e0 != 1) {
		outbuf_puts(out, "dma_test: FAILED: the transfer exited to the "
				 "hypervisor\n");
		return false;
	}
	return true;
}

static bool wait_irq(unsigned int before)
{
	uint64_t deadline = arch_counter() + us_to_ticks(IRQ_WAIT_US);

	while (edu_irqs == before && arch_counter() < deadline)
		arch_wait_for_interrupt();
	return edu_irqs != before;
}

/* 10! by the device, completion by its interrupt, then a raised one. */
static bool check_factorial_irq(struct outbuf *out)
{
	unsigned int before;
	uint32_t fact;

	if (!edu.irq) {
		outbuf_puts(out, "dma_test: FAILED: edu has no INTx pin\n");
		return false;
	}
	arch_enable_device_irq(edu.irq);
	edu_irq_status = 0;
	before = edu_irqs;
	*reg32(EDU_STATUS) = EDU_STATUS_IRQFACT;
	*reg32(EDU_FACTORIAL) = 10;
	if (!wait_irq(before)) {
		outbuf_printf(out,
			      "dma_test: FAILED: no interrupt %u after "
			      "the factorial (status 0x%x, irq status "
			      "0x%x)\n",
			      edu.irq, *reg32(EDU_STATUS),
			      *reg32(EDU_IRQ_STATUS));
		return false;
	}
	fact = *reg32(EDU_FACTORIAL);
	*reg32(EDU_STATUS) = 0;
	before = edu_irqs;
	*reg32(EDU_IRQ_RAISE) = 0x100;
	if (!wait_irq(before) || fact != 3628800 ||
	    edu_irq_status != (EDU_FACT_IRQ | 0x100)) {
		outbuf_printf(out,
			      "dma_test: FAILED: 10! = %u, interrupt "
			      "status seen 0x%x (expected 0x101)\n",
			      fact, edu_irq_status);
		return false;
	}
	outbuf_printf(out,
		      "factorial: 10! = %u, interrupt %u taken %u "
		      "times (status 0x%x)\n",
		      fact, edu.irq, edu_irqs, edu_irq_status);
	return true;
}

int cmd_dma_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t bytes, window;
	uint32_t live;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "BYTES", 0, 1, MAX_BYTES,
			 &bytes) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "ECAM", PLAT_PCI_ECAM_BASE, 1,
			 ~0ULL, &window))
		return CMD_USAGE;
	memset(&edu, 0, sizeof(edu));
	if (!find_edu(ctx->out, (uintptr_t)window) || !check_config(ctx->out))
		return CMD_FAILED;
	*reg32(EDU_LIVENESS) = 0x5a5a1234;
	live = *reg32(EDU_LIVENESS);
	if (*reg32(EDU_IDENT) >> 16 != 0x0100 || live != ~0x5a5a1234u) {
		outbuf_printf(ctx->out,
			      "dma_test: FAILED: ident 0x%x, "
			      "liveness 0x%x\n",
			      *reg32(EDU_IDENT), live);
		return CMD_FAILED;
	}
	if (!dma_round_trip(ctx->out, bytes) || !check_factorial_irq(ctx->out))
		return CMD_FAILED;
	outbuf_puts(ctx->out, "dma_test: ok\n");
	return CMD_OK;
}

/*
 * dma_write ADDR [ECAM]: has edu write 256 bytes of 0xa5 to ADDR, which
 * may be outside the cell (an IOMMU test: the write must not arrive).
 */
int cmd_dma_write(struct cmd_ctx *ctx, int argc, char **argv)
{
	uintptr_t buf = (arch_image_end() + 0xfffff) & ~(uintptr_t)0xfffff;
	uint64_t addr, window;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", 0, 1, ~0ULL, &addr) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "ECAM", PLAT_PCI_ECAM_BASE, 1,
			 ~0ULL, &window))
		return CMD_USAGE;
	memset(&edu, 0, sizeof(edu));
	if (!find_edu(ctx->out, (uintptr_t)window) || !check_config(ctx->out))
		return CMD_FAILED;
	memset((void *)buf, 0xa5, 256);
	arch_dma_sync(buf, buf + 256);
	if (!dma_run(buf, EDU_DMA_BUF, 256, false) ||
	    !dma_run(EDU_DMA_BUF, addr, 256, true)) {
		outbuf_puts(ctx->out, "dma_write: FAILED: DMA timed out\n");
		return CMD_FAILED;
	}
	outbuf_printf(ctx->out, "dma_write: 256 bytes of 0xa5 sent to 0x%llx\n",
		      (unsigned long long)addr);
	return CMD_OK;
}
