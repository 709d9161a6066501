/* Reading the instruction of a trapped guest access from guest memory with HLVX.HU, trap-safe (for htinst = 0). */
#include <asm/csr.h>
#include <asm/decode.h>

/*
 * One HLVX.HU at addr. A fault on it goes, for the length of the read, to
 * a local handler that records scause and skips the (4-byte: norvc) HLVX.
 * Interrupts are off meanwhile, so nothing else can land there. Such a
 * fault rewrites what the guest's trap left in sstatus.SPP/SPIE and
 * hstatus.SPV (where sret returns to): both are put back; sepc, scause,
 * stval, htval and htinst are not (the trap entry saved them).
 */
static u16 hlvx_hu(u64 addr, u64 *cause)
{
	u64 val, fault, saved_stvec, saved_sstatus, saved_hstatus;

	asm volatile(
		".option push\n"
		".option norvc\n"
		"	csrrci	%[sstatus], sstatus, %[sie]\n"
		"	csrr	%[hstatus], hstatus\n"
		"	lla	%[stvec], 3f\n"
		"	csrrw	%[stvec], stvec, %[stvec]\n"
		"	li	%[fault], 0\n"
		/* hlvx.hu val, (addr) */
		"	.insn r 0x73, 0x4, 0x32, %[val], %[addr], x3\n"
		"	j	4f\n"
		"	.balign 4\n"
		"3:	csrr	%[fault], scause\n"
		"	csrr	%[val], sepc\n"
		"	addi	%[val], %[val], 4\n"
		"	csrw	sepc, %[val]\n"
		"	sret\n"
		"4:	csrw	stvec, %[stvec]\n"
		"	csrw	hstatus, %[hstatus]\n"
		"	csrw	sstatus, %[sstatus]\n"
		".option pop\n"
		: [val] "=&r"(val), [fault] "=&r"(fault),
		  [stvec] "=&r"(saved_stvec), [sstatus] "=&r"(saved_sstatus),
		  [hstatus] "=&r"(saved_hstatus)
		: [addr] "r"(addr), [sie] "i"(SSTATUS_SIE)
		: "memory");
	*cause = fault;
	return (u16)val;
}

bool riscv64_read_guest_insn(u64 pc, u32 *insn, u64 *cause)
{
	u32 lo, hi;

	lo = hlvx_hu(pc, cause);
	if (*cause)
		return false;
	if ((lo & 3) == 3) {
		hi = hlvx_hu(pc + 2, cause);
		if (*cause)
			return false;
		lo |= hi << 16;
	}
	*insn = lo;
	return true;
}
