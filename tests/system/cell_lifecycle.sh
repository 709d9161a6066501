# One test-guest cell: create, load, start, every agent command, console, stats, shutdown, restart, destroy.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: arm64 riscv64
. /test/lib/cell.sh
enable
used0=$(cat /sys/kernel/hvisor/mem_pool_used)
boot_cell testguest testguest
[ "$(cat /sys/devices/system/cpu/cpu3/online)" = 0 ] || fail "CPU 3 still online in the root"
[ "$(state_of testguest)" = running ] || fail "state: $(state_of testguest)"
expect testguest '^hello cell world$' echo hello cell world
expect testguest 'vcpu: 0' info
expect testguest "$GUEST_MODE" info
expect testguest '20 of 20 interrupts' timer_test 20 5000
expect testguest 'round trips' ipi_test
expect testguest 'vcpus_up: 1 of 1' smp_test
expect testguest 'OK: .*MiB' mem_test
expect testguest 'all checks passed' mmio_test
irqs0=$(cat /sys/kernel/hvisor/root_irqs)
expect testguest '^irq$' echo irq
# the answer came with the root interrupt (the driver also polls: count it)
[ "$(cat /sys/kernel/hvisor/root_irqs)" -gt "$irqs0" ] || fail "no root interrupt for the answer ($irqs0)"
hvisor cell console testguest --send "typed into the cell" || fail "console send"
expect testguest 'typed into the cell' console_test
# an unknown command is an error with status 127, not a hang
hvisor cell exec testguest no_such_command; rc=$?
[ $rc = 127 ] || fail "unknown command: exit $rc"
hvisor cell console testguest | grep -q "hvisor test guest: up" || fail "cell console"
hvisor cell stats testguest | grep -q "mmio" || fail "stats"
# the root keeps working on its own CPUs
for c in 0 1 2; do taskset -c $c true || fail "root cpu$c"; done
hvisor cell shutdown testguest || fail shutdown
[ "$(state_of testguest)" = shutdown ] || fail "after shutdown: $(state_of testguest)"
hvisor cell exec testguest echo x >/dev/null 2>&1 && fail "exec on a stopped cell"
# started again from its images
hvisor cell load testguest $GUEST@$GUEST_LOAD || fail "reload"
hvisor cell start testguest || fail "restart"
expect testguest '^again$' echo again
hvisor cell destroy testguest || fail destroy
hvisor cell list | grep -q testguest && fail "cell still listed"
[ "$(cat /sys/devices/system/cpu/cpu3/online)" = 1 ] || fail "CPU 3 not back in the root"
taskset -c 3 true || fail "root cannot run on CPU 3"
[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used0" ] || fail "pool $used0 -> $(cat /sys/kernel/hvisor/mem_pool_used)"
hvisor disable || fail disable
echo PASS
