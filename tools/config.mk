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
	common/config_check/util.c \
	common/config_check/system.c \
	common/config_check/region.c \
	common/config_check/cell.c \
	common/config_check/cells.c \
	common/config_check/arch.c \
	common/config_check/arch_arm64.c

# Booting Linux in a cell (device tree, Image layout), shared with the unit tests.
LINUX_SRCS := \
	tools/dtb_cell.c \
	tools/linux_boot.c

# The virtio daemon (hvisor daemon, docs/virtio.md). Its device code, which
# does no I/O of its own beyond the file descriptors it is given, is shared
# with the unit tests and the fuzz targets.
DAEMON_CORE_SRCS := \
	tools/daemon/dlog.c \
	tools/daemon/gmem.c \
	tools/daemon/virtq.c \
	tools/daemon/vmmio.c \
	tools/daemon/vblk.c \
	tools/daemon/vnet.c \
	tools/daemon/vconsole.c \
	tools/daemon/netswitch.c
DAEMON_SRCS := \
	$(DAEMON_CORE_SRCS) \
	tools/daemon/daemon_config.c \
	tools/daemon/tap.c \
	tools/daemon/daemon_devices.c \
	tools/daemon/daemon_cells.c \
	tools/daemon/daemon_loop.c \
	tools/daemon/cmd_daemon.c
