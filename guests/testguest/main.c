/* Test guest core: start-up on the first vCPU and the idle loop serving commands. */
#include "agent.h"
#include "console.h"
#include "guest.h"
#include "selftest.h"
#include "smp.h"
#include "timer.h"

static void idle(void)
{
	arch_irq_disable();
	if (!agent_pending() && !selftest_pending())
		arch_wait_for_interrupt(); /* the tick wakes us every 10 ms */
	arch_irq_enable();
}

void guest_main(void)
{
	console_printf("hvisor test guest: up on vCPU %u\n", arch_cpu_id());
	arch_irq_init();
	timer_init();
	arch_console_input_init();
	smp_init();
	agent_init();
	arch_irq_enable();
	selftest_start();

	for (;;) {
		agent_poll();
		selftest_poll();
		idle();
	}
}
