/* RISC-V part of the platform config: interrupt controller and timebase (hvisor_platform.arch.riscv64). */
#ifndef HVISOR_PLATFORM_RISCV64_H
#define HVISOR_PLATFORM_RISCV64_H

#include <hvisor/types.h>

/* struct hvisor_riscv64_platform.irqchip */
#define HVISOR_IRQCHIP_PLIC 1
#define HVISOR_IRQCHIP_APLIC_IMSIC 2

struct hvisor_riscv64_platform {
	uint64_t timebase_frequency; /* Hz of the time CSR */
	uint32_t irqchip; /* HVISOR_IRQCHIP_* */
	uint32_t num_sources; /* PLIC/APLIC sources, 0 = "no interrupt" */
	/* PLIC mode: context of hart h = h * contexts_per_hart + s_context */
	uint64_t plic_base;
	uint64_t plic_size;
	uint32_t contexts_per_hart;
	uint32_t s_context;
	/* AIA mode (aplic-imsic): S-level APLIC and the IMSIC files */
	uint64_t aplic_base;
	uint64_t aplic_size;
	uint64_t imsic_base; /* S-level files: base + hart << (gib + 12) */
	uint32_t imsic_guest_index_bits;
	uint32_t imsic_guest_files;
	uint32_t imsic_num_ids;
	uint32_t guest_file; /* the guest file the root uses */
	/*
	 * What no cell may map: the core-local interruptor (CLINT/ACLINT,
	 * M-mode timer and software interrupts) and the SBI firmware's
	 * memory (OpenSBI at the start of RAM). Size 0: none.
	 */
	uint64_t clint_base;
	uint64_t clint_size;
	uint64_t firmware_base;
	uint64_t firmware_size;
};

#endif
