/* RISC-V CSR access (HS mode) and the bits of the CSRs the hypervisor uses. */
#ifndef ASM_CSR_H
#define ASM_CSR_H

#include <hv/types.h>

#define csr_str_(x) #x
/* CSR names or numbers, macros expanded (CSR_STIMECMP and the like) */
#define csr_str(x) csr_str_(x)

#define csr_read(csr)                                 \
	({                                            \
		u64 v_;                               \
		asm volatile("csrr %0, " csr_str(csr) \
			     : "=r"(v_)               \
			     :                        \
			     : "memory");             \
		v_;                                   \
	})

#define csr_write(csr, val)                      \
	asm volatile("csrw " csr_str(csr) ", %0" \
		     :                           \
		     : "rK"((u64)(val))          \
		     : "memory")
#define csr_set(csr, bits)                       \
	asm volatile("csrs " csr_str(csr) ", %0" \
		     :                           \
		     : "rK"((u64)(bits))         \
		     : "memory")
#define csr_clear(csr, bits)                     \
	asm volatile("csrc " csr_str(csr) ", %0" \
		     :                           \
		     : "rK"((u64)(bits))         \
		     : "memory")

/* CSRs the assembler of binutils 2.40 may not name (Sstc, H extension) */
#define CSR_STIMECMP 0x14d
#define CSR_VSTIMECMP 0x24d
#define CSR_HENVCFG 0x60a
#define CSR_HIE 0x604
#define HIE_SGEIE BIT(12)
#define HIE_VS_ALL \
	(BIT(2) | BIT(6) | BIT(10) | BIT(12)) /* VSSI, VSTI, VSEI, SGEI */

/* sstatus */
#define SSTATUS_SIE BIT(1)
#define SSTATUS_SPIE BIT(5)
#define SSTATUS_SPP BIT(8)
#define SSTATUS_FS (3UL << 13)
#define SSTATUS_FS_DIRTY (3UL << 13)
#define SSTATUS_VS (3UL << 9)
#define SSTATUS_VS_DIRTY (3UL << 9)
#define SSTATUS_SUM BIT(18)

/* sie / sip (S level) and hvip / hideleg (VS level) */
#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define SIE_SSIE BIT(IRQ_S_SOFT)
#define SIE_STIE BIT(IRQ_S_TIMER)
#define SIE_SEIE BIT(IRQ_S_EXT)
#define HVIP_VSSIP BIT(IRQ_VS_SOFT)
#define HVIP_VSTIP BIT(IRQ_VS_TIMER)
#define HVIP_VSEIP BIT(IRQ_VS_EXT)

/* henvcfg */
#define ENVCFG_STCE BIT(63)
#define ENVCFG_PBMTE BIT(62)
#define ENVCFG_CBZE BIT(7)
#define ENVCFG_CBCFE BIT(6)
#define ENVCFG_CBIE_FLUSH (1UL << 4)

/* scause: exception codes (interrupts have bit 63 set) */
#define SCAUSE_INTERRUPT BIT(63)
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INSN 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_VS 10
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15
#define EXC_INST_GUEST_PAGE_FAULT 20
#define EXC_LOAD_GUEST_PAGE_FAULT 21
#define EXC_VIRTUAL_INSN 22
#define EXC_STORE_GUEST_PAGE_FAULT 23

/* wfi: what a virtual-instruction trap's stval holds for it */
#define INSN_WFI 0x10500073U

/* hstatus */
#define HSTATUS_VSXL (3UL << 32)
#define HSTATUS_SPV BIT(7)
#define HSTATUS_SPVP BIT(8)
#define HSTATUS_VTW BIT(21)

/* satp / hgatp modes (bits 63:60) */
#define SATP_MODE_SHIFT 60
#define SATP_MODE_SV39 8UL
#define SATP_MODE_SV48 9UL
#define HGATP_MODE_SV39X4 8UL
#define HGATP_MODE_SV48X4 9UL
#define HGATP_VMID_SHIFT 44

/* Local fences of both guest stages (all addresses, all VMIDs / ASIDs). */
static inline void hfence_gvma_all(void)
{
	asm volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
}

static inline void hfence_vvma_all(void)
{
	asm volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory");
}

static inline void sfence_vma_all(void)
{
	asm volatile("sfence.vma" ::: "memory");
}

#endif
