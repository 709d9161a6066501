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

#define FSC_SEA 0x10 /* synchronous external abort, not on a table walk */
#define EC_IABT_CUR 0x21
#define SPSR_AARCH32 BIT(4)
#define SPSR_SSBS BIT(12)
#define SPSR_PAN BIT(22)
#define SPSR_DIT BIT(24)
#define SPSR_TCO BIT(25)
#define SCTLR_EL1_SPAN BIT(23)
#define SCTLR_EL1_DSSBS BIT(44)

static bool from_el0(const struct trap_frame *f)
{
	return (f->spsr & SPSR_MODE_MASK) == SPSR_EL0T;
}

/*
 * The vector an exception to EL1 taken from the guest's state enters:
 * current EL with SP_EL0 (+0), with SP_EL1 (+0x200), lower EL AArch64
 * (+0x400), lower EL AArch32 (+0x600).
 */
static u64 vector_offset(u64 spsr)
{
	if (spsr & SPSR_AARCH32)
		return 0x600;
	if ((spsr & SPSR_MODE_MASK) == SPSR_EL0T)
		return 0x400;
	return (spsr & 1) ? 0x200 : 0;
}

/*
 * PSTATE on taking an exception to EL1 (AArch64): D, A, I, F masked,
 * EL1h; DIT kept; PAN set unless SCTLR_EL1.SPAN (FEAT_PAN), SSBS from
 * SCTLR_EL1.DSSBS (FEAT_SSBS), TCO set (FEAT_MTE2); SS, IL, UAO, BTYPE 0.
 */
static u64 exception_pstate(u64 old)
{
	u64 sctlr = read_sysreg(sctlr_el1), pstate = SPSR_DAIF | SPSR_EL1H;
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);

	if (!(old & SPSR_AARCH32))
		pstate |= old & SPSR_DIT;
	if ((mmfr1 >> 20) & 0xf)
		pstate |= (sctlr & SCTLR_EL1_SPAN) ? old & SPSR_PAN : SPSR_PAN;
	if (((pfr1 >> 4) & 0xf) && (sctlr & SCTLR_EL1_DSSBS))
		pstate |= SPSR_SSBS;
	if (((pfr1 >> 8) & 0xf) >= 2)
		pstate |= SPSR_TCO;
	return pstate;
}

/* Enters the guest's EL1 exception vector as if the CPU had taken it. */
static void inject_sync(struct trap_frame *f, u64 esr_el1, u64 far)
{
	u64 vbar = read_sysreg(vbar_el1);

	write_sysreg(esr_el1, esr_el1);
	write_sysreg(far_el1, far);
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	f->elr = vbar + vector_offset(f->spsr);
	f->spsr = exception_pstate(f->spsr);
}

/*
 * A synchronous external abort on the access at far (ELR: the faulting
 * instruction): EC 0x25 from EL1, 0x24 from EL0; IL as the trapped
 * instruction had it; WnR. From AArch32, FAR_EL1[31:0] is DFAR.
 */
void inject_data_abort(struct trap_frame *f, u64 far, bool write)
{
	u64 ec = from_el0(f) ? EC_DABT_LOW : EC_DABT_CUR;

	if (f->spsr & SPSR_AARCH32)
		far &= 0xffffffffUL;
	inject_sync(f,
		    (ec << ESR_EC_SHIFT) | (f->esr & ESR_IL) |
			    (write ? ISS_WNR : 0) | FSC_SEA,
		    far);
}

/*
 * The same for an instruction fetch at far (= ELR): EC 0x21 from EL1,
 * 0x20 from EL0, IL 1. From AArch32, FAR_EL1[63:32] is IFAR.
 */
static void inject_prefetch_abort(struct trap_frame *f, u64 far)
{
	u64 ec = from_el0(f) ? EC_IABT_LOW : EC_IABT_CUR;

	if (f->spsr & SPSR_AARCH32)
		far = (far & 0xffffffffUL) << 32;
	inject_sync(f, (ec << ESR_EC_SHIFT) | ESR_IL | FSC_SEA, far);
}

void inject_undef(struct trap_frame *f)
{
	inject_sync(f, ((u64)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL, 0);
}

static void handle_hvc(struct per_cpu *c, struct trap_frame *f)
{
	unsigned int imm = f->esr & 0xffff;

	if (c->cell != &root_cell) {
		if (imm == HVISOR_HVC_IMM)
			f->x[0] = guest_hypercall(c, f->x[0], &f->x[1]);
		else if (imm == 0) /* the SMCCC conduit HVC */
			cell_firmware_call(c, f, "HVC");
		else /* SMCCC: HVC #imm != 0 is not a call we know */
			f->x[0] = (u64)-1;
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
	fault.abortable = true;
	fault.reason = what;
	guest_fault(c, &fault); /* returns for an abort to inject */
	inject_data_abort(f, far, ctx.write);
}

/* A stage-2 instruction abort: a fetch outside the cell's executable RAM. */
static void handle_iabt(struct per_cpu *c, struct trap_frame *f)
{
	u64 far = read_sysreg(far_el2), iss = ESR_ISS(f->esr);
	struct cell_fault fault = {
		.pc = f->elr,
		.syndrome = f->esr,
		.gpa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff),
		.va = far,
		.width = 4,
		.abortable = true,
	};
	char what[160];

	snprintf(what, sizeof(what),
		 "stage-2 violation: instruction fetch at IPA 0x%lx (VA 0x%lx) "
		 "PC 0x%lx ESR 0x%lx (instruction abort, IFSC 0x%lx%s)",
		 (unsigned long)fault.gpa, (unsigned long)far,
		 (unsigned long)f->elr, (unsigned long)f->esr,
		 (unsigned long)(iss & 0x3f),
		 (iss & ISS_S1PTW) ? ", stage-1 table walk" : "");
	fault.reason = what;
	guest_fault(c, &fault); /* returns for an abort to inject */
	inject_prefetch_abort(f, far);
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
	guest_fault(c, &fault); /* returns for the root only (not abortable) */
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
	c->exit_pc = f->elr;
	c->exit_syndrome = f->esr;
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
	case EC_IABT_LOW:
		c->exits[HVISOR_EXIT_MMIO]++;
		handle_iabt(c, f);
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
