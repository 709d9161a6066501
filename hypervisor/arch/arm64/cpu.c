/* AArch64 CPU identity: MPIDR to CPU, the stub vectors, the config tag, and the cold entry of a CPU. */
#include <hv/arch.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <asm/cpu.h>
#include <asm/processor.h>
#include <asm/sysregs.h>

const u32 arch_config_tag = HVISOR_ARCH_ARM64;
u64 arm64_stub_vectors;

struct per_cpu *this_cpu(void)
{
	return (struct per_cpu *)read_sysreg(tpidr_el2);
}

struct per_cpu *arm64_cpu_by_mpidr(u64 mpidr)
{
	unsigned int n;

	mpidr &= MPIDR_AFF_MASK;
	for (n = 0; n < hv_num_cpus; n++)
		if (per_cpu(n)->cell &&
		    (per_cpu(n)->hwid & MPIDR_AFF_MASK) == mpidr)
			return per_cpu(n);
	return NULL;
}

void arm64_cpu_resume(struct trap_frame *f, unsigned int cpu);

/* From hv_cold_entry: a CPU the hypervisor started through PSCI CPU_ON. */
void arm64_cpu_resume(struct trap_frame *f, unsigned int cpu)
{
	struct per_cpu *c = per_cpu(cpu);

	c->arch.frame = f;
	c->arch.exit = ARM64_EXIT_START;
	hv_cpu_resume(c);
}
