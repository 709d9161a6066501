/* Emulated PL011 UART per cell: the guest side of the cell console (console_type PL011). */
#include <hv/cell.h>
#include <hv/mmio.h>

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

/* The model's registers, kept in struct cell_console.regs. */
struct pl011_regs {
	u32 imsc, cr, lcr, ibrd, fbrd, ifls;
};

_Static_assert(sizeof(struct pl011_regs) <=
		       sizeof(((struct cell_console *)0)->regs),
	       "pl011 registers fit the console's model state");

static struct pl011_regs *regs_of(struct cell *cell)
{
	return (struct pl011_regs *)cell->console.regs;
}

static const u8 pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static u32 raw_status(const struct cell_console *con)
{
	return INT_TX | (console_input_empty(con) ? 0 : INT_RX | INT_RT);
}

static void update_irq(struct cell *cell)
{
	if (raw_status(&cell->console) & regs_of(cell)->imsc)
		console_raise_irq(cell);
}

static enum mmio_result vuart_access(void *arg, struct emu_context *ctx,
				     u64 off)
{
	struct cell *cell = arg;
	struct cell_console *con = &cell->console;
	struct pl011_regs *r = regs_of(cell);
	bool irq = false;
	int c;

	if (off >= UARTPERIPHID0) {
		ctx->value = ctx->write ? 0 : pl011_id[((off - 0xfe0) / 4) & 7];
		return MMIO_HANDLED;
	}
	if (ctx->write) {
		switch (off) {
		case UARTDR:
			console_putc(cell, (char)ctx->value);
			break;
		case UARTIBRD:
			r->ibrd = ctx->value;
			break;
		case UARTFBRD:
			r->fbrd = ctx->value;
			break;
		case UARTLCR_H:
			r->lcr = ctx->value;
			break;
		case UARTCR:
			r->cr = ctx->value;
			break;
		case UARTIFLS:
			r->ifls = ctx->value;
			break;
		case UARTIMSC:
			r->imsc = ctx->value & 0x7ff;
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
		c = console_getc(cell);
		ctx->value = c < 0 ? 0 : c;
		break;
	case UARTFR:
		ctx->value = FR_TXFE | (console_input_empty(con) ? FR_RXFE : 0);
		break;
	case UARTIBRD:
		ctx->value = r->ibrd;
		break;
	case UARTFBRD:
		ctx->value = r->fbrd;
		break;
	case UARTLCR_H:
		ctx->value = r->lcr;
		break;
	case UARTCR:
		ctx->value = r->cr;
		break;
	case UARTIFLS:
		ctx->value = r->ifls;
		break;
	case UARTIMSC:
		ctx->value = r->imsc;
		break;
	case UARTRIS:
		ctx->value = raw_status(con);
		break;
	case UARTMIS:
		ctx->value = raw_status(con) & r->imsc;
		break;
	default:
		ctx->value = 0;
		break;
	}
	return MMIO_HANDLED;
}

int vuart_pl011_init(struct cell *cell)
{
	regs_of(cell)->cr = 0x301;
	cell->console.on_input = update_irq;
	return mmio_register(cell, cell->config->console_base, PAGE_SIZE,
			     vuart_access, cell);
}
