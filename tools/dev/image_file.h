/* Images for `hvisor cell load`: FILE@ADDR arguments and reading the files. */
#ifndef HVISOR_TOOLS_DEV_IMAGE_FILE_H
#define HVISOR_TOOLS_DEV_IMAGE_FILE_H

#include <stddef.h>
#include <stdint.h>

#define IMAGE_MAX_SIZE (1ULL << 30) /* larger files are surely a mistake */

/*
 * Splits "FILE@ADDR" at its last '@' into path (NUL-terminated, at most
 * path_size - 1 bytes) and the guest-physical address ADDR (decimal or
 * 0x-prefixed hex). Returns NULL, or a static reason why arg is not one.
 */
const char *image_arg_parse(const char *arg, char *path, size_t path_size,
			    uint64_t *addr);

/*
 * Reads the whole file at path (1 byte to IMAGE_MAX_SIZE). Returns it
 * (free it) with *size set, or NULL after printing why not.
 */
void *image_read(const char *path, size_t *size);

#endif
