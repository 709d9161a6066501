/* Test guest: what each arch provides to the arch-neutral core, and core hooks it calls. */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct outbuf;

/* --- provided by arch/<arch>/ ------------------------------------------ */

/* Console: blocking output of one byte; input arrives via console_rx(). */
void arch_putc(char c);
void arch_console_input_init(void); /* enables the RX interrupt */

/* CPU. arch_cpu_id() is the vCPU id (0, 1, ...). */
unsigned int arch_cpu_id(void);
void arch_irq_enable(void);
void arch_irq_disable(void);
/* Sleeps until an interrupt is pending, even a masked one. */
void arch_wait_for_interrupt(void);
/* The arch lines of `info`. */
void arch_describe_cpu(struct outbuf *ob);

/* Interrupt controller set-up of the calling vCPU (vCPU 0: also global). */
void arch_irq_init(void);
/* Enables a (level) device interrupt, routed to this vCPU. */
void arch_enable_device_irq(unsigned int irq);
/* SELFTEST: makes the doorbell interrupt pending, as the root would. */
void arch_raise_doorbell_for_test(void);

/* Free-running counter and the per-vCPU timer (one-shot, absolute deadline). */
uint64_t arch_counter(void);
uint64_t arch_counter_freq(void);
void arch_timer_set(uint64_t deadline);
void arch_timer_stop(void);

/* SMP and power (PSCI on arm64, SBI HSM and SRST on riscv64). */
enum cpu_start_result {
	CPU_START_OK,
	CPU_START_ALREADY_ON,
	CPU_START_NO_CPU, /* no such vCPU: discovery ends */
	CPU_START_DENIED, /* the platform refuses (PSCI/SBI DENIED) */
	CPU_START_FAILED,
};
enum cpu_power_state {
	CPU_STATE_ON,
	CPU_STATE_OFF,
	CPU_STATE_ON_PENDING,
	CPU_STATE_ERROR,
};
enum cpu_start_result arch_cpu_start(unsigned int cpu, long *err);
enum cpu_power_state arch_cpu_state(unsigned int cpu);
uint64_t arch_cpu_hwid(void); /* MPIDR on arm64, the hart id on riscv64 */
enum ipi { IPI_PING, IPI_PONG };
void arch_send_ipi(unsigned int cpu, enum ipi ipi);
long arch_system_off(void); /* returns only on failure */
long arch_system_reset(void);

/* Hypervisor: ring the root's doorbell. Returns the hypercall result. */
long arch_notify_root(void);
/* Hypervisor: exits of this vCPU so far, this call included (0 on bare QEMU). */
uint64_t arch_exit_count(void);
/* Makes [start, end) coherent with a device's DMA (both directions). */
void arch_dma_sync(uintptr_t start, uintptr_t end);

/* Memory footprint of the loaded image (image, bss, stacks). */
uintptr_t arch_image_start(void);
uintptr_t arch_image_end(void);

/*
 * Read @size bytes (1, 2, 4, 8) at @addr with a single access; a synchronous
 * fault is caught: returns false and describes it in @why.
 */
bool arch_probe_read(uintptr_t addr, unsigned int size, uint64_t *val,
		     struct outbuf *why);

/*
 * Branches to @addr (made executable for the call); a synchronous fault on
 * the fetch is caught: returns false and describes it in @why (ESR, FAR,
 * ELR on arm64). True if code at @addr returned.
 */
bool arch_probe_exec(uintptr_t addr, struct outbuf *why);

/* --- provided by the core, called from arch code ---------------------- */

void guest_main(void); /* first vCPU, MMU and exception vectors set up */
void secondary_main(unsigned int cpu); /* other vCPUs, arch set-up done */

/* Interrupt handlers, called with interrupts masked. */
void timer_interrupt(void);
void agent_doorbell_interrupt(void);
void console_rx(char c);
void ipi_interrupt(enum ipi ipi);
/* A device interrupt of a command (dma_test's edu): true if it was its. */
bool device_interrupt(unsigned int irq);

#endif
