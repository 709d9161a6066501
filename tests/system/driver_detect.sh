# hvisor.ko loads where the Linux hyp stub owns EL2, says so (dmesg, sysfs, hvisor info) and unloads and reloads cleanly.
# arch: arm64

fail() {
	echo "FAIL: $*"
	dmesg | grep -i hvisor
	exit 1
}

dmesg | grep -q "CPU: All CPU(s) started at EL2" ||
	fail "the kernel did not start at EL2: no hyp stub to test"
grep -q '^hvisor ' /proc/modules && { rmmod hvisor || fail "rmmod of a loaded hvisor.ko"; }

insmod /lib/modules/hvisor.ko || fail "insmod hvisor.ko"
dmesg | grep -q "hvisor: Linux hyp stub owns EL2 (usable); __hyp_stub_vectors at PA 0x" ||
	fail "no load message naming the stub vectors"
[ -c /dev/hvisor ] || fail "/dev/hvisor is not a character device"
grep -qx "Linux hyp stub owns EL2 (usable)" /sys/kernel/hvisor/el2 ||
	fail "/sys/kernel/hvisor/el2: $(cat /sys/kernel/hvisor/el2)"
[ "$(cat /sys/kernel/hvisor/state)" = disabled ] ||
	fail "/sys/kernel/hvisor/state: $(cat /sys/kernel/hvisor/state)"
for f in mem_pool_pages mem_pool_used cells cpu_exits; do
	[ ! -e /sys/kernel/hvisor/$f ] || fail "$f exists while disabled"
done

out=$(hvisor info 2>&1) || fail "hvisor info failed: $out"
echo "$out"
echo "$out" | grep -qi "stub" || fail "hvisor info does not mention the hyp stub"

# Unload and load again: the stub must still answer on every CPU.
rmmod hvisor || fail "rmmod hvisor"
[ ! -e /dev/hvisor ] || fail "/dev/hvisor left after rmmod"
[ ! -e /sys/kernel/hvisor ] || fail "/sys/kernel/hvisor left after rmmod"
insmod /lib/modules/hvisor.ko || fail "second insmod"
rmmod hvisor || fail "second rmmod"
echo "PASS: driver_detect"
