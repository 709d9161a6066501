/* Test guest console: formatted output and a buffer of received bytes. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>
#include <stdint.h>

void console_puts(const char *s);
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Bytes received since start-up (wraps); lets a reader wait for more. */
uint32_t console_rx_count(void);
/* Moves up to @max received bytes to @buf; returns how many. */
size_t console_read(char *buf, size_t max);

#endif
