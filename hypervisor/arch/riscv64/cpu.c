/* RISC-V CPU identity and firmware: the config tag, this_cpu in tp, parking, SBI HSM power and IPI kicks, the cold entry. */
#include <hv/arch.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <asm/csr.h>
#include <asm/processor.h>
#include <asm/sbi.h>

const u32 arch_config_tag = HVISOR_ARCH_RISCV64;

extern u8 hv_cold_entry[];

/* tp holds the CPU's struct per_cpu while the hypervisor runs (entry.S). */
struct per_cpu *this_cpu(void)
{
	struct per_cpu *c;

	asm volatile("mv %0, tp" : "=r"(c));
	return c;
}

void arch_cpu_park(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		asm volatile("wfi" ::: "memory");
}

/*
 * SBI HSM: the hart of cpu starts in HS mode at hv_cold_entry with
 * a0 = hart id and a1 = cpu, translation off.
 */
int arch_cpu_power_on(unsigned int cpu)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START,
				   per_cpu(cpu)->arch.hartid,
				   (u64)hv_cold_entry, cpu);

	if (!r.error)
		return 0;
	return r.error == SBI_ERR_ALREADY_AVAILABLE ? -EBUSY : -EIO;
}

void arch_cpu_power_off(void)
{
	sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
	panic_stop("riscv64: SBI HSM hart_stop returned");
}

bool arch_cpu_is_off(unsigned int cpu)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STATUS,
				   per_cpu(cpu)->arch.hartid, 0, 0);

	return !r.error && r.value == SBI_HSM_STOPPED;
}

/* An SBI IPI: a supervisor software interrupt on the hart of cpu. */
void arch_kick_cpu(unsigned int cpu)
{
	u64 hart = per_cpu(cpu)->arch.hartid;

	asm volatile("fence rw, rw" ::: "memory");
	sbi_call(SBI_EXT_IPI, SBI_IPI_SEND, 1, hart, 0);
}

/* RISC-V caches are coherent whatever satp says: ordering only. */
void arch_dcache_clean(const void *start __unused, size_t size __unused)
{
	asm volatile("fence rw, rw" ::: "memory");
}

void riscv64_cpu_resume(struct trap_frame *f, u64 hartid, unsigned int cpu);

/* From hv_cold_entry: a hart the hypervisor started through SBI HSM. */
void riscv64_cpu_resume(struct trap_frame *f, u64 hartid, unsigned int cpu)
{
	struct per_cpu *c = per_cpu(cpu);

	c->arch.frame = f;
	c->arch.hartid = hartid;
	c->arch.hart_known = true;
	hv_cpu_resume(c);
}
