/* The register layout of an APLIC interrupt domain (the AIA spec, 4.5; MSI delivery mode), for the root's filter and the cells' virtual APLIC. */
#ifndef ASM_APLIC_REGS_H
#define ASM_APLIC_REGS_H

#define APLIC_DOMAINCFG 0x0000
#define APLIC_DOMAINCFG_IE (1u << 8)
#define APLIC_DOMAINCFG_DM (1u << 2) /* MSI delivery mode */
#define APLIC_DOMAINCFG_BE (1u << 0)
#define APLIC_DOMAINCFG_RO 0x80000000u /* bits 31:24 read 0x80 */
#define APLIC_SOURCECFG 0x0004 /* source i at 0x4 * i */
#define APLIC_SOURCECFG_SM 0x7 /* source mode */
#define APLIC_SOURCECFG_D 0x400 /* delegated to a child domain */
#define APLIC_SM_INACTIVE 0
#define APLIC_SM_DETACHED 1
#define APLIC_SM_EDGE1 4
#define APLIC_SM_EDGE0 5
#define APLIC_SM_LEVEL1 6
#define APLIC_SM_LEVEL0 7
#define APLIC_MSIADDRCFG 0x1bc0 /* ..0x1bdf, M level's; read only here */
#define APLIC_MSIADDRCFG_END 0x1be0
#define APLIC_SETIP 0x1c00 /* 32 words of bits each */
#define APLIC_SETIPNUM 0x1cdc
#define APLIC_IN_CLRIP 0x1d00
#define APLIC_CLRIPNUM 0x1ddc
#define APLIC_SETIE 0x1e00
#define APLIC_SETIENUM 0x1edc
#define APLIC_CLRIE 0x1f00
#define APLIC_CLRIENUM 0x1fdc
#define APLIC_SETIPNUM_LE 0x2000
#define APLIC_SETIPNUM_BE 0x2004
#define APLIC_GENMSI 0x3000
#define APLIC_TARGET 0x3000 /* source i at 0x3000 + 4 * i */
#define APLIC_IDC 0x4000 /* direct mode's interrupt delivery controls */
/* target (MSI mode) and genmsi: hart index 31:18, guest index 17:12, EIID 10:0 */
#define APLIC_TARGET_HART_SHIFT 18
#define APLIC_TARGET_GUEST_SHIFT 12
#define APLIC_TARGET_GUEST (0x3fU << APLIC_TARGET_GUEST_SHIFT)
#define APLIC_TARGET_EIID_MASK 0x7ffu
#define APLIC_TARGET_MASK 0xfffff7ffu /* bit 11 is reserved */
#define APLIC_GENMSI_MASK 0xfffc07ffu /* no guest index; bit 12 busy */
#define APLIC_MAX_SOURCES 1024

#endif
