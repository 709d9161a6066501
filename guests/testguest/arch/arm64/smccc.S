/* Test guest firmware and hypervisor calls on arm64: SMCCC via smc or hvc, hvisor hvc. */
#include <asm/hvisor_call.h>

	.text
/* long smccc_smc(fn, a1, a2, a3): x0-x3 in, x0 out; x4-x17 may be clobbered. */
	.global smccc_smc
smccc_smc:
	smc	#0
	ret

	.global smccc_hvc
smccc_hvc:
	hvc	#0
	ret

/* long hvisor_hypercall(code, a1, a2, a3) */
	.global hvisor_hypercall
hvisor_hypercall:
	hvc	#HVISOR_HVC_IMM
	ret
