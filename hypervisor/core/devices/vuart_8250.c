/* Emulated 16550 UART per cell (console_type 8250): byte registers, reg-shift 0, the guest side of the cell console. */
#include <hv/cell.h>
#include <hv/mmio.h>

/* Register offsets (DLAB = LCR bit 7 selects DLL/DLM at 0 and 1). */
#define UART_RBR 0 /* read; THR on write, DLL with DLAB */
#define UART_IER 1 /* DLM with DLAB */
#define UART_IIR 2 /* read; FCR on write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

#define IER_RDI BIT(0) /* received data available */
#define IER_THRI BIT(1) /* transmitter holding register empty */
#define IER_MASK 0x0f
#define IIR_NO_INT 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_FIFO 0xc0 /* FIFOs enabled (a 16550A) */
#define FCR_FIFO BIT(0)
#define FCR_CLEAR_RX BIT(1)
#define LCR_DLAB BIT(7)
#define MCR_MASK 0x1f
#define MCR_LOOP BIT(4)
#define LSR_DR BIT(0)
#define LSR_THRE BIT(5)
#define LSR_TEMT BIT(6)
/* a connected line: carrier, data set ready, clear to send */
#define MSR_CONNECTED 0xb0

/* The model's registers, kept in struct cell_console.regs. */
struct uart_8250_regs {
	u32 ier, lcr, mcr, scr, dll, dlm, fcr;
	u32 thre_pending; /* THR-empty interrupt raised, not yet read in IIR */
};

_Static_assert(sizeof(struct uart_8250_regs) <=
		       sizeof(((struct cell_console *)0)->regs),
	       "8250 registers fit the console's model state");

static struct uart_8250_regs *regs_of(struct cell *cell)
{
	return (struct uart_8250_regs *)cell->console.regs;
}

/* The interrupt conditions that are enabled and raised: IER bits. */
static u32 raised(struct cell *cell)
{
	const struct uart_8250_regs *r = regs_of(cell);
	u32 bits = 0;

	if (!console_input_empty(&cell->console))
		bits |= IER_RDI;
	if (r->thre_pending)
		bits |= IER_THRI;
	return bits & r->ier;
}

static u32 iir(struct cell *cell)
{
	u32 bits = raised(cell);
	u32 fifo = (regs_of(cell)->fcr & FCR_FIFO) ? IIR_FIFO : 0;

	if (bits & IER_RDI) /* priority: received data before THR empty */
		return fifo | IIR_RDI;
	if (bits & IER_THRI)
		return fifo | IIR_THRI;
	return fifo | IIR_NO_INT;
}

/* A condition that became raised interrupts the cell's vCPU 0. */
static void raise_new(struct cell *cell, u32 before)
{
	if (raised(cell) & ~before)
		console_raise_irq(cell);
}

/* Modem status: the loopback wiring of MCR (DTR, RTS, OUT1, OUT2), else a connected line. */
static u32 msr(const struct uart_8250_regs *r)
{
	if (!(r->mcr & MCR_LOOP))
		return MSR_CONNECTED;
	return ((r->mcr & BIT(0)) ? BIT(5) : 0) | /* DTR -> DSR */
	       ((r->mcr & BIT(1)) ? BIT(4) : 0) | /* RTS -> CTS */
	       ((r->mcr & BIT(2)) ? BIT(6) : 0) | /* OUT1 -> RI */
	       ((r->mcr & BIT(3)) ? BIT(7) : 0); /* OUT2 -> DCD */
}

static void write_reg(struct cell *cell, u64 off, u8 v)
{
	struct uart_8250_regs *r = regs_of(cell);
	bool dlab = r->lcr & LCR_DLAB;
	u32 before;

	switch (off) {
	case UART_RBR:
		if (dlab) {
			r->dll = v;
			return;
		}
		/* sent at once: the holding register empties again */
		r->thre_pending = 0;
		before = raised(cell);
		if (r->mcr & MCR_LOOP)
			return; /* loopback: nothing reaches the line */
		console_putc(cell, (char)v);
		r->thre_pending = 1;
		raise_new(cell, before);
		return;
	case UART_IER:
		if (dlab) {
			r->dlm = v;
			return;
		}
		before = raised(cell);
		/* enabling THRI with the holding register empty raises it */
		if ((v & IER_THRI) && !(r->ier & IER_THRI))
			r->thre_pending = 1;
		r->ier = v & IER_MASK;
		raise_new(cell, before);
		return;
	case UART_IIR: /* FCR */
		r->fcr = v & FCR_FIFO;
		if (v & FCR_CLEAR_RX)
			while (console_getc(cell) >= 0)
				;
		return;
	case UART_LCR:
		r->lcr = v;
		return;
	case UART_MCR:
		r->mcr = v & MCR_MASK;
		return;
	case UART_SCR:
		r->scr = v;
		return;
	default: /* LSR, MSR: read only */
		return;
	}
}

static u8 read_reg(struct cell *cell, u64 off)
{
	struct uart_8250_regs *r = regs_of(cell);
	bool dlab = r->lcr & LCR_DLAB;
	u32 v;
	int c;

	switch (off) {
	case UART_RBR:
		if (dlab)
			return r->dll;
		c = console_getc(cell);
		return c < 0 ? 0 : c;
	case UART_IER:
		return dlab ? r->dlm : r->ier;
	case UART_IIR:
		v = iir(cell);
		/* reading IIR that reports THR empty clears that interrupt */
		if ((v & 0x0f) == IIR_THRI)
			r->thre_pending = 0;
		return v;
	case UART_LCR:
		return r->lcr;
	case UART_MCR:
		return r->mcr;
	case UART_LSR:
		return LSR_THRE | LSR_TEMT |
		       (console_input_empty(&cell->console) ? 0 : LSR_DR);
	case UART_MSR:
		return msr(r);
	case UART_SCR:
		return r->scr;
	default:
		return 0;
	}
}

/* Byte accesses to the 8 registers; anything else in the page is RAZ/WI. */
static enum mmio_result vuart_access(void *arg, struct emu_context *ctx,
				     u64 off)
{
	struct cell *cell = arg;

	if (ctx->width != 1 || off > UART_SCR) {
		if (!ctx->write)
			ctx->value = 0;
		return MMIO_HANDLED;
	}
	if (ctx->write)
		write_reg(cell, off, (u8)ctx->value);
	else
		ctx->value = read_reg(cell, off);
	return MMIO_HANDLED;
}

/* Root input: received data raises its interrupt when it is enabled. */
static void on_input(struct cell *cell)
{
	if (raised(cell) & IER_RDI)
		console_raise_irq(cell);
}

int vuart_8250_init(struct cell *cell)
{
	cell->console.on_input = on_input;
	return mmio_register(cell, cell->config->console_base, PAGE_SIZE,
			     vuart_access, cell);
}
