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
	DEFINE(FRAME_SEPC, offsetof(struct trap_frame, sepc));
	DEFINE(FRAME_SSTATUS, offsetof(struct trap_frame, sstatus));
	DEFINE(FRAME_HSTATUS, offsetof(struct trap_frame, hstatus));
	DEFINE(FRAME_SCAUSE, offsetof(struct trap_frame, scause));
	DEFINE(FRAME_STVAL, offsetof(struct trap_frame, stval));
	DEFINE(FRAME_HTVAL, offsetof(struct trap_frame, htval));
	DEFINE(FRAME_HTINST, offsetof(struct trap_frame, htinst));
	DEFINE(PERCPU_SIZE, sizeof(struct per_cpu));
}
