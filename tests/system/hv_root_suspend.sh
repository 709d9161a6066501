# Root PSCI CPU_SUSPEND under the hypervisor: standby (and, as QEMU returns in place, power-down) calls on every root CPU return, the CPUs stay online and under the hypervisor, counted once.
# runner: --add tests/system/lib:/test/lib --add build/systools/kmod/psci_suspend.ko:/test/psci_suspend.ko --timeout 180
# arch: arm64
#
# Linux on QEMU virt never suspends a CPU (no idle states in its device
# tree), so a test module makes the calls. A real power-down resume (through
# the hypervisor's cold entry) cannot happen on QEMU: tests/unit/test_hv_power.c
# test_root_cpu_suspend_powerdown covers that path on the fake arch.
. /test/lib/cell.sh
enable
cpus0=$(hvisor info | grep -i "cpus" | head -1)
for mode in standby power-down; do
	arg=
	[ $mode = power-down ] && arg=powerdown=1
	seq0=$(hvisor console | wc -c)
	dmesg -c >/dev/null
	insmod /test/psci_suspend.ko $arg || fail "insmod ($mode)"
	rmmod psci_suspend
	out=$(dmesg | grep "psci_suspend: CPU")
	echo "$out"
	[ "$(echo "$out" | grep -c "$mode: returned 0")" = 4 ] || fail "$mode: not 4 calls returning 0"
	[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || fail "$mode: CPUs online: $(cat /sys/devices/system/cpu/online)"
	[ "$(hvisor info | grep -i "cpus" | head -1)" = "$cpus0" ] || fail "$mode: $(hvisor info | grep -i cpus)"
	hvisor console | tail -c +$((seq0 + 1)) | grep -E "CPU [0-9] (on|off)|FAULT|FATAL" &&
		fail "$mode: the hypervisor saw a CPU go or come"
done
# every root CPU still traps into the hypervisor and can be given to a cell
for c in 0 1 2 3; do taskset -c $c cat /sys/kernel/hvisor/cells >/dev/null || fail "cpu$c"; done
boot_cell testguest testguest
expect testguest '^after suspend$' echo after suspend
hvisor cell destroy testguest || fail destroy
hvisor disable || fail disable
echo PASS
