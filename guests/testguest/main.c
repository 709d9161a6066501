/* Test guest core: greets on its console; the command agent comes with cells. */
#include "guest.h"

static void puts_(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			arch_putc('\r');
		arch_putc(*s);
	}
}

void guest_main(void)
{
	puts_("hvisor test guest: up\n");
}
