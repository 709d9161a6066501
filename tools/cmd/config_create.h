/* hvisor config create (the CLI part). */
#ifndef HVISOR_TOOLS_CMD_CONFIG_CREATE_H
#define HVISOR_TOOLS_CMD_CONFIG_CREATE_H

#include <stdint.h>

/* argv[0] is "create". */
int cmd_config_create(int argc, char **argv);

#endif
