/* RISC-V (RV64, H extension) hypercall convention, the hvisor SBI extension and the driver's entry protocol. */
#ifndef HVISOR_RISCV64_HVISOR_CALL_H
#define HVISOR_RISCV64_HVISOR_CALL_H

/*
 * A hypercall is an SBI call of the hvisor extension: `ecall` from the
 * root's kernel (VS mode) with a7 = HVISOR_SBI_EXT, a6 = the code
 * (HVISOR_HC_*) and arg1..arg3 in a0..a2; the result comes back in a0 (and,
 * for the calls that say so, a second value in a1). Other registers are
 * preserved. The ID lies in the SBI's firmware-specific range
 * (0x0A000000-0x0AFFFFFF, low bits the implementation's: 0x4856 "HV"):
 * hvisor is the SBI implementation its guests see.
 *
 * Before the hypervisor is entered the ecall reaches the real SBI (OpenSBI),
 * which answers SBI_ERR_NOT_SUPPORTED to an unknown extension, and the SBI
 * probe (BASE, probe_extension) answers 0; hvisor answers the probe with
 * HVISOR_SBI_PROBE_ANSWER. The driver detects a running hvisor this way.
 */
#define HVISOR_SBI_EXT 0x0A004856
#define HVISOR_SBI_PROBE_ANSWER 1

/*
 * header.entry: offset of the physical entry point in the image, 4-byte
 * aligned (stvec direct mode).
 *
 * Entry protocol (planned; the driver returns -EOPNOTSUPP until it exists):
 * on each CPU, interrupts off, the driver's stub loads
 *   a0 = Linux's satp, a1 = Linux's stvec, a2 = sscratch,
 *   a3 = Linux logical CPU id, a4 = hart id,
 * executes fence.i, writes stvec = image PA + header.entry and satp = 0: the
 * next fetch faults and lands at the entry in HS mode with translation off
 * and sepc = the driver's resume address (4-byte aligned: the way back may
 * go through stvec). t0 and t1 are not preserved, every other register is.
 * The hypervisor returns to sepc in VS mode with a0 = 0 (this CPU now runs
 * under it) or, in HS mode with Linux's satp back, a0 = -errno: then stvec
 * is the resume address, and the stub restores its own stvec and runs
 * sfence.vma.
 */
#define HVISOR_ENTRY_ALIGN 4

/*
 * struct hvisor_info.arch_info[] on riscv64:
 * [0] the single-letter ISA extensions every hart has, bit n = letter 'a'+n
 *     (bit 7 is the H extension);
 * [1] multi-letter extensions the hypervisor depends on or must mirror,
 *     HVISOR_RISCV64_EXT_* bits;
 * [2] the SBI: specification version in bits 63:32 (major << 24 | minor),
 *     implementation ID in bits 31:0 (1 = OpenSBI, 3 = KVM, ...);
 * [3] the SBI implementation version in bits 63:32, the answer to the probe
 *     of HVISOR_SBI_EXT in bits 15:0, HVISOR_RISCV64_KVM in bit 16.
 */
#define HVISOR_RISCV64_INFO_ISA 0
#define HVISOR_RISCV64_INFO_EXT 1
#define HVISOR_RISCV64_INFO_SBI 2
#define HVISOR_RISCV64_INFO_PROBE 3

#define HVISOR_RISCV64_EXT_SSTC (1ULL << 0)
#define HVISOR_RISCV64_EXT_SSAIA (1ULL << 1)
#define HVISOR_RISCV64_EXT_SMAIA (1ULL << 2)
#define HVISOR_RISCV64_EXT_SVPBMT (1ULL << 3)
#define HVISOR_RISCV64_EXT_ZICBOM (1ULL << 4)
#define HVISOR_RISCV64_EXT_ZICBOZ (1ULL << 5)
#define HVISOR_RISCV64_EXT_SVNAPOT (1ULL << 6)
#define HVISOR_RISCV64_EXT_SSCOFPMF (1ULL << 7)

#define HVISOR_RISCV64_PROBE_MASK 0xffffULL
#define HVISOR_RISCV64_KVM (1ULL << 16) /* a KVM is loaded in the kernel */

/* SBI implementation IDs of hypervisors: Linux then runs as their guest. */
#define HVISOR_SBI_IMPL_OPENSBI 1
#define HVISOR_SBI_IMPL_XVISOR 2
#define HVISOR_SBI_IMPL_KVM 3
#define HVISOR_SBI_IMPL_XEN 7
#define HVISOR_SBI_IMPL_BHYVE 11

/*
 * A cell's vCPU starts (CELL_START, SBI HSM hart_start, SBI SRST reset) in
 * VS mode with translation off (vsatp = 0), a0 = its virtual hart id and
 * a1 = the context argument (0 for CELL_START).
 */

#endif
