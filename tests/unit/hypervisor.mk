# Host unit tests of the hypervisor's pure logic (page tables, abort decoding); included by the Makefile.

HV_TESTS := test_hv_paging test_hv_emulate
HV_CPPFLAGS := -I$(TOP)/tests/unit/shim -I$(TOP)/hypervisor/include \
	-I$(TOP)/hypervisor/arch/arm64/include -I$(TOP)/include
HV_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror $(SANITIZE) \
	-Wno-builtin-declaration-mismatch

test_hv_paging_SRCS := hypervisor/core/paging.c hypervisor/core/page_alloc.c \
	hypervisor/arch/arm64/paging.c
test_hv_emulate_SRCS := hypervisor/arch/arm64/emulate.c

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
