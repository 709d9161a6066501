/* Test guest MMIO accessors on arm64: one plain load/store each, so traps decode (ISV). */
#ifndef ASM_MMIO_H
#define ASM_MMIO_H

#include <stdint.h>

#define MMIO_READ(name, type, insn, reg)             \
	static inline type name(uintptr_t addr)      \
	{                                            \
		type v;                              \
		asm volatile(insn " %" reg "0, [%1]" \
			     : "=r"(v)               \
			     : "r"(addr)             \
			     : "memory");            \
		return v;                            \
	}

#define MMIO_WRITE(name, type, insn, reg)               \
	static inline void name(uintptr_t addr, type v) \
	{                                               \
		asm volatile(insn " %" reg "0, [%1]"    \
			     :                          \
			     : "rZ"(v), "r"(addr)       \
			     : "memory");               \
	}

MMIO_READ(mmio_read8, uint8_t, "ldrb", "w")
MMIO_READ(mmio_read16, uint16_t, "ldrh", "w")
MMIO_READ(mmio_read32, uint32_t, "ldr", "w")
MMIO_READ(mmio_read64, uint64_t, "ldr", "x")
/* Sign-extending loads into a 64-bit register. */
MMIO_READ(mmio_read8_signed, int64_t, "ldrsb", "x")
MMIO_READ(mmio_read16_signed, int64_t, "ldrsh", "x")
MMIO_READ(mmio_read32_signed, int64_t, "ldrsw", "x")

MMIO_WRITE(mmio_write8, uint8_t, "strb", "w")
MMIO_WRITE(mmio_write16, uint16_t, "strh", "w")
MMIO_WRITE(mmio_write32, uint32_t, "str", "w")
MMIO_WRITE(mmio_write64, uint64_t, "str", "x")

/* Memory (a ring in RAM) ordered before and after device accesses. */
static inline void mmio_mb(void)
{
	asm volatile("dsb sy" ::: "memory");
}

/* Ring memory shared with a device the hypervisor emulates on another CPU. */
static inline void ring_mb(void)
{
	asm volatile("dmb ish" ::: "memory");
}

#endif
