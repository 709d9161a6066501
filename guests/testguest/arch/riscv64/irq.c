/* Test guest interrupts and traps on riscv64: set-up per vCPU, dispatch by scause (the IMSIC guest file before the PLIC), IPIs through SBI. */
#include "console.h"
#include "guest.h"
#include "platform.h"
#include "riscv64.h"

#define SOFT_PING (1u << 0)
#define SOFT_PONG (1u << 1)
#define SOFT_DOORBELL \
	(1u << 2) /* SELFTEST's stand-in for the root's doorbell */
#define SOFT_IMSIC (1u << 3) /* imsic_test: set your guest file up */

/* Why each vCPU got its software interrupt (SSIP carries no reason). */
static uint32_t soft_reasons[PLAT_MAX_VCPUS];

void arch_irq_init(void)
{
	plic_init_hart();
	csr_set(sie, 1UL << IRQ_S_SOFT);
	if (arch_cpu_id() == 0)
		plic_enable(PLAT_MAILBOX_IRQ);
}

void arch_enable_device_irq(unsigned int irq)
{
	plic_enable(irq);
}

static void raise_soft(unsigned int cpu, uint32_t reason)
{
	__atomic_fetch_or(&soft_reasons[cpu], reason, __ATOMIC_RELEASE);
	sbi_call(SBI_EXT_IPI, 0, 1, vcpu_hart(cpu), 0);
}

/*
 * The PLIC has no software "set pending": on bare QEMU the self-test's
 * doorbell is a software interrupt to itself that runs the same handler.
 */
void arch_raise_doorbell_for_test(void)
{
	raise_soft(arch_cpu_id(), SOFT_DOORBELL);
}

void arch_send_ipi(unsigned int cpu, enum ipi ipi)
{
	if (cpu < PLAT_MAX_VCPUS)
		raise_soft(cpu, ipi == IPI_PING ? SOFT_PING : SOFT_PONG);
}

void arch_send_imsic_setup(unsigned int cpu)
{
	if (cpu < PLAT_MAX_VCPUS)
		raise_soft(cpu, SOFT_IMSIC);
}

void soft_interrupt(void)
{
	uint32_t why;

	csr_clear(sip, 1UL << IRQ_S_SOFT);
	why = __atomic_exchange_n(&soft_reasons[arch_cpu_id()], 0,
				  __ATOMIC_ACQUIRE);
	if (why & SOFT_PING)
		ipi_interrupt(IPI_PING);
	if (why & SOFT_PONG)
		ipi_interrupt(IPI_PONG);
	if (why & SOFT_DOORBELL)
		agent_doorbell_interrupt();
	if (why & SOFT_IMSIC)
		imsic_setup_local();
}

struct trap_frame {
	unsigned long x[31]; /* x1..x31 */
	unsigned long sepc;
};

static const char *const exc_names[] = {
	"instruction address misaligned",
	"instruction access fault",
	"illegal instruction",
	"breakpoint",
	"load address misaligned",
	"load access fault",
	"store address misaligned",
	"store access fault",
	"ecall from U mode",
	"ecall from S mode",
	"reserved",
	"reserved",
	"instruction page fault",
	"load page fault",
	"reserved",
	"store page fault",
};

const char *exception_name(unsigned long cause)
{
	return cause < 16 ? exc_names[cause] : "other";
}

static void __attribute__((noreturn)) spin(void)
{
	arch_irq_disable();
	for (;;)
		asm volatile("wfi");
}

/* Every trap (start.S): interrupts masked, the frame on the stack. */
void arch_trap(struct trap_frame *f)
{
	unsigned long cause = csr_read(scause), stval = csr_read(stval);

	if (cause & SCAUSE_IRQ) {
		switch (cause & ~SCAUSE_IRQ) {
		case IRQ_S_SOFT:
			soft_interrupt();
			return;
		case IRQ_S_TIMER:
			timer_interrupt();
			return;
		case IRQ_S_EXT:
			/*
			 * AIA: the guest file first; the vPLIC's level
			 * (hvip.VSEIP) brings the interrupt back if it has
			 * something too, so an MSI costs no PLIC access.
			 */
			if (imsic_enabled() && imsic_handle())
				return;
			plic_handle();
			return;
		}
		console_printf("vCPU %u: unexpected interrupt, scause 0x%lx\n",
			       arch_cpu_id(), cause);
		return;
	}
	if (probe_fixup(&f->sepc, cause, stval))
		return;
	console_printf("\nhvisor test guest: unexpected exception on vCPU %u\n"
		       "  scause %lu (%s) sepc 0x%lx stval 0x%lx\n"
		       "  ra 0x%lx sp 0x%lx a0 0x%lx a1 0x%lx\n",
		       arch_cpu_id(), cause, exception_name(cause), f->sepc,
		       stval, f->x[0], f->x[1], f->x[9], f->x[10]);
	spin();
}
