/* Interface every arch backend implements (resolved at link time). */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>
#include <hv/paging.h>

struct per_cpu;
struct cell;

/* Formats of the hypervisor's own table and of a cell's stage 2. */
extern const struct pte_format hv_pte_format;
extern const struct pte_format stage2_pte_format;

int arch_global_init(void);
int arch_cpu_init(struct per_cpu *cpu, bool cold);
int arch_cell_init(struct cell *cell);
/* Routes the cell's physical interrupts to it / gives them back. */
void arch_cell_take_irqs(struct cell *cell);
void arch_cell_release_irqs(struct cell *cell);
/* Clears the cell's virtual interrupt controller before a (re)start. */
void arch_cell_reset(struct cell *cell);
void arch_flush_stage2(struct cell *cell);
void arch_console_putc(char c);
void arch_dcache_clean(const void *start, size_t size);
void arch_cpu_park(void) __noreturn;
/* Milliseconds from a free-running counter. */
u64 arch_time_ms(void);

/* Puts back the vectors of whatever owned EL2 before a failed entry. */
void arch_cpu_entry_failed(u64 previous_vectors);

#endif
