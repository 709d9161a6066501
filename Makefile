# hvisor top-level build: hypervisor image, driver, CLI, guests, root filesystem, tests.

# ARCH (default arm64) selects the target; scripts/arch.mk derives CROSS_COMPILE,
# KARCH and KROOT from it and refuses an unknown one.
CACHE ?= $(HOME)/.cache/hvisor
BUILD ?= $(CURDIR)/build
include scripts/arch.mk
DESTDIR ?= $(BUILD)/install

export ARCH CACHE BUILD KROOT CROSS_COMPILE KARCH

SUBMAKE = $(MAKE) --no-print-directory

.PHONY: all deps hypervisor driver tools host-tools guests systools install rootfs deb \
	test unit-test system-test check-format format demo run bench fuzz clean

all: hypervisor driver tools guests systools

# Installs packages and fetches Debian's $(ARCH) kernel tree once; a no-op later.
deps:
	@bash scripts/deps.sh

hypervisor: deps
	@$(SUBMAKE) -C hypervisor O=$(BUILD)/hypervisor ARCH=$(ARCH)

driver: deps
	@$(SUBMAKE) -C driver O=$(BUILD)/driver ARCH=$(ARCH)

tools: deps
	@$(SUBMAKE) -C tools O=$(BUILD)/tools ARCH=$(ARCH)

host-tools: deps
	@$(SUBMAKE) -C tools O=$(BUILD)/host ARCH=host

guests: deps
	@$(SUBMAKE) -C guests O=$(BUILD)/guests ARCH=$(ARCH)

# Small static programs the system tests add to the root filesystem.
systools: deps
	@$(SUBMAKE) -C tests/system/progs O=$(BUILD)/systools ARCH=$(ARCH)

install: all
	@bash scripts/install.sh "$(DESTDIR)"

rootfs: install
	@bash scripts/mkrootfs.sh "$(DESTDIR)" "$(BUILD)/rootfs.cpio.gz"

# Debian packages of the install tree and the module source (scripts/mkdeb.sh).
deb: install
	@bash scripts/mkdeb.sh "$(DESTDIR)" "$(BUILD)/deb"

# Everything on arm64, then the package and system tests that apply to riscv64.
test: deps
	@status=0; bash tests/run-all.sh || status=1; \
		ARCH=riscv64 bash tests/run-all.sh --only package || status=1; \
		ARCH=riscv64 bash tests/run-all.sh --only system || status=1; \
		exit $$status

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
	@bash tests/system/run --arch $(ARCH) --interactive

bench: rootfs
	@bash scripts/bench.sh

fuzz: deps
	@$(SUBMAKE) -C tests/fuzz O=$(BUILD)/fuzz

clean:
	rm -rf $(BUILD)
