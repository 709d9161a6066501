# Source lists of the hvisor CLI, shared with tests/unit and tests/fuzz (paths relative to the repository top).

# JSON configs to checked binary configs (docs/config.md), shared with the unit tests.
CONFIG_SRCS := \
	tools/config/diag.c \
	tools/config/number.c \
	tools/config/json_read.c \
	tools/config/id_list.c \
	tools/config/file_read.c \
	tools/config/arch.c \
	tools/config/arch/table.c \
	tools/config/arch/arm64.c \
	tools/config/arch/riscv64.c \
	tools/config/blob.c \
	tools/config/from_json.c \
	tools/config/regions_json.c \
	tools/config/pci_json.c \
	tools/config/pci_dma.c \
	tools/config/system_json.c \
	tools/config/cell_json.c \
	tools/config/error.c \
	tools/config/load.c \
	tools/config/dump.c \
	$(sort $(patsubst $(TOP)/%,%,$(wildcard $(TOP)/common/config_check/*.c)))

# hvisor config create: configs from the running machine (docs/config-create.md),
# shared with the unit tests; create/arch/ holds the per-arch plug-ins.
CREATE_SRCS := \
	tools/create/ranges.c \
	tools/create/args.c \
	tools/create/machine.c \
	tools/create/dt.c \
	tools/create/json_out.c \
	tools/create/root.c \
	tools/create/cell.c \
	tools/create/pci.c \
	tools/create/arch/table.c \
	tools/create/arch/arm64.c \
	tools/create/arch/riscv64.c

# Text of the driver's answers (hvisor info, cell list and stats), shared with the unit tests.
FORMAT_SRCS := \
	tools/format/info.c \
	tools/format/cell.c \
	tools/format/json.c \
	tools/format/arch/table.c \
	tools/format/arch/arm64.c \
	tools/format/arch/riscv64.c

# Booting Linux in a cell (device tree, Image layout), shared with the unit tests.
# Each of CONFIG_SRCS, FORMAT_SRCS and LINUX_SRCS has its per-arch plug-ins
# in arch/ (arch/table.c lists them); the generic files name no arch.
LINUX_SRCS := \
	tools/linux/dtb.c \
	tools/linux/dtb_pci.c \
	tools/linux/boot.c \
	tools/linux/arch/table.c \
	tools/linux/arch/arm64.c \
	tools/linux/arch/riscv64.c

# The virtio daemon (hvisor daemon, docs/virtio.md). Its device code, which
# does no I/O of its own beyond the file descriptors it is given, is shared
# with the unit tests and the fuzz targets.
DAEMON_CORE_SRCS := \
	tools/daemon/dlog.c \
	tools/daemon/gmem.c \
	tools/daemon/virtq.c \
	tools/daemon/vmmio.c \
	tools/daemon/vmmio_saved.c \
	tools/daemon/vblk.c \
	tools/daemon/vnet.c \
	tools/daemon/vconsole.c \
	tools/daemon/netswitch.c
DAEMON_SRCS := \
	$(DAEMON_CORE_SRCS) \
	tools/daemon/daemon_config.c \
	tools/daemon/tap.c \
	tools/daemon/blk_uring.c \
	tools/daemon/blk_probe.c \
	tools/daemon/daemon_devices.c \
	tools/daemon/daemon_state.c \
	tools/daemon/daemon_cells.c \
	tools/daemon/daemon_loop.c \
	tools/daemon/daemon_worker.c \
	tools/daemon/cmd_daemon.c
