# Root CPUs go offline and online again while the hypervisor runs, and come back under it.
# runner: --add tests/system/lib:/test/lib --timeout 180
# arch: arm64 riscv64
set -u
. /test/lib/arch.sh
fail() { echo "FAIL: $*"; hvisor console | tail -20; exit 1; }
insmod /lib/modules/hvisor.ko || fail "insmod"
hvisor enable $ROOT_JSON || fail "enable"
for round in 1 2 3; do
	for c in 1 2 3; do
		echo 0 > /sys/devices/system/cpu/cpu$c/online || fail "offline cpu$c"
	done
	[ "$(grep -c ^processor /proc/cpuinfo)" = 1 ] || fail "CPUs still online"
	for c in 1 2 3; do
		echo 1 > /sys/devices/system/cpu/cpu$c/online || fail "online cpu$c"
	done
	[ "$(grep -c ^processor /proc/cpuinfo)" = 4 ] || fail "CPUs not back"
	for c in 1 2 3; do
		out=$(taskset -c $c sh -c 'echo ran on cpu$(awk "{print \$39}" /proc/self/stat)') || fail "run on cpu$c"
		[ "$out" = "ran on cpu$c" ] || fail "expected to run on cpu$c: $out"
	done
done
# the CPUs that came back are under the hypervisor: their exits are counted
hvisor console | grep -q "CPU 3 on" || fail "hypervisor did not see CPU 3 come back"
# a returning CPU is still fenced by stage 2
taskset -c 3 devmem $HV_BASE 32 2>/dev/null && fail "cpu3 read hypervisor memory after hotplug"
hvisor console | grep -q "CPU 3: stage-2 violation" || fail "violation on cpu3 not logged"
hvisor disable || fail "disable"
# offline and online without the hypervisor still work
echo 0 > /sys/devices/system/cpu/cpu2/online && echo 1 > /sys/devices/system/cpu/cpu2/online || fail "hotplug after disable"
echo PASS
