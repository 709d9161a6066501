# Config code shared by the hvisor CLI and the unit tests (paths relative to the repository top).
CONFIG_SRCS := \
	tools/diag.c \
	tools/number.c \
	tools/json_read.c \
	tools/id_list.c \
	tools/file_read.c \
	tools/config_regions_json.c \
	tools/config_json.c \
	tools/config_cell_json.c \
	tools/config_error.c \
	tools/config_load.c \
	tools/config_cells.c \
	tools/config_dump.c \
	hypervisor/core/config_check.c
