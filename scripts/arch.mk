# The per-architecture build table: from ARCH, the cross prefix, the kbuild ARCH and the kernel root.
#
# Included by the top-level Makefile and by every Makefile that cross-builds,
# so that each also works on its own (make -C DIR ARCH=...). One row per
# architecture; a new architecture is a new row plus its name in ARCHES.
#
#   ARCH            the target: one of $(ARCHES); `host` (tools only) is
#                   left alone here
#   CROSS_COMPILE   the cross toolchain prefix (an environment value wins)
#   KARCH           ARCH as the kernel's kbuild names it
#   MULTIARCH       Debian's multiarch triplet (library directory names)
#   KROOT           the unpacked Debian kernel, headers, busybox and
#                   libraries that scripts/deps.sh fetches

ARCH ?= arm64
CACHE ?= $(HOME)/.cache/hvisor

# The architectures the build supports.
ARCHES := arm64 riscv64

# One row per architecture.
cross_arm64 := aarch64-linux-gnu-
karch_arm64 := arm64
multiarch_arm64 := aarch64-linux-gnu
cross_riscv64 := riscv64-linux-gnu-
karch_riscv64 := riscv
multiarch_riscv64 := riscv64-linux-gnu

# The build folder: the default build/ holds the first architecture, arm64;
# every other one builds in build/$(ARCH)/ so that the two never share
# objects (tests/system/run picks the same folder). A BUILD elsewhere is
# left alone.
HVISOR_DEFAULT_BUILD := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))../build)

ifneq ($(ARCH),host)
ifneq ($(ARCH),arm64)
ifeq ($(abspath $(BUILD)),$(HVISOR_DEFAULT_BUILD))
BUILD := $(HVISOR_DEFAULT_BUILD)/$(ARCH)
endif
endif
ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH '$(ARCH)' is not supported: ARCH must be one of $(ARCHES))
endif
CROSS_COMPILE ?= $(cross_$(ARCH))
KARCH := $(karch_$(ARCH))
MULTIARCH := $(multiarch_$(ARCH))
KROOT := $(CACHE)/$(ARCH)/current/root
endif
