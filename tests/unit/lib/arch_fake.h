/* Test control of the fake arch (arch_fake.c): simulated CPUs, memory and image for running hypervisor core on the host. */
#ifndef TESTS_UNIT_ARCH_FAKE_H
#define TESTS_UNIT_ARCH_FAKE_H

#include <hv/layout.h>
#include <hv/mmio.h>
#include <hv/types.h>
#include <hv/vcpu.h>

struct cell_fault;
struct per_cpu;

/*
 * The machine. CPUs 0..MAX_CPUS-1 are simulated in one thread, so every run
 * is deterministic. A CPU runs hypervisor code as a task on its own stack;
 * fake_run() lets the tasks run round by round, each (in CPU order) until
 * its next yield point: arch_time_ms(), arch_vcpu_sleep(), and
 * arch_cpu_is_off() / arch_kick_cpu() when no power_lock is held (the
 * shim's spinlocks do not spin). Noreturn arch calls (arch_cpu_power_off,
 * arch_cpu_park, arch_cpu_exit) longjmp back to the start of the CPU's
 * task, which then ends. arch_kick_cpu() on a CPU that runs its guest
 * runs that CPU's request handling at once, as that CPU; a CPU busy in the
 * hypervisor handles the kick on its way out (every task ends with
 * vcpu_handle_requests, as arch exits do), a deaf one when it hears again.
 * arch_time_ms() advances by 1 on every call, so timeouts end.
 *
 * Physical addresses are host addresses: the hypervisor memory is a static
 * 2 MiB-aligned buffer whose start is the image (hvisor_header; config at
 * FAKE_CORE_SIZE, page pool after it), and fake_ram() is "physical RAM"
 * mapped low (below 2^31 when the host allows, so addresses fit every
 * arch's guest-physical range) for root and cell memory, devices and blobs.
 * Page tables use a 4-level, 4 KiB format of the fake's own whose entries
 * say which table kind (hypervisor or stage 2) they belong to.
 */
#define FAKE_IMAGE_SIZE (8UL << 20) /* hypervisor_size */
#define FAKE_CORE_SIZE 0x10000 /* image + bss: the config follows */
#define FAKE_TEXT_SIZE 0x4000 /* __text_end - image start */
#define FAKE_RAM_SIZE (32UL << 20)

/* Firmware view of a simulated CPU. */
enum fake_cpu_state {
	FAKE_CPU_LINUX, /* on, outside the hypervisor (the host kernel) */
	FAKE_CPU_OFF, /* off: arch_cpu_is_off() */
	FAKE_CPU_PENDING, /* arch_cpu_power_on() done, not running yet */
	FAKE_CPU_ON, /* under the hypervisor, running its guest */
	FAKE_CPU_PARKED, /* stopped for good in the hypervisor (panic) */
};

/* How the last task (call into the hypervisor) of a CPU ended. */
enum fake_exit {
	FAKE_EXIT_NONE, /* did not run, or still running */
	FAKE_EXIT_RETURNED, /* back to the guest (or to Linux after entry) */
	FAKE_EXIT_OFF, /* arch_cpu_power_off */
	FAKE_EXIT_PARKED, /* arch_cpu_park */
	FAKE_EXIT_LEFT, /* arch_cpu_exit: back to Linux (DISABLE) */
	FAKE_EXIT_SUSPENDED, /* fake_root_cpu_suspend: powered down */
};

struct fake_result {
	enum fake_exit exit;
	long ret; /* what the task's function returned, or FAKE_NO_RETURN */
};

/* What the fake knows of one CPU. */
struct fake_cpu_info {
	enum fake_cpu_state state;
	bool busy; /* a task runs (or waits at a yield point) on it */
	bool deaf; /* kicks stay pending (fake_set_deaf) */
	bool irq_pending; /* a kick not handled yet */
	unsigned int power_ons; /* successful arch_cpu_power_on */
	unsigned int kicks; /* arch_kick_cpu towards it */
	unsigned int irqs; /* kicks handled (request handling ran) */
	unsigned int resets; /* arch_vcpu_reset on it */
	unsigned int entry_failed; /* arch_cpu_entry_failed */
	u64 entry, arg; /* of the last arch_vcpu_reset */
	struct fake_result last; /* of the last finished task */
};

/* Calls into arch hooks the hypervisor made, machine-wide. */
struct fake_counts {
	unsigned int global_inits, cell_inits, cell_resets;
	unsigned int take_irqs, release_irqs, stage2_flushes;
	unsigned int root_irqs, dcache_cleans, irq_flushes;
};

/* A function run as a CPU: c is that CPU's per_cpu. */
typedef long (*fake_fn)(struct per_cpu *c, void *arg);
/* Called at the start of every scheduling round of fake_run(). */
typedef void (*fake_hook_fn)(unsigned int round, void *arg);

/* Returned by the wrappers when the CPU could not run code (off, busy). */
#define FAKE_NOT_RUN (-1000L)
/* The ret of a task whose CPU left (noreturn arch call) inside fn. */
#define FAKE_NO_RETURN (-1001L)

/* --- machine ------------------------------------------------------------ */

/* All CPUs in Linux, no tasks, no hooks or failures; allocates memory. */
void fake_reset(void);
/*
 * After a test failed inside fake_run (in a hook, or a crash cmocka caught
 * in a task): forgets the tasks that were under way; their CPUs stay as
 * they were (busy in the hypervisor). fake_reset() then starts afresh.
 */
void fake_recover(void);
u8 *fake_ram(void);
u8 *fake_image(void);
/*
 * What the driver does before the first entry: copies the system config to
 * core_size, fills the image header and zeroes the rest of the hypervisor
 * memory and the per-CPU data (the image's bss).
 */
void fake_install(const void *config, u32 size, u32 online_cpus);
u64 fake_now(void);

/* --- running code as a CPU ---------------------------------------------- */

/*
 * A trap on cpu into the hypervisor: runs fn as cpu, then what the arch runs
 * on every exit (vcpu_handle_requests) if the CPU still runs a guest; every
 * other CPU runs meanwhile, until all are quiet (fake_run). exit NONE and
 * ret FAKE_NOT_RUN if cpu does not run a guest now or is busy.
 */
struct fake_result fake_call(unsigned int cpu, fake_fn fn, void *arg);
/* As fake_call but only starts the task; fake_run() runs it. */
bool fake_spawn(unsigned int cpu, fake_fn fn, void *arg);
/* Runs all tasks round by round until none is left. */
void fake_run(void);
/*
 * fn runs at the start of every round of fake_run(), outside any CPU: it
 * may look at the state and fake_spawn() (not fake_call) what other CPUs
 * do next; spawned tasks run in that round. NULL: none.
 */
void fake_set_hook(fake_hook_fn fn, void *arg);
/*
 * Pending CPUs start by themselves (in fake_run) instead of fake_run_cpu.
 * Without it, a pending CPU starts once another CPU polls arch_cpu_is_off()
 * on it (waits for it), as real firmware would have started it by then.
 */
void fake_set_autoboot(bool on);
/* True while cpu runs its guest and no task: it can take a trap now. */
bool fake_cpu_idle(unsigned int cpu);

/* A pending CPU starts: hv_cpu_resume(per_cpu(cpu)) as that CPU. */
enum fake_exit fake_run_cpu(unsigned int cpu);
/* The driver's entry call on cpu: hv_cpu_entry(cpu). */
long fake_enter(unsigned int cpu);
/* Root hypercall; *a1_out (may be NULL) gets args[0] after the call. */
long fake_hypercall(unsigned int cpu, unsigned long code, u64 a1, u64 a2,
		    u64 a3, u64 *a1_out);
long fake_guest_hypercall(unsigned int cpu, unsigned long code, u64 a1, u64 a2,
			  u64 a3);
/* Firmware calls as the arch's decoder makes them. */
long fake_vcpu_start(unsigned int cpu, unsigned int vcpu, u64 entry, u64 arg);
long fake_root_cpu_start(unsigned int cpu, unsigned int target, u64 entry,
			 u64 arg);
enum fake_exit fake_cpu_off(unsigned int cpu); /* vcpu_stop_self */
/*
 * The root's CPU_SUSPEND to a power-down state as the arch's decoder makes
 * it: root_cpu_suspend(), then the firmware powers the CPU down with a
 * wake-up to come (state PENDING: fake_run_cpu() resumes it at the cold
 * entry, hv_cpu_resume()).
 */
enum fake_exit fake_root_cpu_suspend(unsigned int cpu, u64 entry, u64 arg);
enum fake_exit fake_cell_reset(unsigned int cpu);
enum fake_exit fake_cell_power_off(unsigned int cpu);
/* A trapped access: mmio_dispatch() with the CPU's cell; *value in/out. */
enum mmio_result fake_mmio(unsigned int cpu, u64 address, unsigned int width,
			   bool write, u64 *value);
enum fake_exit fake_guest_fault(unsigned int cpu, const struct cell_fault *f);

/* Task bodies for fake_spawn (arg: a struct fake_*_args or NULL). */
struct fake_start_args {
	unsigned int vcpu;
	u64 entry, arg;
};
long fake_fn_vcpu_start(struct per_cpu *c, void *arg);
long fake_fn_cell_reset(struct per_cpu *c, void *arg);
long fake_fn_cell_power_off(struct per_cpu *c, void *arg);
struct fake_hc_args {
	unsigned long code;
	u64 args[3];
};
long fake_fn_hypercall(struct per_cpu *c, void *arg);

/* --- fake firmware state and failures ----------------------------------- */

const struct fake_cpu_info *fake_cpu(unsigned int cpu);
const struct fake_counts *fake_counts(void);
/* A deaf CPU leaves kicks pending (it "does not stop"); undeaf delivers. */
void fake_set_deaf(unsigned int cpu, bool deaf);
/*
 * QEMU's PSCI: a CPU that CPU_ON accepted reads OFF (not ON_PENDING) in
 * arch_cpu_is_off() until it runs. Off by default (fake_reset).
 */
void fake_set_pending_reads_off(bool on);
/* The next arch_cpu_power_on(cpu) / arch_cpu_init(cpu) returns err. */
void fake_fail_power_on(unsigned int cpu, int err);
void fake_fail_cpu_init(unsigned int cpu, int err);
void fake_fail_global_init(int err);

#endif
