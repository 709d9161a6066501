/* Test guest commands only riscv64 has: none yet (the arm64 GIC and PL031 ones have no riscv64 counterpart). */
#include "command.h"

const struct command arch_commands[] = {
	{ NULL, NULL, 0, NULL },
};
