# What system tests need to know of the architecture they run on (sourced: . /test/lib/arch.sh).
case "$(uname -m)" in
aarch64)
	HV_ARCH=arm64
	HV_BASE=0x80000000 # hypervisor memory (configs/arm64/qemu/root.json)
	HV_LAST_PAGE=0x83fff000
	TIMER_IRQ=arch_timer # its name in /proc/interrupts
	HYP_FREE_WORD=stub # /sys/kernel/hvisor/el2 while the hypervisor mode is free
	FAULT_RC=135 # a process's exit status after the injected fault: SIGBUS (data abort)
	GUEST_LOAD=0x90000000 # the test guest's load address in its cell (guest-physical)
	ROOT_RAM_GPA=0x40000000 # root RAM, outside every cell: fault_test's default
	GUEST_MODE='current_el: 1' # the test guest's info line for its privilege
	LINUX_CMDLINE='console=ttyAMA0 earlycon=pl011,0x9000000' # linux.json's
	LINUX_RAM=90000000-9fffffff # linux.json's RAM in the cell's /proc/iomem
	LINUX2_RAM=a0000000-afffffff # linux2.json's
	VIRTIO_MMIO=0x0a000000 # the first virtio-mmio transport of linux.json and testguest.json
	TESTDEV_MMIO=0x0b000000 # testguest.json's test device (emulated by the hypervisor)
	LINUX_KASLR='KASLR enabled' # what Linux says when it took the kaslr-seed
	;;
riscv64)
	HV_ARCH=riscv64
	HV_BASE=0xc0000000 # configs/riscv64/qemu/root.json
	HV_LAST_PAGE=0xc3fff000
	TIMER_IRQ=riscv-timer
	HYP_FREE_WORD=usable
	FAULT_RC=139 # SIGSEGV: Linux's signal for a load/store access fault
	GUEST_LOAD=0xc0000000 # configs/riscv64/qemu/testguest*.json
	ROOT_RAM_GPA=0x90000000
	GUEST_MODE='mode: S'
	LINUX_CMDLINE='console=ttyS0 earlycon=uart8250,mmio,0x10000000'
	LINUX_RAM=d0000000-dfffffff
	LINUX2_RAM=e0000000-efffffff
	VIRTIO_MMIO=0x0a000000
	TESTDEV_MMIO=0x0b000000
	LINUX_KASLR= # Debian's riscv64 6.12 says nothing of it
	;;
*)
	echo "FAIL: unknown machine $(uname -m)"
	exit 1
	;;
esac
ROOT_JSON=/etc/hvisor/$HV_ARCH/qemu/root.json
# riscv64 booted with the runner's --aia: the AIA root config
if [ $HV_ARCH = riscv64 ] && grep -q APLIC-MSI /proc/interrupts; then
	ROOT_JSON=/etc/hvisor/riscv64/qemu/root-aia.json
fi
