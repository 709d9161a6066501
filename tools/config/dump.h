/* Human-readable dump of binary configs (hvisor config dump). */
#ifndef HVISOR_TOOLS_CONFIG_DUMP_H
#define HVISOR_TOOLS_CONFIG_DUMP_H

#include <hvisor/config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Prints a system config whose layout was checked (magic, sizes): at least
 * sizeof(*sys) bytes with root_cell.num_mem_regions regions behind it.
 */
void config_dump_system(FILE *f, const struct hvisor_system *sys);

/* Prints a cell config whose layout was checked. */
void config_dump_cell(FILE *f, const struct hvisor_cell_desc *cell);

/* "0-3,5,8-9" (or "none") for the bits set in a bitmap of nbits bits. */
void config_format_ids(const uint32_t *bitmap, unsigned int nbits, char *buf,
		       size_t size);

/*
 * Prints "  NAME: [KIND, ]base 0x... size 0x... (SIZE)" for a window of
 * the physical address space (kind may be NULL).
 */
void config_dump_window(FILE *f, const char *name, const char *kind,
			uint64_t base, uint64_t size);

/* "64 MiB", "4 KiB", "1 GiB", or "N bytes" when no unit divides size. */
void config_format_size(uint64_t size, char *buf, size_t len);

#endif
