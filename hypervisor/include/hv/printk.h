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

/*
 * Rate limits of what a cell can make the hypervisor do. A token bucket:
 * burst events at once, then one every period_ms; missed counts the
 * refused ones since the last allowed one.
 */
struct ratelimit {
	u64 stamp; /* ms of the last refill */
	u64 credit; /* in ms, at most burst * period_ms */
	u32 missed;
	bool primed;
};

bool ratelimit_allow(struct ratelimit *rl, u64 now_ms, unsigned int burst,
		     unsigned int period_ms);

/*
 * printk on a CPU that runs a non-root cell (a vCPU's power calls, resets,
 * faults, refusals, virtio timeouts: whatever the cell makes us say) is
 * limited per cell to LOG_CELL_BURST lines, then one per LOG_CELL_PERIOD_MS;
 * the next line that passes, or the cell's destroy, says how many were
 * suppressed. The root's own messages are never limited.
 */
#define LOG_CELL_BURST 10
#define LOG_CELL_PERIOD_MS 500

/* The cell is gone: logs its suppressed count, forgets its limits. */
void log_cell_gone(unsigned int cell_id);

/*
 * A cell asks for the root's interrupt (its doorbell): true if it may be
 * raised now. ROOT_IRQ_BURST at once, then one per ROOT_IRQ_PERIOD_MS per
 * cell; a refused raise is not lost for the root, whose driver also polls.
 */
#define ROOT_IRQ_BURST 32
#define ROOT_IRQ_PERIOD_MS 1
bool cell_root_irq_allowed(unsigned int cell_id);

#endif
