/* Test guest fault-catching probes on riscv64: loads that may fault and the Sstc CSR check. */
#include "format.h"
#include "guest.h"
#include "probe.h"
#include "riscv64.h"

int probe_exec(uintptr_t addr);
extern char probe_exec_fixup[];
extern char probe_load8_insn[], probe_load16_insn[], probe_load32_insn[],
	probe_load64_insn[], probe_csr_stimecmp_insn[], probe_resume[];
const char *exception_name(unsigned long cause);

static unsigned long probe_cause, probe_tval;
static volatile uintptr_t exec_target; /* armed by arch_probe_exec */

bool probe_fixup(unsigned long *sepc, unsigned long scause, unsigned long stval)
{
	const char *const sites[] = { probe_load8_insn, probe_load16_insn,
				      probe_load32_insn, probe_load64_insn,
				      probe_csr_stimecmp_insn };
	unsigned int i;

	/* a fetch fault at the probed address: sepc is that address */
	if (exec_target && *sepc == exec_target &&
	    (scause == 1 || scause == 12 || scause == 20)) {
		probe_cause = scause;
		probe_tval = stval;
		*sepc = (uintptr_t)probe_exec_fixup;
		return true;
	}
	for (i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
		if (*sepc != (uintptr_t)sites[i])
			continue;
		probe_cause = scause;
		probe_tval = stval;
		*sepc = (uintptr_t)probe_resume;
		return true;
	}
	return false;
}

bool arch_probe_read(uintptr_t addr, unsigned int size, uint64_t *val,
		     struct outbuf *why)
{
	if (!probe_load(addr, size, val))
		return true;
	outbuf_printf(why,
		      "synchronous exception: scause %lu (%s), stval 0x%lx\n",
		      probe_cause, exception_name(probe_cause), probe_tval);
	return false;
}

/* The guest runs untranslated (satp 0): any address may be fetched from. */
bool arch_probe_exec(uintptr_t addr, struct outbuf *why)
{
	int faulted;

	exec_target = addr;
	faulted = probe_exec(addr);
	exec_target = 0;
	if (!faulted)
		return true;
	outbuf_printf(why,
		      "synchronous exception: scause %lu (%s), stval 0x%lx, "
		      "sepc 0x%lx\n",
		      probe_cause, exception_name(probe_cause), probe_tval,
		      (unsigned long)addr);
	return false;
}
