/* Test guest IMSIC guest file (AIA mode, riscv64): each vCPU's file set up on that vCPU, its identities claimed by stopei, and imsic_test sending MSIs to itself and to the other vCPUs through their pages. */
#include <asm/mmio.h>

#include "command.h"
#include "format.h"
#include "guest.h"
#include "platform.h"
#include "riscv64.h"
#include "smp.h"
#include "string.h"
#include "timer.h"

/* In VS mode these reach the guest file hstatus.VGEIN selects. */
/* siselect 0x150, sireg 0x151, stopei 0x15c (by number in the asm) */
#define IMSIC_EIDELIVERY 0x70
#define IMSIC_EITHRESHOLD 0x72
#define IMSIC_EIE0 0xc0
#define TOPEI_ID_SHIFT 16
#define TOPEI_ID_MASK 0x7ffUL

#define TEST_ID_BASE 8 /* identity of vCPU n's MSIs: 8 + n */
#define ROUNDS 100
#define WAIT_US 2000000

static volatile bool file_ready[PLAT_MAX_VCPUS];
static volatile uint32_t received[PLAT_MAX_VCPUS];
static volatile uint32_t wrong[PLAT_MAX_VCPUS];

static void ind_write(unsigned long reg, unsigned long value)
{
	asm volatile("csrw 0x150, %0\n\tcsrw 0x151, %1"
		     :
		     : "r"(reg), "r"(value)
		     : "memory");
}

/* On the vCPU itself: delivery on, every priority, its test identity enabled. */
void imsic_setup_local(void)
{
	unsigned int cpu = arch_cpu_id();

	ind_write(IMSIC_EITHRESHOLD, 0);
	ind_write(IMSIC_EIE0, 1UL << (TEST_ID_BASE + cpu));
	ind_write(IMSIC_EIDELIVERY, 1);
	csr_set(sie, 1UL << IRQ_S_EXT);
	file_ready[cpu] = true;
}

bool imsic_enabled(void)
{
	return file_ready[arch_cpu_id()];
}

/* External interrupt: claims from the guest file; true if there were any. */
bool imsic_handle(void)
{
	unsigned int cpu = arch_cpu_id();
	unsigned long top;
	bool any = false;

	for (;;) {
		asm volatile("csrrw %0, 0x15c, zero" : "=r"(top) : : "memory");
		top = (top >> TOPEI_ID_SHIFT) & TOPEI_ID_MASK;
		if (!top)
			return any;
		any = true;
		if (top == TEST_ID_BASE + cpu)
			received[cpu]++;
		else
			wrong[cpu]++;
	}
}

static bool wait_count(unsigned int cpu, uint32_t want)
{
	uint64_t deadline = arch_counter() + us_to_ticks(WAIT_US);

	while (received[cpu] < want)
		if (arch_counter() >= deadline)
			return false;
	return true;
}

/* imsic_test PAGE0 [PAGE1 ...]: vCPU n's guest-file page is PAGEn. */
int cmd_imsic_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t pages[PLAT_MAX_VCPUS], start, us;
	unsigned int n = argc - 1, cpu, round, down;
	struct outbuf bringup;
	char text[512];

	if (n < 1 || n > PLAT_MAX_VCPUS) {
		outbuf_puts(ctx->out, "usage: imsic_test PAGE0 [PAGE1 ...]\n");
		return CMD_USAGE;
	}
	for (cpu = 0; cpu < n; cpu++)
		if (!parse_u64(argv[cpu + 1], &pages[cpu]) ||
		    (pages[cpu] & 0xfff)) {
			outbuf_printf(ctx->out, "PAGE%u: '%s' is not a page\n",
				      cpu, argv[cpu + 1]);
			return CMD_USAGE;
		}
	outbuf_init(&bringup, text, sizeof(text));
	down = smp_bring_up(&bringup);
	if (down || smp_online_count() < n) {
		outbuf_puts(ctx->out, text);
		outbuf_printf(ctx->out, "imsic_test: FAILED: %u vCPU(s) up\n",
			      smp_online_count());
		return CMD_FAILED;
	}
	for (cpu = 0; cpu < n; cpu++) {
		received[cpu] = wrong[cpu] = 0;
		if (cpu == arch_cpu_id())
			imsic_setup_local();
		else if (!file_ready[cpu])
			arch_send_imsic_setup(cpu);
	}
	start = arch_counter() + us_to_ticks(WAIT_US);
	for (cpu = 0; cpu < n; cpu++)
		while (!file_ready[cpu])
			if (arch_counter() >= start) {
				outbuf_printf(ctx->out,
					      "imsic_test: FAILED: vCPU %u did "
					      "not set its file up\n",
					      cpu);
				return CMD_FAILED;
			}
	start = arch_counter();
	for (round = 1; round <= ROUNDS; round++)
		for (cpu = 0; cpu < n; cpu++) {
			mmio_write32(pages[cpu], TEST_ID_BASE + cpu);
			if (!wait_count(cpu, round)) {
				outbuf_printf(
					ctx->out,
					"imsic_test: FAILED: MSI %u to vCPU %u "
					"(page 0x%llx) did not arrive (%u "
					"arrived)\n",
					round, cpu,
					(unsigned long long)pages[cpu],
					received[cpu]);
				return CMD_FAILED;
			}
		}
	us = ticks_to_us(arch_counter() - start);
	for (cpu = 0; cpu < n; cpu++) {
		outbuf_printf(ctx->out,
			      "vcpu %u: %u of %u MSIs claimed, %u foreign\n",
			      cpu, received[cpu], ROUNDS, wrong[cpu]);
		if (wrong[cpu]) {
			outbuf_puts(ctx->out,
				    "imsic_test: FAILED: foreign identities\n");
			return CMD_FAILED;
		}
	}
	outbuf_printf(ctx->out,
		      "imsic_test: %u MSIs to %u vCPU(s) in %llu us\n",
		      ROUNDS * n, n, (unsigned long long)us);
	return CMD_OK;
}
