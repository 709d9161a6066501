/* Test guest console on arm64: the cell's (emulated) PL011. */
#include "guest.h"

#define PL011_BASE 0x09000000UL
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

void arch_putc(char c)
{
	volatile unsigned int *uart = (volatile unsigned int *)PL011_BASE;

	while (uart[UARTFR / 4] & UARTFR_TXFF)
		;
	uart[UARTDR / 4] = (unsigned char)c;
}
