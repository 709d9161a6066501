/* SBI as a cell other than the root sees it: BASE, TIME, IPI, RFENCE and HSM on its own virtual harts (hart n = vCPU n), SRST of the cell, the legacy console, the hvisor doorbell; NOT_SUPPORTED for the rest. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <asm/csr.h>
#include <asm/hvisor_call.h>
#include <asm/processor.h>
#include <asm/riscv64.h>
#include <asm/sbi.h>
#include <asm/sbi_power.h>

#define ALL_HARTS (~0UL) /* hart_mask_base -1: every hart */
#define SBI_SPEC_1_0 0x01000000UL
/* no registered SBI implementation ID: "HV", as the hvisor extension */
#define SBI_IMPL_HVISOR 0x4856
#define SBI_IMPL_VERSION 1
#define SUSPEND_MAX_MS 100
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_WARM_REBOOT 2
#define SBI_HSM_SUSPEND_RET_DEFAULT 0
#define SBI_HSM_SUSPEND_RET_PLATFORM 0x10000000UL

static struct sbiret ret(long error, long value)
{
	return (struct sbiret){ error, value };
}

/*
 * The vCPUs of a hart mask (virtual hart ids = vCPU indices) in *vcpus;
 * false if one names a hart the cell does not have (the call then does
 * nothing: SBI_ERR_INVALID_PARAM).
 */
static bool cell_harts(const struct cell *cell, u64 mask, u64 base, u64 *vcpus)
{
	unsigned int bit;

	*vcpus = 0;
	if (base == ALL_HARTS) {
		*vcpus = cell->num_vcpus >= 64 ? ~0UL :
						 BIT(cell->num_vcpus) - 1;
		return true;
	}
	for (bit = 0; bit < 64; bit++) {
		if (!(mask & BIT(bit)))
			continue;
		if (base + bit < base || base + bit >= cell->num_vcpus)
			return false;
		*vcpus |= BIT(base + bit);
	}
	return true;
}

/* Physical harts of the running vCPUs in vcpus, the caller's own left out. */
static u64 running_harts(struct per_cpu *c, u64 vcpus)
{
	struct cell *cell = c->cell;
	struct per_cpu *t;
	unsigned int v;
	u64 harts = 0;

	for (v = 0; v < cell->num_vcpus; v++) {
		if (!(vcpus & BIT(v)) || v == c->vcpu.id)
			continue;
		t = per_cpu(cell->vcpu_cpu[v]);
		if (READ_ONCE(t->vcpu.on) && t->arch.hartid < 64)
			harts |= BIT(t->arch.hartid);
	}
	return harts;
}

static struct sbiret send_ipi(struct per_cpu *c, u64 mask, u64 base)
{
	struct cell *cell = c->cell;
	struct per_cpu *t;
	unsigned int v;
	u64 vcpus;

	if (!cell_harts(cell, mask, base, &vcpus))
		return ret(SBI_ERR_INVALID_PARAM, 0);
	for (v = 0; v < cell->num_vcpus; v++) {
		if (!(vcpus & BIT(v)))
			continue;
		if (v == c->vcpu.id) {
			csr_set(hvip, HVIP_VSSIP);
			continue;
		}
		t = per_cpu(cell->vcpu_cpu[v]);
		if (!READ_ONCE(t->vcpu.on))
			continue; /* a stopped hart starts without it */
		__atomic_store_n(&t->arch.guest_ipi, 1, __ATOMIC_SEQ_CST);
		arch_kick_cpu(t->cpu_id);
	}
	return ret(SBI_SUCCESS, 0);
}

/*
 * Remote fences on the cell's harts: the caller's locally, the others'
 * through the firmware, VS-stage fences as HFENCE_VVMA(_ASID), which
 * each target runs under its hgatp, the cell's VMID. A vCPU that is off
 * flushes everything when it starts (arch_vcpu_reset).
 */
static struct sbiret rfence(struct per_cpu *c, const struct trap_frame *f)
{
	u64 fid = f->x[16], vcpus, args[6] = { 0 };
	bool self;

	if (fid > SBI_RFENCE_SFENCE_VMA_ASID)
		return ret(SBI_ERR_NOT_SUPPORTED, 0);
	if (!cell_harts(c->cell, f->x[10], f->x[11], &vcpus))
		return ret(SBI_ERR_INVALID_PARAM, 0);
	self = vcpus & BIT(c->vcpu.id);
	args[0] = running_harts(c, vcpus);
	args[2] = f->x[12]; /* start */
	args[3] = f->x[13]; /* size */
	args[4] = f->x[14]; /* asid */
	if (fid == SBI_RFENCE_FENCE_I) {
		if (self)
			asm volatile("fence.i" ::: "memory");
		if (args[0])
			return sbi_call6(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I,
					 args);
		return ret(SBI_SUCCESS, 0);
	}
	if (self)
		hfence_vvma_all();
	if (!args[0])
		return ret(SBI_SUCCESS, 0);
	return sbi_call6(SBI_EXT_RFENCE,
			 fid == SBI_RFENCE_SFENCE_VMA ?
				 SBI_RFENCE_HFENCE_VVMA :
				 SBI_RFENCE_HFENCE_VVMA_ASID,
			 args);
}

static long hart_state(enum vcpu_affinity a)
{
	switch (a) {
	case VCPU_AFFINITY_ON:
		return SBI_HSM_STARTED;
	case VCPU_AFFINITY_OFF:
		return SBI_HSM_STOPPED;
	case VCPU_AFFINITY_ON_PENDING:
		return SBI_HSM_START_PENDING;
	default:
		return SBI_HSM_STOP_PENDING;
	}
}

/*
 * A retentive suspend: a wait for an interrupt at HS (a kick, a physical
 * source, the bound), unless one is pending for the guest already; the
 * guest's own interrupts wake the hart too (hie.VSTIE is its vsie.STIE;
 * under AIA an MSI to its guest file).
 */
static void suspend(struct per_cpu *c)
{
	vcpu_handle_requests(c);
	if (!(csr_read(hvip) & (HVIP_VSSIP | HVIP_VSEIP)))
		riscv64_guest_suspend(c, arch_time_ms() + SUSPEND_MAX_MS);
}

/* suspend_type is 32 bits: retentive below bit 31, reserved ranges. */
static struct sbiret hart_suspend(struct per_cpu *c, u64 type)
{
	bool retentive = !(type & SBI_HSM_SUSPEND_NON_RETENTIVE);
	u64 kind = type & ~SBI_HSM_SUSPEND_NON_RETENTIVE;

	if (kind != SBI_HSM_SUSPEND_RET_DEFAULT &&
	    kind < SBI_HSM_SUSPEND_RET_PLATFORM)
		return ret(SBI_ERR_INVALID_PARAM, 0);
	if (!retentive) /* resumes at an address: not offered */
		return ret(SBI_ERR_NOT_SUPPORTED, 0);
	suspend(c);
	return ret(SBI_SUCCESS, 0);
}

static struct sbiret hsm(struct per_cpu *c, const struct trap_frame *f)
{
	struct cell *cell = c->cell;
	u64 hart = f->x[10];
	enum vcpu_power r;

	switch (f->x[16]) {
	case SBI_HSM_HART_START:
		if (hart >= cell->num_vcpus)
			return ret(SBI_ERR_INVALID_PARAM, 0);
		r = vcpu_start(cell, hart, f->x[11], f->x[12]);
		return ret(sbi_power_error(r), 0);
	case SBI_HSM_HART_STOP:
		vcpu_stop_self(c);
	case SBI_HSM_HART_STATUS:
		if (hart >= cell->num_vcpus)
			return ret(SBI_ERR_INVALID_PARAM, 0);
		return ret(SBI_SUCCESS, hart_state(vcpu_affinity(cell, hart)));
	case SBI_HSM_HART_SUSPEND:
		return hart_suspend(c, f->x[10] & 0xffffffffUL);
	}
	return ret(SBI_ERR_NOT_SUPPORTED, 0);
}

static bool has_extension(u64 eid)
{
	switch (eid) {
	case SBI_EXT_BASE:
	case SBI_EXT_TIME:
	case SBI_EXT_IPI:
	case SBI_EXT_RFENCE:
	case SBI_EXT_HSM:
	case SBI_EXT_SRST:
	case HVISOR_SBI_EXT:
	case SBI_LEGACY_SET_TIMER:
	case SBI_LEGACY_PUTCHAR:
	case SBI_LEGACY_GETCHAR:
		return true;
	default:
		return false;
	}
}

static struct sbiret base(const struct trap_frame *f)
{
	switch (f->x[16]) {
	case 0: /* get_spec_version */
		return ret(SBI_SUCCESS, SBI_SPEC_1_0);
	case 1: /* get_impl_id */
		return ret(SBI_SUCCESS, SBI_IMPL_HVISOR);
	case 2: /* get_impl_version */
		return ret(SBI_SUCCESS, SBI_IMPL_VERSION);
	case SBI_BASE_PROBE_EXT:
		if (f->x[10] == HVISOR_SBI_EXT)
			return ret(SBI_SUCCESS, HVISOR_SBI_PROBE_ANSWER);
		return ret(SBI_SUCCESS, has_extension(f->x[10]));
	case 4: /* mvendorid, marchid, mimpid: the hardware's */
	case 5:
	case 6:
		return sbi_call(SBI_EXT_BASE, f->x[16], 0, 0, 0);
	}
	return ret(SBI_ERR_NOT_SUPPORTED, 0);
}

/* Logs an unknown call of the cell, once per extension and function. */
static void log_unknown(struct per_cpu *c, u64 eid, u64 fid, u64 pc)
{
	struct arch_cell *a = &c->cell->arch;
	u64 key = (eid << 32) | (fid & 0xffffffffUL);
	unsigned int n;

	for (n = 0; n < a->num_unknown_sbi; n++)
		if (a->unknown_sbi[n] == key)
			return;
	if (a->num_unknown_sbi == ARRAY_SIZE(a->unknown_sbi))
		return; /* enough said: the first few are logged */
	a->unknown_sbi[a->num_unknown_sbi++] = key;
	printk("hvisor: cell %u vCPU %u: unknown SBI call: extension 0x%lx "
	       "function %lu at PC 0x%lx: NOT_SUPPORTED (logged once)\n",
	       c->cell->id, c->vcpu.id, (unsigned long)eid, (unsigned long)fid,
	       (unsigned long)pc);
}

static void hvisor_call(struct per_cpu *c, struct trap_frame *f)
{
	u64 args[3] = { f->x[10], f->x[11], f->x[12] };

	c->exits[HVISOR_EXIT_HYPERCALL]++;
	f->x[10] = guest_hypercall(c, f->x[16], args);
}

/* System reset: of the cell only. false: a0/a1 are the call's result. */
static bool srst(struct per_cpu *c, struct trap_frame *f, struct sbiret *r)
{
	u64 type = f->x[10] & 0xffffffffUL;

	*r = ret(SBI_ERR_NOT_SUPPORTED, 0);
	if (f->x[16] != 0)
		return false;
	switch (type) {
	case SBI_SRST_SHUTDOWN:
		cell_power_off(c);
	case SBI_SRST_COLD_REBOOT:
	case SBI_SRST_WARM_REBOOT:
		cell_reset(c); /* returns only on vCPU 0, reset in place */
		return true;
	}
	*r = ret(SBI_ERR_INVALID_PARAM, 0);
	return false;
}

void riscv64_cell_sbi(struct per_cpu *c, struct trap_frame *f)
{
	u64 eid = f->x[17], fid = f->x[16];
	struct sbiret r = { SBI_ERR_NOT_SUPPORTED, 0 };
	int ch;

	if (eid == HVISOR_SBI_EXT) {
		hvisor_call(c, f);
		return;
	}
	c->exits[HVISOR_EXIT_FIRMWARE]++;
	switch (eid) {
	case SBI_EXT_BASE:
		r = base(f);
		break;
	case SBI_EXT_TIME:
		if (fid == 0) {
			csr_write(CSR_VSTIMECMP, f->x[10]);
			r = ret(SBI_SUCCESS, 0);
		}
		break;
	case SBI_EXT_IPI:
		if (fid == SBI_IPI_SEND)
			r = send_ipi(c, f->x[10], f->x[11]);
		break;
	case SBI_EXT_RFENCE:
		r = rfence(c, f);
		break;
	case SBI_EXT_HSM:
		r = hsm(c, f);
		break;
	case SBI_EXT_SRST:
		if (srst(c, f, &r))
			return;
		break;
	case SBI_LEGACY_SET_TIMER:
		csr_write(CSR_VSTIMECMP, f->x[10]);
		f->x[10] = 0;
		return;
	case SBI_LEGACY_PUTCHAR:
		console_putc(c->cell, (char)f->x[10]);
		f->x[10] = 0;
		return;
	case SBI_LEGACY_GETCHAR:
		ch = console_getc(c->cell);
		f->x[10] = ch < 0 ? -1UL : (u64)ch;
		return;
	default:
		if (eid <= SBI_LEGACY_LAST) {
			/* legacy calls return one value, in a0 */
			log_unknown(c, eid, fid, f->sepc - 4);
			f->x[10] = SBI_ERR_NOT_SUPPORTED;
			return;
		}
		break;
	}
	if (r.error == SBI_ERR_NOT_SUPPORTED)
		log_unknown(c, eid, fid, f->sepc - 4);
	f->x[10] = r.error;
	f->x[11] = r.value;
}
