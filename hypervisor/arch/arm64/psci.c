/* PSCI for the root cell: calls forwarded to firmware, CPU_ON/OFF kept under the hypervisor. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hv/vcpu.h>
#include <asm/gic.h>
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

/* Root CPUs leave through the firmware; CPU_ON brings them back via hv_cold_entry. */
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

u64 arch_cpu_power_on(unsigned int cpu)
{
	return psci_firmware_call(PSCI_CPU_ON_64,
				  per_cpu(cpu)->mpidr & MPIDR_AFF_MASK,
				  (u64)hv_cold_entry, cpu);
}

void arch_cpu_power_off(void)
{
	psci_firmware_call(PSCI_CPU_OFF, 0, 0, 0);
	panic_stop("PSCI CPU_OFF returned");
}

bool arch_cpu_is_off(unsigned int cpu)
{
	return psci_firmware_call(PSCI_AFFINITY_INFO_64,
				  per_cpu(cpu)->mpidr & MPIDR_AFF_MASK, 0,
				  0) == 1;
}

void hv_cell_restart_self(struct per_cpu *c, struct trap_frame *f);

/* PSCI as a cell sees it: its vCPUs only, system calls end the cell. */
static void cell_psci(struct per_cpu *c, struct trap_frame *f, u64 fn)
{
	struct cell *cell = c->cell;
	u64 v = f->x[1] & 0xff, ret = 0;
	struct per_cpu *t;

	switch (fn) {
	case PSCI_VERSION:
		ret = 0x10001; /* 1.1 */
		break;
	case PSCI_FEATURES:
		switch (f->x[1] & 0xffffffffUL) {
		case PSCI_VERSION:
		case PSCI_FEATURES:
		case PSCI_CPU_ON_64:
		case PSCI_CPU_OFF:
		case PSCI_AFFINITY_INFO_64:
		case PSCI_SYSTEM_OFF:
		case PSCI_SYSTEM_RESET:
			ret = 0;
			break;
		default:
			ret = PSCI_NOT_SUPPORTED;
		}
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2; /* no trusted OS */
		break;
	case PSCI_CPU_ON_64:
		if (v >= cell->num_vcpus || (f->x[1] & ~0xffUL)) {
			ret = PSCI_INVALID_PARAMS;
			break;
		}
		t = per_cpu(cell->vcpu_cpu[v]);
		if (t->vcpu_on || !arch_cpu_is_off(t->cpu_id)) {
			ret = (u64)-4; /* ALREADY_ON */
			break;
		}
		t->vcpu_entry = f->x[2];
		t->vcpu_context = f->x[3];
		t->vcpu_on = true;
		arch_dcache_clean(t, sizeof(*t));
		ret = arch_cpu_power_on(t->cpu_id);
		if (ret)
			t->vcpu_on = false;
		break;
	case PSCI_CPU_OFF:
		vcpu_stop_self(c);
		break;
	case PSCI_AFFINITY_INFO_64:
		if (v >= cell->num_vcpus || (f->x[1] & ~0xffUL))
			ret = PSCI_INVALID_PARAMS;
		else
			ret = per_cpu(cell->vcpu_cpu[v])->vcpu_on ? 0 : 1;
		break;
	case PSCI_SYSTEM_OFF:
		printk("hvisor: cell %u \"%s\" powered off\n", cell->id,
		       cell->config->name);
		cell->state = HVISOR_CELL_SHUT_DOWN;
		arch_raise_root_irq();
		vcpu_stop_cell(cell);
		vcpu_stop_self(c);
		break;
	case PSCI_SYSTEM_RESET:
		printk("hvisor: cell %u \"%s\" resets\n", cell->id,
		       cell->config->name);
		vcpu_stop_cell(cell);
		arch_cell_reset(cell);
		t = per_cpu(cell->vcpu_cpu[0]);
		memset(t->pending_irqs, 0, sizeof(t->pending_irqs));
		t->vcpu_entry = cell->config->entry;
		t->vcpu_context = 0;
		if (t == c) {
			hv_cell_restart_self(c, f);
			return;
		}
		t->vcpu_on = true;
		arch_dcache_clean(t, sizeof(*t));
		arch_cpu_power_on(t->cpu_id);
		vcpu_stop_self(c);
		break;
	case SMCCC_VERSION:
		ret = 0x10001;
		break;
	case SMCCC_ARCH_FEATURES:
		ret = PSCI_NOT_SUPPORTED;
		break;
	default:
		cell_fail("unknown SMC 0x%lx at PC 0x%lx", (unsigned long)fn,
			  (unsigned long)f->elr);
	}
	f->x[0] = ret;
}

void handle_smc(struct trap_frame *f)
{
	struct per_cpu *c = this_cpu();
	u64 fn = f->x[0] & 0xffffffffUL;

	if (c->cell != &root_cell) {
		cell_psci(c, f, fn);
		return;
	}

	switch (fn) {
	case PSCI_CPU_OFF:
		vcpu_stop_self(c); /* the same way out as a cell's vCPU */
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

static void enter_guest_at(struct trap_frame *f, u64 entry, u64 context)
{
	unsigned int n;

	for (n = 0; n < 31; n++)
		f->x[n] = 0;
	f->x[0] = context;
	f->elr = entry;
	f->spsr = SPSR_DAIF | SPSR_EL1H;
}

/* Restarts the calling vCPU (vCPU 0 after SYSTEM_RESET) at its entry. */
void hv_cell_restart_self(struct per_cpu *c, struct trap_frame *f)
{
	vgic_cpu_init(c);
	write_sysreg(sctlr_el1, 0x30d00800UL);
	write_sysreg(vbar_el1, 0);
	isb();
	enter_guest_at(f, c->vcpu_entry, c->vcpu_context);
}

/*
 * A CPU started by the hypervisor through PSCI: a root CPU coming back
 * (enter Linux's entry) or a vCPU of a cell (enter the guest).
 */
void hv_cpu_reentry(struct trap_frame *f, unsigned int cpu)
{
	struct per_cpu *c = per_cpu(cpu);

	arch_cpu_init(c, true);
	hv_cpu_set_online(c, true);
	if (c->cell == &root_cell)
		enter_guest_at(f, c->arch.linux_entry, c->arch.linux_context);
	else
		enter_guest_at(f, c->vcpu_entry, c->vcpu_context);
}
