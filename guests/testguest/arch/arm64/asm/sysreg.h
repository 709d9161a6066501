/* Test guest system register access and barriers on arm64. */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <stdint.h>

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define read_sysreg(r)                                                         \
	({                                                                     \
		uint64_t __v;                                                  \
		asm volatile("mrs %0, " __stringify(r) : "=r"(__v)::"memory"); \
		__v;                                                           \
	})

#define write_sysreg(r, v)                                               \
	asm volatile("msr " __stringify(r) ", %x0" ::"rZ"((uint64_t)(v)) \
		     : "memory")

#define isb() asm volatile("isb" ::: "memory")
#define dsb(opt) asm volatile("dsb " #opt ::: "memory")
#define dmb(opt) asm volatile("dmb " #opt ::: "memory")

/* GICv3 CPU interface, by encoding (no assembler extension needed). */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1 S3_0_C12_C11_5

#endif
