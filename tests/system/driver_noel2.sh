# Without EL2 (QEMU virtualization=off) hvisor.ko refuses to load, says why, and leaves no device or sysfs node.
# runner: --no-virt
# arch: arm64

fail() {
	echo "FAIL: $*"
	dmesg | grep -i hvisor
	exit 1
}

dmesg | grep -q "started at EL2" && fail "the kernel started at EL2: --no-virt not applied"

insmod /lib/modules/hvisor.ko 2>/dev/null && fail "insmod succeeded without EL2"
dmesg | grep -q "hvisor: EL2 unusable on CPU [0-9]*: CPU has no EL2 (QEMU: virtualization=on needed)" ||
	fail "dmesg does not give the no-EL2 reason"
[ ! -e /dev/hvisor ] || fail "/dev/hvisor exists"
[ ! -e /sys/kernel/hvisor ] || fail "/sys/kernel/hvisor exists"
grep -q '^hvisor ' /proc/modules && fail "hvisor.ko is loaded"
echo "PASS: driver_noel2"
