/* Test guest command agent: serves the root's commands through the mailbox page. */
#include "agent.h"

#include <hvisor/mailbox.h>

#include "command.h"
#include "format.h"
#include "guest.h"
#include "platform.h"
#include "string.h"

_Static_assert(sizeof(struct hvisor_mailbox) <= PLAT_MAILBOX_SIZE,
	       "the mailbox must fit its page");

static volatile bool doorbell;
static struct agent_stats stats;
static char line[HVISOR_MAILBOX_CMD_LEN];

struct hvisor_mailbox *agent_mailbox(void)
{
	return (struct hvisor_mailbox *)PLAT_MAILBOX_BASE;
}

void agent_init(void)
{
	struct hvisor_mailbox *mb = agent_mailbox();

	memset(mb, 0, PLAT_MAILBOX_SIZE);
	mb->magic = HVISOR_MAILBOX_MAGIC;
	mb->version = HVISOR_MAILBOX_VERSION;
	__atomic_store_n(&mb->ready, 1, __ATOMIC_RELEASE);
}

void agent_doorbell_interrupt(void)
{
	doorbell = true;
	stats.doorbell_irqs++;
}

bool agent_pending(void)
{
	struct hvisor_mailbox *mb = agent_mailbox();

	return doorbell ||
	       __atomic_load_n(&mb->req_seq, __ATOMIC_ACQUIRE) !=
		       __atomic_load_n(&mb->resp_seq, __ATOMIC_RELAXED);
}

void agent_poll(void)
{
	struct hvisor_mailbox *mb = agent_mailbox();
	struct outbuf out;
	struct cmd_ctx ctx = { .out = &out, .after = AFTER_NOTHING };
	bool rang = doorbell;
	uint32_t req;
	int status;

	doorbell = false;
	req = __atomic_load_n(&mb->req_seq, __ATOMIC_ACQUIRE);
	if (req == __atomic_load_n(&mb->resp_seq, __ATOMIC_RELAXED))
		return;
	if (rang)
		stats.by_doorbell++;
	else
		stats.by_poll++;

	memcpy(line, mb->cmd, sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	outbuf_init(&out, mb->out, sizeof(mb->out));
	status = command_run(line, &ctx);
	outbuf_finish(&out);

	mb->out_len = out.len;
	mb->status = status;
	stats.commands++;
	__atomic_store_n(&mb->resp_seq, req, __ATOMIC_RELEASE);
	if (arch_notify_root() < 0)
		stats.notify_errors++;
	command_after(ctx.after);
}

void agent_get_stats(struct agent_stats *st)
{
	*st = stats;
}
