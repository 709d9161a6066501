/* Test guest console on arm64: the cell's PL011 (polled output, interrupt-driven input). */
#include <asm/mmio.h>

#include "gic.h"
#include "guest.h"
#include "platform.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTICR 0x44
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)
#define UART_RXIM (1u << 4)
#define UART_RTIM (1u << 6)

void arch_putc(char c)
{
	while (mmio_read32(PLAT_UART_BASE + UARTFR) & UARTFR_TXFF)
		;
	mmio_write32(PLAT_UART_BASE + UARTDR, (unsigned char)c);
}

void arch_console_input_init(void)
{
	uint32_t imsc = mmio_read32(PLAT_UART_BASE + UARTIMSC);

	mmio_write32(PLAT_UART_BASE + UARTIMSC, imsc | UART_RXIM | UART_RTIM);
	gic_enable_spi(PLAT_UART_IRQ, false);
}

/* RX interrupt: drain the receiver into the core's buffer. */
void pl011_interrupt(void)
{
	while (!(mmio_read32(PLAT_UART_BASE + UARTFR) & UARTFR_RXFE))
		console_rx((char)mmio_read32(PLAT_UART_BASE + UARTDR));
	mmio_write32(PLAT_UART_BASE + UARTICR, UART_RXIM | UART_RTIM);
}
