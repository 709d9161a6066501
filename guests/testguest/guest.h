/* Test guest: interface between its arch-neutral core and the arch code. */
#ifndef GUEST_H
#define GUEST_H

void arch_putc(char c);
void guest_main(void);

#endif
