/* Test guest self-test: runs a built-in list of commands through the mailbox. */
#ifndef SELFTEST_H
#define SELFTEST_H

#include <stdbool.h>

#ifdef SELFTEST
void selftest_start(void);
void selftest_poll(void);
bool selftest_pending(void);
#else
static inline void selftest_start(void)
{
}

static inline void selftest_poll(void)
{
}

static inline bool selftest_pending(void)
{
	return false;
}
#endif

#endif
