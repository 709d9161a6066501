/* Test guest command agent: serves the root's commands through the mailbox page. */
#ifndef AGENT_H
#define AGENT_H

#include <stdbool.h>
#include <stdint.h>

struct hvisor_mailbox;

struct agent_stats {
	uint32_t commands; /* answered */
	uint32_t by_doorbell; /* found after a doorbell interrupt */
	uint32_t by_poll; /* found by polling */
	uint32_t doorbell_irqs;
	uint32_t notify_errors; /* failed guest -> root doorbells */
};

struct hvisor_mailbox *agent_mailbox(void);
void agent_init(void); /* zeroes the page, magic/version, ready = 1 */
bool agent_pending(void); /* a doorbell rang or a request waits */
void agent_poll(void); /* answers the pending request, if any */
void agent_get_stats(struct agent_stats *st);

#endif
