/* Test guest command fw_test on riscv64: SBI calls a guest may make, unknown extensions and functions included, and the answers SBI 1.0 gives them in a cell. */
#include "command.h"
#include "guest.h"
#include "riscv64.h"

#define SBI_EXT_RFENCE 0x52464e43
#define NOT_SUPPORTED -2L
#define INVALID_PARAM -3L
#define ANY 0x7fffffffL /* the value is not checked */

struct sbi_row {
	const char *what;
	unsigned long eid, fid, a0, a1, a2, a3;
	long error, value; /* expected; value ANY: not checked */
};

/* vCPU 0 runs this; the cell has at most 16 harts. */
static const struct sbi_row rows[] = {
	{ "unknown extension 0x12345678", 0x12345678, 0, 0, 0, 0, 0,
	  NOT_SUPPORTED, ANY },
	{ "unknown extension 0x12345678 again", 0x12345678, 0, 0, 0, 0, 0,
	  NOT_SUPPORTED, ANY },
	{ "vendor extension 0x09000000", 0x09000000, 1, 0, 0, 0, 0,
	  NOT_SUPPORTED, ANY },
	{ "DBCN (not offered)", 0x4442434e, 0, 1, 0, 0, 0, NOT_SUPPORTED, ANY },
	{ "PMU (not offered)", 0x504d55, 0, 0, 0, 0, 0, NOT_SUPPORTED, ANY },
	{ "BASE function 99", SBI_EXT_BASE, 99, 0, 0, 0, 0, NOT_SUPPORTED,
	  ANY },
	{ "BASE get_spec_version", SBI_EXT_BASE, 0, 0, 0, 0, 0, 0, 0x01000000 },
	{ "BASE probe TIME", SBI_EXT_BASE, 3, SBI_EXT_TIME, 0, 0, 0, 0, 1 },
	{ "BASE probe IPI", SBI_EXT_BASE, 3, SBI_EXT_IPI, 0, 0, 0, 0, 1 },
	{ "BASE probe RFENCE", SBI_EXT_BASE, 3, SBI_EXT_RFENCE, 0, 0, 0, 0, 1 },
	{ "BASE probe HSM", SBI_EXT_BASE, 3, SBI_EXT_HSM, 0, 0, 0, 0, 1 },
	{ "BASE probe SRST", SBI_EXT_BASE, 3, SBI_EXT_SRST, 0, 0, 0, 0, 1 },
	{ "BASE probe 0x12345678", SBI_EXT_BASE, 3, 0x12345678, 0, 0, 0, 0, 0 },
	{ "TIME function 5", SBI_EXT_TIME, 5, 0, 0, 0, 0, NOT_SUPPORTED, ANY },
	{ "TIME set_timer (far)", SBI_EXT_TIME, 0, ~0UL, 0, 0, 0, 0, ANY },
	{ "IPI to hart 40", SBI_EXT_IPI, 0, 1, 40, 0, 0, INVALID_PARAM, ANY },
	{ "IPI function 7", SBI_EXT_IPI, 7, 0, 0, 0, 0, NOT_SUPPORTED, ANY },
	{ "RFENCE fence_i self", SBI_EXT_RFENCE, 0, 1, 0, 0, 0, 0, ANY },
	{ "RFENCE sfence_vma self", SBI_EXT_RFENCE, 1, 1, 0, 0, ~0UL, 0, ANY },
	{ "RFENCE sfence_vma all", SBI_EXT_RFENCE, 1, 0, ~0UL, 0, ~0UL, 0,
	  ANY },
	{ "RFENCE sfence_vma hart 40", SBI_EXT_RFENCE, 1, 1, 40, 0, ~0UL,
	  INVALID_PARAM, ANY },
	{ "RFENCE hfence_gvma (H only)", SBI_EXT_RFENCE, 3, 1, 0, 0, ~0UL,
	  NOT_SUPPORTED, ANY },
	{ "HSM hart_get_status self", SBI_EXT_HSM, 2, 0, 0, 0, 0, 0, 0 },
	{ "HSM hart_get_status 40", SBI_EXT_HSM, 2, 40, 0, 0, 0, INVALID_PARAM,
	  ANY },
	{ "HSM hart_start self", SBI_EXT_HSM, 0, 0, 0xc0000000, 0, 0, -6, ANY },
	{ "HSM hart_start 40", SBI_EXT_HSM, 0, 40, 0xc0000000, 0, 0,
	  INVALID_PARAM, ANY },
	{ "HSM hart_suspend retentive", SBI_EXT_HSM, 3, 0, 0, 0, 0, 0, ANY },
	{ "HSM hart_suspend reserved type", SBI_EXT_HSM, 3, 0x100, 0, 0, 0,
	  INVALID_PARAM, ANY },
	{ "HSM function 9", SBI_EXT_HSM, 9, 0, 0, 0, 0, NOT_SUPPORTED, ANY },
	{ "SRST reset type 0x1234", SBI_EXT_SRST, 0, 0x1234, 0, 0, 0,
	  INVALID_PARAM, ANY },
	{ "SRST function 1", SBI_EXT_SRST, 1, 0, 0, 0, 0, NOT_SUPPORTED, ANY },
};

static struct sbiret call4(const struct sbi_row *r)
{
	register unsigned long a0 asm("a0") = r->a0;
	register unsigned long a1 asm("a1") = r->a1;
	register unsigned long a2 asm("a2") = r->a2;
	register unsigned long a3 asm("a3") = r->a3;
	register unsigned long a6 asm("a6") = r->fid;
	register unsigned long a7 asm("a7") = r->eid;

	asm volatile("ecall"
		     : "+r"(a0), "+r"(a1)
		     : "r"(a2), "r"(a3), "r"(a6), "r"(a7)
		     : "memory");
	return (struct sbiret){ (long)a0, (long)a1 };
}

int cmd_fw_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	unsigned int i, bad = 0;
	uint64_t t0, us;
	struct sbiret r;
	bool ok;

	(void)argc;
	(void)argv;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct sbi_row *row = &rows[i];

		t0 = arch_counter();
		r = call4(row);
		us = (arch_counter() - t0) * 1000000 / arch_counter_freq();
		ok = r.error == row->error &&
		     (row->value == ANY || r.value == row->value);
		outbuf_printf(ctx->out,
			      "%s %s: error %ld value %ld (%llu us)\n",
			      ok ? "ok" : "WRONG", row->what, r.error, r.value,
			      (unsigned long long)us);
		if (!ok) {
			outbuf_printf(ctx->out, "  expected error %ld",
				      row->error);
			if (row->value != ANY)
				outbuf_printf(ctx->out, " value %ld",
					      row->value);
			outbuf_puts(ctx->out, "\n");
			bad++;
		}
	}
	/* the timer set far above must not stay armed for the next command */
	arch_timer_stop();
	outbuf_printf(ctx->out, "fw_test: %u call(s), %u wrong\n", i, bad);
	return bad ? CMD_FAILED : CMD_OK;
}
