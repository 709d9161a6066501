/* PL011 console output for the hypervisor log. */
#include <hv/arch.h>
#include <hv/control.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

void arch_console_putc(char c)
{
	u64 base;
	unsigned int spins = 100000;

	if (!system_config)
		return;
	base = system_config->platform.uart_base;
	while ((*(volatile u32 *)(base + UARTFR) & UARTFR_TXFF) && --spins)
		;
	*(volatile u32 *)(base + UARTDR) = (u8)c;
}
