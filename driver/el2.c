/* EL2 detection, the Linux hyp stub calls and the hvisor hypercall helpers. */
#include "driver.h"

#include <linux/cpu.h>
#include <linux/errno.h>
#include <linux/ioport.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stringify.h>
#include <asm/kvm_host.h>
#include <asm/memory.h>
#include <asm/sysreg.h>
#include <asm/virt.h>

#include <asm/hvisor_call.h>

#define HYP_STUB_VECTORS_ALIGN 2048

struct el2_probe {
	u32 state;
	u32 current_el;
	u64 pfr0;
	u64 answer;
};

/*
 * hvc #0 to whatever owns EL2 (the Linux hyp stub, or the init vectors of
 * the hypervisor while it is entered). The stub is reached like a function
 * call, so assume it may clobber the caller-saved registers.
 */
static u64 stub_hvc(u64 a0, u64 a1, u64 a2)
{
	register u64 x0 asm("x0") = a0;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;

	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2)
		     :
		     : "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

/* Runs on each CPU: decide what owns EL2 there without ever faulting. */
static void probe_local(void *data)
{
	struct el2_probe *p = (struct el2_probe *)data + smp_processor_id();

	p->current_el = (read_sysreg(CurrentEL) >> 2) & 3;
	p->pfr0 = read_sysreg_s(SYS_ID_AA64PFR0_EL1);
	p->answer = 0;
	if (p->current_el == 2) {
		p->state = HVISOR_HYP_HOST;
	} else if (((p->pfr0 & ID_AA64PFR0_EL1_EL2_MASK) >>
		    ID_AA64PFR0_EL1_EL2_SHIFT) == 0) {
		/* no EL2: hvc would be an undefined instruction */
		p->state = HVISOR_HYP_ABSENT;
	} else {
		p->answer = stub_hvc(HVC_STUB_HCALL_NR, 0, 0);
		p->state = p->answer == HVC_STUB_ERR ? HVISOR_HYP_FREE :
						       HVISOR_HYP_FOREIGN;
	}
}

const char *hvisor_el2_describe(u32 state)
{
	switch (state) {
	case HVISOR_HYP_FREE:
		return "Linux hyp stub owns EL2 (usable)";
	case HVISOR_HYP_ABSENT:
		return "CPU has no EL2 (QEMU: virtualization=on needed)";
	case HVISOR_HYP_HOST:
		return "Linux runs at EL2 (VHE): boot with id_aa64mmfr1.vh=0 or a non-VHE kernel";
	case HVISOR_HYP_FOREIGN:
		return "EL2 is held by another hypervisor (KVM? boot with kvm-arm.mode=none)";
	case HVISOR_HYP_HVISOR:
		return "hvisor runs at EL2 (enabled)";
	}
	return "unknown";
}

typedef unsigned long (*kallsyms_lookup_name_t)(const char *name);
typedef enum kvm_mode (*kvm_get_mode_t)(void);

/* kallsyms_lookup_name is not exported: its address comes from a kprobe. */
static unsigned long lookup_symbol(const char *name)
{
	static kallsyms_lookup_name_t lookup;
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	int ret;

	if (!lookup) {
		ret = register_kprobe(&kp);
		if (ret < 0) {
			pr_err("cannot resolve kallsyms_lookup_name with a kprobe (%d)\n",
			       ret);
			return 0;
		}
		lookup = (kallsyms_lookup_name_t)kp.addr;
		unregister_kprobe(&kp);
	}
	return lookup ? lookup(name) : 0;
}

/*
 * An initialised KVM hands EL2 back to the stub while no VM runs, so the
 * stub answers, but it takes EL2 again (hvc #0) as soon as a VM starts.
 */
static int check_kvm(void)
{
	kvm_get_mode_t get_mode = (kvm_get_mode_t)lookup_symbol("kvm_get_mode");

	if (!get_mode || get_mode() == KVM_MODE_NONE)
		return 0;
	hvisor.hyp_state = HVISOR_HYP_FOREIGN;
	pr_err("KVM is enabled and takes EL2 whenever a VM runs: %s\n",
	       hvisor_el2_describe(HVISOR_HYP_FOREIGN));
	return -ENODEV;
}

/* Physical address of __hyp_stub_vectors, needed to give EL2 back. */
static int find_stub_vectors(void)
{
	unsigned long va = lookup_symbol("__hyp_stub_vectors");
	phys_addr_t pa;

	if (!va) {
		pr_err("symbol __hyp_stub_vectors not found: EL2 could not be given back to Linux\n");
		return -ENODEV;
	}
	if (!IS_ALIGNED(va, HYP_STUB_VECTORS_ALIGN) || __is_lm_address(va)) {
		pr_err("__hyp_stub_vectors at %px is not a 2 KiB-aligned kernel image address\n",
		       (void *)va);
		return -ENODEV;
	}
	/* a kernel image address: PA = VA - kimage_voffset */
	pa = __pa_symbol(va);
	if (region_intersects(pa, HYP_STUB_VECTORS_ALIGN, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_INTERSECTS) {
		pr_err("__hyp_stub_vectors PA %pa is not in System RAM\n", &pa);
		return -ENODEV;
	}
	hvisor.stub_vectors = pa;
	return 0;
}

/* Probes every online CPU; all must have a usable hyp stub. */
int hvisor_el2_detect(void)
{
	struct el2_probe *probes;
	int cpu, first = -1, ret;

	probes = kcalloc(nr_cpu_ids, sizeof(*probes), GFP_KERNEL);
	if (!probes)
		return -ENOMEM;

	cpus_read_lock();
	on_each_cpu(probe_local, probes, 1);
	for_each_online_cpu(cpu) {
		if (first < 0 || (probes[first].state == HVISOR_HYP_FREE &&
				  probes[cpu].state != HVISOR_HYP_FREE))
			first = cpu;
	}
	cpus_read_unlock();

	hvisor.hyp_state = probes[first].state;
	hvisor.current_el = probes[first].current_el;
	hvisor.id_aa64pfr0 = probes[first].pfr0;
	hvisor.stub_answer = probes[first].answer;
	kfree(probes);

	if (hvisor.hyp_state != HVISOR_HYP_FREE) {
		pr_err("EL2 unusable on CPU %d: %s (CurrentEL=EL%u, ID_AA64PFR0_EL1=0x%llx, hvc answer 0x%llx)\n",
		       first, hvisor_el2_describe(hvisor.hyp_state),
		       hvisor.current_el, hvisor.id_aa64pfr0,
		       hvisor.stub_answer);
		return -ENODEV;
	}
	ret = check_kvm();
	return ret ? ret : find_stub_vectors();
}

/*
 * On this CPU: point the stub at the hypervisor's init vectors, then enter.
 * Returns 0 (this CPU now runs under hvisor) or -errno (stub vectors back).
 */
long hvisor_enter_local(phys_addr_t entry)
{
	u64 ret;

	ret = stub_hvc(HVC_SET_VECTORS, entry, 0);
	if (ret) {
		pr_err("CPU %d: hyp stub refused HVC_SET_VECTORS (0x%llx)\n",
		       smp_processor_id(), ret);
		return -EIO;
	}
	return (long)stub_hvc(HVISOR_ENTER_MAGIC, hvisor.stub_vectors,
			      smp_processor_id());
}

/*
 * One hypercall on this CPU. Never issued on a CPU that is not under hvisor:
 * the stub would take the code for one of its own calls.
 */
void hvisor_hc_local(struct hvisor_hc *hc)
{
	register u64 x0 asm("x0") = hc->code;
	register u64 x1 asm("x1") = hc->x1;
	register u64 x2 asm("x2") = hc->x2;
	register u64 x3 asm("x3") = hc->x3;

	if (WARN_ON_ONCE(!cpumask_test_cpu(smp_processor_id(), &hvisor.cpus))) {
		hc->ret = -ENODEV;
		return;
	}
	asm volatile("hvc #" __stringify(HVISOR_HVC_IMM)
		     : "+r"(x0), "+r"(x1)
		     : "r"(x2), "r"(x3)
		     : "memory");
	hc->ret = (long)x0;
	hc->x1 = x1;
}

static void hc_ipi(void *data)
{
	hvisor_hc_local(data);
}

/* Hypercall on a given CPU. */
long hvisor_hc_on(int cpu, struct hvisor_hc *hc)
{
	int ret = smp_call_function_single(cpu, hc_ipi, hc, 1);

	return ret ? ret : hc->ret;
}

/* Hypercall on any CPU under hvisor, the current one if it is. */
long hvisor_hc_any(struct hvisor_hc *hc)
{
	int ret = smp_call_function_any(&hvisor.cpus, hc_ipi, hc, 1);

	return ret ? ret : hc->ret;
}

long hvisor_get_info(u64 selector)
{
	struct hvisor_hc hc = { .code = HVISOR_HC_GET_INFO, .x1 = selector };

	return hvisor_hc_any(&hc);
}
