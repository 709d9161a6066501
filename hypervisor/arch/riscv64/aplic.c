/* The root's S-level APLIC in AIA mode, trapped and filtered: its own sources only, MSIs only to its own harts (into the file each takes them in now: guest file 1 under the hypervisor), nothing of the M level or direct delivery. */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <asm/aplic.h>

#define APLIC_LOG_MAX 4
#define BIT_WORDS 32 /* setip, in_clrip, setie, clrie: 32 words of bits */

static unsigned int refusals_logged;
/* target writes against riscv64_aplic_retarget */
static spinlock_t target_lock = SPINLOCK_INIT;

static unsigned int num_sources(void)
{
	unsigned int n = system_config->platform.arch.riscv64.num_sources;

	return n < APLIC_MAX_SOURCES ? n : APLIC_MAX_SOURCES;
}

/* A source the root may touch: its own, or the one the hypervisor raises. */
static bool root_source(u64 src)
{
	return src >= 1 && src < num_sources() &&
	       (cell_owns_irq(&root_cell, src) ||
		src == system_config->platform.root_irq);
}

static u32 root_mask(unsigned int word)
{
	u32 mask = 0;
	unsigned int i;

	for (i = 0; i < 32; i++)
		if (root_source(word * 32 + i))
			mask |= 1u << i;
	return mask;
}

static bool root_hart(u64 hart)
{
	unsigned int cpu;

	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if (cell_owns_cpu(&root_cell, cpu) &&
		    aplic_hw_cpu_hart(cpu) == hart)
			return true;
	return false;
}

static enum mmio_result refuse(struct emu_context *ctx, u64 off,
			       const char *why)
{
	if (refusals_logged < APLIC_LOG_MAX) {
		refusals_logged++;
		printk("hvisor: root: APLIC %s of %u byte(s) at +0x%lx value "
		       "0x%lx refused (%s): reads as 0, writes ignored%s\n",
		       ctx->write ? "write" : "read", ctx->width,
		       (unsigned long)off,
		       ctx->write ? (unsigned long)ctx->value : 0UL, why,
		       refusals_logged == APLIC_LOG_MAX ?
			       " (further refusals not reported)" :
			       "");
	}
	if (!ctx->write)
		ctx->value = 0;
	return MMIO_HANDLED;
}

static enum mmio_result pass(struct emu_context *ctx, u64 off, u32 value)
{
	if (ctx->write)
		aplic_hw_write(off, value);
	else
		ctx->value = aplic_hw_read(off);
	return MMIO_HANDLED;
}

/* setip, in_clrip, setie, clrie: the root's bits only, both ways. */
static enum mmio_result bits(struct emu_context *ctx, u64 off, u64 base)
{
	u32 mask = root_mask((off - base) / 4);

	if (ctx->write) {
		aplic_hw_write(off, (u32)ctx->value & mask);
		return MMIO_HANDLED;
	}
	ctx->value = aplic_hw_read(off) & mask;
	return MMIO_HANDLED;
}

/* setipnum, clripnum, setienum, clrienum, setipnum_le: a source number. */
static enum mmio_result number(struct emu_context *ctx, u64 off)
{
	if (!ctx->write) {
		ctx->value = 0;
		return MMIO_HANDLED;
	}
	if (!root_source((u32)ctx->value))
		return refuse(ctx, off, "not a source of the root");
	return pass(ctx, off, (u32)ctx->value);
}

static enum mmio_result target(struct emu_context *ctx, u64 off, u64 src)
{
	u32 v = (u32)ctx->value;

	if (!root_source(src))
		return refuse(ctx, off, "not a source of the root");
	if (!ctx->write) {
		ctx->value = aplic_hw_read(off) & ~APLIC_TARGET_GUEST;
		return MMIO_HANDLED;
	}
	if (!root_hart(v >> APLIC_TARGET_HART_SHIFT))
		return refuse(ctx, off, "MSI target is not a hart of the root");
	/* the file the hart takes its MSIs in now (S file: forwarded) */
	spin_lock(&target_lock);
	v = (v & ~APLIC_TARGET_GUEST) |
	    aplic_hw_root_file(v >> APLIC_TARGET_HART_SHIFT) << 12;
	aplic_hw_write(off, v);
	spin_unlock(&target_lock);
	return MMIO_HANDLED;
}

void riscv64_aplic_retarget(u64 hart, unsigned int file)
{
	unsigned int src;
	u64 off;
	u32 v;

	spin_lock(&target_lock);
	for (src = 1; src < num_sources(); src++) {
		if (!root_source(src))
			continue;
		off = APLIC_TARGET + 4 * (u64)src;
		v = aplic_hw_read(off);
		if (v >> APLIC_TARGET_HART_SHIFT == hart)
			aplic_hw_write(off, (v & ~APLIC_TARGET_GUEST) |
						    (u32)file << 12);
	}
	spin_unlock(&target_lock);
}

enum mmio_result riscv64_aplic_access(void *arg, struct emu_context *ctx,
				      u64 off)
{
	u64 src_end = 4 * (u64)num_sources();
	u32 v = (u32)ctx->value;

	(void)arg;
	if (ctx->width != 4 || (off & 3))
		return refuse(ctx, off, "not an aligned 32-bit access");
	if (off == APLIC_DOMAINCFG)
		return pass(ctx, off, v);
	if (off >= APLIC_SOURCECFG && off < APLIC_SOURCECFG + src_end - 4) {
		if (!root_source(off / 4))
			return refuse(ctx, off, "not a source of the root");
		/* a source mode; delegation (no child domain) makes it inactive */
		return pass(ctx, off,
			    v & APLIC_SOURCECFG_D ? 0 : v & APLIC_SOURCECFG_SM);
	}
	if (off >= APLIC_MSIADDRCFG && off < APLIC_MSIADDRCFG_END) {
		if (ctx->write)
			return refuse(ctx, off, "MSI addresses are M level's");
		return pass(ctx, off, 0);
	}
	if (off >= APLIC_SETIP && off < APLIC_SETIP + 4 * BIT_WORDS)
		return bits(ctx, off, APLIC_SETIP);
	if (off >= APLIC_IN_CLRIP && off < APLIC_IN_CLRIP + 4 * BIT_WORDS)
		return bits(ctx, off, APLIC_IN_CLRIP);
	if (off >= APLIC_SETIE && off < APLIC_SETIE + 4 * BIT_WORDS)
		return bits(ctx, off, APLIC_SETIE);
	if (off >= APLIC_CLRIE && off < APLIC_CLRIE + 4 * BIT_WORDS)
		return bits(ctx, off, APLIC_CLRIE);
	if (off == APLIC_SETIPNUM || off == APLIC_CLRIPNUM ||
	    off == APLIC_SETIENUM || off == APLIC_CLRIENUM ||
	    off == APLIC_SETIPNUM_LE)
		return number(ctx, off);
	if (off == APLIC_GENMSI) {
		if (ctx->write && !root_hart(v >> APLIC_TARGET_HART_SHIFT))
			return refuse(ctx, off,
				      "genmsi to a hart not the root's");
		return pass(ctx, off, v);
	}
	if (off > APLIC_TARGET && off < APLIC_TARGET + src_end)
		return target(ctx, off, (off - APLIC_TARGET) / 4);
	return refuse(ctx, off, "not a register the root may use");
}
