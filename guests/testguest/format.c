/* Test guest: printf-style formatting into a bounded output buffer or a sink. */
#include "format.h"

#include <stdint.h>

#include "string.h"

struct spec {
	bool left, zero;
	int width, precision;
};

static void put_padded(format_sink sink, void *ctx, const struct spec *sp,
		       const char *s, size_t len, char pad)
{
	int fill = sp->width > (int)len ? sp->width - (int)len : 0;

	if (!sp->left && pad == '0' && len && (*s == '-')) {
		sink(ctx, *s++);
		len--;
	}
	if (!sp->left)
		while (fill-- > 0)
			sink(ctx, pad);
	while (len--)
		sink(ctx, *s++);
	while (fill-- > 0)
		sink(ctx, ' ');
}

static void put_number(format_sink sink, void *ctx, const struct spec *sp,
		       unsigned long long v, bool negative, unsigned int base,
		       bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		tmp[--i] = '-';
	put_padded(sink, ctx, sp, tmp + i, sizeof(tmp) - i,
		   sp->zero && !sp->left ? '0' : ' ');
}

void vformat(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		struct spec sp = { .precision = -1 };
		int lng = 0;
		unsigned long long u;
		long long s;
		const char *str;

		if (*fmt != '%') {
			sink(ctx, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp.width = sp.width * 10 + (*fmt - '0');
		if (*fmt == '.') {
			sp.precision = 0;
			fmt++;
			if (*fmt == '*') {
				sp.precision = va_arg(ap, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				sp.precision = sp.precision * 10 + (*fmt - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng = *fmt == 'z' ? 1 : lng + 1;

		switch (*fmt) {
		case '%':
			sink(ctx, '%');
			break;
		case 'c':
			sink(ctx, (char)va_arg(ap, int));
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			put_padded(sink, ctx, &sp, str,
				   sp.precision >= 0 ?
					   strnlen(str, sp.precision) :
					   strlen(str),
				   ' ');
			break;
		case 'd':
		case 'i':
			s = lng >= 2 ? va_arg(ap, long long) :
			    lng	     ? va_arg(ap, long) :
				       va_arg(ap, int);
			u = s < 0 ? -(unsigned long long)s :
				    (unsigned long long)s;
			put_number(sink, ctx, &sp, u, s < 0, 10, false);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng	     ? va_arg(ap, unsigned long) :
				       va_arg(ap, unsigned int);
			put_number(sink, ctx, &sp, u, false,
				   *fmt == 'u' ? 10 : 16, *fmt == 'X');
			break;
		case 'p':
			sink(ctx, '0');
			sink(ctx, 'x');
			put_number(sink, ctx, &sp,
				   (uintptr_t)va_arg(ap, void *), false, 16,
				   false);
			break;
		case '\0':
			return;
		default: /* unknown conversion: show it as is */
			sink(ctx, '%');
			sink(ctx, *fmt);
			break;
		}
	}
}

void outbuf_init(struct outbuf *ob, char *buf, size_t size)
{
	ob->buf = buf;
	ob->size = size;
	ob->len = 0;
	ob->truncated = false;
	if (size)
		buf[0] = '\0';
}

void outbuf_putc(struct outbuf *ob, char c)
{
	if (ob->len + 1 >= ob->size) {
		ob->truncated = true;
		return;
	}
	ob->buf[ob->len++] = c;
	ob->buf[ob->len] = '\0';
}

void outbuf_puts(struct outbuf *ob, const char *s)
{
	while (*s)
		outbuf_putc(ob, *s++);
}

static void outbuf_sink(void *ctx, char c)
{
	outbuf_putc(ctx, c);
}

void outbuf_printf(struct outbuf *ob, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(outbuf_sink, ob, fmt, ap);
	va_end(ap);
}

void outbuf_put_escaped(struct outbuf *ob, const char *s, size_t len)
{
	for (; len; len--, s++) {
		unsigned char c = *s;

		if (c == '\n')
			outbuf_puts(ob, "\\n");
		else if (c == '\\')
			outbuf_puts(ob, "\\\\");
		else if (c < 0x20 || c >= 0x7f)
			outbuf_printf(ob, "\\x%02x", c);
		else
			outbuf_putc(ob, c);
	}
}

void outbuf_finish(struct outbuf *ob)
{
	static const char marker[] = "\n[output truncated]\n";
	size_t n = sizeof(marker) - 1;

	if (!ob->truncated || ob->size <= n)
		return;
	if (ob->len > ob->size - 1 - n)
		ob->len = ob->size - 1 - n;
	memcpy(ob->buf + ob->len, marker, n + 1);
	ob->len += n;
}

unsigned long long ticks_to_ns(unsigned long long ticks,
			       unsigned long long freq)
{
	if (!freq)
		return 0;
	return ticks / freq * 1000000000ULL +
	       ticks % freq * 1000000000ULL / freq;
}
