/* Hypervisor log: a small vsnprintf, the log ring, console output and the per-cell rate limits. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/uart.h>
#include <hv/string.h>

/*
 * log_lock guards the ring only: writing to it is quick. The UART is slow
 * (about 87 us a byte at 115200 baud), so it is fed outside the lock, by
 * one CPU at a time: whoever finds it idle writes out what the ring holds
 * until it has caught up, every other printk only appends and goes on.
 * A CPU that prints while it holds another lock (state_lock, a cell's
 * lock) waits for the UART only if the UART was idle, and never for other
 * CPUs' output queued behind.
 */
static spinlock_t log_lock = SPINLOCK_INIT;
static char log_ring[LOG_RING_SIZE];
static u64 log_total; /* bytes ever logged */
static u64 uart_seq; /* bytes of the ring the UART has had */
static bool uart_busy; /* a CPU feeds the UART (under log_lock) */

/* Limits of the cells that used any; slot free when cell_id is 0. */
#define LIMIT_SLOTS (2 * MAX_CELLS)

struct cell_limits {
	unsigned int cell_id;
	struct ratelimit log, root_irq;
};

static spinlock_t limit_lock = SPINLOCK_INIT; /* never held with log_lock */
static struct cell_limits limits[LIMIT_SLOTS];

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
}

/* Called with log_lock held, drops it: the UART gets what it has not had. */
static void log_unlock_and_flush(void)
{
	char chunk[64];
	size_t n, i;

	if (uart_busy) {
		spin_unlock(
			&log_lock); /* the CPU that feeds it takes ours too */
		return;
	}
	uart_busy = true;
	for (;;) {
		/* bytes the ring dropped meanwhile are lost for the UART */
		if (log_total - uart_seq > LOG_RING_SIZE)
			uart_seq = log_total - LOG_RING_SIZE;
		for (n = 0; n < sizeof(chunk) && uart_seq < log_total; n++)
			chunk[n] = log_ring[uart_seq++ % LOG_RING_SIZE];
		if (!n)
			break;
		spin_unlock(&log_lock);
		for (i = 0; i < n; i++) {
			if (chunk[i] == '\n')
				uart_putc('\r');
			uart_putc(chunk[i]);
		}
		spin_lock(&log_lock);
	}
	uart_busy = false;
	spin_unlock(&log_lock);
}

void log_putc(char c)
{
	spin_lock(&log_lock);
	log_putc_locked(c);
	log_unlock_and_flush();
}

bool ratelimit_allow(struct ratelimit *rl, u64 now_ms, unsigned int burst,
		     unsigned int period_ms)
{
	u64 max = (u64)burst * period_ms;

	if (!rl->primed) {
		rl->primed = true;
		rl->credit = max;
		rl->stamp = now_ms;
	}
	if (now_ms > rl->stamp) {
		rl->credit += now_ms - rl->stamp;
		if (rl->credit > max)
			rl->credit = max;
		rl->stamp = now_ms;
	}
	if (rl->credit >= period_ms) {
		rl->credit -= period_ms;
		return true;
	}
	rl->missed++;
	return false;
}

/* With limit_lock held: the cell's slot, a new one (the oldest if full). */
static struct cell_limits *limits_of(unsigned int cell_id)
{
	struct cell_limits *free = NULL, *oldest = &limits[0];
	unsigned int n;

	for (n = 0; n < LIMIT_SLOTS; n++) {
		struct cell_limits *l = &limits[n];

		if (l->cell_id == cell_id)
			return l;
		if (!l->cell_id && !free)
			free = l;
		if (l->log.stamp < oldest->log.stamp)
			oldest = l;
	}
	if (!free)
		free = oldest; /* only if cells vanished without log_cell_gone */
	memset(free, 0, sizeof(*free));
	free->cell_id = cell_id;
	return free;
}

/*
 * The non-root cell the calling CPU runs, if any. Without cells there is
 * nothing to limit (and no need to ask who we are). Before a CPU's first
 * arch_cpu_init the arch's notion of "this CPU" may be anything the host
 * left (arm64: TPIDR_EL2), so only a pointer that is one of ours counts.
 */
static struct cell *printing_cell(void)
{
	uintptr_t base = (uintptr_t)per_cpu(0), c;
	struct cell *cell;

	if (!hv_num_cpus || hv_num_cpus > MAX_CPUS || !cell_count())
		return NULL;
	c = (uintptr_t)this_cpu();
	if (c < base || c >= base + hv_num_cpus * sizeof(struct per_cpu) ||
	    (c - base) % sizeof(struct per_cpu))
		return NULL;
	cell = READ_ONCE(((struct per_cpu *)c)->cell);
	return cell && cell != &root_cell ? cell : NULL;
}

/* Whether a line of the cell may go out; *missed: suppressed before it. */
static bool cell_line_allowed(unsigned int cell_id, u64 now, u32 *missed)
{
	struct cell_limits *l;
	bool ok;

	spin_lock(&limit_lock);
	l = limits_of(cell_id);
	ok = ratelimit_allow(&l->log, now, LOG_CELL_BURST, LOG_CELL_PERIOD_MS);
	if (ok) {
		*missed = l->log.missed;
		l->log.missed = 0;
	}
	spin_unlock(&limit_lock);
	return ok;
}

static void log_write(const char *buf, int n)
{
	int i;

	for (i = 0; i < n; i++)
		log_putc_locked(buf[i]);
}

static void log_suppressed(unsigned int cell_id, u32 missed)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf),
			 "hvisor: cell %u: %u messages suppressed\n", cell_id,
			 missed);

	log_write(buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
}

void vprintk(const char *fmt, va_list ap)
{
	struct cell *cell = printing_cell();
	char buf[256];
	u32 missed = 0;
	int n;

	/* cheap when refused: no formatting, no UART */
	if (cell && !cell_line_allowed(cell->id, arch_time_ms(), &missed))
		return;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	spin_lock(&log_lock);
	if (missed)
		log_suppressed(cell->id, missed);
	log_write(buf, n);
	log_unlock_and_flush();
}

void log_cell_gone(unsigned int cell_id)
{
	u32 missed = 0;
	unsigned int n;

	spin_lock(&limit_lock);
	for (n = 0; n < LIMIT_SLOTS; n++)
		if (limits[n].cell_id == cell_id) {
			missed = limits[n].log.missed;
			memset(&limits[n], 0, sizeof(limits[n]));
		}
	spin_unlock(&limit_lock);
	if (missed) {
		spin_lock(&log_lock);
		log_suppressed(cell_id, missed);
		log_unlock_and_flush();
	}
}

bool cell_root_irq_allowed(unsigned int cell_id)
{
	u64 now = arch_time_ms();
	bool ok;

	spin_lock(&limit_lock);
	ok = ratelimit_allow(&limits_of(cell_id)->root_irq, now, ROOT_IRQ_BURST,
			     ROOT_IRQ_PERIOD_MS);
	spin_unlock(&limit_lock);
	return ok;
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
	uart_seq = 0;
	uart_busy = false;
	memset(limits, 0, sizeof(limits));
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
