/*
 * The vCPU power state machine: starting and stopping vCPUs, powering a cell
 * off and resetting it, root CPUs going off and coming back. Arch firmware
 * decoders of each arch only translate the guest's firmware calls into these.
 *
 * Every start of a vCPU happens under its cell's power_lock and only while
 * the cell is CELL_POWER_RUNNING; stopping a cell first leaves that state
 * under the same lock, so once vcpu_stop_cell() has seen every CPU off, no
 * vCPU of the cell can run again until the root starts the cell anew.
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hv/vcpu.h>

#define STOP_TIMEOUT_MS 2000

/*
 * Whether the CPU of v is off for good: the firmware says so and no start
 * of ours is under way. The firmware alone is not enough: PSCI says a CPU
 * that CPU_ON accepted is ON_PENDING until it runs, but QEMU's reports it
 * OFF until its thread picks the start up, so a stop that polled only the
 * firmware could miss a vCPU started just before and see it come up later,
 * on a CPU given back to the root. v->on is set before every CPU_ON the
 * hypervisor makes and cleared only on the way out (vcpu_stop_self).
 */
static bool vcpu_cpu_off(struct vcpu *v)
{
	bool off = arch_cpu_is_off(v->cpu); /* always ask: it polls too */

	return off && !READ_ONCE(v->on);
}

bool vcpu_is_on(struct cell *cell, unsigned int v)
{
	return v < cell->num_vcpus && READ_ONCE(cell_vcpu(cell, v)->on);
}

/*
 * OFF only when vcpu_start() would now succeed: a vCPU that called CPU_OFF
 * is OFF_PENDING until its CPU is off, or a guest that polls for OFF and
 * then starts it again would be told ALREADY_ON.
 */
enum vcpu_affinity vcpu_affinity(struct cell *cell, unsigned int v)
{
	struct vcpu *vcpu = cell_vcpu(cell, v);
	bool fw_off = arch_cpu_is_off(vcpu->cpu);

	if (READ_ONCE(vcpu->on))
		return fw_off ? VCPU_AFFINITY_ON_PENDING : VCPU_AFFINITY_ON;
	return fw_off ? VCPU_AFFINITY_OFF : VCPU_AFFINITY_OFF_PENDING;
}

/*
 * With power_lock held: marks v on and has the firmware start its CPU.
 * Prints nothing: the console UART is slow and others wait for the lock
 * (report_power_on() says why a start failed, after the unlock).
 */
static enum vcpu_power power_on_locked(struct vcpu *v, u64 entry, u64 arg)
{
	if (v->on || !arch_cpu_is_off(v->cpu))
		return VCPU_POWER_ALREADY_ON;
	v->entry = entry;
	v->arg = arg;
	v->requests = 0;
	WRITE_ONCE(v->on, true);
	/* the CPU starts with its MMU off and reads this uncached */
	arch_dcache_clean(vcpu_per_cpu(v), sizeof(struct per_cpu));
	if (arch_cpu_power_on(v->cpu)) {
		WRITE_ONCE(v->on, false);
		return VCPU_POWER_FAILED;
	}
	return VCPU_POWER_OK;
}

static void report_power_on(struct cell *cell, unsigned int v,
			    enum vcpu_power ret)
{
	if (ret == VCPU_POWER_FAILED)
		printk("hvisor: cell %u: CPU %u did not start\n", cell->id,
		       cell->vcpu_cpu[v]);
}

enum vcpu_power vcpu_start(struct cell *cell, unsigned int v, u64 entry,
			   u64 arg)
{
	enum vcpu_power ret;

	if (v >= cell->num_vcpus)
		return VCPU_POWER_INVALID;
	spin_lock(&cell->power_lock);
	if (cell->power != CELL_POWER_RUNNING)
		ret = VCPU_POWER_DENIED;
	else
		ret = power_on_locked(cell_vcpu(cell, v), entry, arg);
	spin_unlock(&cell->power_lock);
	report_power_on(cell, v, ret);
	return ret;
}

void vcpu_stop_self(struct per_cpu *c)
{
	WRITE_ONCE(c->vcpu.on, false);
	hv_cpu_set_online(c, false);
	arch_dcache_clean(c, sizeof(*c));
	arch_cpu_power_off();
}

/*
 * Stops every vCPU of the cell but the caller's and waits until their CPUs
 * are off. The cell's power state is already out of RUNNING, so nothing can
 * start them again meanwhile. Requests are repeated while waiting: a vCPU
 * that a racing start powered on sees its STOP when it comes up.
 */
static int stop_others(struct cell *cell, struct per_cpu *self)
{
	u64 start = arch_time_ms();
	unsigned int v;
	bool all_off;

	do {
		/* someone else stops this cell, us included: go now */
		if (self->cell == cell &&
		    (READ_ONCE(self->vcpu.requests) & VCPU_REQ_STOP))
			vcpu_stop_self(self);
		all_off = true;
		for (v = 0; v < cell->num_vcpus; v++) {
			struct vcpu *vcpu = cell_vcpu(cell, v);

			if (vcpu_per_cpu(vcpu) == self || vcpu_cpu_off(vcpu))
				continue;
			all_off = false;
			if (!(READ_ONCE(vcpu->requests) & VCPU_REQ_STOP))
				vcpu_request(vcpu->cpu, VCPU_REQ_STOP);
		}
		if (all_off)
			break;
	} while (arch_time_ms() - start < STOP_TIMEOUT_MS);
	if (!all_off) {
		for (v = 0; v < cell->num_vcpus; v++)
			if (vcpu_per_cpu(cell_vcpu(cell, v)) != self &&
			    !vcpu_cpu_off(cell_vcpu(cell, v)))
				printk("hvisor: cell %u: CPU %u does not stop\n",
				       cell->id, cell->vcpu_cpu[v]);
		return -EBUSY;
	}
	for (v = 0; v < cell->num_vcpus; v++)
		if (vcpu_per_cpu(cell_vcpu(cell, v)) != self)
			WRITE_ONCE(cell_vcpu(cell, v)->on, false);
	return 0;
}

/* Leaves RUNNING for good (until cell_power_on); false if already left. */
static bool enter_stopping(struct cell *cell)
{
	bool was_running;

	spin_lock(&cell->power_lock);
	was_running = cell->power == CELL_POWER_RUNNING ||
		      cell->power == CELL_POWER_RESETTING;
	cell->power = CELL_POWER_STOPPING;
	spin_unlock(&cell->power_lock);
	return was_running;
}

int vcpu_stop_cell(struct cell *cell)
{
	enter_stopping(cell);
	return stop_others(cell, this_cpu());
}

void cell_power_off(struct per_cpu *c)
{
	struct cell *cell = c->cell;

	spin_lock(&cell->power_lock);
	if (cell->power == CELL_POWER_RUNNING) {
		cell->power = CELL_POWER_STOPPING;
		if (cell->state == HVISOR_CELL_RUNNING)
			cell->state = HVISOR_CELL_SHUT_DOWN;
		spin_unlock(&cell->power_lock);
		printk("hvisor: cell %u \"%s\" powered off\n", cell->id,
		       cell->config->name);
		arch_raise_root_irq();
		stop_others(cell, c);
	} else {
		/* a reset or a stop is under way: it stops us too */
		spin_unlock(&cell->power_lock);
	}
	vcpu_stop_self(c);
}

void cell_reset(struct per_cpu *c)
{
	struct cell *cell = c->cell;
	struct vcpu *boot;
	enum vcpu_power ret;

	spin_lock(&cell->power_lock);
	if (cell->power != CELL_POWER_RUNNING) {
		spin_unlock(&cell->power_lock);
		vcpu_stop_self(c); /* someone else stops or resets the cell */
	}
	cell->power = CELL_POWER_RESETTING;
	spin_unlock(&cell->power_lock);
	printk("hvisor: cell %u \"%s\" resets\n", cell->id, cell->config->name);
	if (stop_others(cell, c))
		cell_fail("reset: a vCPU did not stop");

	spin_lock(&cell->power_lock);
	if (cell->power != CELL_POWER_RESETTING) {
		/* the root stops the cell meanwhile: it stays stopped */
		spin_unlock(&cell->power_lock);
		vcpu_stop_self(c);
	}
	arch_cell_reset(cell);
	boot = cell_vcpu(cell, 0);
	memset(boot->pending_irqs, 0, sizeof(boot->pending_irqs));
	cell->power = CELL_POWER_RUNNING;
	if (boot == &c->vcpu) {
		boot->entry = cell->config->entry;
		boot->arg = 0;
		spin_unlock(&cell->power_lock);
		arch_vcpu_reset(boot, boot->entry, boot->arg);
		return;
	}
	WRITE_ONCE(c->vcpu.on, false); /* we stop below; vCPU 0 takes over */
	ret = power_on_locked(boot, cell->config->entry, 0);
	spin_unlock(&cell->power_lock);
	report_power_on(cell, 0, ret);
	if (ret != VCPU_POWER_OK)
		cell_fail("reset: vCPU 0 did not start");
	vcpu_stop_self(c);
}

int cell_power_on(struct cell *cell)
{
	unsigned int v;
	enum vcpu_power ret;

	/* a vCPU that never stopped must not be reset under its feet */
	for (v = 0; v < cell->num_vcpus; v++)
		if (!vcpu_cpu_off(cell_vcpu(cell, v))) {
			printk("hvisor: cell %u: CPU %u is still on\n",
			       cell->id, cell->vcpu_cpu[v]);
			return -EBUSY;
		}
	for (v = 0; v < cell->num_vcpus; v++) {
		struct vcpu *vcpu = cell_vcpu(cell, v);

		vcpu->on = false;
		vcpu->requests = 0;
		memset(vcpu->pending_irqs, 0, sizeof(vcpu->pending_irqs));
	}
	arch_cell_reset(cell);
	spin_lock(&cell->power_lock);
	cell->power = CELL_POWER_RUNNING;
	ret = power_on_locked(cell_vcpu(cell, 0), cell->config->entry, 0);
	if (ret != VCPU_POWER_OK)
		cell->power = CELL_POWER_OFF;
	spin_unlock(&cell->power_lock);
	report_power_on(cell, 0, ret);
	return ret == VCPU_POWER_OK ? 0 : -EIO;
}

enum vcpu_power root_cpu_start(unsigned int cpu, u64 entry, u64 arg)
{
	struct per_cpu *t = NULL;
	enum vcpu_power ret = VCPU_POWER_OK;
	int fw = 0;

	if (cpu >= hv_num_cpus)
		return VCPU_POWER_INVALID;
	t = per_cpu(cpu);
	spin_lock(&root_cell.power_lock);
	if (t->cell != &root_cell || !cell_owns_cpu(&root_cell, cpu)) {
		ret = VCPU_POWER_INVALID;
	} else if (t->online || t->vcpu.on) {
		ret = VCPU_POWER_ALREADY_ON; /* on, or on its way (vcpu_cpu_off) */
	} else {
		t->vcpu.entry = entry;
		t->vcpu.arg = arg;
		t->vcpu.requests = 0;
		WRITE_ONCE(t->vcpu.on, true);
		arch_dcache_clean(t, sizeof(*t));
		switch ((fw = arch_cpu_power_on(cpu))) {
		case 0:
			break;
		case -EBUSY:
			ret = VCPU_POWER_ALREADY_ON;
			break;
		default:
			ret = VCPU_POWER_FAILED;
			break;
		}
		if (ret != VCPU_POWER_OK)
			WRITE_ONCE(t->vcpu.on, false);
	}
	spin_unlock(&root_cell.power_lock);
	/* the root's own call: every refusal is logged with its reason */
	if (ret != VCPU_POWER_OK)
		printk("hvisor: root CPU_ON of CPU %u refused (%d): %s, "
		       "firmware %d\n",
		       cpu, ret,
		       cpu >= hv_num_cpus      ? "no such CPU" :
		       t->cell != &root_cell   ? "not the root's" :
		       t->online || t->vcpu.on ? "online or starting" :
						 "not off",
		       fw);
	return ret;
}

void root_cpu_suspend(struct per_cpu *c, u64 entry, u64 arg)
{
	c->vcpu.entry = entry;
	c->vcpu.arg = arg;
	/* the CPU resumes with its MMU off and reads this uncached */
	arch_dcache_clean(c, sizeof(*c));
}

void hv_cpu_resume(struct per_cpu *c)
{
	struct vcpu *v = &c->vcpu;

	arch_cpu_init(c, true);
	/*
	 * Only a root CPU back from a power-down suspend is still online: it
	 * never left, so it is not counted again.
	 */
	if (!(c->cell == &root_cell && c->online))
		hv_cpu_set_online(c, true);
	if (c->cell != &root_cell) {
		/* a stop that came while we were starting wins */
		if (READ_ONCE(v->requests) & VCPU_REQ_STOP)
			vcpu_stop_self(c);
	} else {
		v->on = true;
	}
	arch_vcpu_reset(v, v->entry, v->arg);
}
