/* PSCI and SMCCC: decoded into core power calls for cells and root CPUs, the rest forwarded to firmware. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <asm/cpu.h>
#include <asm/gic.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define PSCI_VERSION 0x84000000
#define PSCI_CPU_SUSPEND_32 0x84000001
#define PSCI_CPU_SUSPEND_64 0xc4000001
#define PSCI_CPU_OFF 0x84000002
#define PSCI_CPU_ON_32 0x84000003
#define PSCI_CPU_ON_64 0xc4000003
#define PSCI_AFFINITY_INFO_32 0x84000004
#define PSCI_AFFINITY_INFO_64 0xc4000004
#define PSCI_MIGRATE_INFO_TYPE 0x84000006
#define PSCI_SYSTEM_OFF 0x84000008
#define PSCI_SYSTEM_RESET 0x84000009
#define PSCI_FEATURES 0x8400000a
#define SMCCC_VERSION 0x80000000
#define SMCCC_ARCH_FEATURES 0x80000001
#define SMCCC_ARCH_WORKAROUND_1 0x80008000
#define SMCCC_ARCH_WORKAROUND_2 0x80007fff
#define SMCCC_ARCH_WORKAROUND_3 0x80003fff

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED ((u64)-1)
#define PSCI_INVALID_PARAMS ((u64)-2)
#define PSCI_DENIED ((u64)-3)
#define PSCI_ALREADY_ON ((u64)-4)
#define PSCI_ON_PENDING ((u64)-5)
#define PSCI_INTERNAL_FAILURE ((u64)-6)

extern u8 hv_cold_entry[];

u64 psci_firmware_call(u64 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

/* PSCI return code of a core power result. */
static u64 psci_result(enum vcpu_power r)
{
	switch (r) {
	case VCPU_POWER_OK:
		return PSCI_SUCCESS;
	case VCPU_POWER_INVALID:
		return PSCI_INVALID_PARAMS;
	case VCPU_POWER_ALREADY_ON:
		return PSCI_ALREADY_ON;
	case VCPU_POWER_DENIED:
		return PSCI_DENIED;
	default:
		return PSCI_INTERNAL_FAILURE;
	}
}

int arch_cpu_power_on(unsigned int cpu)
{
	u64 ret = psci_firmware_call(PSCI_CPU_ON_64,
				     per_cpu(cpu)->hwid & MPIDR_AFF_MASK,
				     (u64)hv_cold_entry, cpu);

	switch (ret) {
	case PSCI_SUCCESS:
		return 0;
	case PSCI_ALREADY_ON:
	case PSCI_ON_PENDING:
		return -EBUSY;
	case PSCI_INVALID_PARAMS:
		return -EINVAL;
	default:
		return -EIO;
	}
}

void arch_cpu_power_off(void)
{
	if (this_cpu()->cell != &root_cell)
		arm64_pmu_reset(); /* the root gets the CPU back without them */
	psci_firmware_call(PSCI_CPU_OFF, 0, 0, 0);
	panic_stop("PSCI CPU_OFF returned");
}

bool arch_cpu_is_off(unsigned int cpu)
{
	return psci_firmware_call(PSCI_AFFINITY_INFO_64,
				  per_cpu(cpu)->hwid & MPIDR_AFF_MASK, 0,
				  0) == 1;
}

/* AFFINITY_INFO's answer: ON, OFF or ON_PENDING (a vCPU going off is ON). */
static u64 psci_affinity(enum vcpu_affinity a)
{
	switch (a) {
	case VCPU_AFFINITY_OFF:
		return 1;
	case VCPU_AFFINITY_ON_PENDING:
		return 2;
	default:
		return 0;
	}
}

/* A cell's vCPUs have MPIDR Aff0 = vCPU index and Aff1-3 = 0. */
static bool vcpu_of_mpidr(const struct cell *cell, u64 mpidr, unsigned int *v)
{
	if (mpidr & ~0xffUL || (mpidr & 0xff) >= cell->num_vcpus)
		return false;
	*v = mpidr & 0xff;
	return true;
}

/* Whether a cell's PSCI/SMCCC implementation has fn (PSCI_FEATURES). */
static bool cell_has_function(u32 fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
		return true;
	default:
		return false;
	}
}

/* Logs an unknown firmware call of the cell, once per function ID. */
static void log_unknown(struct per_cpu *c, const char *conduit, u32 fn, u64 pc)
{
	struct arch_cell *a = &c->cell->arch;
	unsigned int n;

	for (n = 0; n < a->num_unknown_fw_ids; n++)
		if (a->unknown_fw_ids[n] == fn)
			return;
	if (a->num_unknown_fw_ids == ARRAY_SIZE(a->unknown_fw_ids))
		return; /* enough said: the first few are logged */
	a->unknown_fw_ids[a->num_unknown_fw_ids++] = fn;
	printk("hvisor: cell %u vCPU %u: unknown %s function 0x%x at PC "
	       "0x%lx: NOT_SUPPORTED (logged once)\n",
	       c->cell->id, c->vcpu.id, conduit, fn, (unsigned long)pc);
}

/*
 * CPU_SUSPEND (and CPU_DEFAULT_SUSPEND) of a cell's vCPU: a wait for an
 * interrupt, whatever power state was asked (the context is always kept,
 * which PSCI allows: the call returns SUCCESS, as from a standby state).
 * The CPU sleeps at EL2 until a physical interrupt (the guest's timer, a
 * kick for a virtual interrupt or a stop request) or a bounded time.
 */
#define SUSPEND_MAX_MS 100

static void cell_cpu_suspend(struct per_cpu *c)
{
	vcpu_handle_requests(c);
	if (!vgic_vcpu_pending(&c->vcpu))
		arch_vcpu_sleep(&c->vcpu, arch_time_ms() + SUSPEND_MAX_MS);
}

/*
 * PSCI as a cell sees it: its vCPUs only, system calls end the cell. fn
 * is the 32-bit function ID; the arguments of an SMC32 call are 32 bits.
 * Anything else answers NOT_SUPPORTED: an unknown call never fails the
 * cell (SMCCC: unknown function IDs return -1).
 */
static void cell_psci(struct per_cpu *c, struct trap_frame *f, u32 fn,
		      const char *conduit)
{
	struct cell *cell = c->cell;
	bool smc64 = fn & BIT(30);
	u64 a1 = f->x[1], a2 = f->x[2], a3 = f->x[3];
	unsigned int v;
	u64 ret = 0;

	if (!smc64) {
		a1 &= 0xffffffffUL;
		a2 &= 0xffffffffUL;
		a3 &= 0xffffffffUL;
	}
	switch (fn) {
	case PSCI_VERSION:
		ret = 0x10001; /* 1.1 */
		break;
	case PSCI_FEATURES:
		/* CPU_SUSPEND: original power_state format, no OS-initiated mode */
		ret = cell_has_function(a1 & 0xffffffffUL) && !(a1 >> 32) ?
			      PSCI_SUCCESS :
			      PSCI_NOT_SUPPORTED;
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2; /* no trusted OS: MIGRATE and MIGRATE_INFO_UP_CPU absent */
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		cell_cpu_suspend(c);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		if (!vcpu_of_mpidr(cell, a1, &v))
			ret = PSCI_INVALID_PARAMS;
		else
			ret = psci_result(vcpu_start(cell, v, a2, a3));
		break;
	case PSCI_CPU_OFF:
		vcpu_stop_self(c);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		/* lowest affinity level only: our vCPUs have Aff1-3 = 0 */
		if (a2 || !vcpu_of_mpidr(cell, a1, &v))
			ret = PSCI_INVALID_PARAMS;
		else
			ret = psci_affinity(vcpu_affinity(cell, v));
		break;
	case PSCI_SYSTEM_OFF:
		cell_power_off(c);
		break;
	case PSCI_SYSTEM_RESET:
		cell_reset(c); /* returns only on vCPU 0, reset in place */
		return;
	case SMCCC_VERSION:
		ret = 0x10001;
		break;
	case SMCCC_ARCH_FEATURES:
		/* the workarounds are the root's firmware's, not offered here */
		ret = (u32)a1 == SMCCC_VERSION ||
				      (u32)a1 == SMCCC_ARCH_FEATURES ?
			      PSCI_SUCCESS :
			      PSCI_NOT_SUPPORTED;
		break;
	default:
		/*
		 * CPU_FREEZE, SYSTEM_SUSPEND, MIGRATE, SYSTEM_RESET2, the
		 * statistics and every other call: not implemented for cells.
		 */
		log_unknown(c, conduit, fn, f->elr - 4);
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	f->x[0] = ret;
}

/* A cell's firmware call (SMC, or HVC #0 as the SMCCC conduit). */
void cell_firmware_call(struct per_cpu *c, struct trap_frame *f,
			const char *conduit)
{
	cell_psci(c, f, f->x[0] & 0xffffffffUL, conduit);
}

/*
 * power_state's StateType: bit 16 in the original format, bit 30 in the
 * extended StateID format (PSCI_FEATURES(CPU_SUSPEND) bit 1 says which the
 * firmware uses; asked once).
 */
static bool psci_powerdown(u64 power_state)
{
	static int extended = -1;

	if (extended < 0)
		extended = (psci_firmware_call(PSCI_FEATURES,
					       PSCI_CPU_SUSPEND_64, 0, 0) &
			    (BIT(31) | BIT(1))) == BIT(1);
	return power_state & (extended ? BIT(30) : BIT(16));
}

/*
 * The root's CPU_SUSPEND. A standby state returns with the context kept:
 * forwarded as it is. A power-down state resumes at the entry point given
 * to the firmware, at EL2 with EL2 reset: that entry is the hypervisor's
 * cold entry (context: the CPU id), which sets EL2 up again and enters
 * the root's entry with its context (core/power.c). If the firmware
 * returns instead (a wake-up came first, or it refused), the root simply
 * goes on after its call.
 */
static u64 root_cpu_suspend_call(struct per_cpu *c, struct trap_frame *f)
{
	u64 fn = f->x[0] & 0xffffffffUL, state = f->x[1];

	if (!psci_powerdown(state))
		return psci_firmware_call(fn, state, f->x[2], f->x[3]);
	root_cpu_suspend(c, f->x[2], f->x[3]);
	return psci_firmware_call(fn, state, (u64)hv_cold_entry, c->cpu_id);
}

/* The root's CPU_ON: the CPU comes up in the hypervisor's cold entry. */
static u64 root_cpu_on(u64 mpidr, u64 entry, u64 context)
{
	struct per_cpu *t = arm64_cpu_by_mpidr(mpidr);

	if (!t)
		return PSCI_INVALID_PARAMS;
	return psci_result(root_cpu_start(t->cpu_id, entry, context));
}

void handle_smc(struct per_cpu *c, struct trap_frame *f)
{
	u64 fn = f->x[0] & 0xffffffffUL;

	if (c->cell != &root_cell) {
		cell_firmware_call(c, f, "SMC");
		return;
	}

	switch (fn) {
	case PSCI_CPU_OFF:
		vcpu_stop_self(c); /* the same way out as a cell's vCPU */
		break;
	case PSCI_CPU_ON_64:
		f->x[0] = root_cpu_on(f->x[1], f->x[2], f->x[3]);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		f->x[0] = root_cpu_suspend_call(c, f);
		break;
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
	case SMCCC_ARCH_WORKAROUND_1:
	case SMCCC_ARCH_WORKAROUND_2:
	case SMCCC_ARCH_WORKAROUND_3:
		f->x[0] =
			psci_firmware_call(f->x[0], f->x[1], f->x[2], f->x[3]);
		break;
	default:
		printk("hvisor: CPU %u: unknown SMC 0x%lx refused\n", c->cpu_id,
		       (unsigned long)fn);
		f->x[0] = PSCI_NOT_SUPPORTED;
		break;
	}
}
