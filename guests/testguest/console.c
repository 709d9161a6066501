/* Test guest console: formatted output and a buffer of received bytes. */
#include "console.h"

#include <stdarg.h>

#include "format.h"
#include "guest.h"

#define RX_SIZE 1024 /* power of two */

static char rx_buf[RX_SIZE];
static volatile uint32_t rx_head; /* written by the RX interrupt */
static volatile uint32_t rx_tail;

static void console_sink(void *ctx, char c)
{
	(void)ctx;
	if (c == '\n')
		arch_putc('\r');
	arch_putc(c);
}

void console_puts(const char *s)
{
	while (*s)
		console_sink(NULL, *s++);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(console_sink, NULL, fmt, ap);
	va_end(ap);
}

/* Interrupt context: a full buffer drops the new byte. */
void console_rx(char c)
{
	uint32_t head = rx_head;

	if (head - rx_tail >= RX_SIZE)
		return;
	rx_buf[head % RX_SIZE] = c;
	__atomic_store_n(&rx_head, head + 1, __ATOMIC_RELEASE);
}

uint32_t console_rx_count(void)
{
	return __atomic_load_n(&rx_head, __ATOMIC_ACQUIRE);
}

size_t console_read(char *buf, size_t max)
{
	uint32_t head = console_rx_count(), tail = rx_tail;
	size_t n = 0;

	for (; tail != head && n < max; tail++, n++)
		buf[n] = rx_buf[tail % RX_SIZE];
	__atomic_store_n(&rx_tail, tail, __ATOMIC_RELEASE);
	return n;
}
