/* Hypervisor log: formatted output to the console UART and the log ring. */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <hv/types.h>
#include <stdarg.h>

#define LOG_RING_SIZE (64 * 1024)

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void log_putc(char c);
void log_reset(void);
u64 log_seq(void);
/* Copies log bytes starting at *seq (clamped to the oldest kept) to buf. */
size_t log_read(u64 *seq, char *buf, size_t size);

#endif
