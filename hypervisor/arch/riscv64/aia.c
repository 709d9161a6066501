/* AIA mode: guest interrupt file 1 of each hart for the hart's owner (stage-2 mappings, state migration at enable and disable, the APLIC targets moved with it), the S files as the root's forwarders, the APLIC filter's seam, root_irq through the APLIC. */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/range.h>
#include <hv/spinlock.h>
#include <asm/aia.h>
#include <asm/aplic.h>
#include <asm/csr.h>
#include <asm/plic.h>

/* CSRs of Smaia/Ssaia and the H extension's AIA part, by number */
#define CSR_SISELECT 0x150
#define CSR_SIREG 0x151
#define CSR_STOPEI 0x15c
#define CSR_VSISELECT 0x250
#define CSR_VSIREG 0x251
#define HSTATUS_VGEIN_SHIFT 12
#define HSTATUS_VGEIN (0x3fUL << HSTATUS_VGEIN_SHIFT)
#define CSR_HGEIE 0x607

/* The IMSIC file registers behind *iselect (the AIA spec, 3.8) */
#define IMSIC_EIDELIVERY 0x70
#define IMSIC_EITHRESHOLD 0x72
#define IMSIC_EIP0 0x80 /* RV64: even numbers only, 64 identities each */
#define IMSIC_EIE0 0xc0
#define IMSIC_SETEIPNUM_LE 0x0 /* in a file's page */
#define TOPEI_ID_SHIFT 16
#define TOPEI_ID_MASK 0x7ffUL

#define APLIC_SETIPNUM 0x1cdc

#define AIA_LOG_MAX 4

static const struct hvisor_riscv64_platform *aia;
/* What the root's S-file GPA of hart h reaches now: 0 its S file, or 1 */
static u8 root_file[HVISOR_MAX_CPUS];
static u32 aia_root_irq;
static unsigned int dropped_logged;

bool riscv64_aia_active(void)
{
	return aia != NULL;
}

static const struct hvisor_riscv64_platform *platform_of(void)
{
	const struct hvisor_riscv64_platform *p =
		&system_config->platform.arch.riscv64;

	return p->irqchip == HVISOR_IRQCHIP_APLIC_IMSIC ? p : NULL;
}

u64 riscv64_aia_file_page(u64 hart, unsigned int file)
{
	const struct hvisor_riscv64_platform *p = platform_of();

	return p->imsic_base +
	       (hart << (p->imsic_guest_index_bits + PAGE_SHIFT)) +
	       ((u64)file << PAGE_SHIFT);
}

static u64 imsic_window(const struct hvisor_riscv64_platform *p)
{
	return (u64)system_config->platform.num_cpus
	       << (p->imsic_guest_index_bits + PAGE_SHIFT);
}

/* Identity words of the file: 64 identities per eip/eie register. */
static unsigned int id_words(void)
{
	return (aia ? aia->imsic_num_ids : platform_of()->imsic_num_ids) / 64 +
	       1;
}

int riscv64_aia_init(const struct hvisor_system *sys)
{
	const struct hvisor_riscv64_platform *p = &sys->platform.arch.riscv64;
	int err;

	aia = NULL;
	if (p->irqchip != HVISOR_IRQCHIP_APLIC_IMSIC)
		return 0;
	if (p->imsic_guest_files < AIA_GUEST_FILE ||
	    p->guest_file != AIA_GUEST_FILE || !p->imsic_num_ids ||
	    p->imsic_num_ids > 2047) {
		printk("hvisor: AIA: needs guest file 1 (aia-guests >= 1) and "
		       "1..2047 identities\n");
		return -EINVAL;
	}
	/* the cells' virtual PLIC (the test guest's console and doorbell) */
	err = riscv64_plic_check(p);
	if (err)
		return err;
	err = paging_map(&hv_pt, p->imsic_base, p->imsic_base, imsic_window(p),
			 MAP_RW | MAP_DEVICE);
	if (!err)
		err = paging_map(&hv_pt, p->aplic_base, p->aplic_base,
				 p->aplic_size, MAP_RW | MAP_DEVICE);
	if (err)
		return err;
	aia_root_irq = sys->platform.root_irq < p->num_sources ?
			       sys->platform.root_irq :
			       0;
	aia = p;
	return 0;
}

/*
 * A root access to the IMSIC window that faulted. The S-file page of one
 * of its harts is mapped, but root_file_page() replaces it break before
 * make, so another hart's IPI may fault in between: the write is done
 * where the page leads now (an MSI is an idempotent 32-bit store). The
 * rest (other files, harts the root does not hold, reads, other widths)
 * is a violation, as unmapped memory.
 */
static enum mmio_result root_imsic_access(void *arg, struct emu_context *ctx,
					  u64 off)
{
	const struct hvisor_riscv64_platform *p = platform_of();
	unsigned int gib = p->imsic_guest_index_bits;
	u64 hart = off >> (gib + PAGE_SHIFT), cpu;

	(void)arg;
	if (!ctx->write || ctx->width != 4 ||
	    (off & ((1UL << (gib + PAGE_SHIFT)) - 1)) >= PAGE_SIZE ||
	    hart >= HVISOR_MAX_CPUS)
		return MMIO_UNHANDLED;
	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if (cell_owns_cpu(&root_cell, cpu) &&
		    per_cpu(cpu)->arch.hartid == hart)
			break;
	if (cpu == hv_num_cpus)
		return MMIO_UNHANDLED;
	mmio_write(riscv64_aia_file_page(hart,
					 __atomic_load_n(&root_file[hart],
							 __ATOMIC_SEQ_CST)) +
			   (off & (PAGE_SIZE - 1)),
		   4, ctx->value);
	return MMIO_HANDLED;
}

int riscv64_aia_root_cell_init(struct cell *root)
{
	const struct hvisor_riscv64_platform *p = platform_of();
	unsigned int hart;
	int err = 0;

	if (!p)
		return 0;
	/* each hart's own S file until it enters (root_file_page) */
	for (hart = 0; !err && hart < system_config->platform.num_cpus; hart++)
		err = paging_map(&root->stage2, riscv64_aia_file_page(hart, 0),
				 riscv64_aia_file_page(hart, 0), PAGE_SIZE,
				 MAP_RW | MAP_DEVICE);
	/* faults on the IMSIC window: root_imsic_access */
	if (!err)
		err = mmio_register(root, p->imsic_base, imsic_window(p),
				    root_imsic_access, NULL);
	/* its APLIC accesses go through the filter (aplic.c) */
	if (!err)
		err = mmio_register(root, p->aplic_base, p->aplic_size,
				    riscv64_aplic_access, NULL);
	return err;
}

/* The GPA of vCPU v's file in a cell: the cell's IMSIC, one page per vCPU. */
static u64 cell_file_gpa(unsigned int v)
{
	return aia->imsic_base + ((u64)v << PAGE_SHIFT);
}

/* Whether [start, start + size) meets a region of the cell's config. */
static bool cell_maps(const struct cell *cell, u64 start, u64 size)
{
	const struct hvisor_cell_desc *d = cell->config;
	const struct hvisor_mem_region *r = hvisor_cell_regions(d);
	unsigned int n;

	for (n = 0; n < d->num_mem_regions; n++, r++)
		if (ranges_overlap(r->virt_start, r->size, start, size))
			return true;
	return false;
}

int riscv64_aia_cell_init(struct cell *cell)
{
	unsigned int cpu, v = 0;
	u64 hart;
	int err = 0;

	if (!aia || cell == &root_cell)
		return 0;
	if (cell_maps(cell, aia->imsic_base,
		      (u64)hweight64(cell->config->cpus) << PAGE_SHIFT) ||
	    cell_maps(cell, aia->aplic_base, aia->aplic_size)) {
		printk("hvisor: cell %s: AIA mode: its memory regions overlap "
		       "its IMSIC (0x%llx, a page per vCPU) or its APLIC "
		       "(0x%llx)\n",
		       cell->config->name, (unsigned long long)aia->imsic_base,
		       (unsigned long long)aia->aplic_base);
		return -EINVAL;
	}
	for (cpu = 0; !err && cpu < hv_num_cpus; cpu++) {
		if (!(cell->config->cpus & BIT(cpu)))
			continue;
		hart = per_cpu(cpu)->arch.hartid;
		if (hart >= system_config->platform.num_cpus)
			return -EINVAL;
		err = paging_unmap(&root_cell.stage2,
				   riscv64_aia_file_page(hart, 0), PAGE_SIZE);
		if (!err)
			err = paging_map(&cell->stage2, cell_file_gpa(v),
					 riscv64_aia_file_page(hart,
							       AIA_GUEST_FILE),
					 PAGE_SIZE, MAP_RW | MAP_DEVICE);
		v++;
	}
	if (err)
		riscv64_aia_cell_exit(cell);
	return err;
}

void riscv64_aia_cell_exit(struct cell *cell)
{
	unsigned int cpu, v = 0;
	u64 hart;

	if (!aia || cell == &root_cell)
		return;
	for (cpu = 0; cpu < hv_num_cpus; cpu++) {
		if (!(cell->config->cpus & BIT(cpu)))
			continue;
		hart = per_cpu(cpu)->arch.hartid;
		paging_unmap(&cell->stage2, cell_file_gpa(v++), PAGE_SIZE);
		if (hart >= system_config->platform.num_cpus)
			continue;
		paging_unmap(&root_cell.stage2, riscv64_aia_file_page(hart, 0),
			     PAGE_SIZE);
		paging_map(&root_cell.stage2, riscv64_aia_file_page(hart, 0),
			   riscv64_aia_file_page(hart, AIA_GUEST_FILE),
			   PAGE_SIZE, MAP_RW | MAP_DEVICE);
	}
}

bool riscv64_aia_cell_msi(struct cell *cell, unsigned int v, u32 eiid)
{
	if (!aia || v >= cell->num_vcpus || !eiid || eiid > aia->imsic_num_ids)
		return false;
	mmio_write(
		riscv64_aia_file_page(per_cpu(cell->vcpu_cpu[v])->arch.hartid,
				      AIA_GUEST_FILE) +
			IMSIC_SETEIPNUM_LE,
		4, eiid);
	return true;
}

/* The APLIC seam of aplic.c: the hypervisor's mapping, the harts. */
u32 aplic_hw_read(u64 off)
{
	return mmio_read(platform_of()->aplic_base + off, 4);
}

void aplic_hw_write(u64 off, u32 value)
{
	mmio_write(platform_of()->aplic_base + off, 4, value);
}

u64 aplic_hw_cpu_hart(unsigned int cpu)
{
	return per_cpu(cpu)->arch.hartid;
}

unsigned int aplic_hw_root_file(u64 hart)
{
	return hart < HVISOR_MAX_CPUS ?
		       __atomic_load_n(&root_file[hart], __ATOMIC_SEQ_CST) :
		       0;
}

static u64 s_read(u64 reg)
{
	csr_write(CSR_SISELECT, reg);
	return csr_read(CSR_SIREG);
}

static void s_write(u64 reg, u64 value)
{
	csr_write(CSR_SISELECT, reg);
	csr_write(CSR_SIREG, value);
}

/* The guest file hstatus.VGEIN selects (set by the caller). */
static u64 vs_read(u64 reg)
{
	csr_write(CSR_VSISELECT, reg);
	return csr_read(CSR_VSIREG);
}

static void vs_write(u64 reg, u64 value)
{
	csr_write(CSR_VSISELECT, reg);
	csr_write(CSR_VSIREG, value);
}

u64 riscv64_aia_hstatus(void)
{
	return aia ? (u64)AIA_GUEST_FILE << HSTATUS_VGEIN_SHIFT : 0;
}

/*
 * hgeie stays 0: with one vCPU per hart a guest file's interrupt only has
 * to reach VS mode (hip.VSEIP through VGEIN); an SGEI would be an exit.
 */
static void select_guest_file(void)
{
	csr_write(CSR_HGEIE, 0);
	csr_clear(hstatus, HSTATUS_VGEIN);
	csr_set(hstatus, riscv64_aia_hstatus());
}

/*
 * While the hart waits at HS for its vCPU (a guest's WFI), an interrupt in
 * the vCPU's guest file must wake it: hgeie and hie.SGEIE armed make it an
 * SGEI, pending at HS, as KVM arms them for a blocked vCPU. Disarmed
 * before the guest runs again, so a running guest's interrupts stay
 * without exits; what is pending then reaches it through VGEIN.
 */
void riscv64_aia_wake_on_guest_file(bool on)
{
	if (!aia)
		return;
	if (on) {
		csr_write(CSR_HGEIE, BIT(AIA_GUEST_FILE));
		csr_set(CSR_HIE, HIE_SGEIE);
	} else {
		csr_clear(CSR_HIE, HIE_SGEIE);
		csr_write(CSR_HGEIE, 0);
	}
}

/* Every pending identity of words[] into the file at page (an MSI each). */
static void send_pending(u64 page, const u64 *words, unsigned int n)
{
	unsigned int w, b;

	for (w = 0; w < n; w++)
		for (b = 0; b < 64; b++)
			if ((words[w] >> b) & 1)
				mmio_write(page + IMSIC_SETEIPNUM_LE, 4,
					   w * 64 + b);
}

/*
 * What the root's GPA of hart's S-file page reaches: the S file while the
 * hart runs Linux in HS mode (enable and disable go hart by hart, and an
 * IPI that a hart already in VS mode sends to one that is not must reach
 * it: lost, it left smp_call_function_single() waiting on a busy hart),
 * guest file 1 while the hart runs the root in VS mode. The change is
 * flushed on the root's other harts (core's root_stage2_flush). The
 * APLIC targets of the root's sources on the hart follow (aplic.c).
 */
static void root_file_page(u64 hart, unsigned int file)
{
	int err;

	if (hart < HVISOR_MAX_CPUS)
		__atomic_store_n(&root_file[hart], file, __ATOMIC_SEQ_CST);
	err = paging_map(&root_cell.stage2, riscv64_aia_file_page(hart, 0),
			 riscv64_aia_file_page(hart, file), PAGE_SIZE,
			 MAP_RW | MAP_DEVICE);
	if (err)
		printk("hvisor: AIA: hart %lu's IMSIC page not remapped (%d)\n",
		       (unsigned long)hart, err);
	/* and the APLIC's MSIs to it: no forwarding exit while in VS mode */
	riscv64_aplic_retarget(hart, file);
}

void riscv64_aia_root_enter(struct per_cpu *c)
{
	unsigned int w, n = id_words();

	if (!aia)
		return;
	/* from now on the other harts' IPIs wait in guest file 1 */
	root_file_page(c->arch.hartid, AIA_GUEST_FILE);
	select_guest_file();
	vs_write(IMSIC_EITHRESHOLD, s_read(IMSIC_EITHRESHOLD));
	for (w = 0; w < n; w++)
		vs_write(IMSIC_EIE0 + 2 * w, s_read(IMSIC_EIE0 + 2 * w));
	vs_write(IMSIC_EIDELIVERY, s_read(IMSIC_EIDELIVERY));
	/*
	 * The S file catches what still comes to it (an MSI the APLIC sent
	 * before its target moved, the IPIs of harts still in HS mode) and
	 * what is pending in it now: SEIP, forwarded by
	 * riscv64_aia_external. Guest file 1's pending bits stay (MSIs that
	 * came early through the root's stage 2).
	 */
	for (w = 0; w < n; w++)
		s_write(IMSIC_EIE0 + 2 * w, ~0UL);
	s_write(IMSIC_EITHRESHOLD, 0);
	s_write(IMSIC_EIDELIVERY, 1);
}

void riscv64_aia_root_exit(struct per_cpu *c)
{
	unsigned int w, n = id_words();
	u64 pending[2048 / 64];

	if (!aia)
		return;
	/* from now on the other harts' IPIs go to the S file, held there */
	root_file_page(c->arch.hartid, 0);
	select_guest_file();
	s_write(IMSIC_EIDELIVERY, 0);
	for (w = 0; w < n; w++) {
		s_write(IMSIC_EIE0 + 2 * w, vs_read(IMSIC_EIE0 + 2 * w));
		pending[w] = vs_read(IMSIC_EIP0 + 2 * w);
		vs_write(IMSIC_EIE0 + 2 * w, 0);
		vs_write(IMSIC_EIP0 + 2 * w, 0);
	}
	s_write(IMSIC_EITHRESHOLD, vs_read(IMSIC_EITHRESHOLD));
	send_pending(riscv64_aia_file_page(c->arch.hartid, 0), pending, n);
	s_write(IMSIC_EIDELIVERY, vs_read(IMSIC_EIDELIVERY));
	vs_write(IMSIC_EIDELIVERY, 0);
	vs_write(IMSIC_EITHRESHOLD, 0);
}

void riscv64_aia_vcpu_reset(void)
{
	unsigned int w, n;

	if (!aia)
		return;
	n = id_words();
	select_guest_file();
	vs_write(IMSIC_EIDELIVERY, 0);
	vs_write(IMSIC_EITHRESHOLD, 0);
	for (w = 0; w < n; w++) {
		vs_write(IMSIC_EIE0 + 2 * w, 0);
		vs_write(IMSIC_EIP0 + 2 * w, 0);
	}
}

static u64 claim_s(void)
{
	u64 top;

	asm volatile("csrrw %0, " csr_str(CSR_STOPEI) ", zero"
		     : "=r"(top)
		     :
		     : "memory");
	return (top >> TOPEI_ID_SHIFT) & TOPEI_ID_MASK;
}

void riscv64_aia_external(struct per_cpu *c)
{
	unsigned int n;
	u64 id;

	for (n = 0; n < 2048; n++) {
		id = claim_s();
		if (!id)
			break;
		if (c->cell == &root_cell) {
			mmio_write(riscv64_aia_file_page(c->arch.hartid,
							 AIA_GUEST_FILE) +
					   IMSIC_SETEIPNUM_LE,
				   4, id);
			continue;
		}
		if (dropped_logged < AIA_LOG_MAX) {
			dropped_logged++;
			printk("hvisor: CPU %u (cell %u): identity %lu in the "
			       "hart's S file dropped\n",
			       c->cpu_id, c->cell->id, (unsigned long)id);
		}
	}
}

void riscv64_aia_raise_root_irq(void)
{
	if (aia && aia_root_irq)
		mmio_write(aia->aplic_base + APLIC_SETIPNUM, 4, aia_root_irq);
}
