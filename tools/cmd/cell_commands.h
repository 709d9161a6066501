/* The `hvisor cell` subcommands; each returns the process exit status. */
#ifndef HVISOR_TOOLS_CMD_CELL_COMMANDS_H
#define HVISOR_TOOLS_CMD_CELL_COMMANDS_H

/* argv[0] is the subcommand name ("create", ...). */
int cmd_cell_create(int argc, char **argv);
int cmd_cell_load(int argc, char **argv);
int cmd_cell_start(int argc, char **argv);
int cmd_cell_shutdown(int argc, char **argv);
int cmd_cell_destroy(int argc, char **argv);
int cmd_cell_list(int argc, char **argv);
int cmd_cell_stats(int argc, char **argv);
int cmd_cell_console(int argc, char **argv);
int cmd_cell_exec(int argc, char **argv);
int cmd_cell_linux(int argc, char **argv);

#endif
