/* The driver's arch interface: what each driver/arch/<arch>/ provides. */
#ifndef HVISOR_DRIVER_ARCH_H
#define HVISOR_DRIVER_ARCH_H

#include <linux/types.h>
#include <linux/pgtable.h>

struct hvisor_hc;
struct hvisor_header;
struct hvisor_info;

/*
 * entry.c: who holds the CPU's hypervisor mode, the way in, and the
 * hypercall instruction.
 *
 * hvisor_arch_detect() runs once at module load: it probes every online
 * CPU, sets hvisor.hyp_state (HVISOR_HYP_*) and keeps what it found for
 * hvisor_arch_info(). It returns 0 when the hypervisor can be entered, else
 * -errno with the reason logged (the module then does not load).
 */
int hvisor_arch_detect(void);
/* One line on a HVISOR_HYP_* state, for sysfs and the log. */
const char *hvisor_arch_describe(u32 hyp_state);
/* The detection result in one line (no newline), for the load message. */
void hvisor_arch_summary(char *buf, size_t size);
/* Sets info->arch and info->arch_info[] (see <asm/hvisor_call.h>). */
void hvisor_arch_info(struct hvisor_info *info);
/* 0 if hdr->entry is usable in an image of @size bytes, else -EINVAL. */
int hvisor_arch_check_entry(const struct hvisor_header *hdr, size_t size);
/*
 * On this CPU, from an IPI: enters the hypervisor installed at physical
 * @image (header @hdr). 0: this CPU now runs under it; -errno: nothing
 * changed on this CPU (the reason is logged or comes from the hypervisor).
 */
long hvisor_arch_enter_cpu(phys_addr_t image, const struct hvisor_header *hdr);
/*
 * One hypercall on this CPU, which must run under the hypervisor: code and
 * arg1..arg3 in, ret and arg1 out (include/hvisor/hypercall.h).
 */
void hvisor_arch_hc(struct hvisor_hc *hc);

/*
 * After remove_cpu(cpu): waits until the firmware reports the CPU off, as
 * the hypervisor requires before a cell takes it; 0 or -ETIMEDOUT
 * (logged). arm64's PSCI cpu_kill waits already; RISC-V's does not.
 */
int hvisor_arch_cpu_wait_off(unsigned int cpu);

/*
 * cache.c: cleans and invalidates [start, start + size) to the point of
 * coherency, so that an observer with caches off (the hypervisor at entry, a
 * cell with its MMU off) sees what was written and later reads fetch from
 * memory. Ranges under 1 MiB never sleep.
 */
void hvisor_arch_dcache_clean_inval(const void *start, size_t size);

/*
 * mmap.c: the page protection of the root's mappings of the request ring
 * and of cell RAM (prot: what Linux chose for the VMA). A writable one is
 * made dirty from the start where the architecture would otherwise fault
 * on the first write to each page: arm64 without hardware dirty-bit
 * management (QEMU's cortex-a72) write-protects shared writable pages
 * until a fault marks them dirty, which cost a restarted daemon one fault
 * per page of cell RAM it wrote (its first 32 MiB read in a cell ran at a
 * quarter of the speed of the next).
 */
pgprot_t hvisor_arch_map_prot(pgprot_t prot, bool write);

/*
 * irq.c: maps @irq, the interrupt ID the hypervisor raises in the root
 * (platform.root_irq, not 0), to a Linux IRQ, edge triggered. 0 and *virq
 * set, or -errno with the reason logged.
 */
int hvisor_arch_map_root_irq(u32 irq, unsigned int *virq);

#endif
