/* Test guest commands only arm64 has: the PL031 alarm, vGIC scans, trapped registers, state leaks, PSCI/SMCCC answers, vGIC state, the PMU. */
#include "command.h"

int cmd_rtc_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_gic_scan(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_trap_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_leak_fill(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_leak_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_fw_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_gic_state_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_level_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_pmu_test(struct cmd_ctx *ctx, int argc, char **argv);

const struct command arch_commands[] = {
	{ "rtc_test", "", 0, cmd_rtc_test },
	{ "gic_scan", "BASE SIZE [MODE] [VALUE] [WIDTH]", 5, cmd_gic_scan },
	{ "trap_test", "", 0, cmd_trap_test },
	{ "leak_fill", "", 0, cmd_leak_fill },
	{ "leak_test", "", 0, cmd_leak_test },
	{ "fw_test", "", 0, cmd_fw_test },
	{ "gic_state_test", "", 0, cmd_gic_state_test },
	{ "level_test", "", 0, cmd_level_test },
	{ "pmu_test", "", 0, cmd_pmu_test },
	{ NULL, NULL, 0, NULL },
};
