/* Fake arch backend for host unit tests: every hook of hv/arch.h on simulated CPUs, firmware and memory, so that all of core/ runs on the host. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/vcpu.h>
#include <hvisor/config.h>
#include <hvisor/header.h>

#include "arch_fake.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define fiber_start(save, bottom, size) \
	__sanitizer_start_switch_fiber(save, bottom, size)
#define fiber_finish(save, bottom, size) \
	__sanitizer_finish_switch_fiber(save, bottom, size)
#define unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
static inline void fiber_start(void **save, const void *bottom, size_t size)
{
	(void)save;
	(void)bottom;
	(void)size;
}

static inline void fiber_finish(void *save, const void **bottom, size_t *size)
{
	(void)save;
	(void)bottom;
	(void)size;
}

static inline void unpoison(void *p, size_t n)
{
	(void)p;
	(void)n;
}
#endif

#define NO_CPU (~0u)
#define STACK_SIZE (256UL << 10)
#define ROUND_LIMIT 5000000u
#define HV_ALIGN 0x200000UL

/* One simulated CPU: firmware state, the task it runs, its noreturn frame. */
struct fake_cpu {
	struct fake_cpu_info info;
	int fail_power_on, fail_cpu_init;
	/* noreturn arch calls of the CPU longjmp here (run_frame) */
	bool frame_active;
	jmp_buf frame;
	enum fake_exit frame_exit;
	/* the task: hypervisor code the CPU runs on its own stack */
	bool live;
	ucontext_t ctx;
	void *stack;
	void *asan_save;
	fake_fn fn;
	void *arg;
	int kind; /* HVISOR_EXIT_* counted when it starts, or -1 */
	bool exit_path; /* vcpu_handle_requests after fn, as arch exits do */
	struct fake_result res;
	bool awaited; /* pending, and a CPU waits for it: it starts */
};

static struct fake_cpu cpus[MAX_CPUS];
static struct fake_counts counts;
static unsigned int current = NO_CPU; /* whose code runs: this_cpu() */
static unsigned int running = NO_CPU; /* whose task (stack) runs */
static bool in_run;
static ucontext_t sched_ctx;
static void *sched_asan_save;
static const void *sched_bottom;
static size_t sched_size;
static u64 now_ms;
static fake_hook_fn hook;
static void *hook_arg;
static bool autoboot;
static bool pending_reads_off;
static int fail_global;
static u8 *ram;

/* The hypervisor memory; the image (its header first) starts it. */
u8 fake_image_mem[FAKE_IMAGE_SIZE] __aligned(HV_ALIGN);

#define STR_(x) #x
#define STR(x) STR_(x)
__asm__(".globl hvisor_header\n\t"
	".set hvisor_header, fake_image_mem\n\t"
	".globl __text_end\n\t"
	".set __text_end, fake_image_mem + " STR(FAKE_TEXT_SIZE));

static void die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "arch_fake: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static struct fake_cpu *cpu_of(unsigned int cpu)
{
	if (cpu >= MAX_CPUS)
		die("CPU %u does not exist", cpu);
	return &cpus[cpu];
}

/* --- the page-table format: 4 levels of 512 entries, 4 KiB pages -------- */

#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1)
#define PTE_TAG_HV BIT(2) /* every valid entry names its format */
#define PTE_TAG_S2 BIT(3)
#define PTE_FLAGS_SHIFT 56
#define PTE_ADDR_MASK 0x0000fffffffff000UL
#define PTE_MAP_FLAGS (MAP_READ | MAP_WRITE | MAP_EXEC | MAP_DEVICE)

static pte_t make_table(u64 pa, pte_t tag)
{
	if (pa & ~PTE_ADDR_MASK)
		die("table at 0x%lx: not a page address", (unsigned long)pa);
	return pa | PTE_VALID | PTE_TABLE | tag;
}

static pte_t make_leaf(u64 pa, u64 flags, unsigned int level, pte_t tag)
{
	if (level < 1 || level > 3)
		die("leaf at level %u", level);
	if (pa & ~PTE_ADDR_MASK || pa & ((1UL << (12 + 9 * (3 - level))) - 1))
		die("leaf 0x%lx misaligned for level %u", (unsigned long)pa,
		    level);
	if (flags & ~PTE_MAP_FLAGS)
		die("unknown mapping flags 0x%lx", (unsigned long)flags);
	return pa | PTE_VALID | tag | (flags << PTE_FLAGS_SHIFT);
}

static bool check_valid(pte_t pte, pte_t tag)
{
	if (!(pte & PTE_VALID))
		return false;
	if (!(pte & tag))
		die("entry 0x%lx belongs to the other table format",
		    (unsigned long)pte);
	return true;
}

static bool pte_is_table(pte_t pte, unsigned int level)
{
	return level < 3 && (pte & PTE_TABLE);
}

static u64 pte_addr(pte_t pte)
{
	return pte & PTE_ADDR_MASK;
}

static u64 pte_flags(pte_t pte)
{
	return (pte >> PTE_FLAGS_SHIFT) & PTE_MAP_FLAGS;
}

static pte_t hv_table(u64 pa)
{
	return make_table(pa, PTE_TAG_HV);
}

static pte_t hv_leaf(u64 pa, u64 flags, unsigned int level)
{
	return make_leaf(pa, flags, level, PTE_TAG_HV);
}

static bool hv_valid(pte_t pte)
{
	return check_valid(pte, PTE_TAG_HV);
}

static pte_t s2_table(u64 pa)
{
	return make_table(pa, PTE_TAG_S2);
}

static pte_t s2_leaf(u64 pa, u64 flags, unsigned int level)
{
	return make_leaf(pa, flags, level, PTE_TAG_S2);
}

static bool s2_valid(pte_t pte)
{
	return check_valid(pte, PTE_TAG_S2);
}

const struct pte_format hv_pte_format = {
	.table = hv_table,
	.leaf = hv_leaf,
	.valid = hv_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = pte_flags,
	.levels = 4,
	.va_bits = 48,
	.pa_bits = 48,
	.block_min_level = 1,
};

const struct pte_format stage2_pte_format = {
	.table = s2_table,
	.leaf = s2_leaf,
	.valid = s2_valid,
	.is_table = pte_is_table,
	.addr = pte_addr,
	.flags = pte_flags,
	.levels = 4,
	.va_bits = 48,
	.pa_bits = 48,
	.block_min_level = 1,
};

/* The checker knows arm64 rules only, so fake configs use that layout. */
const u32 arch_config_tag = HVISOR_ARCH_ARM64;

/* --- running code as a CPU ---------------------------------------------- */

static void exit_to_guest(unsigned int cpu)
{
	cpus[cpu].info.irq_pending = false;
	vcpu_handle_requests(per_cpu(cpu));
}

/*
 * Runs fn as cpu, on the current stack, until it returns or the CPU leaves
 * through a noreturn arch call (which longjmps back here).
 */
static void run_frame(unsigned int cpu, fake_fn fn, void *arg, bool exit_path,
		      struct fake_result *res)
{
	struct fake_cpu *volatile f = &cpus[cpu];
	volatile unsigned int prev = current;

	if (f->frame_active)
		die("CPU %u already runs hypervisor code", cpu);
	f->frame_active = true;
	current = cpu;
	res->exit = FAKE_EXIT_NONE;
	res->ret = FAKE_NO_RETURN;
	if (!setjmp(f->frame)) {
		res->ret = fn ? fn(per_cpu(cpu), arg) : 0;
		res->exit = FAKE_EXIT_RETURNED;
		if (exit_path && f->info.state == FAKE_CPU_ON)
			exit_to_guest(cpu);
	} else {
		res->exit = f->frame_exit;
	}
	f->frame_active = false;
	current = prev;
}

static __noreturn void leave(enum fake_cpu_state state, enum fake_exit how)
{
	struct fake_cpu *f;

	if (current == NO_CPU || !cpus[current].frame_active)
		die("noreturn arch call outside any CPU");
	f = &cpus[current];
	f->info.state = state;
	f->frame_exit = how;
	longjmp(f->frame, 1);
}

static void task_main(void)
{
	unsigned int cpu = running;
	struct fake_cpu *f = &cpus[cpu];

	fiber_finish(NULL, &sched_bottom, &sched_size);
	if (f->kind >= 0)
		per_cpu(cpu)->exits[f->kind]++;
	run_frame(cpu, f->fn, f->arg, f->exit_path, &f->res);
	f->info.last = f->res;
	f->live = false;
	fiber_start(NULL, sched_bottom, sched_size);
	swapcontext(&f->ctx, &sched_ctx);
	die("a finished task on CPU %u was resumed", cpu);
}

/* Lets the task of cpu run until its next yield point or its end. */
static void step(unsigned int cpu)
{
	struct fake_cpu *f = &cpus[cpu];

	running = cpu;
	current = cpu;
	fiber_start(&sched_asan_save, f->stack, STACK_SIZE);
	if (swapcontext(&sched_ctx, &f->ctx))
		die("swapcontext failed");
	fiber_finish(sched_asan_save, NULL, NULL);
	running = NO_CPU;
	current = NO_CPU;
}

/* Gives the other CPUs a turn; only from a task's own code. */
static void yield(void)
{
	struct fake_cpu *f;

	if (running == NO_CPU || current != running)
		return;
	f = &cpus[running];
	fiber_start(&f->asan_save, sched_bottom, sched_size);
	swapcontext(&f->ctx, &sched_ctx);
	fiber_finish(f->asan_save, &sched_bottom, &sched_size);
}

/* Spinlocks of the shim do not spin: never switch while one is held. */
static bool power_locks_held(void)
{
	unsigned int n;

	if (root_cell.power_lock.locked)
		return true;
	for (n = 0; n < MAX_CPUS; n++) {
		struct cell *cell = per_cpu(n)->cell;

		if (cell &&
		    (cell->power_lock.locked || cell->console.lock.locked))
			return true;
	}
	return false;
}

static void maybe_yield(void)
{
	if (!power_locks_held())
		yield();
}

static bool spawn(unsigned int cpu, fake_fn fn, void *arg, int kind,
		  bool exit_path)
{
	struct fake_cpu *f = cpu_of(cpu);

	if (f->live || f->frame_active)
		return false;
	if (!f->stack) {
		f->stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (f->stack == MAP_FAILED)
			die("no stack for CPU %u", cpu);
	}
	unpoison(f->stack, STACK_SIZE);
	if (getcontext(&f->ctx))
		die("getcontext failed");
	f->ctx.uc_stack.ss_sp = f->stack;
	f->ctx.uc_stack.ss_size = STACK_SIZE;
	f->ctx.uc_link = NULL;
	makecontext(&f->ctx, task_main, 0);
	f->fn = fn;
	f->arg = arg;
	f->kind = kind;
	f->exit_path = exit_path;
	f->res = (struct fake_result){ FAKE_EXIT_NONE, 0 };
	f->live = true;
	return true;
}

/* A trap: only a CPU that runs a guest under the hypervisor takes one. */
static bool spawn_trap(unsigned int cpu, fake_fn fn, void *arg, int kind)
{
	if (cpu_of(cpu)->info.state != FAKE_CPU_ON)
		return false;
	return spawn(cpu, fn, arg, kind, true);
}

static long fn_resume(struct per_cpu *c, void *arg)
{
	(void)arg;
	cpus[current].info.state = FAKE_CPU_ON;
	hv_cpu_resume(c);
	return 0;
}

/* Pending CPUs that start, and kicks left for CPUs that are now free. */
static void deliver(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		struct fake_cpu *f = &cpus[cpu];

		if (f->live)
			continue;
		if (f->info.state == FAKE_CPU_PENDING &&
		    (autoboot || f->awaited)) {
			f->awaited = false;
			spawn(cpu, fn_resume, NULL, -1, true);
		} else if (f->info.state == FAKE_CPU_ON &&
			   f->info.irq_pending && !f->info.deaf) {
			f->info.irqs++;
			spawn(cpu, NULL, NULL, HVISOR_EXIT_IRQ, true);
		}
	}
}

void fake_run(void)
{
	unsigned int round, cpu;
	bool live;

	if (running != NO_CPU || in_run)
		die("fake_run from a CPU or a hook (hooks use fake_spawn)");
	in_run = true;
	for (round = 0;; round++) {
		if (round > ROUND_LIMIT)
			die("CPUs still busy after %u rounds", round);
		if (hook)
			hook(round, hook_arg);
		deliver();
		live = false;
		for (cpu = 0; cpu < MAX_CPUS; cpu++) {
			if (cpus[cpu].live) {
				step(cpu);
				live = true;
			}
		}
		if (!live)
			break;
	}
	in_run = false;
}

static struct fake_result run_task(unsigned int cpu, bool spawned)
{
	if (!spawned)
		return (struct fake_result){ FAKE_EXIT_NONE, FAKE_NOT_RUN };
	fake_run();
	return cpus[cpu].info.last;
}

static struct fake_result call(unsigned int cpu, fake_fn fn, void *arg,
			       int kind)
{
	if (in_run)
		die("fake_call from a hook: use fake_spawn");
	return run_task(cpu, spawn_trap(cpu, fn, arg, kind));
}

struct fake_result fake_call(unsigned int cpu, fake_fn fn, void *arg)
{
	return call(cpu, fn, arg, -1);
}

bool fake_spawn(unsigned int cpu, fake_fn fn, void *arg)
{
	return spawn_trap(cpu, fn, arg, -1);
}

void fake_set_hook(fake_hook_fn fn, void *arg)
{
	hook = fn;
	hook_arg = arg;
}

void fake_set_autoboot(bool on)
{
	autoboot = on;
}

bool fake_cpu_idle(unsigned int cpu)
{
	struct fake_cpu *f = cpu_of(cpu);

	return f->info.state == FAKE_CPU_ON && !f->live && !f->frame_active;
}

enum fake_exit fake_run_cpu(unsigned int cpu)
{
	struct fake_cpu *f = cpu_of(cpu);

	if (in_run)
		die("fake_run_cpu from a hook");
	if (f->info.state != FAKE_CPU_PENDING)
		return FAKE_EXIT_NONE;
	return run_task(cpu, spawn(cpu, fn_resume, NULL, -1, true)).exit;
}

static long fn_entry(struct per_cpu *c, void *arg)
{
	long ret = hv_cpu_entry(current);

	(void)c;
	(void)arg;
	if (!ret)
		cpus[current].info.state = FAKE_CPU_ON;
	return ret;
}

long fake_enter(unsigned int cpu)
{
	struct fake_result r;

	if (in_run)
		die("fake_enter from a hook");
	if (cpu_of(cpu)->info.state != FAKE_CPU_LINUX)
		return FAKE_NOT_RUN;
	r = run_task(cpu, spawn(cpu, fn_entry, NULL, -1, false));
	return r.exit == FAKE_EXIT_NONE ? FAKE_NOT_RUN : r.ret;
}

long fake_fn_hypercall(struct per_cpu *c, void *arg)
{
	struct fake_hc_args *a = arg;

	return hypercall(c, a->code, a->args);
}

static long fn_guest_hypercall(struct per_cpu *c, void *arg)
{
	struct fake_hc_args *a = arg;

	return guest_hypercall(c, a->code, a->args);
}

static long result_of(struct fake_result r)
{
	return r.exit == FAKE_EXIT_NONE ? FAKE_NOT_RUN : r.ret;
}

long fake_hypercall(unsigned int cpu, unsigned long code, u64 a1, u64 a2,
		    u64 a3, u64 *a1_out)
{
	struct fake_hc_args a = { code, { a1, a2, a3 } };
	struct fake_result r =
		call(cpu, fake_fn_hypercall, &a, HVISOR_EXIT_HYPERCALL);

	if (a1_out)
		*a1_out = a.args[0];
	if (r.exit == FAKE_EXIT_LEFT)
		return 0; /* the DISABLE call returns 0 in Linux */
	return result_of(r);
}

long fake_guest_hypercall(unsigned int cpu, unsigned long code, u64 a1, u64 a2,
			  u64 a3)
{
	struct fake_hc_args a = { code, { a1, a2, a3 } };

	return result_of(
		call(cpu, fn_guest_hypercall, &a, HVISOR_EXIT_HYPERCALL));
}

long fake_fn_vcpu_start(struct per_cpu *c, void *arg)
{
	struct fake_start_args *a = arg;

	return vcpu_start(c->cell, a->vcpu, a->entry, a->arg);
}

long fake_vcpu_start(unsigned int cpu, unsigned int vcpu, u64 entry, u64 arg)
{
	struct fake_start_args a = { vcpu, entry, arg };

	return result_of(
		call(cpu, fake_fn_vcpu_start, &a, HVISOR_EXIT_FIRMWARE));
}

static long fn_root_cpu_start(struct per_cpu *c, void *arg)
{
	struct fake_start_args *a = arg;

	(void)c;
	return root_cpu_start(a->vcpu, a->entry, a->arg);
}

long fake_root_cpu_start(unsigned int cpu, unsigned int target, u64 entry,
			 u64 arg)
{
	struct fake_start_args a = { target, entry, arg };

	return result_of(
		call(cpu, fn_root_cpu_start, &a, HVISOR_EXIT_FIRMWARE));
}

static long fn_cpu_off(struct per_cpu *c, void *arg)
{
	(void)arg;
	vcpu_stop_self(c);
}

enum fake_exit fake_cpu_off(unsigned int cpu)
{
	return call(cpu, fn_cpu_off, NULL, HVISOR_EXIT_FIRMWARE).exit;
}

static long fn_root_cpu_suspend(struct per_cpu *c, void *arg)
{
	struct fake_start_args *a = arg;

	root_cpu_suspend(c, a->entry, a->arg);
	leave(FAKE_CPU_PENDING, FAKE_EXIT_SUSPENDED);
}

enum fake_exit fake_root_cpu_suspend(unsigned int cpu, u64 entry, u64 arg)
{
	struct fake_start_args a = { 0, entry, arg };

	return call(cpu, fn_root_cpu_suspend, &a, HVISOR_EXIT_FIRMWARE).exit;
}

long fake_fn_cell_reset(struct per_cpu *c, void *arg)
{
	(void)arg;
	cell_reset(c);
	return 0;
}

enum fake_exit fake_cell_reset(unsigned int cpu)
{
	return call(cpu, fake_fn_cell_reset, NULL, HVISOR_EXIT_FIRMWARE).exit;
}

long fake_fn_cell_power_off(struct per_cpu *c, void *arg)
{
	(void)arg;
	cell_power_off(c);
}

enum fake_exit fake_cell_power_off(unsigned int cpu)
{
	return call(cpu, fake_fn_cell_power_off, NULL, HVISOR_EXIT_FIRMWARE)
		.exit;
}

static long fn_mmio(struct per_cpu *c, void *arg)
{
	struct emu_context *ctx = arg;

	ctx->cell = c->cell;
	ctx->cpu = c->cpu_id;
	return mmio_dispatch(ctx);
}

enum mmio_result fake_mmio(unsigned int cpu, u64 address, unsigned int width,
			   bool write, u64 *value)
{
	struct emu_context ctx = {
		.address = address,
		.value = write ? *value : 0,
		.width = width,
		.write = write,
		.reg_width = 8,
	};
	struct fake_result r = call(cpu, fn_mmio, &ctx, HVISOR_EXIT_MMIO);

	if (r.exit == FAKE_EXIT_NONE)
		die("CPU %u cannot take an MMIO trap now", cpu);
	if (!write)
		*value = ctx.value;
	return (enum mmio_result)r.ret;
}

static long fn_guest_fault(struct per_cpu *c, void *arg)
{
	guest_fault(c, arg);
	return 0;
}

enum fake_exit fake_guest_fault(unsigned int cpu, const struct cell_fault *f)
{
	return call(cpu, fn_guest_fault, (void *)f, HVISOR_EXIT_OTHER).exit;
}

/* --- machine ------------------------------------------------------------ */

static u8 *map_ram(void)
{
	/* low addresses fit a 44-bit guest-physical space and ASan's low memory */
	static const unsigned long hints[] = { 0x40000000, 0x50000000,
					       0x60000000, 0x20000000 };
	unsigned int i;
	u8 *p;

	for (i = 0; i < ARRAY_SIZE(hints); i++) {
		p = mmap((void *)hints[i], FAKE_RAM_SIZE,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
			 0);
		if (p != MAP_FAILED)
			return p;
	}
	p = mmap(NULL, FAKE_RAM_SIZE + HV_ALIGN, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("no memory for the fake RAM");
	return (u8 *)ALIGN_UP((u64)p, HV_ALIGN);
}

void fake_reset(void)
{
	unsigned int n;

	fake_recover();
	if ((u64)fake_image_mem & (HV_ALIGN - 1))
		die("hypervisor memory at %p is not 2 MiB aligned",
		    (void *)fake_image_mem);
	if (!ram)
		ram = map_ram();
	else if (madvise(ram, FAKE_RAM_SIZE, MADV_DONTNEED))
		die("cannot clear the fake RAM");
	for (n = 0; n < MAX_CPUS; n++) {
		void *stack = cpus[n].stack;

		memset(&cpus[n], 0, sizeof(cpus[n]));
		cpus[n].stack = stack;
		cpus[n].info.state = FAKE_CPU_LINUX;
	}
	memset(&counts, 0, sizeof(counts));
	current = running = NO_CPU;
	hook = NULL;
	hook_arg = NULL;
	autoboot = false;
	pending_reads_off = false;
	fail_global = 0;
	now_ms = 1000;
}

void fake_recover(void)
{
	unsigned int n;

	/* cmocka may have jumped here out of a task's stack: abandon it */
	for (n = 0; n < MAX_CPUS; n++) {
		cpus[n].live = false;
		cpus[n].frame_active = false;
	}
	current = running = NO_CPU;
	in_run = false;
}

u8 *fake_ram(void)
{
	return ram;
}

u8 *fake_image(void)
{
	return fake_image_mem;
}

void fake_install(const void *config, u32 size, u32 online_cpus)
{
	struct hvisor_header *h = (struct hvisor_header *)fake_image_mem;
	unsigned int n;

	if (size > FAKE_IMAGE_SIZE - FAKE_CORE_SIZE)
		die("config of %u bytes does not fit", size);
	memset(fake_image_mem, 0, sizeof(fake_image_mem));
	memcpy(h->signature, HVISOR_IMAGE_SIGNATURE, sizeof(h->signature));
	h->abi = HVISOR_IMAGE_ABI;
	h->header_size = sizeof(*h);
	h->core_size = FAKE_CORE_SIZE;
	h->max_cpus = MAX_CPUS;
	h->config_size = size;
	h->online_cpus = online_cpus;
	memcpy(fake_image_mem + FAKE_CORE_SIZE, config, size);
	for (n = 0; n < MAX_CPUS; n++)
		memset(per_cpu(n), 0, sizeof(struct per_cpu));
}

u64 fake_now(void)
{
	return now_ms;
}

const struct fake_cpu_info *fake_cpu(unsigned int cpu)
{
	struct fake_cpu *f = cpu_of(cpu);

	f->info.busy = f->live || f->frame_active;
	return &f->info;
}

const struct fake_counts *fake_counts(void)
{
	return &counts;
}

void fake_set_deaf(unsigned int cpu, bool deaf)
{
	struct fake_cpu *f = cpu_of(cpu);

	f->info.deaf = deaf;
	/* it hears the kick it missed (in fake_run, its next round) */
	if (!deaf && f->info.irq_pending && !in_run && fake_cpu_idle(cpu)) {
		per_cpu(cpu)->exits[HVISOR_EXIT_IRQ]++;
		f->info.irqs++;
		run_frame(cpu, NULL, NULL, true, &f->info.last);
	}
}

void fake_set_pending_reads_off(bool on)
{
	pending_reads_off = on;
}

void fake_fail_power_on(unsigned int cpu, int err)
{
	cpu_of(cpu)->fail_power_on = err;
}

void fake_fail_cpu_init(unsigned int cpu, int err)
{
	cpu_of(cpu)->fail_cpu_init = err;
}

void fake_fail_global_init(int err)
{
	fail_global = err;
}

/* --- hv/arch.h, first half ---------------------------------------------- */

int arch_global_init(struct page_table *pt)
{
	int err = fail_global;

	if (!pt->root || pt->fmt != &hv_pte_format)
		die("arch_global_init without the hypervisor's table");
	counts.global_inits++;
	fail_global = 0;
	return err;
}

int arch_cpu_init(struct per_cpu *c, bool cold)
{
	struct fake_cpu *f = cpu_of(current);
	int err = f->fail_cpu_init;

	if (c != per_cpu(current))
		die("arch_cpu_init of CPU %u on CPU %u", c->cpu_id, current);
	if (cold)
		c->arch.cold_inits++;
	else
		c->arch.warm_inits++;
	c->hwid = 0x100 + current;
	f->fail_cpu_init = 0;
	return err;
}

void arch_cpu_entry_failed(struct per_cpu *c)
{
	(void)c;
	cpu_of(current)->info.entry_failed++;
}

void arch_cpu_exit(struct per_cpu *c)
{
	if (c != this_cpu())
		die("arch_cpu_exit of another CPU");
	leave(FAKE_CPU_LINUX, FAKE_EXIT_LEFT);
}

void arch_cpu_park(void)
{
	leave(FAKE_CPU_PARKED, FAKE_EXIT_PARKED);
}

struct per_cpu *this_cpu(void)
{
	if (current == NO_CPU)
		die("this_cpu() outside any CPU");
	return per_cpu(current);
}

int arch_cpu_power_on(unsigned int cpu)
{
	struct fake_cpu *f;
	int err;

	if (cpu >= MAX_CPUS)
		return -EINVAL;
	f = &cpus[cpu];
	err = f->fail_power_on;
	f->fail_power_on = 0;
	if (err)
		return err;
	if (f->info.state != FAKE_CPU_OFF)
		return -EBUSY;
	f->info.state = FAKE_CPU_PENDING;
	f->info.irq_pending = false;
	f->info.power_ons++;
	return 0;
}

void arch_cpu_power_off(void)
{
	leave(FAKE_CPU_OFF, FAKE_EXIT_OFF);
}

bool arch_cpu_is_off(unsigned int cpu)
{
	struct fake_cpu *f = cpu_of(cpu);

	/* the firmware completes a power-on that a CPU waits for */
	if (f->info.state == FAKE_CPU_PENDING && running != NO_CPU)
		f->awaited = true;
	maybe_yield();
	return f->info.state == FAKE_CPU_OFF ||
	       (pending_reads_off && f->info.state == FAKE_CPU_PENDING);
}

int arch_cell_init(struct cell *cell)
{
	cell->arch.inits++;
	counts.cell_inits++;
	return 0;
}

void arch_cell_exit(struct cell *cell)
{
	(void)cell;
}

void arch_cell_reset(struct cell *cell)
{
	cell->arch.resets++;
	counts.cell_resets++;
}

void arch_cell_take_irqs(struct cell *cell)
{
	if (cell->arch.irqs_taken)
		die("cell %u takes its interrupts twice", cell->id);
	cell->arch.irqs_taken = true;
	counts.take_irqs++;
}

void arch_cell_release_irqs(struct cell *cell)
{
	if (!cell->arch.irqs_taken)
		die("cell %u releases interrupts it did not take", cell->id);
	cell->arch.irqs_taken = false;
	counts.release_irqs++;
}

void arch_flush_stage2(struct cell *cell)
{
	cell->arch.stage2_flushes++;
	counts.stage2_flushes++;
}

void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	struct fake_cpu *f = cpu_of(current);

	if (v != &per_cpu(current)->vcpu)
		die("arch_vcpu_reset of CPU %u's vCPU on CPU %u", v->cpu,
		    current);
	v->arch.entry = entry;
	v->arch.arg = arg;
	v->arch.resets++;
	f->info.entry = entry;
	f->info.arg = arg;
	f->info.resets++;
}

void arch_vcpu_flush_irqs(struct vcpu *v)
{
	if (v != &per_cpu(current)->vcpu)
		die("arch_vcpu_flush_irqs of another CPU's vCPU");
	v->arch.irq_flushes++;
	counts.irq_flushes++;
}

void arch_vcpu_sleep(struct vcpu *v, u64 deadline_ms)
{
	(void)v;
	(void)deadline_ms;
	maybe_yield();
	now_ms++;
}

/*
 * Synchronous on a CPU that runs its guest: its request handling runs now,
 * as that CPU. A CPU busy in the hypervisor handles it on its way out, a
 * deaf one when it hears again; a CPU that is off loses it.
 */
void arch_kick_cpu(unsigned int cpu)
{
	struct fake_cpu *f = cpu_of(cpu);

	f->info.kicks++;
	if (f->info.state != FAKE_CPU_ON && f->info.state != FAKE_CPU_PENDING)
		return;
	f->info.irq_pending = true;
	if (f->info.state == FAKE_CPU_ON && !f->info.deaf && !f->live &&
	    !f->frame_active) {
		per_cpu(cpu)->exits[HVISOR_EXIT_IRQ]++;
		f->info.irqs++;
		run_frame(cpu, NULL, NULL, true, &f->info.last);
	}
	maybe_yield();
}

void arch_raise_root_irq(void)
{
	counts.root_irqs++;
}

u64 arch_time_ms(void)
{
	maybe_yield();
	return ++now_ms;
}

void arch_dcache_clean(const void *start, size_t size)
{
	if (!start || !size)
		die("arch_dcache_clean(%p, %zu)", start, size);
	counts.dcache_cleans++;
}
