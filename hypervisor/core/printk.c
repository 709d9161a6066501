/* Hypervisor log: a small vsnprintf, the log ring and console output. */
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/uart.h>
#include <hv/string.h>

static spinlock_t log_lock = SPINLOCK_INIT;
static char log_ring[LOG_RING_SIZE];
static u64 log_total; /* bytes ever logged */

struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void out(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct outbuf *o, u64 v, unsigned int base, bool neg,
		    int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		unsigned int d = v % base;

		tmp[n++] = d < 10 ? '0' + d : 'a' + d - 10;
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		out(o, pad);
	while (n)
		out(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';
		u64 v;

		if (*fmt != '%') {
			out(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 s = lng ? va_arg(ap, long) : va_arg(ap, int);

			out_num(&o, s < 0 ? -(u64)s : (u64)s, 10, s < 0, width,
				pad);
			break;
		}
		case 'u':
		case 'x':
			v = lng ? va_arg(ap, unsigned long) :
				  va_arg(ap, unsigned int);
			out_num(&o, v, *fmt == 'u' ? 10 : 16, false, width,
				pad);
			break;
		case 'p':
			out(&o, '0');
			out(&o, 'x');
			out_num(&o, (u64)va_arg(ap, void *), 16, false, width,
				pad);
			break;
		case 'c':
			out(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			for (width -= (int)strlen(s); width > 0; width--)
				out(&o, ' ');
			while (*s)
				out(&o, *s++);
			break;
		}
		case '%':
			out(&o, '%');
			break;
		default:
			out(&o, '?');
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void log_putc_locked(char c)
{
	log_ring[log_total % LOG_RING_SIZE] = c;
	log_total++;
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

void log_putc(char c)
{
	spin_lock(&log_lock);
	log_putc_locked(c);
	spin_unlock(&log_lock);
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[256];
	int n, i;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	spin_lock(&log_lock);
	for (i = 0; i < n; i++)
		log_putc_locked(buf[i]);
	spin_unlock(&log_lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void log_reset(void)
{
	log_total = 0;
}

u64 log_seq(void)
{
	return READ_ONCE(log_total);
}

size_t log_read(u64 *seq, char *buf, size_t size)
{
	size_t n = 0;
	u64 s;

	spin_lock(&log_lock);
	s = *seq;
	if (log_total > LOG_RING_SIZE && s < log_total - LOG_RING_SIZE)
		s = log_total - LOG_RING_SIZE;
	if (s > log_total)
		s = log_total;
	for (; s < log_total && n < size; s++, n++)
		buf[n] = log_ring[s % LOG_RING_SIZE];
	*seq = s;
	spin_unlock(&log_lock);
	return n;
}
