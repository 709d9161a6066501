/* Test guest command pmu_test: the cycle counter overflows and its interrupt (PPI 7, INTID 23) reaches this vCPU (arm64, a cell given the PMU). */
#include "command.h"
#include "gic.h"
#include "guest.h"
#include "platform.h"
#include "timer.h"

#if defined(__aarch64__)

#include <asm/sysreg.h>

#define PMCR_E (1u << 0)
#define PMCR_LC (1u << 6)
#define PMU_CYCLE_BIT (1u << 31)
#define CYCLES_TO_OVERFLOW 200000u

void gic_enable_ppi(unsigned int irq); /* arch/arm64/gic.c */

static volatile unsigned int pmu_irqs;
static volatile uint64_t pmu_ovs;

void pmu_interrupt(void)
{
	uint64_t ovs = read_sysreg(pmovsclr_el0);

	write_sysreg(pmovsclr_el0, ovs); /* the line drops */
	write_sysreg(pmcntenclr_el0, PMU_CYCLE_BIT);
	isb();
	pmu_ovs |= ovs;
	pmu_irqs++;
}

static bool taken(void *arg)
{
	(void)arg;
	return pmu_irqs > 0;
}

int cmd_pmu_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t pmcr, deadline;
	bool ok;

	(void)argc;
	(void)argv;
	/* an undefined instruction here if the cell does not have the PMU */
	pmcr = read_sysreg(pmcr_el0);
	outbuf_printf(ctx->out, "pmu: PMCR 0x%llx, %u event counters\n",
		      (unsigned long long)pmcr,
		      (unsigned int)((pmcr >> 11) & 0x1f));
	pmu_irqs = 0;
	pmu_ovs = 0;
	gic_enable_ppi(PLAT_PMU_IRQ);
	write_sysreg(pmccfiltr_el0, 0); /* EL1 and EL0 */
	write_sysreg(pmcr_el0, (pmcr & ~(uint64_t)PMCR_LC) | PMCR_E);
	write_sysreg(pmccntr_el0, 0xffffffffu - CYCLES_TO_OVERFLOW);
	write_sysreg(pmintenset_el1, PMU_CYCLE_BIT);
	write_sysreg(pmcntenset_el0, PMU_CYCLE_BIT);
	isb();
	deadline = arch_counter() + arch_counter_freq() / 2;
	ok = wait_until(taken, NULL, deadline);
	write_sysreg(pmintenclr_el1, PMU_CYCLE_BIT);
	write_sysreg(pmcntenclr_el0, PMU_CYCLE_BIT);
	write_sysreg(pmcr_el0, pmcr & ~(uint64_t)PMCR_E);
	isb();
	outbuf_printf(ctx->out,
		      "pmu_test: overflow interrupt %s (%u, overflow status "
		      "0x%llx)\n",
		      ok ? "taken" : "NOT taken", pmu_irqs,
		      (unsigned long long)pmu_ovs);
	return ok && (pmu_ovs & PMU_CYCLE_BIT) ? CMD_OK : CMD_FAILED;
}

#else

void pmu_interrupt(void)
{
}

int cmd_pmu_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "pmu_test: not on this architecture\n");
	return CMD_FAILED;
}

#endif
