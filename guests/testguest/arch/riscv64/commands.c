/* Test guest commands only riscv64 has: the SBI answers (fw_test, as arm64's PSCI/SMCCC one), the goldfish RTC alarm (rtc_test, as arm64's PL031 one), deadlines through SBI TIME (timer_sbi), MSIs through the IMSIC guest files (imsic_test, AIA mode). */
#include "command.h"
#include "platform.h"

int cmd_fw_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_rtc_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_timer_sbi(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_imsic_test(struct cmd_ctx *ctx, int argc, char **argv);

const struct command arch_commands[] = {
	{ "fw_test", "", 0, cmd_fw_test },
	{ "rtc_test", "", 0, cmd_rtc_test },
	{ "timer_sbi", "on|off", 1, cmd_timer_sbi },
	{ "imsic_test", "PAGE0 [PAGE1 ...]", PLAT_MAX_VCPUS, cmd_imsic_test },
	{ NULL, NULL, 0, NULL },
};
