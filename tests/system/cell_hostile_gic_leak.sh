# A guest that starts (SYSTEM_RESET in place, or a new cell on the CPU) sees none of the EL1 or FP/SIMD register state the last user of its CPU left there.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: arm64
. /test/lib/cell.sh

# leak_check WHAT: leak_test in the cell must find every register clean
leak_check() {
	local out status
	out=$(hvisor cell exec testguest leak_test 2>&1)
	status=$?
	echo "[$1] $out"
	[ $status -eq 0 ] || fail "$1: the guest reads what was left on its CPU"
	echo "$out" | grep -q "leak_test: 0 registers not clean" || fail "$1: $out"
}

enable
boot_cell testguest testguest
# SYSTEM_RESET restarts vCPU 0 in place, on a CPU that is never powered off
expect testguest 'leak_fill: done' leak_fill
hvisor cell exec testguest reset >/dev/null
sleep 1
expect testguest '^after reset$' echo after reset
leak_check "after SYSTEM_RESET"
# a new cell on the same CPU (the root has it in between; under QEMU the
# firmware's CPU_ON resets the CPU as well, real firmware need not)
expect testguest 'leak_fill: done' leak_fill
hvisor cell destroy testguest || fail "destroy after leak_fill"
sleep 1
grep -q 3 /sys/devices/system/cpu/online || fail "CPU 3 did not come back"
boot_cell testguest testguest
leak_check "a new cell"
hvisor cell destroy testguest || fail destroy
hvisor disable || fail disable
echo PASS
