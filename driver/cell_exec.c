/* Runs commands in a cell through its mailbox page and the doorbells. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <hvisor/mailbox.h>

/* Longest sleep between two looks at the mailbox (no interrupt needed). */
#define POLL_MS 10
#define HEADER_SIZE offsetof(struct hvisor_mailbox, cmd)

/*
 * The agent may run with its MMU (so its caches) off: every read of the
 * page first drops the root's copy of the lines, every write is pushed to
 * PoC. The root only ever holds clean lines of the page between its writes.
 */
static void sync_header(struct hvisor_mailbox *mb)
{
	hvisor_arch_dcache_clean_inval(mb, HEADER_SIZE);
}

/* The agent is up and has answered every request so far. */
static bool agent_idle(struct hvisor_mailbox *mb)
{
	sync_header(mb);
	return READ_ONCE(mb->magic) == HVISOR_MAILBOX_MAGIC &&
	       READ_ONCE(mb->ready) == 1 &&
	       READ_ONCE(mb->resp_seq) == READ_ONCE(mb->req_seq);
}

static bool answered(struct hvisor_mailbox *mb, u32 req)
{
	sync_header(mb);
	return READ_ONCE(mb->resp_seq) == req;
}

/* With hvisor.lock held: zeroes the mailbox before the cell (re)starts. */
void hvisor_mailbox_reset(const struct hvisor_cell *cell)
{
	struct hvisor_mailbox *mb;

	if (!cell->mailbox_pa)
		return;
	mb = memremap(cell->mailbox_pa, sizeof(*mb), MEMREMAP_WB);
	if (!mb) {
		pr_warn("cell '%s' (%u): cannot map its mailbox to clear it\n",
			cell->name, cell->id);
		return;
	}
	memset(mb, 0, sizeof(*mb));
	hvisor_arch_dcache_clean_inval(mb, sizeof(*mb));
	memunmap(mb);
}

/* -EIO unless the cell still exists and runs. */
static int check_running(struct hvisor_cell *cell)
{
	struct hvisor_hc hc = { .code = HVISOR_HC_CELL_GET_STATE,
				.arg1 = cell->id };
	long state;

	mutex_lock(&hvisor.lock);
	if (cell->gone || !hvisor.enabled) {
		mutex_unlock(&hvisor.lock);
		pr_err("cell '%s' (%u) was destroyed\n", cell->name, cell->id);
		return -EIO;
	}
	state = hvisor_hc_any(&hc);
	mutex_unlock(&hvisor.lock);
	if (state < 0) {
		pr_err("cell '%s' (%u): GET_STATE failed (%ld)\n", cell->name,
		       cell->id, state);
		return state;
	}
	if (state != HVISOR_CELL_RUNNING) {
		pr_err("cell '%s' (%u) is %s\n", cell->name, cell->id,
		       hvisor_cell_state_name(state));
		return -EIO;
	}
	return 0;
}

/*
 * Waits until @done, the deadline, a signal or the cell stopping running.
 * Sleeps on the root interrupt, at most POLL_MS at a time.
 */
static int wait_mailbox(struct hvisor_cell *cell, struct hvisor_mailbox *mb,
			bool (*done)(struct hvisor_mailbox *, u32), u32 arg,
			unsigned long deadline)
{
	unsigned long left;
	long ret;

	for (;;) {
		if (done(mb, arg))
			return 0;
		ret = check_running(cell);
		if (ret)
			return ret;
		if (time_after_eq(jiffies, deadline))
			return -ETIMEDOUT;
		left = min(deadline - jiffies, msecs_to_jiffies(POLL_MS));
		/* not restarted: the command may already have been posted */
		if (wait_event_interruptible_timeout(hvisor.irq_wait,
						     done(mb, arg), left) < 0)
			return -EINTR;
	}
}

static bool idle_cond(struct hvisor_mailbox *mb, u32 unused)
{
	return agent_idle(mb);
}

static bool answered_cond(struct hvisor_mailbox *mb, u32 req)
{
	return answered(mb, req);
}

/* With hvisor.lock taken here: rings the cell's doorbell if it has one. */
static int ring(struct hvisor_cell *cell)
{
	struct hvisor_hc hc = { .code = HVISOR_HC_CELL_DOORBELL,
				.arg1 = cell->id };
	long ret = 0;

	if (!cell->config->doorbell_irq)
		return 0; /* the agent polls */
	mutex_lock(&hvisor.lock);
	if (cell->gone || !hvisor.enabled)
		ret = -EIO;
	else
		ret = hvisor_hc_any(&hc);
	mutex_unlock(&hvisor.lock);
	if (ret < 0)
		pr_err("cell '%s' (%u): DOORBELL failed (%ld)\n", cell->name,
		       cell->id, ret);
	return ret < 0 ? ret : 0;
}

/* Posts @cmd (NUL terminated, @len bytes before the NUL); returns req_seq. */
static u32 post(struct hvisor_mailbox *mb, const char *cmd, size_t len)
{
	u32 req = READ_ONCE(mb->req_seq) + 1;

	memcpy(mb->cmd, cmd, len + 1);
	hvisor_arch_dcache_clean_inval(mb->cmd, len + 1);
	WRITE_ONCE(mb->req_seq, req);
	hvisor_arch_dcache_clean_inval(mb, HEADER_SIZE);
	return req;
}

struct exec_ctx {
	struct hvisor_cell *cell;
	struct hvisor_mailbox *mb;
	const char *cmd;
	size_t cmd_len;
	unsigned int timeout_ms;
	char *out;
	u32 out_size;
	u32 out_len;
	s32 status;
};

/* The exchange itself, with the cell's exec_lock held and the page mapped. */
static int exchange(struct exec_ctx *x)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(x->timeout_ms);
	struct hvisor_mailbox *mb = x->mb;
	struct hvisor_cell *cell = x->cell;
	u32 req;
	int ret;

	ret = check_running(cell);
	if (ret)
		return ret;
	ret = wait_mailbox(cell, mb, idle_cond, 0, deadline);
	if (ret == -ETIMEDOUT) {
		if (READ_ONCE(mb->magic) != HVISOR_MAILBOX_MAGIC ||
		    READ_ONCE(mb->ready) != 1)
			pr_err("cell '%s' (%u): guest agent not ready after %u ms\n",
			       cell->name, cell->id, x->timeout_ms);
		else
			pr_err("cell '%s' (%u): guest agent still busy with an earlier command after %u ms\n",
			       cell->name, cell->id, x->timeout_ms);
	}
	if (ret)
		return ret;
	if (READ_ONCE(mb->version) != HVISOR_MAILBOX_VERSION) {
		pr_err("cell '%s' (%u): guest agent speaks mailbox version %u, the driver %u\n",
		       cell->name, cell->id, READ_ONCE(mb->version),
		       HVISOR_MAILBOX_VERSION);
		return -EPROTO;
	}

	req = post(mb, x->cmd, x->cmd_len);
	ret = ring(cell);
	if (!ret)
		ret = wait_mailbox(cell, mb, answered_cond, req, deadline);
	if (ret == -ETIMEDOUT)
		pr_err("cell '%s' (%u): no answer to \"%s\" within %u ms\n",
		       cell->name, cell->id, x->cmd, x->timeout_ms);
	if (ret)
		return ret;

	hvisor_arch_dcache_clean_inval(mb, sizeof(*mb));
	x->status = READ_ONCE(mb->status);
	x->out_len = min3(READ_ONCE(mb->out_len), (u32)HVISOR_MAILBOX_OUT_LEN,
			  x->out_size);
	memcpy(x->out, mb->out, x->out_len);
	return 0;
}

int hvisor_cell_exec(struct hvisor_cell_exec_args *args)
{
	struct exec_ctx x = { 0 };
	char *cmd = NULL;
	int ret;

	if (args->reserved)
		return -EINVAL;
	if (!args->cmd_len || args->cmd_len > HVISOR_MAILBOX_CMD_LEN - 1) {
		pr_err("exec: command of %llu bytes, the mailbox takes 1 to %d\n",
		       args->cmd_len, HVISOR_MAILBOX_CMD_LEN - 1);
		return args->cmd_len ? -E2BIG : -EINVAL;
	}
	cmd = kmalloc(HVISOR_MAILBOX_CMD_LEN, GFP_KERNEL);
	x.out = kmalloc(HVISOR_MAILBOX_OUT_LEN, GFP_KERNEL);
	if (!cmd || !x.out) {
		ret = -ENOMEM;
		goto free;
	}
	if (copy_from_user(cmd, u64_to_user_ptr(args->cmd), args->cmd_len)) {
		ret = -EFAULT;
		goto free;
	}
	if (memchr(cmd, 0, args->cmd_len)) {
		pr_err("exec: the command contains a NUL byte\n");
		ret = -EINVAL;
		goto free;
	}
	cmd[args->cmd_len] = 0;
	x.cmd = cmd;
	x.cmd_len = args->cmd_len;
	x.timeout_ms = args->timeout_ms ?: HVISOR_EXEC_DEFAULT_TIMEOUT_MS;
	x.out_size = min_t(u64, args->out_size, HVISOR_MAILBOX_OUT_LEN);

	x.cell = hvisor_cell_get(args->id);
	if (IS_ERR(x.cell)) {
		ret = PTR_ERR(x.cell);
		goto free;
	}
	if (!x.cell->mailbox_pa) {
		pr_err("cell '%s' (%u) has no mailbox (mailbox_base is 0)\n",
		       x.cell->name, x.cell->id);
		ret = -EINVAL;
		goto put;
	}
	if (mutex_lock_interruptible(&x.cell->exec_lock)) {
		ret = -EINTR;
		goto put;
	}
	x.mb = memremap(x.cell->mailbox_pa, sizeof(*x.mb), MEMREMAP_WB);
	if (x.mb) {
		ret = exchange(&x);
		memunmap(x.mb);
	} else {
		pr_err("cell '%s' (%u): cannot map its mailbox\n", x.cell->name,
		       x.cell->id);
		ret = -ENOMEM;
	}
	mutex_unlock(&x.cell->exec_lock);

	if (!ret && x.out_len &&
	    copy_to_user(u64_to_user_ptr(args->out), x.out, x.out_len))
		ret = -EFAULT;
	if (!ret) {
		args->out_len = x.out_len;
		args->status = x.status;
	}
put:
	hvisor_cell_put(x.cell);
free:
	kfree(x.out);
	kfree(cmd);
	return ret;
}
