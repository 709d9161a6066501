/* RISC-V CSR access (HS mode) and the bits of the CSRs the hypervisor uses. */
#ifndef ASM_CSR_H
#define ASM_CSR_H

#include <hv/types.h>

#define csr_read(csr)                                                   \
	({                                                              \
		u64 v_;                                                 \
		asm volatile("csrr %0, " #csr : "=r"(v_) : : "memory"); \
		v_;                                                     \
	})

#define csr_write(csr, val) \
	asm volatile("csrw " #csr ", %0" : : "rK"((u64)(val)) : "memory")
#define csr_set(csr, bits) \
	asm volatile("csrs " #csr ", %0" : : "rK"((u64)(bits)) : "memory")
#define csr_clear(csr, bits) \
	asm volatile("csrc " #csr ", %0" : : "rK"((u64)(bits)) : "memory")

/* sstatus */
#define SSTATUS_SIE BIT(1)
#define SSTATUS_SPIE BIT(5)
#define SSTATUS_SPP BIT(8)

/* scause: exception codes (interrupts have bit 63 set) */
#define SCAUSE_INTERRUPT BIT(63)
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INSN 2
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_VS 10
#define EXC_INST_GUEST_PAGE_FAULT 20
#define EXC_LOAD_GUEST_PAGE_FAULT 21
#define EXC_VIRTUAL_INSN 22
#define EXC_STORE_GUEST_PAGE_FAULT 23

/* hstatus */
#define HSTATUS_SPV BIT(7)
#define HSTATUS_SPVP BIT(8)

/* satp / hgatp modes (bits 63:60) */
#define SATP_MODE_SHIFT 60
#define SATP_MODE_SV39 8UL
#define SATP_MODE_SV48 9UL
#define HGATP_MODE_SV39X4 8UL
#define HGATP_MODE_SV48X4 9UL

#endif
