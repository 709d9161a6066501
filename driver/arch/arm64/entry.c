/* AArch64: EL2 detection, entry through the Linux hyp stub, the hvc call. */
#include "../../driver.h"

#include <linux/cpu.h>
#include <linux/errno.h>
#include <linux/ioport.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stringify.h>
#include <asm/kvm_host.h>
#include <asm/memory.h>
#include <asm/sysreg.h>
#include <asm/virt.h>

#include <asm/hvisor_call.h>

#define HYP_STUB_VECTORS_ALIGN 2048
#define ENTRY_VECTORS_SIZE SZ_2K

struct el2_probe {
	u32 state;
	u32 current_el;
	u64 pfr0;
	u64 answer;
};

/* What the detection found (struct hvisor_info.arch_info[]). */
static struct {
	u32 current_el;
	u64 pfr0;
	u64 answer;
	phys_addr_t stub_vectors; /* PA of __hyp_stub_vectors */
} found;

/*
 * hvc #0 to whatever owns EL2 (the Linux hyp stub, or the entry vectors of
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
		p->answer = stub_hvc(HVISOR_HVC_STUB_HCALL_NR, 0, 0);
		p->state = p->answer == HVISOR_HVC_STUB_ERR ?
				   HVISOR_HYP_FREE :
				   HVISOR_HYP_FOREIGN;
	}
}

const char *hvisor_arch_describe(u32 state)
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
	       hvisor_arch_describe(HVISOR_HYP_FOREIGN));
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
	found.stub_vectors = pa;
	return 0;
}

/* Probes every online CPU; all must have a usable hyp stub. */
int hvisor_arch_detect(void)
{
	struct el2_probe *probes;
	int cpu, first = -1, ret;

	/* the entry protocol names the Linux stub's calls itself */
	BUILD_BUG_ON(HVISOR_HVC_SET_VECTORS != HVC_SET_VECTORS);
	BUILD_BUG_ON(HVISOR_HVC_STUB_HCALL_NR != HVC_STUB_HCALL_NR);
	BUILD_BUG_ON(HVISOR_HVC_STUB_ERR != HVC_STUB_ERR);

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
	found.current_el = probes[first].current_el;
	found.pfr0 = probes[first].pfr0;
	found.answer = probes[first].answer;
	kfree(probes);

	if (hvisor.hyp_state != HVISOR_HYP_FREE) {
		pr_err("EL2 unusable on CPU %d: %s (CurrentEL=EL%u, ID_AA64PFR0_EL1=0x%llx, hvc answer 0x%llx)\n",
		       first, hvisor_arch_describe(hvisor.hyp_state),
		       found.current_el, found.pfr0, found.answer);
		return -ENODEV;
	}
	ret = check_kvm();
	return ret ? ret : find_stub_vectors();
}

void hvisor_arch_summary(char *buf, size_t size)
{
	scnprintf(buf, size, "%s; __hyp_stub_vectors at PA %pa",
		  hvisor_arch_describe(hvisor.hyp_state), &found.stub_vectors);
}

void hvisor_arch_info(struct hvisor_info *info)
{
	info->arch = HVISOR_ARCH_ARM64;
	info->arch_info[HVISOR_ARM64_INFO_CURRENT_EL] = found.current_el;
	info->arch_info[HVISOR_ARM64_INFO_PFR0] = found.pfr0;
	info->arch_info[HVISOR_ARM64_INFO_STUB_ANSWER] = found.answer;
	info->arch_info[HVISOR_ARM64_INFO_STUB_VECTORS] = found.stub_vectors;
}

/* header.entry: the offset of the 2 KiB-aligned entry vectors. */
int hvisor_arch_check_entry(const struct hvisor_header *hdr, size_t size)
{
	if (IS_ALIGNED(hdr->entry, ENTRY_VECTORS_SIZE) &&
	    size >= ENTRY_VECTORS_SIZE &&
	    hdr->entry <= size - ENTRY_VECTORS_SIZE)
		return 0;
	pr_err("%s: entry 0x%llx must be 2 KiB aligned and inside the image\n",
	       HVISOR_FIRMWARE, hdr->entry);
	return -EINVAL;
}

/*
 * On this CPU: point the stub at the hypervisor's entry vectors, then enter.
 * Returns 0 (this CPU now runs under hvisor) or -errno (stub vectors back).
 */
long hvisor_arch_enter_cpu(phys_addr_t image, const struct hvisor_header *hdr)
{
	u64 ret;

	ret = stub_hvc(HVISOR_HVC_SET_VECTORS, image + hdr->entry, 0);
	if (ret) {
		pr_err("CPU %d: hyp stub refused HVC_SET_VECTORS (0x%llx)\n",
		       smp_processor_id(), ret);
		return -EIO;
	}
	return (long)stub_hvc(HVISOR_ENTER_MAGIC, found.stub_vectors,
			      smp_processor_id());
}

/*
 * hvc #HVISOR_HVC_IMM. Never issued on a CPU that is not under hvisor: the
 * stub would take the code for one of its own calls.
 */
void hvisor_arch_hc(struct hvisor_hc *hc)
{
	register u64 x0 asm("x0") = hc->code;
	register u64 x1 asm("x1") = hc->arg1;
	register u64 x2 asm("x2") = hc->arg2;
	register u64 x3 asm("x3") = hc->arg3;

	asm volatile("hvc #" __stringify(HVISOR_HVC_IMM)
		     : "+r"(x0), "+r"(x1)
		     : "r"(x2), "r"(x3)
		     : "memory");
	hc->ret = (long)x0;
	hc->arg1 = x1;
}

/* PSCI's cpu_kill already waited for AFFINITY_INFO to say OFF. */
int hvisor_arch_cpu_wait_off(unsigned int cpu)
{
	return 0;
}
