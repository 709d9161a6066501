/* Test guest command gic_scan: every width and offset of a vGIC frame, read and written; exceptions caught (arm64). */
#include "cmd_gic.h"
#include "command.h"
#include "guest.h"
#include "platform.h"

#if defined(__aarch64__)

#include <asm/sysreg.h>

#include "arm64.h"

extern uint64_t mmu_l1[]; /* mmu.c: level 1 of the identity map */

/*
 * A vector table that forwards everything to the guest's own (el1_vectors)
 * except a synchronous exception at EL1: that one is recorded and the
 * instruction skipped.
 */
asm(".pushsection .text, \"ax\"\n"
    ".balign 0x800\n"
    "gic_catch_vectors:\n"
    ".irp off, 0x000, 0x080, 0x100, 0x180\n"
    ".balign 0x80\n"
    "b el1_vectors + \\off\n"
    ".endr\n"
    ".balign 0x80\n" /* 0x200: current EL, SP_ELx, synchronous */
    "mrs x17, esr_el1\n"
    "adrp x16, gic_caught_esr\n"
    "str x17, [x16, :lo12:gic_caught_esr]\n"
    "mrs x17, far_el1\n"
    "adrp x16, gic_caught_far\n"
    "str x17, [x16, :lo12:gic_caught_far]\n"
    "mrs x17, elr_el1\n"
    "add x17, x17, #4\n"
    "msr elr_el1, x17\n"
    "eret\n"
    ".irp off, 0x280, 0x300, 0x380, 0x400, 0x480, 0x500, 0x580, 0x600, "
    "0x680, 0x700, 0x780\n"
    ".balign 0x80\n"
    "b el1_vectors + \\off\n"
    ".endr\n"
    ".popsection\n");

extern char gic_catch_vectors[];
volatile uint64_t gic_caught_esr, gic_caught_far;
static uint64_t saved_vbar, saved_daif;

void gic_catch_on(void)
{
	saved_daif = read_sysreg(daif);
	arch_irq_disable();
	saved_vbar = read_sysreg(vbar_el1);
	gic_caught_esr = 0;
	write_sysreg(vbar_el1, gic_catch_vectors);
	isb();
}

void gic_catch_off(void)
{
	write_sysreg(vbar_el1, saved_vbar);
	isb();
	write_sysreg(daif, saved_daif);
}

uint64_t gic_catch_take(uint64_t *far)
{
	uint64_t esr = gic_caught_esr;

	if (far)
		*far = gic_caught_far;
	gic_caught_esr = 0;
	return esr;
}

/* One access of @width at @addr; the handler may skip it (x16, x17). */
static void access(uintptr_t addr, unsigned int width, bool write, uint64_t v)
{
	uint64_t r;

	if (write) {
		switch (width) {
		case 1:
			asm volatile("strb %w0, [%1]" ::"rZ"(v), "r"(addr)
				     : "x16", "x17", "memory");
			break;
		case 2:
			asm volatile("strh %w0, [%1]" ::"rZ"(v), "r"(addr)
				     : "x16", "x17", "memory");
			break;
		case 4:
			asm volatile("str %w0, [%1]" ::"rZ"(v), "r"(addr)
				     : "x16", "x17", "memory");
			break;
		default:
			asm volatile("str %x0, [%1]" ::"rZ"(v), "r"(addr)
				     : "x16", "x17", "memory");
			break;
		}
		return;
	}
	switch (width) {
	case 1:
		asm volatile("ldrb %w0, [%1]"
			     : "=&r"(r)
			     : "r"(addr)
			     : "x16", "x17", "memory");
		break;
	case 2:
		asm volatile("ldrh %w0, [%1]"
			     : "=&r"(r)
			     : "r"(addr)
			     : "x16", "x17", "memory");
		break;
	case 4:
		asm volatile("ldr %w0, [%1]"
			     : "=&r"(r)
			     : "r"(addr)
			     : "x16", "x17", "memory");
		break;
	default:
		asm volatile("ldr %x0, [%1]"
			     : "=&r"(r)
			     : "r"(addr)
			     : "x16", "x17", "memory");
		break;
	}
	(void)r;
}

#define BLOCK_2M (1UL << 21)
#define DESC_ADDR_MASK 0x0000fffffffff000UL
#define DESC_ATTR_MASK (7UL << 2)
#define ATTR_NORMAL (1UL << 2) /* MAIR attr 1, see mmu.c */

/*
 * The level-2 entry of the identity map (mmu.c) for addr below 4 GiB:
 * level 1 points to one table per GiB, of 2 MiB blocks.
 */
static volatile uint64_t *block_entry(uintptr_t addr)
{
	uint64_t l1 = mmu_l1[addr >> 30];

	if ((l1 & 3) != 3 || addr >= (4UL << 30))
		return 0;
	return (volatile uint64_t *)(l1 & DESC_ADDR_MASK) +
	       ((addr >> 21) & 511);
}

static void flush_tlb(void)
{
	dsb(ishst);
	asm volatile("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
}

/*
 * Maps [base, base + size) as Normal memory (unaligned accesses then reach
 * the hypervisor instead of faulting here) or back as Device memory.
 */
static bool map_normal(uintptr_t base, uint64_t size, bool normal)
{
	uintptr_t a;

	for (a = base & ~(BLOCK_2M - 1); a < base + size; a += BLOCK_2M)
		if (!block_entry(a))
			return false;
	for (a = base & ~(BLOCK_2M - 1); a < base + size; a += BLOCK_2M) {
		volatile uint64_t *e = block_entry(a);

		*e = (*e & ~DESC_ATTR_MASK) | (normal ? ATTR_NORMAL : 0);
	}
	flush_tlb();
	return true;
}

#define SCAN_READ 1
#define SCAN_WRITE 2
#define SCAN_UNALIGNED 4

/*
 * gic_scan BASE SIZE [MODE] [VALUE] [WIDTH]: accesses every offset of
 * [BASE, BASE + SIZE) at widths 1, 2, 4 and 8 (or WIDTH only), each access
 * wholly inside the range; MODE bits: 1 read, 2 write VALUE (default 0),
 * 4 every byte offset with the range mapped as Normal memory (unaligned
 * accesses reach the hypervisor), else only naturally aligned offsets.
 * Exceptions the guest takes are counted; the GIC is set up again after
 * writes.
 */
int cmd_gic_scan(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t base, size, mode, value, only, esr, far, first_esr = 0,
							  first_far = 0;
	unsigned long long accesses = 0, faults = 0;
	unsigned int width;
	uint64_t off;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "BASE", 0, 0, UINTPTR_MAX,
			 &base) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "SIZE", 0, 1, 1UL << 24, &size) ||
	    !cmd_arg_u64(ctx, argc, argv, 3, "MODE", SCAN_READ, 1, 7, &mode) ||
	    !cmd_arg_u64(ctx, argc, argv, 4, "VALUE", 0, 0, UINT64_MAX,
			 &value) ||
	    !cmd_arg_u64(ctx, argc, argv, 5, "WIDTH", 0, 0, 8, &only))
		return CMD_USAGE;
	if (!(mode & (SCAN_READ | SCAN_WRITE))) {
		outbuf_puts(ctx->out, "gic_scan: MODE must read or write\n");
		return CMD_USAGE;
	}
	if ((mode & SCAN_UNALIGNED) && !map_normal(base, size, true)) {
		outbuf_puts(ctx->out, "gic_scan: range not in the block map\n");
		return CMD_USAGE;
	}
	gic_catch_on();
	for (width = 1; width <= 8; width *= 2) {
		uint64_t step = (mode & SCAN_UNALIGNED) ? 1 : width;

		if (only && width != only)
			continue;
		for (off = 0; off + width <= size; off += step) {
			int pass;

			for (pass = 0; pass < 2; pass++) {
				bool write = pass == 1;

				if (!(mode & (write ? SCAN_WRITE : SCAN_READ)))
					continue;
				access(base + off, width, write, value);
				accesses++;
				esr = gic_catch_take(&far);
				if (!esr)
					continue;
				if (!faults++) {
					first_esr = esr;
					first_far = far;
				}
			}
		}
	}
	gic_catch_off();
	if (mode & SCAN_UNALIGNED)
		map_normal(base, size, false);
	if (mode & SCAN_WRITE)
		arch_irq_init();
	outbuf_printf(ctx->out, "gic_scan: %llu accesses, %llu exceptions",
		      accesses, faults);
	if (faults)
		outbuf_printf(ctx->out, " (first: ESR 0x%llx FAR 0x%llx)",
			      (unsigned long long)first_esr,
			      (unsigned long long)first_far);
	outbuf_puts(ctx->out, "\n");
	return CMD_OK;
}

#else

int cmd_gic_scan(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "gic_scan: arm64 only\n");
	return CMD_FAILED;
}

#endif
