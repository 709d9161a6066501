/* Test guest CPU basics on riscv64: identity (tp = vCPU id), interrupt masking, waiting, image bounds, the info lines. */
#include "format.h"
#include "guest.h"
#include "riscv64.h"

extern char _start[], __image_end[];

unsigned int arch_cpu_id(void)
{
	unsigned long id;

	asm volatile("mv %0, tp" : "=r"(id));
	return id;
}

uint64_t arch_cpu_hwid(void)
{
	return vcpu_hart(arch_cpu_id());
}

void arch_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

void arch_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

void arch_wait_for_interrupt(void)
{
	asm volatile("fence\n\twfi" ::: "memory");
}

void arch_describe_cpu(struct outbuf *ob)
{
	struct sbiret v = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);
	struct sbiret impl = sbi_call(SBI_EXT_BASE, 1, 0, 0, 0);
	struct sbiret iv = sbi_call(SBI_EXT_BASE, 2, 0, 0, 0);

	outbuf_printf(ob, "hartid: %llu\n",
		      (unsigned long long)arch_cpu_hwid());
	outbuf_printf(ob, "mode: S\n");
	if (v.error)
		outbuf_printf(ob, "sbi_version: error %ld\n", v.error);
	else
		outbuf_printf(ob, "sbi_version: %ld.%ld\n",
			      (v.value >> 24) & 0x7f, v.value & 0xffffff);
	outbuf_printf(ob, "sbi_impl: %ld version 0x%lx\n",
		      impl.error ? -1 : impl.value,
		      iv.error ? 0 : (unsigned long)iv.value);
	outbuf_printf(ob, "timer: %s, timebase from %s\n",
		      timer_uses_sstc() ? "sstc" : "sbi",
		      timebase_in_dtb() ? "the DTB" : "the default");
}

uintptr_t arch_image_start(void)
{
	return (uintptr_t)_start;
}

uintptr_t arch_image_end(void)
{
	return (uintptr_t)__image_end;
}
