# arm64 compiler flags of the test guest (included by ../../Makefile): integer registers only, no unaligned or outlined atomics.
GUEST_ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
