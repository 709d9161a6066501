/* The hypervisor's own console UART, chosen by platform.uart.type. */
#ifndef HV_UART_H
#define HV_UART_H

#include <hv/types.h>

/* Writes one character to the console UART, if the platform has one. */
void uart_putc(char c);

/* The UART drivers (drivers/). */
void uart_pl011_putc(u64 base, char c);
void uart_8250_putc(u64 base, char c);

#endif
