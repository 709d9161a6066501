/* Test guest commands leak_fill and leak_test: EL1 and FP/SIMD state a new cell must not inherit from the last user of its CPU (arm64). */
#include "command.h"

#if defined(__aarch64__)

#include <asm/sysreg.h>

#define CPACR_FPEN (3UL << 20)

/* q0-q31 from/to 64 doublewords; the guest's C code never uses them. */
asm(".pushsection .text, \"ax\"\n"
    ".arch_extension fp\n"
    ".arch_extension simd\n"
    "leak_fp_save:\n"
    "stp q0, q1, [x0], #32\n"
    "stp q2, q3, [x0], #32\n"
    "stp q4, q5, [x0], #32\n"
    "stp q6, q7, [x0], #32\n"
    "stp q8, q9, [x0], #32\n"
    "stp q10, q11, [x0], #32\n"
    "stp q12, q13, [x0], #32\n"
    "stp q14, q15, [x0], #32\n"
    "stp q16, q17, [x0], #32\n"
    "stp q18, q19, [x0], #32\n"
    "stp q20, q21, [x0], #32\n"
    "stp q22, q23, [x0], #32\n"
    "stp q24, q25, [x0], #32\n"
    "stp q26, q27, [x0], #32\n"
    "stp q28, q29, [x0], #32\n"
    "stp q30, q31, [x0], #32\n"
    "ret\n"
    "leak_fp_load:\n"
    "ldp q0, q1, [x0], #32\n"
    "ldp q2, q3, [x0], #32\n"
    "ldp q4, q5, [x0], #32\n"
    "ldp q6, q7, [x0], #32\n"
    "ldp q8, q9, [x0], #32\n"
    "ldp q10, q11, [x0], #32\n"
    "ldp q12, q13, [x0], #32\n"
    "ldp q14, q15, [x0], #32\n"
    "ldp q16, q17, [x0], #32\n"
    "ldp q18, q19, [x0], #32\n"
    "ldp q20, q21, [x0], #32\n"
    "ldp q22, q23, [x0], #32\n"
    "ldp q24, q25, [x0], #32\n"
    "ldp q26, q27, [x0], #32\n"
    "ldp q28, q29, [x0], #32\n"
    "ldp q30, q31, [x0], #32\n"
    "ret\n"
    "leak_fp_ctl_save:\n"
    "mrs x1, fpcr\n"
    "mrs x2, fpsr\n"
    "stp x1, x2, [x0]\n"
    "ret\n"
    "leak_fp_ctl_load:\n"
    "ldp x1, x2, [x0]\n"
    "msr fpcr, x1\n"
    "msr fpsr, x2\n"
    "ret\n"
    ".popsection\n");

void leak_fp_save(uint64_t *q);
void leak_fp_load(const uint64_t *q);
void leak_fp_ctl_save(uint64_t *ctl);
void leak_fp_ctl_load(const uint64_t *ctl);

/* EL1/EL0 registers the guest itself never writes (so all must read 0). */
#define LEAK_REGS(X)                           \
	X(ttbr1_el1, 0x0000000091230000UL)     \
	X(amair_el1, 0x4444444444444444UL)     \
	X(tpidr_el0, 0x5a5a000000000001UL)     \
	X(tpidr_el1, 0x5a5a000000000002UL)     \
	X(tpidrro_el0, 0x5a5a000000000003UL)   \
	X(contextidr_el1, 0x5a5a0004UL)        \
	X(sp_el0, 0x5a5a000000000050UL)        \
	X(esr_el1, 0x5a000006UL)               \
	X(far_el1, 0x5a5a000000000007UL)       \
	X(par_el1, 0x0000000091234000UL)       \
	X(afsr0_el1, 0x5a5a0009UL)             \
	X(afsr1_el1, 0x5a5a000aUL)             \
	X(cntkctl_el1, 0x203UL)                \
	X(csselr_el1, 0x2UL)                   \
	X(cntp_cval_el0, 0x5a5a00000000000dUL) \
	X(cntp_ctl_el0, 0x2UL)                 \
	X(mdscr_el1, 0x1000UL)

#define WRITE_REG(reg, pattern) write_sysreg(reg, pattern);
#define CHECK_REG(reg, pattern)                                                \
	do {                                                                   \
		uint64_t v = read_sysreg(reg);                                 \
		if (v) {                                                       \
			outbuf_printf(ctx->out, "leak: %s = 0x%llx%s\n", #reg, \
				      (unsigned long long)v,                   \
				      v == (pattern) ? " (the fill pattern)" : \
						       "");                    \
			found++;                                               \
		}                                                              \
	} while (0);

static uint64_t fp_pattern(unsigned int n)
{
	return 0xf00d000000000000UL | n;
}

/* leak_fill: known non-zero values in every register leak_test checks. */
int cmd_leak_fill(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t q[64], ctl[2] = { 0x03c00000, 0x0800009f };
	unsigned int n;

	(void)argc;
	(void)argv;
	write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | CPACR_FPEN);
	isb();
	for (n = 0; n < 64; n++)
		q[n] = fp_pattern(n);
	leak_fp_load(q);
	leak_fp_ctl_load(ctl);
	LEAK_REGS(WRITE_REG)
	isb();
	outbuf_puts(ctx->out, "leak_fill: done\n");
	return CMD_OK;
}

/*
 * leak_test: prints every checked register that is not 0 (first the system
 * registers and CPACR_EL1, then, with FP enabled, q0-q31, FPCR, FPSR);
 * fails if there is one.
 */
int cmd_leak_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t q[64], ctl[2], cpacr = read_sysreg(cpacr_el1);
	unsigned int n, found = 0;

	(void)argc;
	(void)argv;
	LEAK_REGS(CHECK_REG)
	if (cpacr) {
		outbuf_printf(ctx->out, "leak: cpacr_el1 = 0x%llx\n",
			      (unsigned long long)cpacr);
		found++;
	}
	write_sysreg(cpacr_el1, cpacr | CPACR_FPEN);
	isb();
	leak_fp_save(q);
	leak_fp_ctl_save(ctl);
	for (n = 0; n < 64; n++)
		if (q[n]) {
			outbuf_printf(ctx->out, "leak: q%u.d[%u] = 0x%llx%s\n",
				      n / 2, n % 2, (unsigned long long)q[n],
				      q[n] == fp_pattern(n) ?
					      " (the fill pattern)" :
					      "");
			found++;
		}
	if (ctl[0] || ctl[1]) {
		outbuf_printf(ctx->out, "leak: fpcr = 0x%llx fpsr = 0x%llx\n",
			      (unsigned long long)ctl[0],
			      (unsigned long long)ctl[1]);
		found++;
	}
	outbuf_printf(ctx->out, "leak_test: %u registers not clean\n", found);
	return found ? CMD_FAILED : CMD_OK;
}

#else

int cmd_leak_fill(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "leak_fill: arm64 only\n");
	return CMD_FAILED;
}

int cmd_leak_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	return cmd_leak_fill(ctx, argc, argv);
}

#endif
