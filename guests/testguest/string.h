/* Test guest: freestanding string and memory functions, number parsing. */
#ifndef STRING_H
#define STRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);

/* Decimal or 0x-prefixed hexadecimal, whole string, no overflow. */
bool parse_u64(const char *s, uint64_t *val);

#endif
