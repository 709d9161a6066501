/* AArch64 EL2 set-up per CPU: MMU, vectors, stage 2 and VMIDs, traps, a vCPU's reset; and the way back to Linux. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <asm/cpu.h>
#include <asm/processor.h>
#include <asm/gic.h>
#include <asm/sysregs.h>
#include <asm/traps.h>
#include <asm/vmid.h>

extern u8 hyp_vectors[];

#define VA_BITS 44
#define PS_44BIT 4UL
#define HCR_GUEST_FLAGS (HCR_VM | HCR_RW | HCR_TSC | HCR_API | HCR_APK)
/* What a cell may not reach (docs/traps.md); the root owns the machine. */
#define HCR_CELL_FLAGS (HCR_IMO | HCR_FMO | HCR_TSW | HCR_TIDCP | HCR_TACR)
#define MDCR_CELL_TRAPS \
	(MDCR_TPMCR | MDCR_TPM | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA)
#define CPTR_EL2_DEFAULT 0x33ffUL

static struct vmid_map vmids;
static spinlock_t vmid_lock = SPINLOCK_INIT;

static u64 phys_size_bits(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return parange < PS_44BIT ? parange : PS_44BIT;
}

#define SCTLR_EL1_RESET 0x30d00800UL /* RES1 bits, MMU and caches off */

int arch_global_init(struct page_table *hv_pt)
{
	if ((read_sysreg(id_aa64mmfr0_el1) & 0xf) < PS_44BIT) {
		printk("hvisor: CPU has fewer than 44 physical address bits\n");
		return -ENODEV;
	}
	vmid_map_init(&vmids);
	return gicv3_map(hv_pt);
}

static void save_linux_el2(struct el2_saved *s)
{
	s->vbar = read_sysreg(vbar_el2);
	s->hcr = read_sysreg(hcr_el2);
	s->sctlr = read_sysreg(sctlr_el2);
	s->tcr = read_sysreg(tcr_el2);
	s->mair = read_sysreg(mair_el2);
	s->ttbr0 = read_sysreg(ttbr0_el2);
	s->vtcr = read_sysreg(vtcr_el2);
	s->vttbr = read_sysreg(vttbr_el2);
	s->cptr = read_sysreg(cptr_el2);
	s->mdcr = read_sysreg(mdcr_el2);
	s->cnthctl = read_sysreg(cnthctl_el2);
	s->cntvoff = read_sysreg(cntvoff_el2);
	s->vpidr = read_sysreg(vpidr_el2);
	s->vmpidr = read_sysreg(vmpidr_el2);
	s->ich_hcr = read_sysreg(ICH_HCR_EL2);
	s->icc_sre = read_sysreg(ICC_SRE_EL2);
	s->tpidr = read_sysreg(tpidr_el2);
}

/* What the Linux stub would have set up on a CPU that boots cold. */
static void cold_el2_defaults(void)
{
	write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
	write_sysreg(cnthctl_el2, 3); /* EL1PCTEN | EL1PCEN */
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(ICC_SRE_EL2, 0xf); /* SRE, DFB, DIB, Enable */
	write_sysreg(ICH_HCR_EL2, 0);
	write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11) & 0x1f);
	write_sysreg(sctlr_el1, SCTLR_EL1_RESET);
	isb();
}

static void enable_mmu(void)
{
	u64 tcr = TCR_EL2_RES1 | TCR_T0SZ(64 - VA_BITS) | TCR_IRGN0_WBWA |
		  TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
		  (phys_size_bits() << TCR_EL2_PS_SHIFT);

	write_sysreg(mair_el2, MAIR_EL2_VALUE);
	write_sysreg(tcr_el2, tcr);
	write_sysreg(ttbr0_el2, (u64)hv_pt.root);
	isb();
	asm volatile("tlbi alle2" ::: "memory");
	dsb(nsh);
	write_sysreg(sctlr_el2,
		     SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I);
	isb();
}

/* Traps that depend on what the CPU implements. */
static u64 cell_hcr_extra(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);

	return HCR_CELL_FLAGS |
	       (ID_FIELD(pfr0, ID_AA64PFR0_RAS_SHIFT) ? HCR_TERR : 0);
}

/*
 * A cell's CPU: PMU, debug and trace registers trap (the physical state
 * stays as the root left it, the cell's view is emulated), and so do the
 * IMPLEMENTATION DEFINED registers ACTLR_EL2 gives EL1 (all bits 0).
 */
static void cell_el2_traps(const struct cell *cell)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	u64 mdcr = (read_sysreg(mdcr_el2) & MDCR_HPMN_MASK) | MDCR_CELL_TRAPS;
	unsigned int pmuver = ID_FIELD(dfr0, ID_AA64DFR0_PMUVER_SHIFT);

	/*
	 * A cell given the PMU ("pmu": true) reaches it directly: all its
	 * counters (HPMN stays the number the CPU has), no event counting at
	 * EL2 where the CPU can forbid it (PMUv3p1). It is reset whenever a
	 * vCPU starts and when the CPU goes off (arm64_pmu_reset).
	 */
	if ((cell->config->flags & HVISOR_CELL_FLAG_PMU) && pmuver &&
	    pmuver != 0xf) {
		mdcr &= ~(MDCR_TPM | MDCR_TPMCR);
		if (pmuver >= 5)
			mdcr |= MDCR_HPMD;
	}

	if (ID_FIELD(dfr0, ID_AA64DFR0_PMSVER_SHIFT))
		mdcr |= MDCR_TPMS; /* E2PB = 0: the profiling buffer is EL2's */
	if (ID_FIELD(dfr0, ID_AA64DFR0_TRACEFILT_SHIFT))
		mdcr |= MDCR_TTRF;
	write_sysreg(mdcr_el2, mdcr);
	write_sysreg(cptr_el2, read_sysreg(cptr_el2) | CPTR_TTA);
	write_sysreg(actlr_el2, 0);
	isb();
}

static void enable_stage2(struct cell *cell)
{
	u64 vtcr = VTCR_RES1 | TCR_T0SZ(64 - VA_BITS) |
		   (2UL << VTCR_SL0_SHIFT) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
		   TCR_SH0_INNER | TCR_TG0_4K |
		   (phys_size_bits() << VTCR_PS_SHIFT);

	write_sysreg(vtcr_el2, vtcr);
	write_sysreg(vttbr_el2,
		     (u64)cell->stage2.root | ((u64)cell->arch.vmid << 48));
	isb();
	asm volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	write_sysreg(hcr_el2,
		     HCR_GUEST_FLAGS |
			     (cell == &root_cell ? 0 : cell_hcr_extra()));
	isb();
}

int arch_cpu_init(struct per_cpu *c, bool cold)
{
	if (!cold)
		save_linux_el2(&c->arch.linux_el2);
	else
		cold_el2_defaults();
	c->hwid = read_sysreg(mpidr_el1);
	write_sysreg(tpidr_el2, (u64)c);
	enable_mmu();
	write_sysreg(vbar_el2, (u64)hyp_vectors);
	isb();
	if (cold)
		arm64_cpu_fresh(c); /* went off in a fault or holding locks? */
	if (c->cell != &root_cell) {
		/* a vCPU: virtual MPIDR = vCPU id, virtual counter = physical */
		write_sysreg(vmpidr_el2, BIT(31) | c->vcpu.id);
		write_sysreg(cntvoff_el2, 0);
		cell_el2_traps(c->cell);
	}
	enable_stage2(c->cell);
	return 0;
}

void arm64_fpsimd_clear(void);

static bool has_pauth(void)
{
	u64 isar1 = read_sysreg(id_aa64isar1_el1);
	u64 isar2 = read_sysreg(ID_AA64ISAR2_EL1);

	return ID_FIELD(isar1, ID_AA64ISAR1_APA_SHIFT) ||
	       ID_FIELD(isar1, ID_AA64ISAR1_API_SHIFT) ||
	       ID_FIELD(isar1, ID_AA64ISAR1_GPA_SHIFT) ||
	       ID_FIELD(isar1, ID_AA64ISAR1_GPI_SHIFT) ||
	       ID_FIELD(isar2, ID_AA64ISAR2_APA3_SHIFT) ||
	       ID_FIELD(isar2, ID_AA64ISAR2_GPA3_SHIFT);
}

/*
 * Everything of EL1 and EL0 a guest can read without trapping, as nobody
 * used it: what the last guest of this CPU (a cell, or the root) left there
 * is not the next one's to see. ACTLR_EL1 keeps its IMPLEMENTATION DEFINED
 * value (cells cannot access it: HCR_EL2.TACR).
 */
static void reset_el1(void)
{
	write_sysreg(sctlr_el1, SCTLR_EL1_RESET);
	write_sysreg(vbar_el1, 0);
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(tcr_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(amair_el1, 0);
	write_sysreg(tpidr_el0, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(sp_el0, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(elr_el1, 0);
	write_sysreg(spsr_el1, 0);
	write_sysreg(esr_el1, 0);
	write_sysreg(far_el1, 0);
	write_sysreg(par_el1, 0);
	write_sysreg(afsr0_el1, 0);
	write_sysreg(afsr1_el1, 0);
	write_sysreg(csselr_el1, 0);
	write_sysreg(cntkctl_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntv_cval_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cntp_cval_el0, 0);
	write_sysreg(mdscr_el1, 0); /* no debug exceptions, no single step */
	write_sysreg(cpacr_el1, 0); /* FP/SIMD traps to EL1 until enabled */
	if (ID_FIELD(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_RAS_SHIFT))
		write_sysreg(DISR_EL1, 0);
	if (has_pauth()) {
		write_sysreg(APIAKEYLO_EL1, 0);
		write_sysreg(APIAKEYHI_EL1, 0);
		write_sysreg(APIBKEYLO_EL1, 0);
		write_sysreg(APIBKEYHI_EL1, 0);
		write_sysreg(APDAKEYLO_EL1, 0);
		write_sysreg(APDAKEYHI_EL1, 0);
		write_sysreg(APDBKEYLO_EL1, 0);
		write_sysreg(APDBKEYHI_EL1, 0);
		write_sysreg(APGAKEYLO_EL1, 0);
		write_sysreg(APGAKEYHI_EL1, 0);
	}
	arm64_fpsimd_clear(); /* CPTR_EL2.TFP is 0: EL2 may use FP/SIMD */
	isb();
}

/*
 * The CPU's performance monitors stopped and cleared: counters and their
 * interrupts disabled, overflows cleared, no EL0 access. What one owner
 * counted is not the next one's to read.
 */
void arm64_pmu_reset(void)
{
	unsigned int pmuver = ID_FIELD(read_sysreg(id_aa64dfr0_el1),
				       ID_AA64DFR0_PMUVER_SHIFT);

	if (!pmuver || pmuver == 0xf)
		return;
	write_sysreg(pmcntenclr_el0, ~0UL);
	write_sysreg(pmintenclr_el1, ~0UL);
	write_sysreg(pmovsclr_el0, ~0UL);
	write_sysreg(pmuserenr_el0, 0);
	write_sysreg(pmselr_el0, 0);
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmcr_el0,
		     BIT(1) | BIT(2)); /* P, C: counters zeroed, E 0 */
	isb();
}

void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	struct per_cpu *c = vcpu_per_cpu(v);
	struct trap_frame *f = c->arch.frame;

	/* a vCPU starts from a clean EL1 (the root's CPUs too) */
	reset_el1();
	if (c->cell != &root_cell) {
		arm64_pmu_reset(); /* nothing of the root's counting */
		vgic_cpu_init(v); /* and a clean CPU interface */
	}
	memset(f->x, 0, sizeof(f->x));
	f->x[0] = arg;
	f->elr = entry;
	f->spsr = SPSR_DAIF | SPSR_EL1H;
}

/*
 * Drops every TLB entry tagged with the cell's VMID on all CPUs: a VMID
 * comes back to a new cell once the last one with it is gone. Stage 2 of
 * the new cell is in VTTBR_EL2 meanwhile, so that nothing of another
 * guest can be walked under that VMID.
 */
static void flush_vmid(const struct cell *cell)
{
	u64 vttbr = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2,
		     (u64)cell->stage2.root | ((u64)cell->arch.vmid << 48));
	isb();
	asm volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	write_sysreg(vttbr_el2, vttbr);
	isb();
}

int arch_cell_init(struct cell *cell)
{
	unsigned int vmid;

	if (cell == &root_cell)
		return gicv3_cell_init(cell); /* VMID 0 */
	spin_lock(&vmid_lock);
	vmid = vmid_alloc(&vmids);
	spin_unlock(&vmid_lock);
	if (!vmid) {
		printk("hvisor: no free VMID for cell %s\n",
		       cell->config->name);
		return -ENOMEM;
	}
	cell->arch.vmid = vmid;
	flush_vmid(cell);
	return vgic_cell_init(cell);
}

void arch_cell_exit(struct cell *cell)
{
	if (cell == &root_cell || !cell->arch.vmid)
		return;
	spin_lock(&vmid_lock);
	vmid_free(&vmids, cell->arch.vmid);
	spin_unlock(&vmid_lock);
	cell->arch.vmid = 0;
}

void arch_flush_stage2(struct cell *cell)
{
	(void)cell;
	dsb(ishst);
	asm volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
}

void el2_exit_to_linux(struct trap_frame *f, u64 sctlr, u64 vbar) __noreturn;

/* Gives this CPU back to Linux: restores its EL2 state, MMU off. */
void arch_cpu_exit(struct per_cpu *c)
{
	const struct el2_saved *s = &c->arch.linux_el2;
	struct trap_frame *f = c->arch.frame;

	f->x[0] = 0; /* the DISABLE call succeeded */
	asm volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	write_sysreg(hcr_el2, s->hcr);
	write_sysreg(vttbr_el2, s->vttbr);
	write_sysreg(vtcr_el2, s->vtcr);
	write_sysreg(cptr_el2, s->cptr);
	write_sysreg(mdcr_el2, s->mdcr);
	write_sysreg(cnthctl_el2, s->cnthctl);
	write_sysreg(cntvoff_el2, s->cntvoff);
	write_sysreg(vpidr_el2, s->vpidr);
	write_sysreg(vmpidr_el2, s->vmpidr);
	write_sysreg(ICH_HCR_EL2, s->ich_hcr);
	write_sysreg(tpidr_el2, s->tpidr);
	isb();
	/* The frame and per-CPU data are read with the MMU (and caches) off. */
	arch_dcache_clean(c, sizeof(*c));
	el2_exit_to_linux(f, s->sctlr, arm64_stub_vectors);
}

void arch_cpu_entry_failed(struct per_cpu *c)
{
	(void)c;
	write_sysreg(vbar_el2, arm64_stub_vectors);
	isb();
}

void arch_cpu_park(void)
{
	for (;;)
		asm volatile("wfi");
}
