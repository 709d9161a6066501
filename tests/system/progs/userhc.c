/* Makes the hypervisor's GET_INFO hypercall from user mode and prints what comes back: it must never be the hypervisor's answer. */
#include <stdio.h>

#include <hvisor/hypercall.h>

#if defined(__riscv)
#include <arch/riscv64/asm/hvisor_call.h>

/* ecall from VU mode: delegated to the root's kernel, a system call. */
static long user_hypercall(unsigned long code, unsigned long arg)
{
	register unsigned long a0 asm("a0") = arg;
	register unsigned long a6 asm("a6") = code;
	register unsigned long a7 asm("a7") = HVISOR_SBI_EXT;

	asm volatile("ecall" : "+r"(a0) : "r"(a6), "r"(a7) : "memory");
	return (long)a0;
}
#elif defined(__aarch64__)
#include <arch/arm64/asm/hvisor_call.h>
#define STR_(x) #x
#define STR(x) STR_(x)

/* hvc at EL0 is undefined: the kernel sends SIGILL. */
static long user_hypercall(unsigned long code, unsigned long arg)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = arg;

	asm volatile("hvc #" STR(HVISOR_HVC_IMM)
		     : "+r"(x0), "+r"(x1)
		     :
		     : "memory");
	return (long)x0;
}
#else
#error "userhc: unknown architecture"
#endif

int main(void)
{
	long ret = user_hypercall(HVISOR_HC_GET_INFO, 0);

	printf("userhc: GET_INFO(version) from user mode returned %ld\n", ret);
	return 0;
}
