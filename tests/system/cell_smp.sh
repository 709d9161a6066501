# A two-vCPU test guest: PSCI CPU_ON / SBI HSM hart_start, SGIs / SBI IPIs between vCPUs, per-vCPU timers, SYSTEM_RESET and SYSTEM_OFF (SBI SRST).
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: arm64 riscv64
. /test/lib/cell.sh
enable
boot_cell testguest-smp testguest-smp
expect testguest-smp 'vcpus_up: 2 of 2' smp_test
expect testguest-smp 'vcpu 1: .*round trips' ipi_test
expect testguest-smp '10 of 10 interrupts' timer_test 10
hvisor cell stats testguest-smp | grep -q "vcpu 1 (CPU 3)" || fail "no stats for vCPU 1"
# SYSTEM_RESET: the cell restarts from its entry and answers again
hvisor cell exec testguest-smp reset >/dev/null
end=$(($(date +%s) + 20))
until [ "$(hvisor cell console testguest-smp | grep -c 'hvisor test guest: up')" -ge 2 ]; do
	[ "$(date +%s)" -lt "$end" ] || fail "no second boot in the console"
	sleep 0.2
done
expect testguest-smp '^after reset$' echo after reset
expect testguest-smp 'vcpus_up: 2 of 2' smp_test
# SYSTEM_OFF: the cell stops and shows as shut down
hvisor cell exec testguest-smp poweroff >/dev/null
wait_state testguest-smp shutdown || fail "after poweroff: $(state_of testguest-smp)"
hvisor cell destroy testguest-smp || fail destroy
[ "$(cat /sys/devices/system/cpu/cpu2/online)$(cat /sys/devices/system/cpu/cpu3/online)" = 11 ] || fail "CPUs not back"
hvisor disable || fail disable
echo PASS
