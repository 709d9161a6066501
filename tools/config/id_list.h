/* Lists of small IDs (CPUs, interrupts) in JSON: numbers or "A-B" ranges, into a bitmap. */
#ifndef HVISOR_TOOLS_CONFIG_ID_LIST_H
#define HVISOR_TOOLS_CONFIG_ID_LIST_H

#include "config/json_read.h"

/*
 * Sets in bitmap (limit bits, limit a multiple of 32) every ID listed in the
 * JSON array arr at the current path. Elements are numbers (integers or
 * number strings) or strings "A-B" (inclusive ranges, A <= B). IDs must be
 * below limit and listed once. what names an ID in messages ("CPU").
 * Returns false after reporting errors.
 */
bool jval_id_list(struct jctx *c, struct json_object *arr, unsigned int limit,
		  const char *what, uint32_t *bitmap);

#endif
