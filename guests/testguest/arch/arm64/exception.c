/* Test guest exception handling on arm64: reports, and the fault-catching probe loads. */
#include <asm/sysreg.h>

#include "arm64.h"
#include "console.h"
#include "format.h"
#include "guest.h"
#include "probe.h"

struct exc_frame {
	uint64_t x[31];
	uint64_t elr, spsr, pad;
};

extern const int64_t probe_table[], probe_table_end[];
void probe_fixup(void);
int probe_exec(uintptr_t addr);
void probe_exec_fixup(void);

static uint64_t probe_esr, probe_far, probe_elr;
static volatile uintptr_t exec_target; /* armed by arch_probe_exec */

static const char *const kinds[] = {
	"synchronous (SP_EL0)",
	"IRQ (SP_EL0)",
	"FIQ (SP_EL0)",
	"SError (SP_EL0)",
	"synchronous",
	"IRQ",
	"FIQ",
	"SError",
	"synchronous (lower EL)",
	"IRQ (lower EL)",
	"FIQ (lower EL)",
	"SError (lower EL)",
	"synchronous (AArch32)",
	"IRQ (AArch32)",
	"FIQ (AArch32)",
	"SError (AArch32)",
};

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00:
		return "unknown/undefined instruction";
	case 0x01:
		return "WFI/WFE";
	case 0x0e:
		return "illegal execution state";
	case 0x15:
		return "SVC";
	case 0x16:
		return "HVC";
	case 0x17:
		return "SMC";
	case 0x18:
		return "system register access";
	case 0x20:
	case 0x21:
		return "instruction abort";
	case 0x22:
		return "PC alignment";
	case 0x24:
	case 0x25:
		return "data abort";
	case 0x26:
		return "SP alignment";
	case 0x2f:
		return "SError";
	default:
		return "other";
	}
}

static const char *fsc_name(unsigned int fsc)
{
	if (fsc == 0x10)
		return "synchronous external abort";
	if (fsc >= 0x04 && fsc <= 0x07)
		return "translation fault";
	if (fsc >= 0x08 && fsc <= 0x0b)
		return "access flag fault";
	if (fsc >= 0x0c && fsc <= 0x0f)
		return "permission fault";
	if (fsc == 0x21)
		return "alignment fault";
	if (fsc <= 0x03)
		return "address size fault";
	return "other fault";
}

static bool is_abort(unsigned int ec)
{
	return ec >= 0x20 && ec <= 0x25 && ec != 0x22 && ec != 0x23;
}

static bool at_probe(uint64_t pc)
{
	const int64_t *e;

	for (e = probe_table; e < probe_table_end; e++)
		if ((uintptr_t)e + *e == pc)
			return true;
	return false;
}

static void report(const char *what, struct exc_frame *f, uint64_t esr,
		   uint64_t far)
{
	unsigned int ec = esr >> 26;

	console_printf(
		"\nhvisor test guest: unexpected %s exception on vCPU %u\n",
		what, arch_cpu_id());
	console_printf("  ESR 0x%08llx (EC 0x%02x %s", (unsigned long long)esr,
		       ec, ec_name(ec));
	if (is_abort(ec))
		console_printf(", %s", fsc_name(esr & 0x3f));
	console_printf(")\n  ELR 0x%016llx FAR 0x%016llx SPSR 0x%08llx\n",
		       (unsigned long long)f->elr, (unsigned long long)far,
		       (unsigned long long)f->spsr);
	console_printf("  x0 0x%llx x1 0x%llx x29 0x%llx x30 0x%llx\n",
		       (unsigned long long)f->x[0], (unsigned long long)f->x[1],
		       (unsigned long long)f->x[29],
		       (unsigned long long)f->x[30]);
}

static void __attribute__((noreturn)) spin(void)
{
	arch_irq_disable();
	for (;;)
		asm volatile("wfi");
}

void arch_sync_exception(struct exc_frame *f)
{
	uint64_t esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);

	if (at_probe(f->elr)) {
		probe_esr = esr;
		probe_far = far;
		probe_elr = f->elr;
		f->elr = (uintptr_t)probe_fixup;
		return;
	}
	if (exec_target && f->elr == exec_target) {
		probe_esr = esr;
		probe_far = far;
		probe_elr = f->elr;
		exec_target = 0;
		f->elr = (uintptr_t)probe_exec_fixup;
		return;
	}
	report("synchronous", f, esr, far);
	spin();
}

void arch_bad_exception(struct exc_frame *f, unsigned long kind)
{
	report(kind < 16 ? kinds[kind] : "?", f, read_sysreg(esr_el1),
	       read_sysreg(far_el1));
	spin();
}

/* The exception a probe took, in the guest's own vectors. */
static void describe_probe_fault(struct outbuf *why)
{
	unsigned int ec = probe_esr >> 26;

	outbuf_printf(
		why,
		"synchronous exception: ESR 0x%08llx (EC 0x%02x %s, %s), FAR 0x%llx, ELR 0x%llx\n",
		(unsigned long long)probe_esr, ec, ec_name(ec),
		is_abort(ec) ? fsc_name(probe_esr & 0x3f) : "-",
		(unsigned long long)probe_far, (unsigned long long)probe_elr);
}

bool arch_probe_read(uintptr_t addr, unsigned int size, uint64_t *val,
		     struct outbuf *why)
{
	if (!probe_load(addr, size, val))
		return true;
	describe_probe_fault(why);
	return false;
}

bool arch_probe_exec(uintptr_t addr, struct outbuf *why)
{
	int faulted;

	mmu_set_exec(addr, true);
	exec_target = addr;
	faulted = probe_exec(addr);
	exec_target = 0;
	mmu_set_exec(addr, false);
	if (!faulted)
		return true;
	describe_probe_fault(why);
	return false;
}
