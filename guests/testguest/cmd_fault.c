/* Test guest commands fault_test and exec_test: a read of, or a branch to, an address outside the cell. */
#include "command.h"
#include "console.h"
#include "guest.h"
#include "platform.h"

int cmd_fault_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t addr, val;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", PLAT_FAULT_ADDR, 0,
			 UINTPTR_MAX, &addr))
		return CMD_USAGE;
	if (addr & 3) {
		outbuf_printf(ctx->out,
			      "fault_test: ADDR 0x%llx is not 4-byte aligned\n",
			      (unsigned long long)addr);
		return CMD_USAGE;
	}
	console_printf("fault_test: reading 0x%llx\n",
		       (unsigned long long)addr);
	if (!arch_probe_read(addr, 4, &val, ctx->out)) {
		outbuf_printf(
			ctx->out,
			"fault_test: the read of 0x%llx faulted in the guest (see above)\n",
			(unsigned long long)addr);
		return CMD_OK;
	}
	outbuf_printf(
		ctx->out,
		"fault_test: FAILED: read 0x%llx returned 0x%08llx: no fault\n",
		(unsigned long long)addr, (unsigned long long)val);
	return CMD_FAILED;
}

int cmd_exec_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t addr;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", PLAT_FAULT_ADDR, 0,
			 UINTPTR_MAX, &addr))
		return CMD_USAGE;
	if (addr & 3) {
		outbuf_printf(ctx->out,
			      "exec_test: ADDR 0x%llx is not 4-byte aligned\n",
			      (unsigned long long)addr);
		return CMD_USAGE;
	}
	console_printf("exec_test: branching to 0x%llx\n",
		       (unsigned long long)addr);
	if (!arch_probe_exec(addr, ctx->out)) {
		outbuf_printf(
			ctx->out,
			"exec_test: the fetch at 0x%llx faulted in the guest (see above)\n",
			(unsigned long long)addr);
		return CMD_OK;
	}
	outbuf_printf(ctx->out,
		      "exec_test: FAILED: code at 0x%llx returned: no fault\n",
		      (unsigned long long)addr);
	return CMD_FAILED;
}
