/* Test guest MMIO accessors on riscv64: one plain load/store each, so trapped accesses decode. */
#ifndef ASM_MMIO_H
#define ASM_MMIO_H

#include <stdint.h>

#define MMIO_READ(name, type, insn)             \
	static inline type name(uintptr_t addr) \
	{                                       \
		type v;                         \
		asm volatile(insn " %0, 0(%1)"  \
			     : "=r"(v)          \
			     : "r"(addr)        \
			     : "memory");       \
		return v;                       \
	}

#define MMIO_WRITE(name, type, insn)                    \
	static inline void name(uintptr_t addr, type v) \
	{                                               \
		asm volatile(insn " %z0, 0(%1)"         \
			     :                          \
			     : "rJ"(v), "r"(addr)       \
			     : "memory");               \
	}

MMIO_READ(mmio_read8, uint8_t, "lbu")
MMIO_READ(mmio_read16, uint16_t, "lhu")
MMIO_READ(mmio_read32, uint32_t, "lwu")
MMIO_READ(mmio_read64, uint64_t, "ld")
/* Sign-extending loads into a 64-bit register. */
MMIO_READ(mmio_read8_signed, int64_t, "lb")
MMIO_READ(mmio_read16_signed, int64_t, "lh")
MMIO_READ(mmio_read32_signed, int64_t, "lw")

MMIO_WRITE(mmio_write8, uint8_t, "sb")
MMIO_WRITE(mmio_write16, uint16_t, "sh")
MMIO_WRITE(mmio_write32, uint32_t, "sw")
MMIO_WRITE(mmio_write64, uint64_t, "sd")

/* Memory (a ring in RAM) ordered before and after device accesses. */
static inline void mmio_mb(void)
{
	asm volatile("fence iorw, iorw" ::: "memory");
}

/* Ring memory shared with a device the hypervisor emulates on another hart. */
static inline void ring_mb(void)
{
	asm volatile("fence rw, rw" ::: "memory");
}

#endif
