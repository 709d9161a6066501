/* hvisor config create (the CLI part) and its argument parsers, shared with the unit tests. */
#ifndef HVISOR_TOOLS_CMD_CONFIG_CREATE_H
#define HVISOR_TOOLS_CMD_CONFIG_CREATE_H

#include <stdint.h>

/* argv[0] is "create". */
int cmd_config_create(int argc, char **argv);

/* "256M", "1G", "64K", "0x10000000", "4096"; 0 or -1. */
int create_parse_size(const char *s, uint64_t *out);

/* "2-3", "1,3", "0-1,4" into a CPU bitmap; 0 or -1 (empty, > 63, bad). */
int create_parse_cpus(const char *s, uint64_t *out);

#endif
