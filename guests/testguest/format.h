/* Test guest: printf-style formatting into a bounded output buffer or a sink. */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Text being built for a command's answer; never overflows, remembers if it cut. */
struct outbuf {
	char *buf;
	size_t size; /* bytes available, including the terminating NUL */
	size_t len;
	bool truncated;
};

typedef void (*format_sink)(void *ctx, char c);

/*
 * Supports %% %c %s %d %i %u %x %X %p with the flags '-' and '0', a field
 * width (number or *), a precision for %s, and the length modifiers l, ll, z.
 */
void vformat(format_sink sink, void *ctx, const char *fmt, va_list ap);

void outbuf_init(struct outbuf *ob, char *buf, size_t size);
void outbuf_putc(struct outbuf *ob, char c);
void outbuf_puts(struct outbuf *ob, const char *s);
void outbuf_printf(struct outbuf *ob, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends @len bytes, non-printable ones as \xNN (and \n as \n). */
void outbuf_put_escaped(struct outbuf *ob, const char *s, size_t len);
/* Replaces the end of a truncated buffer with a marker saying so. */
void outbuf_finish(struct outbuf *ob);

/* Nanoseconds for @ticks of a counter running at @freq Hz, without overflow. */
unsigned long long ticks_to_ns(unsigned long long ticks,
			       unsigned long long freq);

#endif
