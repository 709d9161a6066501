/* PL011 UART output for the hypervisor log (platform.uart.type PL011). */
#include <hv/uart.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

void uart_pl011_putc(u64 base, char c)
{
	unsigned int spins = 100000;

	while ((*(volatile u32 *)(base + UARTFR) & UARTFR_TXFF) && --spins)
		;
	*(volatile u32 *)(base + UARTDR) = (u8)c;
}
