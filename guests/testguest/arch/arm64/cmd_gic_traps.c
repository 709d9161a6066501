/* Test guest command trap_test: registers and instructions a cell may not use get an undef, others are emulated (arm64). */
#include "cmd_gic.h"
#include "command.h"

#if defined(__aarch64__)

#include <asm/sysreg.h>

/* Reads or writes one register, or runs one instruction, with x16/x17 free. */
#define PROBE_READ(name, reg)                              \
	static uint64_t name(uint64_t v)                   \
	{                                                  \
		(void)v;                                   \
		asm volatile("mov %0, #0\n\tmrs %0, " #reg \
			     : "=&r"(v)                    \
			     :                             \
			     : "x16", "x17", "memory");    \
		return v;                                  \
	}
#define PROBE_WRITE(name, insn)                                                \
	static uint64_t name(uint64_t v)                                       \
	{                                                                      \
		asm volatile(insn ", %x0" ::"rZ"(v) : "x16", "x17", "memory"); \
		return 0;                                                      \
	}

PROBE_READ(rd_pmcr, pmcr_el0)
PROBE_WRITE(wr_pmcr, "msr pmcr_el0")
PROBE_READ(rd_pmccntr, pmccntr_el0)
PROBE_WRITE(wr_pmcntenset, "msr pmcntenset_el0")
PROBE_READ(rd_pmintenset, pmintenset_el1)
PROBE_WRITE(wr_pmuserenr, "msr pmuserenr_el0")
PROBE_READ(rd_pmuserenr, pmuserenr_el0)
PROBE_WRITE(wr_mdscr, "msr mdscr_el1")
PROBE_READ(rd_mdscr, mdscr_el1)
PROBE_WRITE(wr_dbgbvr0, "msr dbgbvr0_el1")
PROBE_READ(rd_dbgbvr0, dbgbvr0_el1)
PROBE_WRITE(wr_dbgwcr0, "msr dbgwcr0_el1")
PROBE_READ(rd_dbgwcr0, dbgwcr0_el1)
PROBE_WRITE(wr_oslar, "msr oslar_el1")
PROBE_READ(rd_mdrar, mdrar_el1)
PROBE_READ(rd_impdef, S3_1_C15_C2_0) /* Cortex-A72 CPUACTLR_EL1 */
PROBE_WRITE(wr_impdef, "msr S3_1_C15_C2_0")
PROBE_READ(rd_actlr, actlr_el1)
PROBE_READ(rd_erridr, S3_0_C5_C3_0) /* ERRIDR_EL1 (RAS) */
PROBE_WRITE(dc_cisw, "dc cisw")
PROBE_WRITE(dc_isw, "dc isw")
PROBE_WRITE(dc_csw, "dc csw")

struct probe {
	const char *name;
	uint64_t (*run)(uint64_t v);
	uint64_t value; /* written, for a write */
};

static const struct probe probes[] = {
	{ "read pmcr_el0", rd_pmcr, 0 },
	{ "write pmcr_el0", wr_pmcr, 0 },
	{ "read pmccntr_el0", rd_pmccntr, 0 },
	{ "write pmcntenset_el0", wr_pmcntenset, 0x80000000 },
	{ "read pmintenset_el1", rd_pmintenset, 0 },
	{ "write pmuserenr_el0", wr_pmuserenr, 0xf },
	{ "read pmuserenr_el0", rd_pmuserenr, 0 },
	{ "write mdscr_el1", wr_mdscr, 0x8000 },
	{ "read mdscr_el1", rd_mdscr, 0 },
	{ "write dbgbvr0_el1", wr_dbgbvr0, 0x90001000 },
	{ "read dbgbvr0_el1", rd_dbgbvr0, 0 },
	{ "write dbgwcr0_el1", wr_dbgwcr0, 0x1e7 },
	{ "read dbgwcr0_el1", rd_dbgwcr0, 0 },
	{ "write oslar_el1", wr_oslar, 0 },
	{ "read mdrar_el1", rd_mdrar, 0 },
	{ "read impdef S3_1_C15_C2_0", rd_impdef, 0 },
	{ "write impdef S3_1_C15_C2_0", wr_impdef, 0 },
	{ "read actlr_el1", rd_actlr, 0 },
	{ "read erridr_el1", rd_erridr, 0 },
	{ "dc cisw", dc_cisw, 0 },
	{ "dc isw", dc_isw, 2 },
	{ "dc csw", dc_csw, 0 },
	{ NULL, NULL, 0 },
};

/*
 * trap_test: runs each probe and prints "NAME: undef (ESR ...)" when the
 * guest got an exception, else "NAME: ok 0xVALUE" (the value read, 0 for
 * writes). The test decides what each must give.
 */
int cmd_trap_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct probe *p;
	uint64_t v, esr;

	(void)argc;
	(void)argv;
	for (p = probes; p->name; p++) {
		gic_catch_on();
		v = p->run(p->value);
		esr = gic_catch_take(NULL);
		gic_catch_off();
		if (esr)
			outbuf_printf(ctx->out, "%s: undef (ESR 0x%llx)\n",
				      p->name, (unsigned long long)esr);
		else
			outbuf_printf(ctx->out, "%s: ok 0x%llx\n", p->name,
				      (unsigned long long)v);
	}
	return CMD_OK;
}

#else

int cmd_trap_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "trap_test: arm64 only\n");
	return CMD_FAILED;
}

#endif
