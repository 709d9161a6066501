# Linux in a cell with 2 vCPUs: generated DTB, boot to the initramfs shell, console in and out, both CPUs, timer and IPIs, power-off (PSCI SYSTEM_OFF, SBI SRST).
# runner: --add tests/system/lib:/test/lib --timeout 240
# arch: arm64 riscv64
. /test/lib/cell.sh
. /test/lib/linux.sh
enable
used0=$(cat /sys/kernel/hvisor/mem_pool_used)

t0=$(now_cs)
linux_boot linux linux --dtb-out /tmp/linux.dtb
[ "$(state_of linux)" = running ] || fail "state: $(state_of linux)"
for c in 2 3; do
	[ "$(cat /sys/devices/system/cpu/cpu$c/online)" = 0 ] ||
		fail "CPU $c still online in the root"
done
# the DTB the cell got (written by --dtb-out) names what linux.json gives it
[ -s /tmp/linux.dtb ] || fail "no DTB written"
# ... with an rng-seed and a kaslr-seed
# (the strings block names each property once), none with --no-kaslr
grep -q rng-seed /tmp/linux.dtb && grep -q kaslr-seed /tmp/linux.dtb ||
	fail "no rng-seed or kaslr-seed in the cell's DTB"
linux_wait linux 'hvisor linux cell: up' 90
t1=$(now_cs)
echo "linux cell boot: $(((t1 - t0) / 100)).$(((t1 - t0) % 100 / 10)) s from 'hvisor cell linux' to init"
linux_wait linux '.*Machine model: linux' 1
linux_wait linux ".*Kernel command line: $LINUX_CMDLINE" 1
linux_wait linux '.*smp: Brought up 1 node, 2 CPUs' 1
# firmware's seeds (/chosen/rng-seed): the random number generator is
# ready before the first instruction of init, not minutes later
linux_wait linux '\[ *0\.0+\] random: crng init done' 1
# ... and the kernel's base is randomized (/chosen/kaslr-seed)
[ -z "$LINUX_KASLR" ] || linux_wait linux ".*$LINUX_KASLR" 1
linux_wait linux "hvisor linux cell: shell on the console.*" 20

# console input reaches the shell, its output comes back
linux_run linux "echo hello from linux cell" 'hello from linux cell'
# both vCPUs are online in the cell
linux_run linux 'echo online=$(cat /sys/devices/system/cpu/online)' 'online=0-1'
linux_run linux 'echo processors=$(grep -c ^processor /proc/cpuinfo)' 'processors=2'
# the second vCPU really runs code
linux_run linux 'taskset -c 1 sh -c "echo ran-on=\$(cut -d\" \" -f39 /proc/self/stat)"' 'ran-on=1'
# timer interrupts and IPIs arrive on both vCPUs
linux_run linux "sleep 1; awk '/$TIMER_IRQ/ { print \"timer=\" (\$2 > 0) (\$3 > 0) }' /proc/interrupts" 'timer=11'
linux_run linux "awk '/^ *IPI0:/ { print \"resched-ipi=\" (\$2 + \$3 > 0) }' /proc/interrupts" 'resched-ipi=1'
# the cell has its 256 MiB (MemTotal counts what the kernel does not reserve)
linux_run linux "awk '/MemTotal/ { print \"mem=\" (\$2 > 150000) }' /proc/meminfo" 'mem=1'
hvisor cell list | grep -E '^[0-9]+ +linux +running +2-3 +-$' >/dev/null ||
	fail "list: $(hvisor cell list)"

# power-off (PSCI SYSTEM_OFF, SBI SRST shutdown): the cell shuts down, the root goes on
hvisor cell console linux --send "poweroff -f" >/dev/null || fail "send poweroff"
wait_state linux shutdown 30
linux_wait linux '.*reboot: Power down' 1
hvisor console | grep -q 'cell [0-9]* "linux" powered off' || fail "no power-off in the hypervisor log"
linux_stop_follower linux
hvisor cell destroy linux || fail destroy
hvisor cell linux $CFG/linux.json $KERNEL --dry-run --no-kaslr --dtb-out /tmp/nokaslr.dtb >/dev/null ||
	fail "cell linux --no-kaslr --dry-run"
grep -q rng-seed /tmp/nokaslr.dtb || fail "--no-kaslr: no rng-seed"
! grep -q kaslr-seed /tmp/nokaslr.dtb || fail "--no-kaslr: a kaslr-seed"
for c in 2 3; do
	[ "$(cat /sys/devices/system/cpu/cpu$c/online)" = 1 ] ||
		fail "CPU $c not back in the root"
	taskset -c $c true || fail "root cannot run on CPU $c"
done
[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used0" ] ||
	fail "pool $used0 -> $(cat /sys/kernel/hvisor/mem_pool_used)"
hvisor disable || fail disable
echo PASS
