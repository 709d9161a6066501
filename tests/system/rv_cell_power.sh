# riscv64: SBI HSM of a three-hart cell: all harts up, two vCPUs racing hart_start on a third get exactly one winner, the others ALREADY_AVAILABLE (hart_get_status STOP_PENDING until the hart is really off); the root keeps one hart.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: riscv64
. /test/lib/cell.sh
enable
boot_cell testguest-smp3 testguest-smp3
expect testguest-smp3 'vcpus_up: 3 of 3' smp_test
expect testguest-smp3 'vcpu 2: .*round trips' ipi_test
# (vCPU 2 is left off by the race)
expect testguest-smp3 'cpu_on_race: 30 round\(s\): one start won 30, both 0, none 0; .* other 0; vCPU 2 booted 30 time' cpu_on_race 30 --timeout 120
taskset -c 0 true || fail "root cpu0"
hvisor cell destroy testguest-smp3 || fail destroy
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || fail "CPUs not back: $(cat /sys/devices/system/cpu/online)"
hvisor disable || fail disable
echo PASS
