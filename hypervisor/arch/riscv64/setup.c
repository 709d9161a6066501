/* riscv64 HS-mode set-up per hart: the entry from the driver, the hypervisor's Sv39 table, moving Linux's S-level state into VS mode, the G stage; a vCPU's reset; the way back to HS-mode Linux. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/vcpu.h>
#include <asm/aia.h>
#include <asm/csr.h>
#include <asm/plic.h>
#include <asm/processor.h>
#include <asm/riscv64.h>
#include <asm/sbi.h>

extern u8 hv_trap_vector[];

/* Causes the root handles itself (RISCV.md 1.3): never VS ecalls, guest-page faults or virtual instructions. */
#define HEDELEG_ROOT                                         \
	(BIT(EXC_INST_MISALIGNED) | BIT(EXC_INST_ACCESS) |   \
	 BIT(EXC_ILLEGAL_INSN) | BIT(EXC_BREAKPOINT) |       \
	 BIT(EXC_LOAD_MISALIGNED) | BIT(EXC_LOAD_ACCESS) |   \
	 BIT(EXC_STORE_MISALIGNED) | BIT(EXC_STORE_ACCESS) | \
	 BIT(EXC_ECALL_U) | BIT(EXC_INST_PAGE_FAULT) |       \
	 BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT))
#define HIDELEG_GUEST (HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP)
/* What of Linux's sstatus VS mode keeps (vsstatus): SIE, SPIE, SPP, FS, VS, SUM, MXR, UXL, SD. */
#define VSSTATUS_KEEP                                                         \
	(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP | SSTATUS_FS | SSTATUS_VS | \
	 SSTATUS_SUM | BIT(19) | (3UL << 32) | BIT(63))
#define ENVCFG_WANTED                                              \
	(ENVCFG_STCE | ENVCFG_PBMTE | ENVCFG_CBZE | ENVCFG_CBCFE | \
	 ENVCFG_CBIE_FLUSH)

/*
 * Whether the hart has Sstc: a read of stimecmp, which raises an illegal
 * instruction without it. henvcfg.STCE cannot tell (QEMU 7.2 keeps it
 * set either way). A trap on the read goes, for its length, to a local
 * handler that skips the 4-byte csrr (norvc); interrupts are off.
 */
static bool has_sstc(void)
{
	u64 fault, saved_stvec, val;

	asm volatile(".option push\n"
		     ".option norvc\n"
		     "	lla	%[stvec], 3f\n"
		     "	csrrw	%[stvec], stvec, %[stvec]\n"
		     "	li	%[fault], 0\n"
		     "	csrr	%[val], 0x14d\n"
		     "	j	4f\n"
		     "	.balign 4\n"
		     "3:	li	%[fault], 1\n"
		     "	csrr	%[val], sepc\n"
		     "	addi	%[val], %[val], 4\n"
		     "	csrw	sepc, %[val]\n"
		     "	sret\n"
		     "4:	csrw	stvec, %[stvec]\n"
		     ".option pop\n"
		     : [val] "=&r"(val), [fault] "=&r"(fault),
		       [stvec] "=&r"(saved_stvec)
		     :
		     : "memory");
	return !fault;
}

int arch_global_init(struct page_table *hv_pt)
{
	const struct hvisor_riscv64_platform *p =
		&system_config->platform.arch.riscv64;
	int err;

	(void)hv_pt;
	/* Sstc: the guests' timers run without exits (vstimecmp) */
	if (!has_sstc()) {
		printk("hvisor: riscv64: the harts have no Sstc (QEMU: -cpu "
		       "rv64,h=true,sstc=true)\n");
		return -ENODEV;
	}
	err = riscv64_timer_init(p->timebase_frequency);
	if (err)
		return err;
	/*
	 * core/main.c sets the root cell up before this: plic.c registers
	 * the root's PLIC filter here (deferred from arch_cell_init), or no
	 * root PLIC access would be served.
	 */
	err = riscv64_plic_init(system_config);
	if (!err)
		err = riscv64_aia_init(system_config);
	return err;
}

/* The hypervisor's own identity-mapped Sv39 table and trap vector. */
static void enable_mmu(void)
{
	csr_write(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) |
				((u64)hv_pt.root >> PAGE_SHIFT));
	sfence_vma_all();
	csr_write(stvec, (u64)hv_trap_vector);
}

static void enable_stage2(struct cell *cell)
{
	csr_write(hgatp, (HGATP_MODE_SV39X4 << SATP_MODE_SHIFT) |
				 ((u64)cell->arch.vmid << HGATP_VMID_SHIFT) |
				 ((u64)cell->stage2.root >> PAGE_SHIFT));
	hfence_gvma_all();
	hfence_vvma_all();
}

/*
 * henvcfg mirrors what menvcfg gives S mode (STCE, PBMTE, the Zicbom and
 * Zicboz enables): write all, keep what sticks. Without STCE Linux's
 * stimecmp writes in VS mode would trap. (All harts have Sstc: the first
 * checked; this one is asked again, as a hart may differ.)
 */
static void guest_envcfg(struct per_cpu *c)
{
	csr_write(CSR_HENVCFG, ENVCFG_WANTED);
	c->arch.sstc = (csr_read(CSR_HENVCFG) & ENVCFG_STCE) && has_sstc();
}

/*
 * Linux's S-level state into the VS copies: it goes on in VS mode where
 * it left HS mode. hideleg first: vsie bits of interrupts not delegated
 * read as 0.
 */
static void take_over_linux(struct per_cpu *c, struct trap_frame *f)
{
	u64 sie = csr_read(sie), sip = csr_read(sip), vsstatus;

	csr_write(hideleg, HIDELEG_GUEST);
	csr_write(vsatp, c->arch.linux_hs.satp);
	csr_write(vstvec, c->arch.linux_hs.stvec);
	csr_write(vsscratch, c->arch.linux_hs.sscratch);
	/* the entry trap moved SIE to SPIE: Linux's own SIE is SPIE */
	vsstatus = f->sstatus & VSSTATUS_KEEP & ~SSTATUS_SIE;
	if (f->sstatus & SSTATUS_SPIE)
		vsstatus |= SSTATUS_SIE;
	csr_write(vsstatus, vsstatus);
	csr_write(vsie, sie & (SIE_SSIE | SIE_STIE | SIE_SEIE));
	csr_write(hvip, (sip & SIE_SSIE) ? HVIP_VSSIP : 0);
	if (c->arch.sstc) {
		csr_write(CSR_VSTIMECMP, csr_read(CSR_STIMECMP));
		csr_write(CSR_STIMECMP, -1UL);
	}
	csr_clear(sip, SIE_SSIE);
}

/* HS mode while a guest runs: its exits come here, its traps stay its own. */
static void guest_traps(struct per_cpu *c, bool root)
{
	csr_write(hedeleg, HEDELEG_ROOT);
	csr_write(hideleg, HIDELEG_GUEST);
	csr_write(hcounteren, root ? 0xffffffffUL : 0x7UL); /* CY, TM, IR */
	csr_write(htimedelta, 0);
	/* kicks (SBI IPIs) and, PLIC mode, the physical external interrupts */
	csr_write(sie, SIE_SSIE | SIE_SEIE);
	(void)c;
}

/* The frame's return: VS mode, supervisor, FP and vector usable, WFI trapped. */
static void return_to_vs(struct trap_frame *f)
{
	f->sstatus = (f->sstatus & ~(SSTATUS_SIE | SSTATUS_SPIE)) |
		     SSTATUS_SPP | SSTATUS_FS_DIRTY | SSTATUS_VS_DIRTY;
	f->hstatus = (csr_read(hstatus) & HSTATUS_VSXL) | HSTATUS_SPV |
		     HSTATUS_SPVP | HSTATUS_VTW | riscv64_aia_hstatus();
}

int arch_cpu_init(struct per_cpu *c, bool cold)
{
	struct trap_frame *f = c->arch.frame;

	c->hwid = c->arch.hartid;
	if (!cold) {
		c->arch.linux_hs.henvcfg = csr_read(CSR_HENVCFG);
		c->arch.linux_hs.hcounteren = csr_read(hcounteren);
	}
	enable_mmu();
	guest_envcfg(c);
	if (!cold) {
		take_over_linux(c, f);
		riscv64_plic_root_cpu_enter(c->cpu_id);
		riscv64_aia_root_enter(c);
	} else {
		csr_write(hvip, 0);
		if (c->arch.sstc)
			csr_write(CSR_STIMECMP, -1UL);
	}
	guest_traps(c, c->cell == &root_cell);
	enable_stage2(c->cell);
	return_to_vs(f);
	return 0;
}

/* Nothing was changed yet when hv_cpu_entry fails: riscv64_entry goes back. */
void arch_cpu_entry_failed(struct per_cpu *c)
{
	(void)c;
}

long riscv64_entry(struct trap_frame *f);

/*
 * From hv_entry, on the driver's protocol (asm/hvisor_call.h): a0 Linux's
 * satp, a1 stvec, a2 sscratch, a3 the CPU, a4 the hart; sepc is where
 * Linux resumes. 0: return to Linux, now in VS mode; else back in HS mode.
 */
long riscv64_entry(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();
	long err;

	c->arch.frame = f;
	c->arch.hartid = f->x[14];
	c->arch.hart_known = true;
	c->arch.linux_hs.satp = f->x[10];
	c->arch.linux_hs.stvec = f->x[11];
	c->arch.linux_hs.sscratch = f->x[12];
	c->arch.guest_ipi = 0;
	err = hv_cpu_entry(f->x[13]);
	if (!err)
		return 0;
	f->x[10] = err;
	csr_write(sscratch, c->arch.linux_hs.sscratch);
	riscv64_return_hs(f, c->arch.linux_hs.satp);
}

void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	struct per_cpu *c = vcpu_per_cpu(v);
	struct trap_frame *f = c->arch.frame;

	/* a vCPU starts from a clean VS mode, translation off */
	csr_write(vsatp, 0);
	csr_write(vsstatus, 0);
	csr_write(vsie, 0);
	csr_write(vstvec, 0);
	csr_write(vsscratch, 0);
	csr_write(vsepc, 0);
	csr_write(vscause, 0);
	csr_write(vstval, 0);
	csr_write(hvip, 0);
	if (c->arch.sstc)
		csr_write(CSR_VSTIMECMP, -1UL);
	c->arch.guest_ipi = 0;
	riscv64_aia_vcpu_reset();
	hfence_vvma_all();
	asm volatile("fence.i" ::: "memory"); /* its images were just loaded */
	memset(f->x, 0, sizeof(f->x));
	/* SBI HSM hart_start: a0 = the hart id (a cell's: the vCPU index) */
	f->x[10] = c->cell == &root_cell ? c->hwid : v->id;
	f->x[11] = arg;
	f->sepc = entry;
	return_to_vs(f);
	riscv64_vcpu_irqs_start(v);
}

/*
 * Gives the hart back to Linux in HS mode: its S-level CSRs from the VS
 * copies, the H extension's as found, then the reverse stvec trick to the
 * instruction after its DISABLE ecall. The driver's stub restores its
 * stvec and flushes the TLB (entries from before the entry may be stale).
 */
void arch_cpu_exit(struct per_cpu *c)
{
	struct trap_frame *f = c->arch.frame;
	u64 vsstatus = csr_read(vsstatus), sstatus;

	f->x[10] = 0; /* the DISABLE call succeeded; sepc is past the ecall */
	riscv64_plic_root_cpu_exit(c->cpu_id);
	riscv64_aia_root_exit(c);
	csr_write(sscratch, csr_read(vsscratch));
	csr_write(sie, csr_read(vsie) & (SIE_SSIE | SIE_STIE | SIE_SEIE));
	if (csr_read(hvip) & HVIP_VSSIP)
		csr_set(sip, SIE_SSIE);
	if (c->arch.sstc) {
		csr_write(CSR_STIMECMP, csr_read(CSR_VSTIMECMP));
		csr_write(CSR_VSTIMECMP, -1UL);
	}
	/* interrupts stay off until the driver's stub re-enables them */
	sstatus = (csr_read(sstatus) & ~VSSTATUS_KEEP) |
		  (vsstatus & VSSTATUS_KEEP & ~SSTATUS_SIE);
	csr_write(sstatus, sstatus);
	csr_write(hvip, 0);
	/*
	 * The VS-level enables (hie.VSSIE/VSTIE/VSEIE are the root's vsie)
	 * too: left set, a VS timer still pending after vstimecmp = -1 and
	 * STCE off (seen once on QEMU 7.2, at the end of an AIA disable)
	 * traps into HS-mode Linux as interrupt 6 forever.
	 */
	csr_clear(CSR_HIE, HIE_VS_ALL);
	csr_write(hideleg, 0);
	csr_write(hedeleg, 0);
	csr_write(hgatp, 0);
	hfence_gvma_all();
	hfence_vvma_all();
	csr_write(CSR_HENVCFG, c->arch.linux_hs.henvcfg);
	csr_write(hcounteren, c->arch.linux_hs.hcounteren);
	csr_write(hstatus, csr_read(hstatus) & HSTATUS_VSXL);
	riscv64_return_hs(f, csr_read(vsatp));
}

/*
 * VMIDs by cell slot: bit n of vmids_used is VMID n, 0 the root's. A
 * VMID that comes back to a new cell has no stale entries to fear: every
 * hart that enters a cell (or the root) comes through the cold entry,
 * whose enable_stage2() flushes both stages of all VMIDs locally.
 */
static u64 vmids_used = 1;
static spinlock_t vmid_lock = SPINLOCK_INIT;

static u16 vmid_alloc(void)
{
	u16 vmid;

	spin_lock(&vmid_lock);
	for (vmid = 1; vmid < 64 && (vmids_used & BIT(vmid)); vmid++)
		;
	if (vmid < 64)
		vmids_used |= BIT(vmid);
	else
		vmid = 0;
	spin_unlock(&vmid_lock);
	return vmid;
}

static void vmid_free(u16 vmid)
{
	spin_lock(&vmid_lock);
	if (vmid && vmid < 64)
		vmids_used &= ~BIT(vmid);
	spin_unlock(&vmid_lock);
}

static bool cell_has_irqs(const struct cell *cell)
{
	unsigned int w;

	for (w = 0; w < HVISOR_MAX_IRQS / 32; w++)
		if (cell->config->irqs[w])
			return true;
	return false;
}

int arch_cell_init(struct cell *cell)
{
	int err;

	if (cell == &root_cell) {
		cell->arch.vmid = 0;
		/* AIA: the root's S-file pages and its APLIC */
		err = riscv64_aia_root_cell_init(cell);
		/* the root's filter: registered now or by arch_global_init */
		return err ? err : riscv64_plic_cell_init(cell);
	}
	cell->arch.vmid = vmid_alloc();
	if (!cell->arch.vmid) {
		printk("hvisor: no free VMID for cell %s\n",
		       cell->config->name);
		return -ENOMEM;
	}
	/* AIA: only virtual sources (the APLIC is the root's) */
	if (riscv64_aia_active() && cell_has_irqs(cell)) {
		printk("hvisor: cell %s: AIA mode passes no interrupt sources "
		       "to cells (its \"interrupts\" must be empty)\n",
		       cell->config->name);
		err = -EINVAL;
	} else {
		/* the cell's virtual PLIC at the platform's PLIC window */
		err = riscv64_plic_cell_init(cell);
	}
	if (!err) {
		/* AIA: its harts' guest files */
		err = riscv64_aia_cell_init(cell);
		if (err)
			riscv64_plic_cell_exit(cell);
	}
	if (err) {
		vmid_free(cell->arch.vmid);
		cell->arch.vmid = 0;
	}
	return err;
}

void arch_cell_exit(struct cell *cell)
{
	riscv64_aia_cell_exit(cell);
	riscv64_plic_cell_exit(cell);
	if (cell != &root_cell) {
		vmid_free(cell->arch.vmid);
		cell->arch.vmid = 0;
	}
}

/*
 * RISC-V has no broadcast TLB invalidation: every hart of the cell flushes
 * its VMID, synchronously, through the SBI (OpenSBI runs hfence.gvma on
 * them in M mode).
 */
void arch_flush_stage2(struct cell *cell)
{
	u64 mask = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if ((cell->cpus & BIT(cpu)) && per_cpu(cpu)->online &&
		    per_cpu(cpu)->arch.hartid < 64)
			mask |= BIT(per_cpu(cpu)->arch.hartid);
	asm volatile("fence rw, rw" ::: "memory");
	sbi_call5(SBI_EXT_RFENCE, SBI_RFENCE_HFENCE_GVMA_VMID, mask, 0, 0, 0,
		  cell->arch.vmid);
}
