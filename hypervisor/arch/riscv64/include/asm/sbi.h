/* SBI calls the hypervisor makes to the firmware (OpenSBI) from HS mode: extension and function IDs, the ecall. */
#ifndef ASM_SBI_H
#define ASM_SBI_H

#include <hv/types.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354

#define SBI_EXT_PMU 0x504D55
#define SBI_EXT_DBCN 0x4442434E
#define SBI_LEGACY_SET_TIMER 0
#define SBI_LEGACY_PUTCHAR 1
#define SBI_LEGACY_GETCHAR 2
#define SBI_LEGACY_LAST 8

#define SBI_BASE_PROBE_EXT 3
#define SBI_IPI_SEND 0
#define SBI_RFENCE_FENCE_I 0
#define SBI_RFENCE_SFENCE_VMA 1
#define SBI_RFENCE_SFENCE_VMA_ASID 2
#define SBI_RFENCE_HFENCE_GVMA_VMID 3
#define SBI_RFENCE_HFENCE_VVMA_ASID 5
#define SBI_RFENCE_HFENCE_VVMA 6
#define SBI_HSM_HART_START 0
#define SBI_HSM_HART_STOP 1
#define SBI_HSM_HART_STATUS 2
#define SBI_HSM_HART_SUSPEND 3
#define SBI_HSM_SUSPEND_NON_RETENTIVE BIT(31)

/* HART_GET_STATUS answers */
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1
#define SBI_HSM_START_PENDING 2
#define SBI_HSM_STOP_PENDING 3

#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_DENIED (-4)
#define SBI_ERR_ALREADY_AVAILABLE (-6)

struct sbiret {
	long error;
	long value;
};

static inline struct sbiret sbi_call(u64 ext, u64 fid, u64 arg0, u64 arg1,
				     u64 arg2)
{
	register u64 a0 asm("a0") = arg0;
	register u64 a1 asm("a1") = arg1;
	register u64 a2 asm("a2") = arg2;
	register u64 a6 asm("a6") = fid;
	register u64 a7 asm("a7") = ext;

	asm volatile("ecall"
		     : "+r"(a0), "+r"(a1)
		     : "r"(a2), "r"(a6), "r"(a7)
		     : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

/* The same with the six argument registers a0-a5. */
static inline struct sbiret sbi_call6(u64 ext, u64 fid, const u64 args[6])
{
	register u64 a0 asm("a0") = args[0];
	register u64 a1 asm("a1") = args[1];
	register u64 a2 asm("a2") = args[2];
	register u64 a3 asm("a3") = args[3];
	register u64 a4 asm("a4") = args[4];
	register u64 a5 asm("a5") = args[5];
	register u64 a6 asm("a6") = fid;
	register u64 a7 asm("a7") = ext;

	asm volatile("ecall"
		     : "+r"(a0), "+r"(a1)
		     : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
		     : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

static inline struct sbiret sbi_call5(u64 ext, u64 fid, u64 arg0, u64 arg1,
				      u64 arg2, u64 arg3, u64 arg4)
{
	const u64 args[6] = { arg0, arg1, arg2, arg3, arg4, 0 };

	return sbi_call6(ext, fid, args);
}

#endif
