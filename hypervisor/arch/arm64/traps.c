/* AArch64 trap dispatch: hypercalls, SMCs, stage-2 aborts (EmuContext), trapped registers, fault injection. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <asm/emulate.h>
#include <asm/gic.h>
#include <asm/processor.h>
#include <asm/sysregs.h>
#include <asm/traps.h>
#include <asm/hvisor_call.h>

#define DFSC_SEA 0x10

static bool from_el0(const struct trap_frame *f)
{
	return (f->spsr & SPSR_MODE_MASK) == SPSR_EL0T;
}

/* Enters the guest's EL1 exception vector as if the CPU had taken it. */
static void inject_sync(struct trap_frame *f, u64 esr_el1, u64 far)
{
	u64 vbar = read_sysreg(vbar_el1);
	u64 offset = from_el0(f) ? 0x400 : ((f->spsr & 1) ? 0x200 : 0);

	write_sysreg(esr_el1, esr_el1);
	write_sysreg(far_el1, far);
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	f->spsr = SPSR_DAIF | SPSR_EL1H;
	f->elr = vbar + offset;
}

void inject_data_abort(struct trap_frame *f, u64 far, bool write)
{
	u64 ec = from_el0(f) ? EC_DABT_LOW : EC_DABT_CUR;

	inject_sync(f,
		    (ec << ESR_EC_SHIFT) | ESR_IL | (write ? ISS_WNR : 0) |
			    DFSC_SEA,
		    far);
}

void inject_undef(struct trap_frame *f)
{
	inject_sync(f, ((u64)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL, 0);
}

static void handle_hvc(struct per_cpu *c, struct trap_frame *f)
{
	unsigned int imm = f->esr & 0xffff;

	if (c->cell != &root_cell) {
		if (imm != HVISOR_HVC_IMM)
			cell_fail("hvc #0x%x at PC 0x%lx", imm,
				  (unsigned long)f->elr);
		f->x[0] = guest_hypercall(c, f->x[0], &f->x[1]);
		return;
	}
	if (imm != HVISOR_HVC_IMM) {
		/* Linux hyp-stub calls: the stub is gone while we run. */
		f->x[0] = HVISOR_HVC_STUB_ERR;
		return;
	}
	if (from_el0(f)) {
		printk("hvisor: CPU %u: hypercall %lu from outside the root "
		       "kernel refused\n",
		       c->cpu_id, (unsigned long)f->x[0]);
		f->x[0] = -EPERM;
		return;
	}
	f->x[0] = hypercall(c, f->x[0], &f->x[1]);
}

static const char *const access_size[] = { "byte", "halfword", "word",
					   "doubleword" };

static void handle_dabt(struct per_cpu *c, struct trap_frame *f)
{
	u64 iss = ESR_ISS(f->esr), far = read_sysreg(far_el2);
	struct emu_context ctx = { .cell = c->cell, .cpu = c->cpu_id };
	enum mmio_result res = MMIO_UNHANDLED;
	struct cell_fault fault = { 0 };
	char what[160];

	c->arch.exit_far = far;
	c->arch.exit_gpa = ((read_sysreg(hpfar_el2) >> 4) << 12) |
			   (far & 0xfff);
	if (arm64_decode_dabt(f->esr, far, read_sysreg(hpfar_el2), f->x, &ctx))
		res = mmio_dispatch(&ctx);
	if (res == MMIO_RETRY)
		return; /* the instruction runs again */
	if (res == MMIO_HANDLED) {
		if (!ctx.write)
			frame_set_reg(f, ctx.reg, arm64_read_result(&ctx));
		f->elr += 4;
		return;
	}
	fault.gpa = ctx.address;
	snprintf(what, sizeof(what),
		 "stage-2 violation: %s of %s at IPA 0x%lx (VA 0x%lx) PC 0x%lx "
		 "ESR 0x%lx (data abort, DFSC 0x%lx)%s",
		 ctx.write ? "write" : "read",
		 (iss & ISS_ISV) ? access_size[(iss >> ISS_SAS_SHIFT) & 3] :
				   "unknown size",
		 (unsigned long)fault.gpa, (unsigned long)far,
		 (unsigned long)f->elr, (unsigned long)f->esr,
		 (unsigned long)ISS_DFSC(iss),
		 res == MMIO_ERROR ? ", refused by device" : "");
	fault.pc = f->elr;
	fault.syndrome = f->esr;
	fault.va = far;
	fault.width = (iss & ISS_ISV) ? ctx.width : 0;
	fault.write = ctx.write;
	fault.reason = what;
	guest_fault(c, &fault); /* returns for the root only */
	inject_data_abort(f, far, ctx.write);
}

/* A trap nothing handles: the core's fault policy, then an undef for the root. */
static void unhandled(struct per_cpu *c, struct trap_frame *f, const char *what)
{
	struct cell_fault fault = { .pc = f->elr, .syndrome = f->esr };
	char reason[128];

	snprintf(reason, sizeof(reason),
		 "%s ESR 0x%lx (EC 0x%lx, ISS 0x%lx) at PC 0x%lx", what,
		 (unsigned long)f->esr, (unsigned long)ESR_EC(f->esr),
		 (unsigned long)ESR_ISS(f->esr), (unsigned long)f->elr);
	fault.reason = reason;
	guest_fault(c, &fault); /* returns for the root only */
	inject_undef(f);
}

void arch_handle_trap(struct trap_frame *f);
void arch_handle_irq(struct trap_frame *f);
void arch_handle_serror(struct trap_frame *f);
void arch_handle_hyp_irq(struct trap_frame *f);

void arch_handle_trap(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();

	c->arch.frame = f;
	c->arch.exit = ARM64_EXIT_TRAP;
	switch (ESR_EC(f->esr)) {
	case EC_HVC64:
		c->exits[HVISOR_EXIT_HYPERCALL]++;
		handle_hvc(c, f);
		break;
	case EC_SMC64:
		c->exits[HVISOR_EXIT_FIRMWARE]++;
		f->elr += 4; /* before: a reset may point the guest elsewhere */
		handle_smc(c, f);
		break;
	case EC_DABT_LOW:
		c->exits[HVISOR_EXIT_MMIO]++;
		handle_dabt(c, f);
		break;
	case EC_WFX:
		c->exits[HVISOR_EXIT_WAIT]++;
		f->elr += 4;
		break;
	case EC_SYS64:
		c->exits[HVISOR_EXIT_SYSREG]++;
		if (c->cell != &root_cell &&
		    (vgic_handle_sysreg(c, f) || arm64_cell_sysreg(c, f)))
			break;
		unhandled(c, f, "trapped system register access");
		break;
	default:
		c->exits[HVISOR_EXIT_OTHER]++;
		unhandled(c, f, "unhandled trap");
		break;
	}
	vcpu_handle_requests(c);
}

void arch_handle_irq(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();

	c->arch.frame = f;
	c->arch.exit = ARM64_EXIT_IRQ;
	c->exits[HVISOR_EXIT_IRQ]++;
	if (c->cell != &root_cell)
		vgic_handle_irqs(&c->vcpu);
	vcpu_handle_requests(c);
}

void arch_handle_serror(struct trap_frame *f)
{
	this_cpu()->arch.frame = f;
	this_cpu()->arch.exit = ARM64_EXIT_SERROR;
	printk("hvisor: CPU %u: SError from guest, ESR 0x%lx PC 0x%lx\n",
	       this_cpu()->cpu_id, (unsigned long)read_sysreg(esr_el2),
	       (unsigned long)f->elr);
}

void arch_handle_hyp_irq(struct trap_frame *f)
{
	(void)f;
}
