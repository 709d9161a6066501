/* Test guest self-test: plays the root, feeding SELFTEST's commands through the mailbox. */
#include "selftest.h"

#include <hvisor/mailbox.h>

#include "agent.h"
#include "console.h"
#include "guest.h"

static const char *next = SELFTEST; /* "cmd args;cmd args;..." */
static bool in_flight, finished;
static unsigned int sent;

bool selftest_pending(void)
{
	struct hvisor_mailbox *mb = agent_mailbox();

	if (in_flight)
		return __atomic_load_n(&mb->resp_seq, __ATOMIC_ACQUIRE) ==
		       mb->req_seq;
	return !finished;
}

static void submit(void)
{
	struct hvisor_mailbox *mb = agent_mailbox();
	bool ring = sent % 2 == 0; /* every other command only polled */
	size_t n = 0;

	while (*next && *next != ';' && n < sizeof(mb->cmd) - 1)
		mb->cmd[n++] = *next++;
	mb->cmd[n] = '\0';
	console_printf("selftest> %s (%s)\n", mb->cmd,
		       ring ? "doorbell" : "polled");
	sent++;
	in_flight = true;
	__atomic_store_n(&mb->req_seq, mb->req_seq + 1, __ATOMIC_RELEASE);
	if (ring)
		arch_raise_doorbell_for_test();
}

void selftest_start(void)
{
	console_printf("selftest: running \"%s\"\n", SELFTEST);
}

void selftest_poll(void)
{
	struct hvisor_mailbox *mb = agent_mailbox();

	if (in_flight) {
		if (__atomic_load_n(&mb->resp_seq, __ATOMIC_ACQUIRE) !=
		    mb->req_seq)
			return;
		console_printf("%.*sselftest: status %d\n", (int)mb->out_len,
			       mb->out, mb->status);
		in_flight = false;
	}
	while (*next == ';')
		next++;
	if (*next) {
		submit();
	} else if (!finished) {
		finished = true;
		console_printf("selftest: done, %u commands\n", sent);
	}
}
