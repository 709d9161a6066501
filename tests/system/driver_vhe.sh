# With a VHE kernel (Linux itself at EL2) hvisor.ko refuses to load, says why, and leaves no device or sysfs node.
# runner: --cpu max,pauth-impdef=on
# arch: arm64

fail() {
	echo "FAIL: $*"
	dmesg | grep -i hvisor
	exit 1
}

# -cpu max has VHE: Debian's kernel then runs at EL2 itself.
dmesg | grep -q "CPU: All CPU(s) started at EL2" || fail "the kernel did not start at EL2"
dmesg | grep -q "CPU features: detected: Virtualization Host Extensions" ||
	fail "the kernel does not use VHE on this CPU"

insmod /lib/modules/hvisor.ko 2>/dev/null && fail "insmod succeeded under VHE"
dmesg | grep -q "hvisor: EL2 unusable on CPU [0-9]*: Linux runs at EL2 (VHE): boot with id_aa64mmfr1.vh=0 or a non-VHE kernel" ||
	fail "dmesg does not give the VHE reason"
[ ! -e /dev/hvisor ] || fail "/dev/hvisor exists"
[ ! -e /sys/kernel/hvisor ] || fail "/sys/kernel/hvisor exists"
echo "PASS: driver_vhe"
