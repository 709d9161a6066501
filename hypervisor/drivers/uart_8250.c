/* NS16550-compatible UART output for the hypervisor log (platform.uart.type 8250): byte-wide registers, no register shift. */
#include <hv/uart.h>

#define UART_THR 0x00
#define UART_LSR 0x05
#define UART_LSR_THRE (1u << 5) /* transmit holding register empty */

void uart_8250_putc(u64 base, char c)
{
	unsigned int spins = 100000;

	while (!(*(volatile u8 *)(base + UART_LSR) & UART_LSR_THRE) && --spins)
		;
	*(volatile u8 *)(base + UART_THR) = (u8)c;
}
