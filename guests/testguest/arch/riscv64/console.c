/* Test guest console on riscv64: the cell's ns16550 (polled output, interrupt-driven input). */
#include <asm/mmio.h>

#include "guest.h"
#include "platform.h"
#include "riscv64.h"

#define UART_RBR 0 /* read */
#define UART_THR 0 /* write */
#define UART_IER 1
#define UART_LSR 5
#define UART_IER_RDI 0x01
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

void arch_putc(char c)
{
	while (!(mmio_read8(PLAT_UART_BASE + UART_LSR) & UART_LSR_THRE))
		;
	mmio_write8(PLAT_UART_BASE + UART_THR, (unsigned char)c);
}

void arch_console_input_init(void)
{
	mmio_write8(PLAT_UART_BASE + UART_IER,
		    mmio_read8(PLAT_UART_BASE + UART_IER) | UART_IER_RDI);
	plic_enable(PLAT_UART_IRQ);
}

/* RX interrupt: drain the receiver into the core's buffer. */
void uart_interrupt(void)
{
	while (mmio_read8(PLAT_UART_BASE + UART_LSR) & UART_LSR_DR)
		console_rx((char)mmio_read8(PLAT_UART_BASE + UART_RBR));
}
