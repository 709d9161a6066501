# hvisor top-level build: hypervisor image, driver, CLI, guests, root filesystem, tests.

CACHE ?= $(HOME)/.cache/hvisor
BUILD ?= $(CURDIR)/build
ARM64_ROOT := $(CACHE)/arm64/current/root
CROSS_COMPILE ?= aarch64-linux-gnu-
DESTDIR ?= $(BUILD)/install

export CACHE BUILD ARM64_ROOT CROSS_COMPILE

SUBMAKE = $(MAKE) --no-print-directory

.PHONY: all deps hypervisor driver tools host-tools guests systools install rootfs \
	test unit-test system-test check-format format demo run bench fuzz clean

all: hypervisor driver tools guests systools

# Installs packages and fetches Debian's arm64 kernel tree once; a no-op later.
deps:
	@bash scripts/deps.sh

hypervisor: deps
	@$(SUBMAKE) -C hypervisor O=$(BUILD)/hypervisor

driver: deps
	@$(SUBMAKE) -C driver O=$(BUILD)/driver

tools: deps
	@$(SUBMAKE) -C tools O=$(BUILD)/tools ARCH=arm64

host-tools: deps
	@$(SUBMAKE) -C tools O=$(BUILD)/host ARCH=host

guests: deps
	@$(SUBMAKE) -C guests O=$(BUILD)/guests

# Small static programs the system tests add to the root filesystem.
systools: deps
	@$(SUBMAKE) -C tests/system/tools O=$(BUILD)/systools

install: all
	@bash scripts/install.sh "$(DESTDIR)"

rootfs: install
	@bash scripts/mkrootfs.sh "$(DESTDIR)" "$(BUILD)/rootfs.cpio.gz"

test: deps
	@bash tests/run-all.sh

unit-test: deps
	@bash tests/run-all.sh --only unit

system-test: deps
	@bash tests/run-all.sh --only system

check-format:
	@bash scripts/check-format.sh

format:
	@bash scripts/check-format.sh --fix

demo: rootfs
	@bash scripts/demo.sh

run: rootfs
	@bash tests/system/run --interactive

bench: rootfs
	@bash scripts/bench.sh

fuzz: deps
	@$(SUBMAKE) -C tests/fuzz O=$(BUILD)/fuzz

clean:
	rm -rf $(BUILD)
