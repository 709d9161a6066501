/* Hypervisor console: sends log characters to the UART driver platform.uart.type names. */
#include <hv/control.h>
#include <hv/uart.h>

void uart_putc(char c)
{
	const struct hvisor_uart *u;

	if (!system_config)
		return;
	u = &system_config->platform.uart;
	switch (u->type) {
	case HVISOR_CONSOLE_PL011:
		uart_pl011_putc(u->base, c);
		break;
	case HVISOR_CONSOLE_8250:
		uart_8250_putc(u->base, c);
		break;
	default:
		break;
	}
}
