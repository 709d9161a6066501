/* AArch64 system register access and the EL2 register bits hvisor uses. */
#ifndef ASM_SYSREGS_H
#define ASM_SYSREGS_H

#include <hv/types.h>

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define read_sysreg(r)                                               \
	({                                                           \
		u64 __v;                                             \
		asm volatile("mrs %0, " __stringify(r) : "=r"(__v)); \
		__v;                                                 \
	})
#define write_sysreg(r, v)                                                 \
	do {                                                               \
		u64 __v = (u64)(v);                                        \
		asm volatile("msr " __stringify(r) ", %x0" : : "rZ"(__v)); \
	} while (0)

#define isb() asm volatile("isb" ::: "memory")
#define dsb(opt) asm volatile("dsb " #opt ::: "memory")

/* GICv3 system registers by encoding (the assembler may not know them). */
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VMCR_EL2 S3_4_C12_C11_7

/* MPIDR_EL1 affinity fields (Aff3, Aff2, Aff1, Aff0) */
#define MPIDR_AFF_MASK 0xff00ffffffUL

/* HCR_EL2 */
#define HCR_VM BIT(0)
#define HCR_SWIO BIT(1)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_AMO BIT(5)
#define HCR_TWI BIT(13)
#define HCR_TWE BIT(14)
#define HCR_TSC BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TACR BIT(21)
#define HCR_TSW BIT(22)
#define HCR_TVM BIT(26)
#define HCR_RW BIT(31)
#define HCR_TERR BIT(36)
#define HCR_APK BIT(40)
#define HCR_API BIT(41)

/* MDCR_EL2 */
#define MDCR_HPMN_MASK 0x1fUL
#define MDCR_TPMCR BIT(5)
#define MDCR_HPMD BIT(17) /* FEAT_PMUv3p1: no event counting at EL2 */
#define MDCR_TPM BIT(6)
#define MDCR_TDA BIT(9)
#define MDCR_TDOSA BIT(10)
#define MDCR_TDRA BIT(11)
#define MDCR_TPMS BIT(14)
#define MDCR_TTRF BIT(19)

/* CPTR_EL2 (non-VHE) */
#define CPTR_TTA BIT(20)

/* ID register fields (4 bits each) */
#define ID_FIELD(reg, shift) (((reg) >> (shift)) & 0xf)
#define ID_AA64PFR0_RAS_SHIFT 28
#define ID_AA64DFR0_PMUVER_SHIFT 8
#define ID_AA64DFR0_PMSVER_SHIFT 32
#define ID_AA64DFR0_TRACEFILT_SHIFT 40
#define ID_AA64ISAR1_APA_SHIFT 4
#define ID_AA64ISAR1_API_SHIFT 8
#define ID_AA64ISAR1_GPA_SHIFT 24
#define ID_AA64ISAR1_GPI_SHIFT 28
#define ID_AA64ISAR2_EL1 S3_0_C0_C6_2
#define ID_AA64ISAR2_GPA3_SHIFT 8
#define ID_AA64ISAR2_APA3_SHIFT 12

/* EL1 registers the assembler may not know, by encoding. */
#define DISR_EL1 S3_0_C12_C1_1
#define APIAKEYLO_EL1 S3_0_C2_C1_0
#define APIAKEYHI_EL1 S3_0_C2_C1_1
#define APIBKEYLO_EL1 S3_0_C2_C1_2
#define APIBKEYHI_EL1 S3_0_C2_C1_3
#define APDAKEYLO_EL1 S3_0_C2_C2_0
#define APDAKEYHI_EL1 S3_0_C2_C2_1
#define APDBKEYLO_EL1 S3_0_C2_C2_2
#define APDBKEYHI_EL1 S3_0_C2_C2_3
#define APGAKEYLO_EL1 S3_0_C2_C3_0
#define APGAKEYHI_EL1 S3_0_C2_C3_1

/* SCTLR_EL2 */
#define SCTLR_M BIT(0)
#define SCTLR_A BIT(1)
#define SCTLR_C BIT(2)
#define SCTLR_SA BIT(3)
#define SCTLR_I BIT(12)
#define SCTLR_EL2_RES1 0x30c50830UL

/* TCR_EL2 (non-VHE) */
#define TCR_EL2_RES1 (BIT(31) | BIT(23))
#define TCR_T0SZ(n) ((u64)(n)&0x3f)
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)
#define TCR_TG0_4K (0UL << 14)
#define TCR_EL2_PS_SHIFT 16

/* VTCR_EL2 */
#define VTCR_RES1 BIT(31)
#define VTCR_SL0_SHIFT 6
#define VTCR_PS_SHIFT 16

/* MAIR indexes used in the hypervisor's own table. */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1
#define MAIR_EL2_VALUE (0xffUL | (0x04UL << 8))

/* SPSR */
#define SPSR_EL1H 0x5
#define SPSR_DAIF (0xfUL << 6)
#define SPSR_MODE_MASK 0xf
#define SPSR_EL0T 0x0

/* ESR_ELx */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL BIT(25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYS64 0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25

/* Data abort ISS */
#define ISS_ISV BIT(24)
#define ISS_SAS_SHIFT 22
#define ISS_SSE BIT(21)
#define ISS_SRT_SHIFT 16
#define ISS_SF BIT(15)
#define ISS_WNR BIT(6)
#define ISS_S1PTW BIT(7)
#define ISS_DFSC(iss) ((iss)&0x3f)

#endif
