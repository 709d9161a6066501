/* Test guest riscv64 internals shared between the arch files: CSRs, SBI, the PLIC and IMSIC, the vCPU/hart map. */
#ifndef RISCV64_H
#define RISCV64_H

#include <stdbool.h>
#include <stdint.h>

#define csr_read(csr)                                                   \
	({                                                              \
		unsigned long v_;                                       \
		asm volatile("csrr %0, " #csr : "=r"(v_) : : "memory"); \
		v_;                                                     \
	})
#define csr_write(csr, val)                       \
	asm volatile("csrw " #csr ", %0"          \
		     :                            \
		     : "rK"((unsigned long)(val)) \
		     : "memory")
#define csr_set(csr, bits)                         \
	asm volatile("csrs " #csr ", %0"           \
		     :                             \
		     : "rK"((unsigned long)(bits)) \
		     : "memory")
#define csr_clear(csr, bits)                       \
	asm volatile("csrc " #csr ", %0"           \
		     :                             \
		     : "rK"((unsigned long)(bits)) \
		     : "memory")

#define SSTATUS_SIE (1UL << 1)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define SCAUSE_IRQ (1UL << 63)
#define CSR_STIMECMP 0x14d /* Sstc */

/* SBI (v0.2+ calling convention): a7 = extension, a6 = function. */
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_DENIED -4
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED -7

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
		       unsigned long a1, unsigned long a2);

/* start.S */
extern char trap_vector[];
void secondary_entry(void); /* HSM start target: a0 = hart, a1 = vCPU id */

/* vCPU n <-> hart: vCPU 0 is the boot hart, the others in hart order. */
uint64_t vcpu_hart(unsigned int cpu);
void hart_map_init(uint64_t boot_hart);
/* setup.c: the timebase came from the DTB (else PLAT_TIMEBASE_HZ). */
bool timebase_in_dtb(void);

/* timer.c: Sstc if the hart has it (found at start-up), SBI TIME else. */
void timer_setup(void);
bool timer_uses_sstc(void);
/* Deadlines through SBI TIME (on) or stimecmp again (off; -1 without Sstc). */
int timer_use_sbi(bool on);
/* dtb.c: the timebase from the DTB the loader passed, or 0. */
uint64_t dtb_timebase(uintptr_t dtb);
/* imsic.c: the vCPU's IMSIC guest file (AIA mode, after imsic_test) */
void imsic_setup_local(void);
bool imsic_enabled(void);
bool imsic_handle(void);
/* irq.c: asks vCPU cpu to run imsic_setup_local() */
void arch_send_imsic_setup(unsigned int cpu);
/* plic.c */
void plic_init_hart(void);
void plic_enable(unsigned int src);
void plic_handle(void);
/* cmd_rtc.c: the goldfish RTC's alarm interrupt (PLAT_RTC_IRQ) */
void rtc_interrupt(void);
/* console.c */
void uart_interrupt(void);
/* irq.c: software interrupt (IPIs and the self-test doorbell). */
void soft_interrupt(void);
/* exception.c: a probe instruction that traps resumes at its fixup. */
bool probe_fixup(unsigned long *sepc, unsigned long scause,
		 unsigned long stval);
int probe_csr_stimecmp(void); /* 0: the CSR exists */

#endif
