/*
 * The seam between core and arch: what every arch backend provides (first
 * half) and what core offers to arch code (second half). Nothing else in
 * hypervisor/include/hv/ declares arch_* functions.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/mmio.h>
#include <hv/paging.h>
#include <hv/types.h>
#include <hvisor/hypercall.h>

struct cell;
struct cell_fault;
struct per_cpu;
struct vcpu;

/* --- provided by arch/<arch>/ --------------------------------------------- */

/* The config arch tag (HVISOR_ARCH_*) this build runs; others are refused. */
extern const u32 arch_config_tag;

/* Formats of the hypervisor's own table and of a cell's stage 2. */
extern const struct pte_format hv_pte_format;
extern const struct pte_format stage2_pte_format;

/* Checks the CPU and maps the arch's device frames into hv_pt. */
int arch_global_init(struct page_table *hv_pt);
/* MMU, vectors and stage 2 of c->cell; cold = started by the hypervisor. */
int arch_cpu_init(struct per_cpu *c, bool cold);
/* Leaves the CPU as the host kernel had it before a failed first entry. */
void arch_cpu_entry_failed(struct per_cpu *c);
/* Gives the CPU back to the host kernel; its DISABLE call returns 0. */
void arch_cpu_exit(struct per_cpu *c) __noreturn;
void arch_cpu_park(void) __noreturn;
struct per_cpu *this_cpu(void);

/* Firmware: start cpu at the hypervisor's cold entry; 0, -EBUSY or -errno. */
int arch_cpu_power_on(unsigned int cpu);
void arch_cpu_power_off(void) __noreturn;
/* The firmware reports cpu as off (not on, not on its way). */
bool arch_cpu_is_off(unsigned int cpu);

/* Root: interrupt-controller filters; a cell: its virtual controller. */
int arch_cell_init(struct cell *cell);
/* Frees what arch_cell_init took (the VMID); called for every cell it succeeded for. */
void arch_cell_exit(struct cell *cell);
/* Clears the cell's virtual interrupt controller before a (re)start. */
void arch_cell_reset(struct cell *cell);
/* Routes the cell's physical interrupts to it / gives them back. */
void arch_cell_take_irqs(struct cell *cell);
void arch_cell_release_irqs(struct cell *cell);
void arch_flush_stage2(struct cell *cell);

/*
 * On the vCPU's own CPU: the next return to the guest starts it afresh at
 * entry (first argument register = arg, kernel mode, MMU off).
 */
void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg);
/* Moves pending virtual interrupts of the calling vCPU into the hardware. */
void arch_vcpu_flush_irqs(struct vcpu *v);
/*
 * Sleeps until an interrupt of the hypervisor's (a kick, a physical one) or
 * deadline_ms; handles what woke it. The vCPU's own pending virtual
 * interrupts need not end it (it cannot take them before it returns).
 */
void arch_vcpu_sleep(struct vcpu *v, u64 deadline_ms);
/* Interrupts cpu so that it looks at its requests. */
void arch_kick_cpu(unsigned int cpu);
/* Raises platform.root_irq in the root cell. */
void arch_raise_root_irq(void);

/* Milliseconds from a free-running counter. */
u64 arch_time_ms(void);
void arch_dcache_clean(const void *start, size_t size);

/* --- provided by core/, called from arch code ----------------------------- */

/* First entry of a CPU, from the driver: 0 or -errno. */
long hv_cpu_entry(unsigned int cpu);
/* A CPU the hypervisor powered on: sets up the guest it runs next. */
void hv_cpu_resume(struct per_cpu *c);
/* Root hypercalls (DISABLE included) and a cell's; args[0] may be a result. */
long hypercall(struct per_cpu *c, unsigned long code, u64 args[3]);
long guest_hypercall(struct per_cpu *c, unsigned long code, u64 args[3]);
/* The device registered for ctx->address, if any, handles the access. */
enum mmio_result mmio_dispatch(struct emu_context *ctx);
/* Called on every exit before returning to the guest. */
void vcpu_handle_requests(struct per_cpu *c);
/*
 * A trapped access or instruction nothing handles: see struct cell_fault.
 * Returns only when the arch is to raise an abort (or an undefined
 * instruction) in the guest: for the root, and for an abortable fault of a
 * cell under the abort policy; otherwise the cell fails.
 */
void guest_fault(struct per_cpu *c, const struct cell_fault *f);
void panic_stop(const char *why) __noreturn;

#endif
