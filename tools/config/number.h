/* Parsing of config numbers written as strings: decimal or 0x-prefixed hex. */
#ifndef HVISOR_TOOLS_CONFIG_NUMBER_H
#define HVISOR_TOOLS_CONFIG_NUMBER_H

#include <stdint.h>

/*
 * Parses s as a whole: "123" (decimal, leading zeros allowed, not octal) or
 * "0x1f"/"0X1F" (hex). No sign, spaces or suffixes. Returns NULL and sets
 * *out, or returns a static reason why s is not a number.
 */
const char *number_parse(const char *s, uint64_t *out);
/* The value of hex digit c (either case), or -1. */
int number_hex_digit(char c);

#endif
