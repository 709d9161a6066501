/* AIA mode (APLIC + IMSIC): each hart's guest interrupt file 1 for whoever owns the hart, the S files as the root's catch-all forwarders, the root's APLIC targets following its harts, root_irq. */
#ifndef ASM_AIA_H
#define ASM_AIA_H

#include <hv/types.h>
#include <hvisor/config.h>

struct cell;
struct per_cpu;

/* The guest file every hart's owner gets (hstatus.VGEIN). */
#define AIA_GUEST_FILE 1

/* Whether the platform is in AIA mode (riscv64_aia_init found it so). */
bool riscv64_aia_active(void);
/* The hypervisor's mappings of the IMSIC files and the APLIC (AIA mode only). */
int riscv64_aia_init(const struct hvisor_system *sys);
/*
 * The root cell (before riscv64_aia_init, from arch_cell_init): its
 * stage 2 gets, for each hart h, the S-file GPA of h, backed by h's S file
 * until h enters and by its guest file 1 from then on (until it leaves);
 * its S APLIC accesses go through the filter (asm/aplic.h).
 */
int riscv64_aia_root_cell_init(struct cell *root);
/* The physical address of hart's IMSIC page of file (0: the S file). */
u64 riscv64_aia_file_page(u64 hart, unsigned int file);
/*
 * A cell's harts (its config's CPUs: called before core sets cell->cpus):
 * each one's guest file 1 page leaves the root's stage 2 and becomes the
 * cell's IMSIC file of the vCPU: vCPU v's at imsic_base + v pages, in the
 * cell's guest-physical space (hart index v, no guest index bits, whatever
 * harts it runs on); refused (-EINVAL) where the cell's memory regions
 * meet that window or the APLIC's. _exit gives them back.
 */
int riscv64_aia_cell_init(struct cell *cell);
void riscv64_aia_cell_exit(struct cell *cell);
/*
 * An MSI of the cell's virtual APLIC: identity eiid (1..imsic_num_ids)
 * into the file of vCPU v; false (nothing sent) for anything else.
 */
bool riscv64_aia_cell_msi(struct cell *cell, unsigned int v, u32 eiid);
/*
 * A root CPU comes from Linux (enable): its S-file GPA moves to guest
 * file 1 (for the other harts), the S file's state (delivery,
 * threshold, enables) goes to guest file 1, whose pending bits are kept;
 * the S file becomes a catch-all (every identity enabled, threshold 0).
 * _exit (disable) points the GPA back at the S file, moves guest file 1's
 * state there and clears it.
 */
void riscv64_aia_root_enter(struct per_cpu *c);
void riscv64_aia_root_exit(struct per_cpu *c);
/* A vCPU (re)starts on this hart: guest file 1 cleared, VGEIN = 1. */
void riscv64_aia_vcpu_reset(void);
/* hstatus.VGEIN bits for the vCPUs of this platform (0 in PLIC mode). */
u64 riscv64_aia_hstatus(void);
/* A waiting hart is woken by its vCPU's guest file too (on) or not. */
void riscv64_aia_wake_on_guest_file(bool on);
/*
 * SEIP at HS: identities in this hart's S file. The root's are
 * forwarded into its guest file 1; a cell hart's are dropped and logged.
 */
void riscv64_aia_external(struct per_cpu *c);
/* platform.root_irq by the APLIC's setipnum (the root's driver made it an edge). */
void riscv64_aia_raise_root_irq(void);

#endif
