/* Test guest GICv3 driver on arm64: distributor, redistributors, CPU interface. */
#ifndef GIC_H
#define GIC_H

#include <stdbool.h>
#include <stdint.h>

void gic_init_distributor(void); /* once, on the first vCPU */
void gic_init_cpu(void); /* each vCPU: its redistributor and CPU interface */
void gic_enable_ppi(unsigned int irq); /* SGIs/PPIs of the calling vCPU */
void gic_enable_spi(unsigned int irq, bool edge); /* routed to vCPU 0 */
void gic_set_pending(unsigned int irq);
void gic_send_sgi(uint64_t target_mpidr, unsigned int sgi);
/* Acknowledges the highest pending interrupt: ID, or >= 1020 if none. */
unsigned int gic_ack(void);
void gic_eoi(unsigned int irq);

/* Interrupt handlers of other arm64 files. */
void pl011_interrupt(void);
void rtc_interrupt(void); /* the PL031 alarm (cmd_rtc.c) */
void pmu_interrupt(void); /* the PMU's overflow (cmd_pmu.c) */

#endif
