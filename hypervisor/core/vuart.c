/* Emulated PL011 per cell: output into the cell's console ring, input from the root. */
#include <hv/cell.h>
#include <hvisor/hypercall.h>
#include <hv/page_alloc.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hv/vcpu.h>

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTPERIPHID0 0xfe0

#define FR_RXFE BIT(4)
#define FR_TXFE BIT(7)
#define INT_RX BIT(4)
#define INT_TX BIT(5)
#define INT_RT BIT(6)

static const u8 pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static bool input_empty(const struct cell_console *con)
{
	return con->in_head == con->in_tail;
}

static u32 raw_status(const struct cell_console *con)
{
	return INT_TX | (input_empty(con) ? 0 : INT_RX | INT_RT);
}

static void update_irq(struct cell *cell)
{
	struct cell_console *con = &cell->console;

	if ((raw_status(con) & con->imsc) && cell->config->console_irq)
		vcpu_inject(cell, 0, cell->config->console_irq);
}

void vuart_putc(struct cell *cell, char c)
{
	struct cell_console *con = &cell->console;

	spin_lock(&con->lock);
	con->ring[con->total % CONSOLE_RING_SIZE] = c;
	con->total++;
	spin_unlock(&con->lock);
}

static enum mmio_result vuart_access(void *arg, struct emu_context *ctx,
				     u64 off)
{
	struct cell *cell = arg;
	struct cell_console *con = &cell->console;
	bool irq = false;

	if (off >= UARTPERIPHID0) {
		ctx->value = ctx->write ? 0 : pl011_id[((off - 0xfe0) / 4) & 7];
		return MMIO_HANDLED;
	}
	if (ctx->write) {
		switch (off) {
		case UARTDR:
			vuart_putc(cell, (char)ctx->value);
			break;
		case UARTIBRD:
			con->ibrd = ctx->value;
			break;
		case UARTFBRD:
			con->fbrd = ctx->value;
			break;
		case UARTLCR_H:
			con->lcr = ctx->value;
			break;
		case UARTCR:
			con->cr = ctx->value;
			break;
		case UARTIFLS:
			con->ifls = ctx->value;
			break;
		case UARTIMSC:
			con->imsc = ctx->value & 0x7ff;
			irq = true;
			break;
		default: /* ICR, DMACR: status is computed, nothing to clear */
			break;
		}
		if (irq || off == UARTDR)
			update_irq(cell);
		return MMIO_HANDLED;
	}
	switch (off) {
	case UARTDR:
		spin_lock(&con->lock);
		ctx->value = 0;
		if (!input_empty(con)) {
			ctx->value = (u8)con->input[con->in_tail];
			con->in_tail = (con->in_tail + 1) % CONSOLE_INPUT_SIZE;
		}
		spin_unlock(&con->lock);
		break;
	case UARTFR:
		ctx->value = FR_TXFE | (input_empty(con) ? FR_RXFE : 0);
		break;
	case UARTIBRD:
		ctx->value = con->ibrd;
		break;
	case UARTFBRD:
		ctx->value = con->fbrd;
		break;
	case UARTLCR_H:
		ctx->value = con->lcr;
		break;
	case UARTCR:
		ctx->value = con->cr;
		break;
	case UARTIFLS:
		ctx->value = con->ifls;
		break;
	case UARTIMSC:
		ctx->value = con->imsc;
		break;
	case UARTRIS:
		ctx->value = raw_status(con);
		break;
	case UARTMIS:
		ctx->value = raw_status(con) & con->imsc;
		break;
	default:
		ctx->value = 0;
		break;
	}
	return MMIO_HANDLED;
}

int vuart_init(struct cell *cell)
{
	struct cell_console *con = &cell->console;

	if (!cell->config->console_base)
		return 0;
	con->ring = page_zalloc(&mem_pool, CONSOLE_RING_SIZE / PAGE_SIZE);
	if (!con->ring)
		return -ENOMEM;
	con->cr = 0x301;
	return mmio_register(cell, cell->config->console_base, PAGE_SIZE,
			     vuart_access, cell);
}

void vuart_exit(struct cell *cell)
{
	if (cell->console.ring)
		page_free(&mem_pool, cell->console.ring,
			  CONSOLE_RING_SIZE / PAGE_SIZE);
	cell->console.ring = NULL;
}

long vuart_read(struct cell *cell, u64 buf_pa, u64 *seq)
{
	struct cell_console *con = &cell->console;
	char *buf = root_buffer(buf_pa, PAGE_SIZE);
	u64 s;
	size_t n = 0;

	if (!buf || (buf_pa & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!con->ring)
		return -ENODEV;
	spin_lock(&con->lock);
	s = *seq;
	if (con->total > CONSOLE_RING_SIZE &&
	    s < con->total - CONSOLE_RING_SIZE)
		s = con->total - CONSOLE_RING_SIZE;
	if (s > con->total)
		s = con->total;
	*seq = s;
	for (; s < con->total && n < PAGE_SIZE; s++, n++)
		buf[n] = con->ring[s % CONSOLE_RING_SIZE];
	spin_unlock(&con->lock);
	return n;
}

long vuart_input(struct cell *cell, u64 bytes, unsigned int count)
{
	struct cell_console *con = &cell->console;
	unsigned int n;

	if (!con->ring)
		return -ENODEV;
	if (count > 8)
		return -EINVAL;
	spin_lock(&con->lock);
	for (n = 0; n < count; n++) {
		unsigned int next = (con->in_head + 1) % CONSOLE_INPUT_SIZE;

		if (next == con->in_tail)
			break;
		con->input[con->in_head] = (char)(bytes >> (8 * n));
		con->in_head = next;
	}
	spin_unlock(&con->lock);
	if (n && cell->state == HVISOR_CELL_RUNNING)
		update_irq(cell);
	return n;
}
