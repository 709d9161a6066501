/* The system config `hvisor enable` started the hypervisor with, as the default of the commands that check cells against one. */
#ifndef HVISOR_TOOLS_CMD_ROOT_CONFIG_H
#define HVISOR_TOOLS_CMD_ROOT_CONFIG_H

/* Where enable records the absolute path of its config (tmpfs: gone at reboot). */
#define ROOT_CONFIG_RECORD "/run/hvisor/root-config"

/* After a successful enable: records path (a warning if it cannot). */
void root_config_remember(const char *path);
/* After a successful disable: the record goes. */
void root_config_forget(void);
/*
 * The config a cell is checked against when the command line names none:
 * the one the running hypervisor was enabled with, else
 * DEFAULT_ROOT_CONFIG, else NULL (neither is readable).
 */
const char *root_config_default(void);

#endif
