/* Offsets and sizes entry.S needs, generated from the C structs at build time (asm-defines.h). */
#include <hv/percpu.h>
#include <asm/processor.h>

#define DEFINE(sym, val) asm volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))

_Static_assert(sizeof(struct trap_frame) % 16 == 0,
	       "the trap frame keeps the stack 16-byte aligned");

void asm_defines(void);

void asm_defines(void)
{
	DEFINE(FRAME_SIZE, sizeof(struct trap_frame));
	DEFINE(FRAME_ELR, offsetof(struct trap_frame, elr));
	DEFINE(FRAME_SPSR, offsetof(struct trap_frame, spsr));
	DEFINE(FRAME_ESR, offsetof(struct trap_frame, esr));
	DEFINE(PERCPU_SIZE, sizeof(struct per_cpu));
}
