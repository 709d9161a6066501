/* RISC-V: hypervisor-mode detection (H extension, KVM, the hvisor SBI probe), the entry check and the ecall hypercall. */
#include "../../driver.h"

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/jiffies.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/csr.h>
#include <asm/smp.h>
#include <asm/hwcap.h>
#include <asm/sbi.h>

#include <asm/hvisor_call.h>

/*
 * What the detection found (struct hvisor_info.arch_info[]); the words are
 * laid out as include/arch/riscv64/asm/hvisor_call.h says.
 */
static struct {
	u64 isa; /* single-letter extensions, bit n = 'a' + n */
	u64 ext; /* HVISOR_RISCV64_EXT_* */
	u64 sbi_spec; /* sbi_spec_version: major << 24 | minor */
	u64 sbi_impl; /* SBI implementation ID */
	u64 sbi_impl_version;
	u64 probe; /* sbi_probe_extension(HVISOR_SBI_EXT) */
	bool kvm; /* a KVM is loaded */
} found;

/* The multi-letter extensions worth reporting, as Linux numbers them. */
static const struct {
	unsigned int linux_ext;
	u64 bit;
} extensions[] = {
	{ RISCV_ISA_EXT_SSTC, HVISOR_RISCV64_EXT_SSTC },
	{ RISCV_ISA_EXT_SSAIA, HVISOR_RISCV64_EXT_SSAIA },
	{ RISCV_ISA_EXT_SMAIA, HVISOR_RISCV64_EXT_SMAIA },
	{ RISCV_ISA_EXT_SVPBMT, HVISOR_RISCV64_EXT_SVPBMT },
	{ RISCV_ISA_EXT_ZICBOM, HVISOR_RISCV64_EXT_ZICBOM },
	{ RISCV_ISA_EXT_ZICBOZ, HVISOR_RISCV64_EXT_ZICBOZ },
	{ RISCV_ISA_EXT_SVNAPOT, HVISOR_RISCV64_EXT_SVNAPOT },
	{ RISCV_ISA_EXT_SSCOFPMF, HVISOR_RISCV64_EXT_SSCOFPMF },
};

/*
 * Hart ids of the possible CPUs, from their device-tree nodes' reg (the
 * kernel's own map, __cpuid_to_hartid_map, is not exported); -1 unknown.
 */
static long hart_of_cpu[NR_CPUS];

static void find_harts(void)
{
	struct device_node *np;
	unsigned int cpu;
	u32 hart;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		hart_of_cpu[cpu] = -1;
		if (!cpu_possible(cpu))
			continue;
		np = of_get_cpu_node(cpu, NULL);
		if (!np)
			continue;
		if (!of_property_read_u32(np, "reg", &hart))
			hart_of_cpu[cpu] = hart;
		of_node_put(np);
	}
}

/* An SBI implementation that is itself a hypervisor: Linux is its guest. */
static bool sbi_impl_is_hypervisor(u64 impl)
{
	switch (impl) {
	case HVISOR_SBI_IMPL_XVISOR:
	case HVISOR_SBI_IMPL_KVM:
	case HVISOR_SBI_IMPL_XEN:
	case HVISOR_SBI_IMPL_BHYVE:
		return true;
	}
	return false;
}

static long sbi_base(int fid)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_BASE, fid, 0, 0, 0, 0, 0, 0);

	return ret.error ? 0 : ret.value;
}

/*
 * KVM takes the H extension's CSRs (hgatp, hstatus, hedeleg, ...) when it
 * initialises; a riscv kvm.ko cannot be unloaded once loaded. Any module
 * exporting kvm_init (or a built-in KVM) counts.
 */
static bool kvm_present(void)
{
	void *sym = __symbol_get("kvm_init");

	if (!sym)
		return false;
	__symbol_put("kvm_init");
	return true;
}

const char *hvisor_arch_describe(u32 state)
{
	switch (state) {
	case HVISOR_HYP_FREE:
		return "Linux runs in HS mode with the H extension (usable)";
	case HVISOR_HYP_ABSENT:
		return "the harts have no H extension (QEMU: -cpu rv64,h=true)";
	case HVISOR_HYP_HOST:
		return "Linux itself uses the H extension";
	case HVISOR_HYP_FOREIGN:
		return "the H extension is held by another hypervisor (KVM loaded, Linux a guest, or a hypervisor answering the hvisor SBI extension)";
	case HVISOR_HYP_HVISOR:
		return "hvisor runs in HS mode (enabled)";
	}
	return "unknown";
}

/* Why the state is FOREIGN, for the log. */
static const char *foreign_reason(void)
{
	if (found.probe)
		return "a hypervisor already answers the hvisor SBI extension (hvisor is running?)";
	if (sbi_impl_is_hypervisor(found.sbi_impl))
		return "the SBI is a hypervisor's: Linux runs in VS mode";
	return "KVM is loaded and holds the H extension (riscv kvm.ko cannot be unloaded: reboot without it)";
}

/*
 * Looks at the ISA every hart has (the kernel's common set), the SBI and
 * KVM. Never touches an H CSR: in VS mode that would trap.
 */
int hvisor_arch_detect(void)
{
	unsigned int i;

	found.isa = 0;
	for (i = 0; i < 26; i++)
		if (__riscv_isa_extension_available(NULL, i))
			found.isa |= 1ULL << i;
	found.ext = 0;
	for (i = 0; i < ARRAY_SIZE(extensions); i++)
		if (__riscv_isa_extension_available(NULL,
						    extensions[i].linux_ext))
			found.ext |= extensions[i].bit;
	found.sbi_spec = sbi_spec_version;
	found.sbi_impl = sbi_base(SBI_EXT_BASE_GET_IMP_ID);
	found.sbi_impl_version = sbi_base(SBI_EXT_BASE_GET_IMP_VERSION);
	found.probe = sbi_probe_extension(HVISOR_SBI_EXT);
	if ((long)found.probe < 0)
		found.probe = 0;
	found.kvm = kvm_present();
	find_harts();

	if (found.probe || sbi_impl_is_hypervisor(found.sbi_impl))
		hvisor.hyp_state = HVISOR_HYP_FOREIGN;
	else if (!riscv_isa_extension_available(NULL, h))
		hvisor.hyp_state = HVISOR_HYP_ABSENT;
	else if (found.kvm)
		hvisor.hyp_state = HVISOR_HYP_FOREIGN;
	else
		hvisor.hyp_state = HVISOR_HYP_FREE;

	if (hvisor.hyp_state == HVISOR_HYP_ABSENT) {
		pr_err("hypervisor mode unusable: %s\n",
		       hvisor_arch_describe(hvisor.hyp_state));
		return -ENODEV;
	}
	if (hvisor.hyp_state == HVISOR_HYP_FOREIGN) {
		pr_err("hypervisor mode unusable: %s (SBI implementation %llu, hvisor probe answer %llu)\n",
		       foreign_reason(), found.sbi_impl, found.probe);
		return -ENODEV;
	}
	return 0;
}

void hvisor_arch_summary(char *buf, size_t size)
{
	scnprintf(buf, size, "%s; SBI v%llu.%llu, implementation %llu v0x%llx",
		  hvisor_arch_describe(hvisor.hyp_state),
		  (found.sbi_spec >> 24) & 0x7f, found.sbi_spec & 0xffffff,
		  found.sbi_impl, found.sbi_impl_version);
}

void hvisor_arch_info(struct hvisor_info *info)
{
	/* asked now: the hypervisor answers it while enabled */
	long probe = sbi_probe_extension(HVISOR_SBI_EXT);

	info->arch = HVISOR_ARCH_RISCV64;
	info->arch_info[HVISOR_RISCV64_INFO_ISA] = found.isa;
	info->arch_info[HVISOR_RISCV64_INFO_EXT] = found.ext;
	info->arch_info[HVISOR_RISCV64_INFO_SBI] =
		(found.sbi_spec << 32) | (found.sbi_impl & 0xffffffffULL);
	info->arch_info[HVISOR_RISCV64_INFO_PROBE] =
		(found.sbi_impl_version << 32) |
		((probe > 0 ? probe : 0) & HVISOR_RISCV64_PROBE_MASK) |
		(found.kvm ? HVISOR_RISCV64_KVM : 0);
}

/* header.entry: a 4-byte aligned offset inside the image (stvec, direct). */
int hvisor_arch_check_entry(const struct hvisor_header *hdr, size_t size)
{
	if (IS_ALIGNED(hdr->entry, HVISOR_ENTRY_ALIGN) &&
	    size >= HVISOR_ENTRY_ALIGN &&
	    hdr->entry <= size - HVISOR_ENTRY_ALIGN)
		return 0;
	pr_err("%s: entry 0x%llx must be 4-byte aligned and inside the image\n",
	       HVISOR_FIRMWARE, hdr->entry);
	return -EINVAL;
}

/* stub.S */
long hvisor_riscv_enter(unsigned long satp, unsigned long stvec,
			unsigned long sscratch, unsigned long cpu,
			unsigned long hart, unsigned long entry);
long hvisor_riscv_disable(void);

/*
 * On this CPU, from an IPI (interrupts off): the stvec hand-over of
 * include/arch/riscv64/asm/hvisor_call.h. The hypervisor learns the hart
 * id here: Linux's CPU numbers are not hart ids.
 */
long hvisor_arch_enter_cpu(phys_addr_t image, const struct hvisor_header *hdr)
{
	int cpu = smp_processor_id();
	unsigned long flags;
	long ret;

	if (cpu >= NR_CPUS || hart_of_cpu[cpu] < 0) {
		pr_err("CPU %d: no hart id found in the device tree\n", cpu);
		return -ENODEV;
	}
	local_irq_save(flags);
	ret = hvisor_riscv_enter(csr_read(CSR_SATP), csr_read(CSR_STVEC),
				 csr_read(CSR_SSCRATCH), cpu, hart_of_cpu[cpu],
				 image + hdr->entry);
	local_irq_restore(flags);
	return ret;
}

/* ecall of the hvisor SBI extension: a7 = extension, a6 = code, a0-a2. */
static void hc_ecall(struct hvisor_hc *hc)
{
	register unsigned long a0 asm("a0") = hc->arg1;
	register unsigned long a1 asm("a1") = hc->arg2;
	register unsigned long a2 asm("a2") = hc->arg3;
	register unsigned long a6 asm("a6") = hc->code;
	register unsigned long a7 asm("a7") = HVISOR_SBI_EXT;

	asm volatile("ecall"
		     : "+r"(a0), "+r"(a1)
		     : "r"(a2), "r"(a6), "r"(a7)
		     : "memory");
	hc->ret = (long)a0;
	hc->arg1 = a1;
}

void hvisor_arch_hc(struct hvisor_hc *hc)
{
	unsigned long flags;

	BUILD_BUG_ON(HVISOR_HC_DISABLE != 0); /* stub.S */
	if (hc->code != HVISOR_HC_DISABLE) {
		hc_ecall(hc);
		return;
	}
	/* leaves VS mode: the stub puts stvec back */
	local_irq_save(flags);
	hc->ret = hvisor_riscv_disable();
	local_irq_restore(flags);
	hc->arg1 = 0;
}

/*
 * Linux on RISC-V does not wait for a CPU it took offline to be stopped
 * (arch_cpuhp_cleanup_dead_cpu asks HSM once and only warns): the dying
 * hart reports itself dead before its HSM hart_stop, so the hypervisor
 * may still see it running. Poll the firmware's status (forwarded by the
 * hypervisor for root harts) until STOPPED, for a bounded time.
 */
#define HSM_HART_STATUS 2
#define HSM_STOPPED 1
#define STOP_WAIT_MS 2000

int hvisor_arch_cpu_wait_off(unsigned int cpu)
{
	unsigned long end = jiffies + msecs_to_jiffies(STOP_WAIT_MS);
	struct sbiret r;

	if (cpu >= NR_CPUS || hart_of_cpu[cpu] < 0)
		return -EINVAL;
	for (;;) {
		r = sbi_ecall(SBI_EXT_HSM, HSM_HART_STATUS, hart_of_cpu[cpu], 0,
			      0, 0, 0, 0);
		if (!r.error && r.value == HSM_STOPPED)
			return 0;
		if (time_after(jiffies, end))
			break;
		usleep_range(100, 200);
	}
	pr_warn("CPU %u (hart %ld) not stopped after %u ms (HSM status %ld, error %ld)\n",
		cpu, hart_of_cpu[cpu], STOP_WAIT_MS, r.value, r.error);
	return -ETIMEDOUT;
}
