/* AArch64 faults taken at EL2: the locks each CPU holds, and containing a fault to the guest it happened for. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/vcpu.h>
#include <asm/processor.h>
#include <asm/sysregs.h>
#include <asm/traps.h>

#define PSCI_INTERNAL_FAILURE ((u64)-6)

/*
 * The CPU whose stack we run on: every EL2 path runs on its CPU's stack,
 * the first member of struct per_cpu, whatever TPIDR_EL2 holds.
 */
static struct per_cpu *cpu_of_sp(void)
{
	u64 sp, base = (u64)per_cpu(0), n;

	asm volatile("mov %0, sp" : "=r"(sp));
	n = (sp - base) / sizeof(struct per_cpu);

	return sp >= base && n < MAX_CPUS ? per_cpu(n) : NULL;
}

/*
 * Only while the MMU is on: what is written with it off (the driver's
 * first entry) may not be what a cached read sees later.
 */
static struct per_cpu *lock_owner(void)
{
	return (read_sysreg(sctlr_el2) & SCTLR_M) ? cpu_of_sp() : NULL;
}

void arm64_lock_taken(spinlock_t *lock)
{
	struct per_cpu *c = lock_owner();

	if (!c)
		return;
	if (c->arch.num_held < ARM64_MAX_HELD_LOCKS)
		c->arch.held_locks[c->arch.num_held++] = lock;
	else
		c->arch.locks_unrecorded++;
}

void arm64_lock_given(spinlock_t *lock)
{
	struct per_cpu *c = lock_owner();
	unsigned int n;

	if (!c)
		return;
	for (n = c->arch.num_held; n-- > 0;)
		if (c->arch.held_locks[n] == lock) {
			for (; n + 1 < c->arch.num_held; n++)
				c->arch.held_locks[n] =
					c->arch.held_locks[n + 1];
			c->arch.num_held--;
			return;
		}
	/* not recorded: beyond the array, or taken with the MMU off */
	if (c->arch.locks_unrecorded)
		c->arch.locks_unrecorded--;
}

/*
 * Gives back every lock the CPU holds. What such a lock protects is left
 * as the faulting code had it; a lock kept would instead stop every CPU
 * that needs it next (printk's among them). Returns how many were held.
 */
static unsigned int release_held_locks(struct per_cpu *c)
{
	unsigned int n, held = c->arch.num_held;

	for (n = 0; n < held; n++) {
		spinlock_t *lock = c->arch.held_locks[n];

		asm volatile("stlr wzr, %0" : "=Q"(lock->locked) : : "memory");
	}
	c->arch.num_held = 0;
	return held;
}

/*
 * A CPU that starts cold holds nothing. If it went off holding locks (a
 * bug: a cell stopped inside a locked section), they are only reported:
 * the memory of such a lock may belong to something else by now.
 */
void arm64_cpu_fresh(struct per_cpu *c)
{
	if (c->arch.num_held || c->arch.locks_unrecorded)
		printk("hvisor: CPU %u went off holding %u lock(s)\n",
		       c->cpu_id, c->arch.num_held + c->arch.locks_unrecorded);
	c->arch.num_held = 0;
	c->arch.locks_unrecorded = 0;
	c->arch.in_hyp_fault = false;
}

/* The frame of the guest exit being handled: always at the stack's top. */
static struct trap_frame *exit_frame(struct per_cpu *c)
{
	return (struct trap_frame *)(c->stack + PERCPU_STACK_SIZE) - 1;
}

static const char *exit_name(struct per_cpu *c, const struct trap_frame *f)
{
	switch (c->arch.exit) {
	case ARM64_EXIT_TRAP:
		switch (ESR_EC(f->esr)) {
		case EC_HVC64:
			return "a hypercall";
		case EC_SMC64:
			return "a firmware call";
		case EC_DABT_LOW:
			return "a trapped access";
		case EC_IABT_LOW:
			return "a trapped instruction fetch";
		case EC_SYS64:
			return "a system register access";
		default:
			return "a trap";
		}
	case ARM64_EXIT_IRQ:
		return "an interrupt";
	case ARM64_EXIT_SERROR:
		return "an SError";
	case ARM64_EXIT_START:
		return "the start of the vCPU";
	default:
		return "nothing";
	}
}

void arm64_contain_fault(struct trap_frame *f) __noreturn;
void arch_contain_hyp_fault(struct trap_frame *f);
void arch_handle_hyp_fault(struct trap_frame *hf);

/*
 * On a fresh stack just below the guest frame f of the current exit (the
 * faulting code's frames are gone): the fault is the guest's. A cell fails
 * (guest_fault() does not return); the root gets an error or an abort for
 * the trap it made and goes on.
 */
void arch_contain_hyp_fault(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();
	struct arm64_hyp_fault *h = &c->arch.hyp_fault;
	u64 iss = ESR_ISS(f->esr);
	bool dabt = c->arch.exit == ARM64_EXIT_TRAP &&
		    ESR_EC(f->esr) == EC_DABT_LOW;
	struct cell_fault fault = {
		.pc = f->elr,
		.syndrome = f->esr,
		.gpa = dabt ? c->arch.exit_gpa : 0,
		.va = dabt ? c->arch.exit_far : 0,
		.width = dabt && (iss & ISS_ISV) ?
				 1u << ((iss >> ISS_SAS_SHIFT) & 3) :
				 0,
		.write = dabt && (iss & ISS_WNR),
	};
	char reason[200];

	snprintf(reason, sizeof(reason),
		 "fault at EL2 handling %s%s: ESR 0x%lx FAR 0x%lx at hv+0x%lx",
		 exit_name(c, f), h->locks ? " (locks released)" : "",
		 (unsigned long)h->esr, (unsigned long)h->far,
		 (unsigned long)(h->elr - (u64)&hvisor_header));
	fault.reason = reason;
	guest_fault(c, &fault); /* returns for the root only */
	switch (ESR_EC(f->esr)) {
	case EC_HVC64:
		f->x[0] = -EFAULT;
		break;
	case EC_SMC64:
		f->x[0] = PSCI_INTERNAL_FAILURE; /* ELR is past the SMC */
		break;
	case EC_DABT_LOW:
		inject_data_abort(f, c->arch.exit_far, iss & ISS_WNR);
		break;
	default:
		inject_undef(f);
		break;
	}
	c->arch.in_hyp_fault = false;
	vcpu_handle_requests(c);
}

/*
 * A synchronous exception at EL2, hf on the faulting stack. When it hit
 * while the CPU served its guest (a trap, an interrupt or a vCPU start,
 * the guest frame at the top of the stack) it is contained to that guest;
 * otherwise (the driver's first entry, a fault while containing one) the
 * CPU cannot go on and parks, as before.
 */
void arch_handle_hyp_fault(struct trap_frame *hf)
{
	struct per_cpu *c = cpu_of_sp();
	u64 far = read_sysreg(far_el2);
	struct trap_frame *f;
	unsigned int locks;

	if (!c) {
		printk("hvisor: FAULT in the hypervisor off any CPU stack: ESR "
		       "0x%lx FAR 0x%lx PC 0x%lx\n",
		       (unsigned long)hf->esr, (unsigned long)far,
		       (unsigned long)hf->elr);
		arch_cpu_park();
	}
	locks = release_held_locks(c);
	f = exit_frame(c);
	if (c->arch.in_hyp_fault || !c->entered || !c->cell ||
	    c->arch.exit == ARM64_EXIT_NONE || c->arch.frame != f ||
	    (void *)hf >= (void *)f ||
	    (c->cell == &root_cell && c->arch.exit != ARM64_EXIT_TRAP)) {
		printk("hvisor: FAULT in the hypervisor on CPU %u: ESR 0x%lx "
		       "FAR 0x%lx PC 0x%lx (offset 0x%lx)%s; CPU parked\n",
		       c->cpu_id, (unsigned long)hf->esr, (unsigned long)far,
		       (unsigned long)hf->elr,
		       (unsigned long)(hf->elr - (u64)&hvisor_header),
		       c->arch.in_hyp_fault ? " while containing a fault" : "");
		arch_cpu_park();
	}
	c->arch.in_hyp_fault = true;
	c->arch.hyp_fault.esr = hf->esr;
	c->arch.hyp_fault.far = far;
	c->arch.hyp_fault.elr = hf->elr;
	c->arch.hyp_fault.locks = locks;
	arm64_contain_fault(f);
}
