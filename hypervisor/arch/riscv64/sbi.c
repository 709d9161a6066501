/* SBI calls of the root cell (VS-mode ecalls): the hvisor hypercalls, BASE with the hvisor probe, TIME by vstimecmp, IPI and RFENCE limited to root harts, HSM through the hypervisor, the rest forwarded or refused. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
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

/* The CPU whose hart is hart (known since it entered), or -1. */
static int cpu_of_hart(u64 hart)
{
	unsigned int cpu;

	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if (per_cpu(cpu)->arch.hart_known &&
		    per_cpu(cpu)->arch.hartid == hart)
			return cpu;
	return -1;
}

/* A root CPU: under the hypervisor, or known to have left it. */
static bool root_cpu(int cpu)
{
	return cpu >= 0 && per_cpu(cpu)->cell == &root_cell;
}

/*
 * The harts of an SBI hart mask of the root, split: the caller's own
 * (*self), the others under the hypervisor (*in), and the root's harts
 * outside it (*out): while enabling and disabling Linux runs in HS mode
 * on some harts, which the hypervisor may not even know yet; those get
 * the call as the firmware would. Harts of other cells are left out.
 * Masks of physical harts below 64, base 0. false: a hart >= 64, or base
 * -1 (all harts) while some root CPU is outside the hypervisor
 * (SBI_ERR_INVALID_PARAM; Linux names its harts).
 */
static bool split_harts(struct per_cpu *c, u64 mask, u64 base, u64 *in,
			u64 *out, bool *self)
{
	unsigned int cpu, bit;
	int t;

	*in = *out = 0;
	*self = false;
	if (base == ALL_HARTS) {
		for (cpu = 0; cpu < hv_num_cpus; cpu++) {
			if (!cell_owns_cpu(&root_cell, cpu))
				continue;
			if (!root_cpu(cpu) ||
			    !READ_ONCE(per_cpu(cpu)->entered) ||
			    per_cpu(cpu)->arch.hartid >= 64)
				return false;
			if (cpu == c->cpu_id)
				*self = true;
			else
				*in |= BIT(per_cpu(cpu)->arch.hartid);
		}
		return true;
	}
	for (bit = 0; bit < 64; bit++) {
		if (!(mask & BIT(bit)))
			continue;
		if (base + bit >= 64)
			return false;
		t = cpu_of_hart(base + bit);
		if (t == (int)c->cpu_id)
			*self = true;
		else if (t < 0)
			*out |= BIT(base + bit);
		else if (!root_cpu(t))
			continue; /* another cell's */
		else if (READ_ONCE(per_cpu(t)->entered))
			*in |= BIT(base + bit);
		else
			*out |= BIT(base + bit);
	}
	return true;
}

static struct sbiret forward(const struct trap_frame *f)
{
	return sbi_call6(f->x[17], f->x[16], &f->x[10]);
}

/*
 * Guest IPIs: VSSIP of the caller itself; for the others a flag and a
 * kick, which a hart outside the hypervisor takes as Linux's own IPI.
 */
static long send_ipi(struct per_cpu *c, u64 mask, u64 base)
{
	u64 in, out;
	unsigned int cpu;
	bool self;

	if (!split_harts(c, mask, base, &in, &out, &self))
		return SBI_ERR_INVALID_PARAM;
	if (self)
		csr_set(hvip, HVIP_VSSIP);
	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if (per_cpu(cpu)->arch.hart_known &&
		    per_cpu(cpu)->arch.hartid < 64 &&
		    (in & BIT(per_cpu(cpu)->arch.hartid)))
			__atomic_store_n(&per_cpu(cpu)->arch.guest_ipi, 1,
					 __ATOMIC_SEQ_CST);
	if (in | out)
		sbi_call(SBI_EXT_IPI, SBI_IPI_SEND, in | out, 0, 0);
	return SBI_SUCCESS;
}

/*
 * Remote fences. A guest's SFENCE_VMA(_ASID) flushes VS-stage entries on
 * the harts under the hypervisor, the caller's own included: forwarded as
 * HFENCE_VVMA(_ASID), which OpenSBI runs under the caller's VMID (a plain
 * SFENCE_VMA from M mode flushes HS entries only). Root harts outside the
 * hypervisor run Linux in HS mode and get the SFENCE_VMA itself. The
 * G-stage fences are the hypervisor's, not the guest's.
 */
static struct sbiret rfence(struct per_cpu *c, const struct trap_frame *f)
{
	u64 in, out, args[6] = { 0 };
	u64 fid = f->x[16];
	struct sbiret r = { SBI_SUCCESS, 0 };
	bool self;

	if (fid > SBI_RFENCE_SFENCE_VMA_ASID)
		return (struct sbiret){ SBI_ERR_NOT_SUPPORTED, 0 };
	if (!split_harts(c, f->x[10], f->x[11], &in, &out, &self))
		return (struct sbiret){ SBI_ERR_INVALID_PARAM, 0 };
	if (self)
		in |= BIT(c->arch.hartid);
	args[2] = f->x[12]; /* start */
	args[3] = f->x[13]; /* size */
	args[4] = f->x[14]; /* asid */
	if (fid == SBI_RFENCE_FENCE_I) {
		args[0] = in | out;
		return sbi_call6(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, args);
	}
	if (in) {
		args[0] = in;
		r = sbi_call6(SBI_EXT_RFENCE,
			      fid == SBI_RFENCE_SFENCE_VMA ?
				      SBI_RFENCE_HFENCE_VVMA :
				      SBI_RFENCE_HFENCE_VVMA_ASID,
			      args);
	}
	if (!r.error && out) {
		args[0] = out;
		r = sbi_call6(SBI_EXT_RFENCE, fid, args);
	}
	return r;
}

/*
 * HSM of the root: a started hart comes up in the hypervisor's cold entry
 * and enters Linux's start address in VS mode; a stopping one leaves
 * through the hypervisor (the arm64 CPU_OFF path). Non-retentive suspends
 * would resume in HS mode outside the hypervisor: refused.
 */
static struct sbiret hsm(struct per_cpu *c, const struct trap_frame *f)
{
	int cpu;
	long err;

	switch (f->x[16]) {
	case SBI_HSM_HART_START:
		cpu = cpu_of_hart(f->x[10]);
		if (!root_cpu(cpu))
			return (struct sbiret){ SBI_ERR_INVALID_PARAM, 0 };
		err = sbi_power_error(root_cpu_start(cpu, f->x[11], f->x[12]));
		return (struct sbiret){ err, 0 };
	case SBI_HSM_HART_STOP:
		vcpu_stop_self(c);
	case SBI_HSM_HART_STATUS:
		if (!root_cpu(cpu_of_hart(f->x[10])))
			return (struct sbiret){ SBI_ERR_INVALID_PARAM, 0 };
		return forward(f);
	case SBI_HSM_HART_SUSPEND:
		if (f->x[10] & SBI_HSM_SUSPEND_NON_RETENTIVE)
			return (struct sbiret){ SBI_ERR_NOT_SUPPORTED, 0 };
		return forward(f);
	}
	return (struct sbiret){ SBI_ERR_NOT_SUPPORTED, 0 };
}

static void set_timer(struct per_cpu *c, u64 when)
{
	(void)c;
	csr_write(CSR_VSTIMECMP, when);
}

/* hvisor hypercalls: only the root's kernel (VS supervisor) may make them. */
static void hvisor_call(struct per_cpu *c, struct trap_frame *f)
{
	u64 args[3] = { f->x[10], f->x[11], f->x[12] };

	c->exits[HVISOR_EXIT_HYPERCALL]++;
	if (!(f->hstatus & HSTATUS_SPVP)) {
		printk("hvisor: CPU %u: hypercall %lu from outside the root "
		       "kernel refused\n",
		       c->cpu_id, (unsigned long)f->x[16]);
		f->x[10] = -EPERM;
		return;
	}
	f->x[10] = hypercall(c, f->x[16], args);
	f->x[11] = args[0];
}

static void log_unknown(struct per_cpu *c, u64 eid, u64 fid)
{
	static u64 last_eid = ~0UL;

	if (eid == READ_ONCE(last_eid))
		return;
	WRITE_ONCE(last_eid, eid);
	printk("hvisor: CPU %u: SBI extension 0x%lx (function %lu) not "
	       "supported\n",
	       c->cpu_id, (unsigned long)eid, (unsigned long)fid);
}

void riscv64_handle_sbi(struct per_cpu *c, struct trap_frame *f)
{
	u64 eid = f->x[17], fid = f->x[16];
	struct sbiret r = { SBI_ERR_NOT_SUPPORTED, 0 };

	if (c->cell != &root_cell) {
		riscv64_cell_sbi(c, f);
		return;
	}
	if (eid == HVISOR_SBI_EXT) {
		hvisor_call(c, f);
		return;
	}
	c->exits[HVISOR_EXIT_FIRMWARE]++;
	switch (eid) {
	case SBI_EXT_BASE:
		if (fid == SBI_BASE_PROBE_EXT && f->x[10] == HVISOR_SBI_EXT)
			r = (struct sbiret){ 0, HVISOR_SBI_PROBE_ANSWER };
		else
			r = forward(f);
		break;
	case SBI_EXT_TIME:
		if (fid == 0) {
			set_timer(c, f->x[10]);
			r.error = SBI_SUCCESS;
		}
		break;
	case SBI_EXT_IPI:
		if (fid == SBI_IPI_SEND)
			r.error = send_ipi(c, f->x[10], f->x[11]);
		break;
	case SBI_EXT_RFENCE:
		r = rfence(c, f);
		break;
	case SBI_EXT_HSM:
		r = hsm(c, f);
		break;
	case SBI_EXT_SRST:
	case SBI_EXT_PMU:
		r = forward(f);
		break;
	case SBI_LEGACY_SET_TIMER:
		set_timer(c, f->x[10]);
		f->x[10] = 0;
		return;
	case SBI_LEGACY_PUTCHAR:
	case SBI_LEGACY_GETCHAR:
		/* legacy calls return one value, in a0 */
		f->x[10] = forward(f).error;
		return;
	default:
		log_unknown(c, eid, fid);
		if (eid <= SBI_LEGACY_LAST) {
			/* the others take a pointer to a hart mask (a VS VA) */
			f->x[10] = SBI_ERR_NOT_SUPPORTED;
			return;
		}
		break;
	}
	f->x[10] = r.error;
	f->x[11] = r.value;
}
