/* PSCI for the root cell: calls forwarded to firmware, CPU_ON/OFF kept under the hypervisor. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <asm/processor.h>
#include <asm/sysregs.h>
#include <asm/traps.h>

#define PSCI_VERSION 0x84000000
#define PSCI_CPU_SUSPEND_64 0xc4000001
#define PSCI_CPU_OFF 0x84000002
#define PSCI_CPU_ON_64 0xc4000003
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

#define PSCI_NOT_SUPPORTED ((u64)-1)
#define PSCI_INVALID_PARAMS ((u64)-2)

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

/* A root CPU goes off: it leaves for real and comes back through hv_cold_entry. */
static void root_cpu_off(struct per_cpu *c)
{
	hv_cpu_set_online(c, false);
	arch_dcache_clean(c, sizeof(*c));
	psci_firmware_call(PSCI_CPU_OFF, 0, 0, 0);
	panic_stop("PSCI CPU_OFF returned");
}

static u64 root_cpu_on(u64 mpidr, u64 entry, u64 context)
{
	struct per_cpu *t = cpu_by_mpidr(mpidr);
	u64 ret;

	if (!t || t->cell != &root_cell)
		return PSCI_INVALID_PARAMS;
	if (t->online)
		return (u64)-4; /* ALREADY_ON */
	t->arch.linux_entry = entry;
	t->arch.linux_context = context;
	arch_dcache_clean(t, sizeof(*t));
	ret = psci_firmware_call(PSCI_CPU_ON_64, mpidr, (u64)hv_cold_entry,
				 t->cpu_id);
	return ret;
}

void handle_smc(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();
	u64 fn = f->x[0] & 0xffffffffUL;

	switch (fn) {
	case PSCI_CPU_OFF:
		root_cpu_off(c);
		break;
	case PSCI_CPU_ON_64:
		f->x[0] = root_cpu_on(f->x[1], f->x[2], f->x[3]);
		break;
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
	case SMCCC_ARCH_WORKAROUND_1:
	case SMCCC_ARCH_WORKAROUND_2:
	case SMCCC_ARCH_WORKAROUND_3:
		f->x[0] = psci_firmware_call(f->x[0], f->x[1], f->x[2],
					     f->x[3]);
		break;
	default:
		printk("hvisor: CPU %u: unknown SMC 0x%lx refused\n",
		       c->cpu_id, (unsigned long)fn);
		f->x[0] = PSCI_NOT_SUPPORTED;
		break;
	}
}

/* A root CPU started by root_cpu_on(): set it up and enter Linux's entry. */
void hv_cpu_reentry(struct trap_frame *f, unsigned int cpu)
{
	struct per_cpu *c = per_cpu(cpu);
	unsigned int n;

	arch_cpu_init(c, true);
	hv_cpu_set_online(c, true);
	for (n = 0; n < 31; n++)
		f->x[n] = 0;
	f->x[0] = c->arch.linux_context;
	f->elr = c->arch.linux_entry;
	f->spsr = SPSR_DAIF | SPSR_EL1H;
}
