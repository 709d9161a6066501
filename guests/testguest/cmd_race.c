/* Test guest command race: hostile vCPUs that race CPU_ON, CPU_OFF and SYSTEM_RESET against the root stopping the cell. */
#include "command.h"
#include "guest.h"
#include "hostile.h"
#include "smp.h"
#include "string.h"
#include "timer.h"

#define RACE_MAGIC 0x72616365 /* "race" */
#define RESET_EVERY 64 /* CPU_ONs between two SYSTEM_RESETs in "all" */
/*
 * The first reset waits this long after the command: a reset clears the
 * mailbox (the agent starts afresh), so it must not beat the root reading
 * our answer.
 */
#define FIRST_RESET_US 200000

enum race_mode {
	RACE_RESET = 1, /* vCPU 1 loops SYSTEM_RESET; every boot starts it */
	RACE_ONOFF, /* vCPU 1 loops CPU_ON of vCPU 2, which turns off at once */
	RACE_ALL, /* onoff, and vCPU 1 resets the cell now and then */
};

static const char *const mode_names[] = {
	[RACE_RESET] = "reset",
	[RACE_ONOFF] = "onoff",
	[RACE_ALL] = "all",
};

/*
 * Kept across SYSTEM_RESET: the image is not reloaded and .data is not
 * cleared at start-up (bss is), so a reset finds the race armed and goes on.
 */
struct race_state {
	uint32_t magic; /* RACE_MAGIC while armed */
	uint32_t mode;
	uint64_t deadline; /* counter value; 0: until the cell is stopped */
	uint64_t first_reset; /* counter value: no reset before */
	uint32_t boots, resets, offs;
	uint32_t on_ok, on_busy, on_denied, on_other;
};

static struct race_state race __attribute__((section(".data")));

static void count(uint32_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static uint32_t armed_mode(void)
{
	if (__atomic_load_n(&race.magic, __ATOMIC_ACQUIRE) != RACE_MAGIC)
		return 0;
	if (race.deadline && arch_counter() >= race.deadline) {
		__atomic_store_n(&race.magic, 0, __ATOMIC_RELEASE);
		return 0;
	}
	return race.mode;
}

static void reset_cell(void)
{
	while (arch_counter() < race.first_reset)
		;
	count(&race.resets);
	arch_system_reset(); /* returns only if refused */
}

/* vCPU 1 of onoff/all: CPU_ON of vCPU 2 again and again, errors ignored. */
static void start_looper(uint32_t mode)
{
	unsigned int n = 0;
	long err;

	while (armed_mode() == mode) {
		switch (arch_cpu_start(2, &err)) {
		case CPU_START_OK:
			count(&race.on_ok);
			break;
		case CPU_START_ALREADY_ON:
			count(&race.on_busy);
			break;
		case CPU_START_DENIED: /* the cell stops */
			count(&race.on_denied);
			break;
		default:
			count(&race.on_other);
			break;
		}
		if (mode == RACE_ALL && ++n % RESET_EVERY == 0)
			reset_cell();
	}
}

void race_secondary(unsigned int cpu)
{
	uint32_t mode = armed_mode();

	if (!mode)
		return;
	if (cpu == 1 && mode == RACE_RESET) {
		for (;;)
			reset_cell();
	}
	if (cpu == 1)
		start_looper(mode);
	else if (cpu == 2) {
		count(&race.offs);
		hostile_cpu_off(); /* vCPU 1 starts us again */
	}
}

void race_boot(void)
{
	uint32_t mode = armed_mode();
	unsigned int tries;
	long err;

	if (!mode)
		return;
	count(&race.boots);
	if (mode != RACE_RESET && mode != RACE_ALL)
		return;
	/*
	 * The reset stopped the racers: start vCPU 1 again. The vCPU that
	 * reset the cell may still be on its way off (ALREADY_ON until then).
	 */
	for (tries = 0; tries < 100000; tries++)
		if (arch_cpu_start(1, &err) != CPU_START_ALREADY_ON)
			break;
}

static void print_status(struct cmd_ctx *ctx)
{
	uint32_t mode = armed_mode();

	outbuf_printf(ctx->out,
		      "race: %s, boots %u, resets %u, offs %u, cpu_on ok %u "
		      "already_on %u denied %u other %u\n",
		      mode ? mode_names[mode] : "off", race.boots, race.resets,
		      race.offs, race.on_ok, race.on_busy, race.on_denied,
		      race.on_other);
}

static bool vcpu_exists(unsigned int cpu)
{
	return arch_cpu_state(cpu) != CPU_STATE_ERROR;
}

int cmd_race(struct cmd_ctx *ctx, int argc, char **argv)
{
	unsigned int mode, need;
	uint64_t secs;
	long err;

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "status")) {
		print_status(ctx);
		return CMD_OK;
	}
	if (!strcmp(argv[1], "stop")) {
		__atomic_store_n(&race.magic, 0, __ATOMIC_RELEASE);
		print_status(ctx);
		return CMD_OK;
	}
	for (mode = RACE_RESET; mode <= RACE_ALL; mode++)
		if (!strcmp(argv[1], mode_names[mode]))
			break;
	if (mode > RACE_ALL)
		goto usage;
	if (!cmd_arg_u64(ctx, argc, argv, 2, "SECONDS", 0, 0, 3600, &secs))
		return CMD_USAGE;
	need = mode == RACE_RESET ? 2 : 3;
	if (!vcpu_exists(need - 1)) {
		outbuf_printf(ctx->out, "race %s needs %u vCPUs\n", argv[1],
			      need);
		return CMD_FAILED;
	}
	memset(&race, 0, sizeof(race));
	race.mode = mode;
	race.deadline = secs ? arch_counter() + secs * arch_counter_freq() : 0;
	race.first_reset = arch_counter() + us_to_ticks(FIRST_RESET_US);
	__atomic_store_n(&race.magic, RACE_MAGIC, __ATOMIC_RELEASE);
	outbuf_printf(ctx->out, "race %s armed%s\n", argv[1],
		      secs ? " for a while" : " until the cell stops");
	/* vCPU 1 may idle already: wake it, it looks at the race */
	if (arch_cpu_start(1, &err) == CPU_START_ALREADY_ON)
		arch_send_ipi(1, IPI_PING);
	return CMD_OK;
usage:
	outbuf_puts(ctx->out,
		    "usage: race reset|onoff|all [SECONDS] | status | stop\n");
	return CMD_USAGE;
}
