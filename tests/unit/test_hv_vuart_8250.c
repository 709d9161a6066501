/* Unit tests of the emulated 16550 cell console (core/devices/vuart_8250.c) on the fake arch: registers, input, interrupts, hostile accesses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/vcpu.h>
#include <hvisor/hypercall.h>

#include "hv_fixture.h"

#define GUEST 1 /* the CPU of vCPU 0 */
#define UART FIX_CONSOLE_GPA
#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

#define setup fix_test_setup_enabled
#define teardown fix_test_teardown

/*
 * The fake arch runs arm64 configs, whose checker allows only PL011 cell
 * consoles: the test cell is created with one, then its console page is
 * given to the 8250 model (what console_init() does for console_type 8250).
 */
static long start_8250_guest(void)
{
	struct mmio_table *t;
	struct fix_cell c;
	struct cell *cell;
	unsigned int i, n = 0;
	long id;

	fix_cell_default(&c, "guest", 0x2, 0);
	id = fix_create_started(&c);
	assert_true(id > 0);
	cell = fix_cell(id);
	t = &cell->mmio;
	for (i = 0; i < t->num; i++)
		if (t->regions[i].start != FIX_CONSOLE_GPA)
			t->regions[n++] = t->regions[i];
	assert_int_equal(n, t->num - 1);
	t->num = n;
	memset(cell->console.regs, 0, sizeof(cell->console.regs));
	assert_int_equal(vuart_8250_init(cell), 0);
	return id;
}

static u64 rd(u64 off)
{
	u64 v = 0xdeadbeef;

	assert_int_equal(fake_mmio(GUEST, UART + off, 1, false, &v),
			 MMIO_HANDLED);
	return v;
}

static void wr(u64 off, u64 v)
{
	assert_int_equal(fake_mmio(GUEST, UART + off, 1, true, &v),
			 MMIO_HANDLED);
}

/* Bytes the cell sent since *seq (advanced), as the root reads them. */
static long sent(long id, u64 *seq)
{
	u64 start = 0;
	long n = fake_hypercall(0, HVISOR_HC_CELL_CONSOLE_READ, id, fix_buf(0),
				*seq, &start);

	if (n > 0)
		*seq = start + n;
	return n;
}

/* Whether the console interrupt was injected since the last call. */
static unsigned int injected(void)
{
	u32 *p = per_cpu(GUEST)->vcpu.pending_irqs;
	unsigned int n =
		!!(p[FIX_CONSOLE_IRQ / 32] & BIT(FIX_CONSOLE_IRQ % 32));

	p[FIX_CONSOLE_IRQ / 32] &= ~BIT(FIX_CONSOLE_IRQ % 32);
	return n;
}

static void test_output_and_registers(void **state)
{
	char *buf = (char *)fix_buf(0);
	u64 seq = 0;
	long id;

	(void)state;
	id = start_8250_guest();
	/* reset values a driver probes */
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(IIR), 0x01);
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(MSR), 0xb0);
	wr(THR, 'o');
	wr(THR, 'k');
	assert_int_equal(sent(id, &seq), 2);
	assert_memory_equal(buf, "ok", 2);
	/* divisor latch: DLL/DLM read back under DLAB, IER and THR untouched */
	wr(LCR, 0x83);
	wr(DLL, 0x01);
	wr(DLM, 0x02);
	assert_int_equal(rd(DLL), 0x01);
	assert_int_equal(rd(DLM), 0x02);
	assert_int_equal(rd(LCR), 0x83);
	wr(LCR, 0x03);
	assert_int_equal(rd(IER), 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_GET_INFO, id, fix_buf(1), 0), 0);
	assert_int_equal(sent(id, &seq), 0);
	/* scratch, MCR (5 bits), FIFO flag in IIR */
	wr(SCR, 0x5a);
	assert_int_equal(rd(SCR), 0x5a);
	wr(MCR, 0xff);
	assert_int_equal(rd(MCR), 0x1f);
	/* loopback: MSR follows MCR (Linux's autoconfig test wants 0x90) */
	wr(MCR, 0x10 | 0x0a);
	assert_int_equal(rd(MSR) & 0xf0, 0x90);
	wr(MCR, 0x10 | 0x05);
	assert_int_equal(rd(MSR) & 0xf0, 0x60);
	wr(THR, 'x'); /* looped back, not sent */
	wr(MCR, 0);
	assert_int_equal(sent(id, &seq), 0);
	wr(FCR, 0x07);
	assert_int_equal(rd(IIR), 0xc1);
	/* LSR and MSR are read-only */
	wr(LSR, 0);
	wr(MSR, 0);
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(MSR), 0xb0);
}

static void test_input(void **state)
{
	unsigned int n;
	long taken;
	long id;

	(void)state;
	id = start_8250_guest();
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id,
				'a' | ('b' << 8), 2),
			 2);
	assert_int_equal(rd(LSR), 0x61);
	assert_int_equal(rd(RBR), 'a');
	assert_int_equal(rd(LSR), 0x61);
	assert_int_equal(rd(RBR), 'b');
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(RBR), 0); /* empty */
	/* the shared input buffer: 255 bytes */
	for (n = 0, taken = 0; n < 40; n++)
		taken += fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id,
				0x3030303030303030, 8);
	assert_int_equal(taken, 255);
	for (n = 0; n < 255; n++)
		assert_int_equal(rd(RBR), '0');
	assert_int_equal(rd(LSR), 0x60);
	/* FCR's RX clear drops what was received */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'z', 1), 1);
	wr(FCR, 0x03);
	assert_int_equal(rd(LSR), 0x60);
	/* under DLAB, offset 0 is the divisor, not the receiver */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'q', 1), 1);
	wr(LCR, 0x80);
	assert_int_equal(rd(RBR), 0);
	wr(LCR, 0x03);
	assert_int_equal(rd(RBR), 'q');
}

static void test_rx_interrupt(void **state)
{
	long id;

	(void)state;
	id = start_8250_guest();
	injected();
	/* masked: input raises nothing */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'a', 1), 1);
	assert_int_equal(injected(), 0);
	assert_int_equal(rd(IIR), 0x01);
	/* enabling RDI with data waiting raises it */
	wr(IER, 0x01);
	assert_int_equal(injected(), 1);
	assert_int_equal(rd(IIR), 0x04);
	assert_int_equal(rd(IIR),
			 0x04); /* level: stays until the data is read */
	assert_int_equal(rd(RBR), 'a');
	assert_int_equal(rd(IIR), 0x01);
	/* new input interrupts vCPU 0 */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'b', 1), 1);
	assert_int_equal(injected(), 1);
	assert_int_equal(rd(IIR), 0x04);
	assert_int_equal(rd(RBR), 'b');
	/* re-writing the same IER raises nothing new */
	wr(IER, 0x01);
	assert_int_equal(injected(), 0);
	wr(IER, 0);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'c', 1), 1);
	assert_int_equal(injected(), 0);
	assert_int_equal(rd(IIR), 0x01);
}

static void test_thre_interrupt(void **state)
{
	long id;

	(void)state;
	id = start_8250_guest();
	injected();
	/* enabling THRI with the holding register empty raises it */
	wr(IER, 0x02);
	assert_int_equal(injected(), 1);
	/* reading IIR that reports it clears it (Linux's THRE test) */
	assert_int_equal(rd(IIR), 0x02);
	assert_int_equal(rd(IIR), 0x01);
	/* each byte sent empties the register again: a new interrupt */
	wr(THR, 'a');
	assert_int_equal(injected(), 1);
	assert_int_equal(rd(IIR), 0x02);
	/* re-enabling raises it again; disabling hides it */
	wr(IER, 0);
	assert_int_equal(rd(IIR), 0x01);
	wr(IER, 0x02);
	assert_int_equal(injected(), 1);
	/* received data comes first, then THR empty */
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'x', 1), 1);
	wr(IER, 0x03);
	assert_int_equal(injected(), 1);
	assert_int_equal(rd(IIR), 0x04);
	assert_int_equal(rd(RBR), 'x');
	assert_int_equal(rd(IIR), 0x02);
	assert_int_equal(rd(IIR), 0x01);
	/* a byte sent while THRI is off raises nothing */
	wr(IER, 0);
	injected();
	wr(THR, 'b');
	assert_int_equal(injected(), 0);
}

/*
 * What Linux's 8250 driver checks of a 16550A at probe and start-up
 * (drivers/tty/serial/8250/8250_port.c: autoconfig's IER and loopback
 * tests, the FIFO probe, the THRE re-assertion tests of startup).
 */
static void test_linux_probe_and_startup(void **state)
{
	long id;
	u64 lsr, iir1, iir;

	(void)state;
	id = start_8250_guest();
	/* IER: all 0 reads back 0, 0x0f reads back 0x0f */
	wr(IER, 0);
	assert_int_equal(rd(IER) & 0x0f, 0);
	wr(IER, 0x0f);
	assert_int_equal(rd(IER) & 0x0f, 0x0f);
	wr(IER, 0);
	/* loopback with OUT2|RTS: MSR's top nibble 0x90 */
	wr(MCR, 0x10 | 0x0a);
	assert_int_equal(rd(MSR) & 0xf0, 0x90);
	wr(MCR, 0);
	/* the FIFO probe: IIR bits 7-6 = 3 is a 16550A */
	wr(FCR, 0x01);
	assert_int_equal(rd(IIR) >> 6, 3);
	wr(FCR, 0);
	assert_int_equal(rd(IIR) >> 6, 0);
	/* start-up: clear the FIFOs, read the interrupt registers */
	wr(FCR, 0x01);
	wr(FCR, 0x07);
	wr(FCR, 0);
	assert_true(rd(LSR) != 0xff);
	rd(RBR);
	rd(IIR);
	rd(MSR);
	/* THRE re-asserts after the IIR read cleared it (no UART_BUG_THRE) */
	wr(IER, 0x02);
	iir1 = rd(IIR);
	wr(IER, 0);
	wr(IER, 0x02);
	iir = rd(IIR);
	wr(IER, 0);
	assert_false(iir1 & 0x01);
	assert_false(iir & 0x01);
	/* enabling the TX interrupt raises it at once (no UART_BUG_TXEN) */
	wr(IER, 0x02);
	lsr = rd(LSR);
	iir = rd(IIR);
	wr(IER, 0);
	assert_true(lsr & 0x40);
	assert_false(iir & 0x01);
	/* 8N1, DLAB for the divisor, then RX interrupts on */
	wr(LCR, 0x83);
	wr(DLL, 1);
	wr(DLM, 0);
	wr(LCR, 0x03);
	wr(MCR, 0x0b);
	wr(IER, 0x05);
	injected();
	assert_int_equal(fix_hc(HVISOR_HC_CELL_CONSOLE_WRITE, id, 'L', 1), 1);
	assert_int_equal(injected(), 1);
	/* its handler: IIR, LSR, the data, LSR again, until IIR says none */
	assert_int_equal(rd(IIR) & 0x0f, 0x04);
	assert_int_equal(rd(LSR) & 0x01, 1);
	assert_int_equal(rd(RBR), 'L');
	assert_int_equal(rd(LSR) & 0x01, 0);
	assert_int_equal(rd(IIR) & 0x0f, 0x01);
	/* transmit: THRI on, bytes while LSR.THRE, THRI off when done */
	wr(IER, 0x07);
	assert_int_equal(injected(), 1);
	assert_int_equal(rd(IIR) & 0x0f, 0x02);
	assert_true(rd(LSR) & 0x20);
	wr(THR, 'A');
	wr(THR, 'B');
	wr(IER, 0x05);
	assert_int_equal(rd(IIR) & 0x0f, 0x01);
}

/* Widths other than a byte and offsets past SCR: read 0, writes ignored. */
static void test_hostile(void **state)
{
	char *buf = (char *)fix_buf(0);
	unsigned int w, off;
	u64 seq = 0, v;
	long id;

	(void)state;
	id = start_8250_guest();
	wr(SCR, 0x11);
	for (w = 2; w <= 8; w *= 2) {
		v = 0x4141414141414141;
		assert_int_equal(fake_mmio(GUEST, UART + THR, w, true, &v),
				 MMIO_HANDLED);
		v = 0xff;
		assert_int_equal(fake_mmio(GUEST, UART + 4, w, true, &v),
				 MMIO_HANDLED);
		assert_int_equal(fake_mmio(GUEST, UART + LSR - 1, w, false, &v),
				 MMIO_HANDLED);
		assert_int_equal(v, 0);
	}
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(SCR), 0x11);
	for (off = 8; off < PAGE_SIZE; off += 0x3f8) {
		wr(off, 0x42);
		assert_int_equal(rd(off), 0);
	}
	wr(PAGE_SIZE - 1, 0x42);
	assert_int_equal(rd(PAGE_SIZE - 1), 0);
	assert_int_equal(sent(id, &seq), 0);
	(void)buf;
	/* the page ends the model: the next byte is nobody's */
	assert_int_equal(fake_mmio(GUEST, UART + PAGE_SIZE, 1, false, &v),
			 MMIO_UNHANDLED);
	assert_int_equal(rd(SCR), 0x11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_output_and_registers,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_interrupt, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_thre_interrupt, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_linux_probe_and_startup,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
