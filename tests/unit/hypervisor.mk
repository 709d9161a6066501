# Host unit tests of the hypervisor's pure logic (page tables, abort decoding, VMIDs); included by the Makefile.

HV_TESTS := test_hv_paging test_hv_emulate test_hv_arm64_vmid \
	test_hv_riscv64_decode test_hv_riscv64_paging test_hv_riscv64_plic \
	test_hv_riscv64_vplic test_hv_riscv64_aplic test_hv_riscv64_vaplic
HV_CPPFLAGS := -I$(TOP)/tests/unit/shim -I$(TOP)/hypervisor/include \
	-I$(TOP)/hypervisor/arch/arm64/include -I$(TOP)/include
HV_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror $(SANITIZE) \
	-Wno-builtin-declaration-mismatch

test_hv_paging_SRCS := hypervisor/core/paging.c hypervisor/core/page_alloc.c \
	hypervisor/arch/arm64/paging.c
test_hv_emulate_SRCS := hypervisor/arch/arm64/emulate.c
test_hv_arm64_vmid_SRCS := hypervisor/arch/arm64/vmid.c
test_hv_riscv64_decode_SRCS := hypervisor/arch/riscv64/decode.c
test_hv_riscv64_plic_SRCS := hypervisor/arch/riscv64/plic.c
test_hv_riscv64_vplic_SRCS := hypervisor/arch/riscv64/vplic.c
test_hv_riscv64_aplic_SRCS := hypervisor/arch/riscv64/aplic.c
test_hv_riscv64_vaplic_SRCS := hypervisor/arch/riscv64/vaplic.c
test_hv_riscv64_paging_SRCS := hypervisor/core/paging.c \
	hypervisor/core/page_alloc.c hypervisor/arch/riscv64/paging.c
# The riscv64 code and its tests see riscv64's asm/ headers.
$(OBJ)/hv/hypervisor/arch/riscv64/%.o $(OBJ)/hv/tests/unit/test_hv_riscv64_%.o: \
	HV_CPPFLAGS := $(subst /arch/arm64/,/arch/riscv64/,$(HV_CPPFLAGS))

all: $(HV_TESTS:%=$(O)/%)

$(OBJ)/hv/%.o: $(TOP)/%.c $(TOP)/tests/unit/hypervisor.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $(patsubst $(TOP)/%,%,$<)"
	@$(CC) $(HV_CPPFLAGS) $(HV_CFLAGS) -MMD -MP -c -o $@ $<

.SECONDEXPANSION:
hv_objs = $(patsubst %.c,$(OBJ)/hv/%.o,$($(1)_SRCS))
$(HV_TESTS:%=$(O)/%): $(O)/%: $(OBJ)/hv/tests/unit/%.o $$(call hv_objs,$$*)
	@echo "  LD      $(notdir $@)"
	@$(CC) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs cmocka)

# All of core on the fake arch (tests/unit/lib/arch_fake.c): every file of
# hypervisor/core/, core/devices/ and drivers/ and the config checker, and no
# file of hypervisor/arch/ (neither sources nor headers), so the link proves
# core arch-free. core/config_check.c is moving to common/config_check/.
HV_CORE_TESTS := test_hv_core test_hv_cells test_hv_power test_hv_mmio test_hv_races
HV_CORE_TESTS += test_hv_hostile test_hv_vuart_8250 test_pci_ecam
HV_CORE_SRCS := $(filter-out hypervisor/core/config_check.c, \
	$(patsubst $(TOP)/%,%,$(wildcard $(TOP)/hypervisor/core/*.c \
	$(TOP)/hypervisor/core/devices/*.c $(TOP)/hypervisor/drivers/*.c \
	$(TOP)/common/config_check/*.c)))
HV_FAKE_SRCS := tests/unit/lib/arch_fake.c tests/unit/lib/hv_fixture.c
HV_CORE_CPPFLAGS := -I$(TOP)/tests/unit/shim -I$(TOP)/hypervisor/include \
	-I$(TOP)/include
# Core's own string and format functions must not replace libc's.
HV_CORE_RENAME := $(foreach f,memcpy memmove memset memcmp strlen snprintf \
	vsnprintf,-D$(f)=hv_$(f))
HV_CORE_OBJS := $(patsubst %.c,$(OBJ)/hvcore/%.o,$(HV_CORE_SRCS) \
	$(HV_FAKE_SRCS))

all: $(HV_CORE_TESTS:%=$(O)/%)

$(OBJ)/hvcore/hypervisor/%.o: $(TOP)/hypervisor/%.c $(TOP)/tests/unit/hypervisor.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $(patsubst $(TOP)/%,%,$<)"
	@$(CC) $(HV_CORE_CPPFLAGS) $(HV_CORE_RENAME) $(HV_CFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/hvcore/common/%.o: $(TOP)/common/%.c $(TOP)/tests/unit/hypervisor.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $(patsubst $(TOP)/%,%,$<)"
	@$(CC) $(HV_CORE_CPPFLAGS) $(HV_CORE_RENAME) $(HV_CFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/hvcore/tests/%.o: $(TOP)/tests/%.c $(TOP)/tests/unit/hypervisor.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $(patsubst $(TOP)/%,%,$<)"
	@$(CC) $(HV_CORE_CPPFLAGS) -I$(TOP)/tests/unit/lib $(HV_CFLAGS) -MMD -MP -c -o $@ $<

$(HV_CORE_TESTS:%=$(O)/%): $(O)/%: $(OBJ)/hvcore/tests/unit/%.o $(HV_CORE_OBJS)
	@echo "  LD      $(notdir $@)"
	@$(CC) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs cmocka)

# Virtio forwarding's quotas and waits on the fake arch, like the core tests.
all: $(O)/test_hv_virtio
$(O)/test_hv_virtio: $(OBJ)/hvcore/tests/unit/test_hv_virtio.o $(HV_CORE_OBJS)
	@echo "  LD      $(notdir $@)"
	@$(CC) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs cmocka)
