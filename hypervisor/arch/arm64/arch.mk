# AArch64 build settings of the hypervisor image (included by hypervisor/Makefile; the cross prefix comes from scripts/arch.mk).
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
ARCH_LDS := arch/arm64/hvisor.lds
