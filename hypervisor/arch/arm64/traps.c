/* AArch64 trap dispatch: hypercalls, SMCs, stage-2 aborts (EmuContext), fault injection. */
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

#define HVC_STUB_HCALL_NR 4
#define HVC_STUB_ERR 0xbadca11UL
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
		f->x[0] = guest_hypercall(f->x[0], &f->x[1]);
		return;
	}
	if (imm != HVISOR_HVC_IMM) {
		/* Linux hyp-stub calls: the stub is gone while we run. */
		f->x[0] = HVC_STUB_ERR;
		return;
	}
	if (from_el0(f)) {
		printk("hvisor: CPU %u: hypercall %lu from outside the root "
		       "kernel refused\n",
		       c->cpu_id, (unsigned long)f->x[0]);
		f->x[0] = -EPERM;
		return;
	}
	if (f->x[0] == HVISOR_HC_DISABLE) {
		if (cell_count()) {
			printk("hvisor: disable refused: %u cells exist\n",
			       cell_count());
			f->x[0] = -EBUSY;
			return;
		}
		f->x[0] = 0;
		hv_cpu_disable(c);
		arch_cpu_exit(c, f);
	}
	f->x[0] = hypercall(f->x[0], &f->x[1]);
}

static const char *const access_size[] = { "byte", "halfword", "word",
					   "doubleword" };

static void handle_dabt(struct per_cpu *c, struct trap_frame *f)
{
	u64 iss = ESR_ISS(f->esr), far = read_sysreg(far_el2);
	struct emu_context ctx = { .cell = c->cell, .cpu = c->cpu_id };
	enum mmio_result res = MMIO_UNHANDLED;
	char what[160];
	u64 ipa;

	if (arm64_decode_dabt(f->esr, far, read_sysreg(hpfar_el2), f->x, &ctx))
		res = mmio_dispatch(&ctx);
	if (res == MMIO_HANDLED) {
		if (!ctx.write)
			frame_set_reg(f, ctx.reg, arm64_read_result(&ctx));
		f->elr += 4;
		return;
	}
	ipa = ctx.address;
	snprintf(what, sizeof(what),
		 "stage-2 violation: %s of %s at IPA 0x%lx (VA 0x%lx) PC 0x%lx "
		 "ESR 0x%lx (data abort, DFSC 0x%lx)%s",
		 ctx.write ? "write" : "read",
		 (iss & ISS_ISV) ? access_size[(iss >> ISS_SAS_SHIFT) & 3] :
				   "unknown size",
		 (unsigned long)ipa, (unsigned long)far, (unsigned long)f->elr,
		 (unsigned long)f->esr, (unsigned long)ISS_DFSC(iss),
		 res == MMIO_ERROR ? ", refused by device" : "");
	if (c->cell != &root_cell) {
		cell_fault_access(f->elr, f->esr, ipa, far,
				  (iss & ISS_ISV) ? ctx.width : 0, ctx.write);
		cell_fail("%s", what);
	}
	/* the root is never stopped: it gets the abort, as from hardware */
	printk("hvisor: cell 0 CPU %u: %s: blocked, abort injected\n",
	       c->cpu_id, what);
	inject_data_abort(f, far, ctx.write);
}

void arch_handle_trap(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();

	switch (ESR_EC(f->esr)) {
	case EC_HVC64:
		c->exits[HVISOR_EXIT_HVC]++;
		handle_hvc(c, f);
		break;
	case EC_SMC64:
		c->exits[HVISOR_EXIT_SMC]++;
		f->elr += 4; /* before: a reset may point the guest elsewhere */
		handle_smc(f);
		break;
	case EC_DABT_LOW:
		c->exits[HVISOR_EXIT_DABT]++;
		handle_dabt(c, f);
		break;
	case EC_WFX:
		c->exits[HVISOR_EXIT_WFX]++;
		f->elr += 4;
		break;
	case EC_SYS64:
		c->exits[HVISOR_EXIT_SYSREG]++;
		if (c->cell != &root_cell) {
			if (!vgic_handle_sysreg(c, f))
				cell_fail("trapped system register access "
					  "(ISS 0x%lx) at PC 0x%lx",
					  (unsigned long)ESR_ISS(f->esr),
					  (unsigned long)f->elr);
			break;
		}
		printk("hvisor: CPU %u: trapped system register access "
		       "(ISS 0x%lx) at PC 0x%lx: undefined\n",
		       c->cpu_id, (unsigned long)ESR_ISS(f->esr),
		       (unsigned long)f->elr);
		inject_undef(f);
		break;
	default:
		c->exits[HVISOR_EXIT_OTHER]++;
		if (c->cell != &root_cell)
			cell_fail("unhandled trap ESR 0x%lx (EC 0x%lx) at PC "
				  "0x%lx",
				  (unsigned long)f->esr,
				  (unsigned long)ESR_EC(f->esr),
				  (unsigned long)f->elr);
		printk("hvisor: CPU %u: unhandled trap ESR 0x%lx at PC 0x%lx: "
		       "undefined\n",
		       c->cpu_id, (unsigned long)f->esr, (unsigned long)f->elr);
		inject_undef(f);
		break;
	}
	vcpu_handle_requests(c);
}

void arch_handle_irq(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();

	(void)f;
	c->exits[HVISOR_EXIT_IRQ]++;
	if (c->cell != &root_cell)
		vgic_handle_irqs(c);
	vcpu_handle_requests(c);
}

void arch_handle_serror(struct trap_frame *f)
{
	printk("hvisor: CPU %u: SError from guest, ESR 0x%lx PC 0x%lx\n",
	       this_cpu()->cpu_id, (unsigned long)read_sysreg(esr_el2),
	       (unsigned long)f->elr);
}

void arch_handle_hyp_irq(struct trap_frame *f)
{
	(void)f;
}

void arch_handle_hyp_fault(struct trap_frame *f)
{
	printk("hvisor: FAULT in the hypervisor: ESR 0x%lx FAR 0x%lx PC 0x%lx\n",
	       (unsigned long)f->esr, (unsigned long)read_sysreg(far_el2),
	       (unsigned long)f->elr);
	arch_cpu_park();
}
