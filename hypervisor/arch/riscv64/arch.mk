# RISC-V (RV64, H extension) build settings of the hypervisor image (included by hypervisor/Makefile; the cross prefix comes from scripts/arch.mk).
# No FP or vector state is ever touched (guests' FP needs no switching, one
# vCPU per hart), the code model reaches the image wherever it is loaded,
# and no access is misaligned (OpenSBI would emulate it, slowly).
ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-mstrict-align -mno-relax
ARCH_LDS := arch/riscv64/hvisor.lds
