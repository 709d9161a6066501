/* Test guest command fw_test: PSCI and SMCCC calls a guest may make, unknown ones included, and their architected answers (arm64). */
#include "command.h"
#include "guest.h"

#if defined(__aarch64__)

#define NOT_SUPPORTED -1L

long smccc_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
long smccc_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

struct fw_call {
	const char *what;
	bool hvc; /* the HVC conduit instead of SMC */
	uint64_t fn, a1, a2;
	long want;
};

/* vCPU 0 runs this: MPIDR 0 is the caller, ON. */
static const struct fw_call calls[] = {
	{ "unknown SMC 1337", false, 1337, 0, 0, NOT_SUPPORTED },
	{ "unknown SMC64 0xc2000042", false, 0xc2000042, 0, 0, NOT_SUPPORTED },
	{ "unknown HVC 0x86000001", true, 0x86000001, 0, 0, NOT_SUPPORTED },
	{ "HVC PSCI_VERSION", true, 0x84000000, 0, 0, 0x10001 },
	{ "PSCI_VERSION", false, 0x84000000, 0, 0, 0x10001 },
	{ "PSCI_FEATURES(SMCCC_VERSION)", false, 0x8400000a, 0x80000000, 0, 0 },
	{ "PSCI_FEATURES(MIGRATE_INFO_TYPE)", false, 0x8400000a, 0x84000006, 0,
	  0 },
	{ "PSCI_FEATURES(CPU_SUSPEND_32)", false, 0x8400000a, 0x84000001, 0,
	  0 },
	{ "PSCI_FEATURES(CPU_ON_32)", false, 0x8400000a, 0x84000003, 0, 0 },
	{ "PSCI_FEATURES(CPU_FREEZE)", false, 0x8400000a, 0x8400000b, 0,
	  NOT_SUPPORTED },
	{ "PSCI_FEATURES(SYSTEM_SUSPEND_64)", false, 0x8400000a, 0xc400000e, 0,
	  NOT_SUPPORTED },
	{ "PSCI_FEATURES(1337)", false, 0x8400000a, 1337, 0, NOT_SUPPORTED },
	{ "MIGRATE_INFO_TYPE", false, 0x84000006, 0, 0, 2 },
	{ "MIGRATE_INFO_UP_CPU_64", false, 0xc4000007, 0, 0, NOT_SUPPORTED },
	{ "CPU_FREEZE", false, 0x8400000b, 0, 0, NOT_SUPPORTED },
	{ "SYSTEM_SUSPEND_64", false, 0xc400000e, 0x90000000, 0,
	  NOT_SUPPORTED },
	{ "SYSTEM_SUSPEND_32", false, 0x8400000e, 0x90000000, 0,
	  NOT_SUPPORTED },
	{ "AFFINITY_INFO_32(0)", false, 0x84000004, 0, 0, 0 },
	{ "AFFINITY_INFO_64(0)", false, 0xc4000004, 0, 0, 0 },
	{ "AFFINITY_INFO_32(0, level 1)", false, 0x84000004, 0, 1, -2 },
	{ "CPU_ON_32(0): the caller", false, 0x84000003, 0, 0x90000000, -4 },
	{ "CPU_ON_32(200)", false, 0x84000003, 200, 0x90000000, -2 },
	{ "SMCCC_VERSION", false, 0x80000000, 0, 0, 0x10001 },
	{ "SMCCC_ARCH_FEATURES(WORKAROUND_1)", false, 0x80000001, 0x80008000, 0,
	  NOT_SUPPORTED },
	{ "CPU_SUSPEND_32(standby)", false, 0x84000001, 0, 0, 0 },
	{ "CPU_SUSPEND_64(power down)", false, 0xc4000001, 1u << 16, 0, 0 },
};

int cmd_fw_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	unsigned int i, bad = 0;
	uint64_t t0, us;
	long ret;

	(void)argc;
	(void)argv;
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		const struct fw_call *c = &calls[i];

		t0 = arch_counter();
		ret = c->hvc ? smccc_hvc(c->fn, c->a1, c->a2, 0) :
			       smccc_smc(c->fn, c->a1, c->a2, 0);
		us = (arch_counter() - t0) * 1000000 / arch_counter_freq();
		/* an SMC32 result is w0 */
		if (!(c->fn & (1u << 30)) && c->fn >> 31)
			ret = (int)ret;
		outbuf_printf(ctx->out, "%s %s: %ld (%llu us)\n",
			      ret == c->want ? "ok" : "WRONG", c->what, ret,
			      (unsigned long long)us);
		if (ret != c->want) {
			outbuf_printf(ctx->out, "  expected %ld\n", c->want);
			bad++;
		}
	}
	outbuf_printf(ctx->out, "fw_test: %u call(s), %u wrong\n", i, bad);
	return bad ? CMD_FAILED : CMD_OK;
}

#else

int cmd_fw_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "fw_test: not on this architecture\n");
	return CMD_FAILED;
}

#endif
