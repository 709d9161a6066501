# riscv64 compiler flags of the test guest (included by ../../Makefile): RV64IMAC without FP, code that runs wherever it is loaded, no misaligned accesses.
GUEST_ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-mstrict-align -mno-relax
