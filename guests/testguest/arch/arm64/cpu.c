/* Test guest CPU basics on arm64: identity, interrupt masking, waiting, image bounds. */
#include <asm/sysreg.h>

#include "arm64.h"
#include "format.h"
#include "guest.h"

extern char _start[], __image_end[];

unsigned int arch_cpu_id(void)
{
	return read_sysreg(mpidr_el1) & 0xff; /* Aff0 = vCPU id */
}

uint64_t arch_cpu_hwid(void)
{
	return read_sysreg(mpidr_el1);
}

void arch_irq_enable(void)
{
	asm volatile("msr daifclr, #2" ::: "memory");
}

void arch_irq_disable(void)
{
	asm volatile("msr daifset, #2" ::: "memory");
}

void arch_wait_for_interrupt(void)
{
	asm volatile("dsb sy\n\twfi" ::: "memory");
}

void arch_describe_cpu(struct outbuf *ob)
{
	long v;

	outbuf_printf(ob, "mpidr: 0x%llx\n",
		      (unsigned long long)read_sysreg(mpidr_el1));
	outbuf_printf(ob, "current_el: %llu\n",
		      (unsigned long long)(read_sysreg(CurrentEL) >> 2) & 3);
	outbuf_printf(ob, "midr: 0x%08llx\n",
		      (unsigned long long)read_sysreg(midr_el1));
	v = psci_version();
	if (v >= 0)
		outbuf_printf(ob, "psci_version: %ld.%ld\n", v >> 16,
			      v & 0xffff);
	else
		outbuf_printf(ob, "psci_version: error %ld\n", v);
}

uintptr_t arch_image_start(void)
{
	return (uintptr_t)_start;
}

uintptr_t arch_image_end(void)
{
	return (uintptr_t)__image_end;
}
