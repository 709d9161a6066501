/* A cell's console: the output ring the root reads, the input it feeds, and the model that serves the guest. */
#include <hv/cell.h>
#include <hv/page_alloc.h>
#include <hv/string.h>
#include <hv/vcpu.h>

static bool ring_empty(const struct cell_console *con)
{
	return con->in_head == con->in_tail;
}

bool console_input_empty(const struct cell_console *con)
{
	return ring_empty(con);
}

void console_putc(struct cell *cell, char c)
{
	struct cell_console *con = &cell->console;

	if (!con->ring)
		return;
	spin_lock(&con->lock);
	con->ring[con->total % CONSOLE_RING_SIZE] = c;
	con->total++;
	spin_unlock(&con->lock);
}

void console_raise_irq(struct cell *cell)
{
	if (cell->config->console_irq)
		vcpu_inject(cell, 0, cell->config->console_irq);
}

int console_getc(struct cell *cell)
{
	struct cell_console *con = &cell->console;
	int c = -1;

	spin_lock(&con->lock);
	if (!ring_empty(con)) {
		c = (u8)con->input[con->in_tail];
		con->in_tail = (con->in_tail + 1) % CONSOLE_INPUT_SIZE;
	}
	spin_unlock(&con->lock);
	return c;
}

int console_init(struct cell *cell)
{
	struct cell_console *con = &cell->console;

	if (!cell->config->console_base)
		return 0;
	con->ring = page_zalloc(&mem_pool, CONSOLE_RING_SIZE / PAGE_SIZE);
	if (!con->ring)
		return -ENOMEM;
	switch (cell->config->console_type) {
	case HVISOR_CONSOLE_PL011:
		return vuart_pl011_init(cell);
	case HVISOR_CONSOLE_8250:
		return vuart_8250_init(cell);
	default:
		return -EINVAL; /* the checker refuses other types */
	}
}

void console_exit(struct cell *cell)
{
	if (cell->console.ring)
		page_free(&mem_pool, cell->console.ring,
			  CONSOLE_RING_SIZE / PAGE_SIZE);
	cell->console.ring = NULL;
}

long console_read(struct cell *cell, u64 buf_pa, u64 *seq)
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

long console_input(struct cell *cell, u64 bytes, unsigned int count)
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
	if (n && cell->state == HVISOR_CELL_RUNNING && con->on_input)
		con->on_input(cell);
	return n;
}
