/* riscv64 trap dispatch in HS mode: interrupts (kicks, guest IPIs, PLIC), VS ecalls, guest-page faults through the decoder and mmio_dispatch, virtual instructions, fault injection into VS mode. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/mmio.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <asm/aia.h>
#include <asm/csr.h>
#include <asm/decode.h>
#include <asm/plic.h>
#include <asm/processor.h>
#include <asm/riscv64.h>
#include <asm/vplic.h>

#define STVEC_MODE_MASK 3UL

/*
 * As if the guest had taken the trap itself (KVM's trap redirect):
 * vsstatus.SPP = the privilege it came from, SPIE = SIE, SIE = 0, the
 * cause in vscause/vstval, the PC in vsepc; it goes on at vstvec in VS
 * supervisor mode.
 */
void riscv64_inject(struct trap_frame *f, u64 cause, u64 tval)
{
	u64 vsstatus = csr_read(vsstatus);

	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (f->hstatus & HSTATUS_SPVP)
		vsstatus |= SSTATUS_SPP;
	if (vsstatus & SSTATUS_SIE)
		vsstatus |= SSTATUS_SPIE;
	vsstatus &= ~SSTATUS_SIE;
	csr_write(vsstatus, vsstatus);
	csr_write(vscause, cause);
	csr_write(vstval, tval);
	csr_write(vsepc, f->sepc);
	f->sepc = csr_read(vstvec) & ~STVEC_MODE_MASK;
	f->hstatus |= HSTATUS_SPVP;
	f->sstatus |= SSTATUS_SPP;
}

static bool is_guest_page_fault(u64 cause)
{
	return cause == EXC_INST_GUEST_PAGE_FAULT ||
	       cause == EXC_LOAD_GUEST_PAGE_FAULT ||
	       cause == EXC_STORE_GUEST_PAGE_FAULT;
}

/* A guest access nothing handles: the core's policy, then an access fault. */
static void access_violation(struct per_cpu *c, struct trap_frame *f,
			     const struct emu_context *ctx, bool decoded,
			     enum mmio_result res)
{
	struct cell_fault fault = { 0 };
	char what[200];

	fault.gpa = ctx->address;
	snprintf(what, sizeof(what),
		 "stage-2 violation: %s of %u bytes at GPA 0x%lx (VA 0x%lx) "
		 "PC 0x%lx hart %lu scause %lu%s",
		 ctx->write ? "write" : "read", decoded ? ctx->width : 0,
		 (unsigned long)fault.gpa, (unsigned long)f->stval,
		 (unsigned long)f->sepc, (unsigned long)c->arch.hartid,
		 (unsigned long)f->scause,
		 res == MMIO_ERROR ? ", refused by device" :
		 decoded	   ? "" :
				     ", instruction not decoded");
	fault.pc = f->sepc;
	fault.syndrome = f->scause;
	fault.va = f->stval;
	fault.width = decoded ? ctx->width : 0;
	fault.write = ctx->write;
	fault.abortable = true;
	fault.reason = what;
	guest_fault(c, &fault); /* returns for an access fault to inject */
	riscv64_inject(f, ctx->write ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS,
		       f->stval);
}

/* An instruction fetch outside the cell: an access fault, per the policy. */
static void fetch_violation(struct per_cpu *c, struct trap_frame *f)
{
	struct cell_fault fault = {
		.pc = f->sepc,
		.syndrome = f->scause,
		.gpa = riscv64_fault_gpa(f->htval, f->stval),
		.va = f->stval,
		.width = 2,
		.abortable = true,
	};
	char what[200];

	snprintf(what, sizeof(what),
		 "stage-2 violation: instruction fetch at GPA 0x%lx (VA 0x%lx) "
		 "PC 0x%lx hart %lu scause %lu",
		 (unsigned long)fault.gpa, (unsigned long)f->stval,
		 (unsigned long)f->sepc, (unsigned long)c->arch.hartid,
		 (unsigned long)f->scause);
	fault.reason = what;
	guest_fault(c, &fault); /* returns for an access fault to inject */
	riscv64_inject(f, EXC_INST_ACCESS, f->stval);
}

/* Load (21) and store (23) guest-page faults: MMIO emulation or a violation. */
static void handle_guest_access(struct per_cpu *c, struct trap_frame *f)
{
	struct riscv64_fault rf = {
		.gpa = riscv64_fault_gpa(f->htval, f->stval),
		.store = f->scause == EXC_STORE_GUEST_PAGE_FAULT,
		.htinst = f->htinst,
	};
	struct emu_context ctx = { .cell = c->cell, .cpu = c->cpu_id };
	enum mmio_result res = MMIO_UNHANDLED;
	unsigned int len = 0;
	bool decoded = false;
	u64 cause;

	c->exits[HVISOR_EXIT_MMIO]++;
	if (riscv64_htinst_source(f->htinst) == RISCV64_INSN_READ &&
	    !riscv64_read_guest_insn(f->sepc, &rf.insn, &cause)) {
		/* the guest's page table changed under us: let it run again */
		if (is_guest_page_fault(cause))
			return;
		riscv64_inject(f, cause, f->sepc);
		return;
	}
	decoded = riscv64_decode_fault(&rf, f->x, &ctx, &len);
	if (decoded) {
		res = mmio_dispatch(&ctx);
	} else {
		ctx.address = rf.gpa;
		ctx.write = rf.store;
	}
	if (res == MMIO_RETRY)
		return;
	if (res == MMIO_HANDLED) {
		if (!ctx.write)
			frame_set_reg(f, ctx.reg, riscv64_read_result(&ctx));
		f->sepc += len;
		return;
	}
	access_violation(c, f, &ctx, decoded, res);
}

/*
 * hstatus.VTW: a WFI of the guest's kernel traps and waits at HS
 * (timer.c says why). A WFI in VU mode is a virtual instruction with or
 * without VTW and stays one (illegal for the guest). An unreadable
 * instruction (stval 0 and the guest's page table changed) runs again.
 */
static bool guest_wfi(struct per_cpu *c, struct trap_frame *f)
{
	u32 insn = (u32)f->stval;
	u64 cause;

	if (!(f->hstatus & HSTATUS_SPVP))
		return false;
	if (!insn && !riscv64_read_guest_insn(f->sepc, &insn, &cause))
		return true;
	if (insn != INSN_WFI)
		return false;
	c->exits[HVISOR_EXIT_WAIT]++;
	f->sepc += 4;
	riscv64_guest_wfi(c);
	return true;
}

/* A trap nothing handles: the core's policy, then the guest gets cause. */
static void unhandled(struct per_cpu *c, struct trap_frame *f, const char *what,
		      u64 cause, u64 tval)
{
	struct cell_fault fault = { .pc = f->sepc, .syndrome = f->scause };
	char reason[160];

	snprintf(reason, sizeof(reason),
		 "%s: scause %lu stval 0x%lx at PC 0x%lx hart %lu", what,
		 (unsigned long)f->scause, (unsigned long)f->stval,
		 (unsigned long)f->sepc, (unsigned long)c->arch.hartid);
	fault.reason = reason;
	fault.va = f->stval;
	guest_fault(c, &fault); /* returns for the root only */
	riscv64_inject(f, cause, tval);
}

/*
 * A cell's physical sources: claimed at HS in the hart's S context and
 * pending in its virtual PLIC until the guest completes them there.
 */
static void cell_external(struct per_cpu *c)
{
	unsigned int src, n;

	for (n = 0; n < PLIC_MAX_SOURCES; n++) {
		src = riscv64_plic_hw_claim(c->cell, c->cpu_id);
		if (!src)
			break;
		riscv64_vplic_hw_irq(c->cell, src);
	}
}

void riscv64_take_interrupt(struct per_cpu *c, u64 irq)
{
	c->exits[HVISOR_EXIT_IRQ]++;
	switch (irq) {
	case IRQ_S_SOFT:
		/*
		 * A kick: requests (below) and maybe a guest IPI. The root
		 * gets every one: while enabling or disabling, Linux on harts
		 * outside the hypervisor sends its IPIs straight through the
		 * SBI, and a spurious one costs Linux nothing. The root's
		 * root_irq may wait for VSEIP (irq.c).
		 */
		csr_clear(sip, SIE_SSIE);
		if (__atomic_exchange_n(&c->arch.guest_ipi, 0,
					__ATOMIC_SEQ_CST) ||
		    c->cell == &root_cell)
			csr_set(hvip, HVIP_VSSIP);
		if (__atomic_exchange_n(&c->arch.root_irq, 0,
					__ATOMIC_SEQ_CST) &&
		    c->cell == &root_cell)
			csr_set(hvip, HVIP_VSEIP);
		break;
	case IRQ_S_EXT:
		if (riscv64_aia_active()) {
			/* the root's forwarded, a cell hart's dropped */
			riscv64_aia_external(c);
			break;
		}
		if (c->cell != &root_cell) {
			cell_external(c);
			break;
		}
		/*
		 * PLIC mode: the root's external interrupt is pending until
		 * its claim comes back empty (asm/plic.h), the physical one
		 * masked meanwhile.
		 */
		csr_set(hvip, HVIP_VSEIP);
		csr_clear(sie, SIE_SEIE);
		break;
	case IRQ_S_TIMER:
		csr_write(CSR_STIMECMP, -1UL);
		break;
	default:
		printk("hvisor: CPU %u: unexpected interrupt %lu\n", c->cpu_id,
		       (unsigned long)irq);
		break;
	}
}

/* A trap of the hypervisor itself: nothing to go back to. */
static void hypervisor_trap(const struct trap_frame *f)
{
	printk("hvisor: trap in HS mode: scause 0x%lx stval 0x%lx sepc 0x%lx "
	       "ra 0x%lx\n",
	       (unsigned long)f->scause, (unsigned long)f->stval,
	       (unsigned long)f->sepc, (unsigned long)f->x[1]);
	panic_stop("trap in the hypervisor");
}

void riscv64_handle_trap(struct trap_frame *f);

/* Every trap to HS mode from a guest (hstatus.SPV) or from the hypervisor. */
void riscv64_handle_trap(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();
	u64 cause = f->scause & ~SCAUSE_INTERRUPT;

	if (!(f->hstatus & HSTATUS_SPV))
		hypervisor_trap(f);
	c->arch.frame = f;
	c->exit_pc = f->sepc;
	c->exit_syndrome = f->scause;
	if (f->scause & SCAUSE_INTERRUPT) {
		riscv64_take_interrupt(c, cause);
	} else {
		switch (cause) {
		case EXC_ECALL_VS:
			f->sepc += 4; /* before: a call may restart the hart */
			riscv64_handle_sbi(c, f);
			break;
		case EXC_LOAD_GUEST_PAGE_FAULT:
		case EXC_STORE_GUEST_PAGE_FAULT:
			handle_guest_access(c, f);
			break;
		case EXC_INST_GUEST_PAGE_FAULT:
			c->exits[HVISOR_EXIT_MMIO]++;
			fetch_violation(c, f);
			break;
		case EXC_VIRTUAL_INSN:
			if (guest_wfi(c, f))
				break;
			c->exits[HVISOR_EXIT_SYSREG]++;
			unhandled(c, f, "virtual instruction", EXC_ILLEGAL_INSN,
				  f->stval);
			break;
		default:
			c->exits[HVISOR_EXIT_OTHER]++;
			unhandled(c, f, "unhandled trap", cause, f->stval);
			break;
		}
	}
	vcpu_handle_requests(c);
}
