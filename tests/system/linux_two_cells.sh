# Two Linux cells at once (linux on CPUs 2-3, linux2 on CPU 1): both boot, consoles and memory stay apart, one reboots into power-off, the other runs on.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: arm64 riscv64
. /test/lib/cell.sh
. /test/lib/linux.sh
enable
used0=$(cat /sys/kernel/hvisor/mem_pool_used)

hvisor config check $CFG/root.json $CFG/linux.json $CFG/linux2.json ||
	fail "linux.json and linux2.json cannot run together"
t0=$(now_cs)
linux_boot linux linux
linux_boot linux2 linux2
linux_wait linux 'hvisor linux cell: up' 120
linux_wait linux2 'hvisor linux cell: up' 120
t1=$(now_cs)
echo "two linux cells booted in $(((t1 - t0) / 100)).$(((t1 - t0) % 100 / 10)) s"
for c in 1 2 3; do
	[ "$(cat /sys/devices/system/cpu/cpu$c/online)" = 0 ] ||
		fail "CPU $c still online in the root"
done
linux_wait linux2 '.*smp: Brought up 1 node, 1 CPU' 1
linux_wait linux2 "hvisor linux cell: shell on the console.*" 20
linux_wait linux "hvisor linux cell: shell on the console.*" 20

# each cell answers on its own console, and only there
linux_run linux 'echo I am $(hostname) with $(nproc) CPUs' 'I am linux with 2 CPUs'
linux_run linux2 'echo I am $(hostname) with $(nproc) CPUs' 'I am linux2 with 1 CPUs'
linux_log linux | grep -q 'I am linux2' && fail "linux2's output on linux's console"
linux_log linux2 | grep -q 'I am linux ' && fail "linux's output on linux2's console"
# each sees only its own memory
linux_run linux "awk '/^[0-9a-f]+-[0-9a-f]+ : System RAM/ { print \"ram=\" \$1 }' /proc/iomem" "ram=$LINUX_RAM"
linux_run linux2 "awk '/^[0-9a-f]+-[0-9a-f]+ : System RAM/ { print \"ram=\" \$1 }' /proc/iomem" "ram=$LINUX2_RAM"

# linux2 reboots (PSCI SYSTEM_RESET, SBI SRST reboot): its boot stub, run again, powers it
# off (the kernel in memory is no longer as loaded); linux and the root go on
hvisor cell console linux2 --send "reboot -f" >/dev/null || fail "send reboot"
wait_state linux2 shutdown 30
hvisor console | grep -q 'cell [0-9]* "linux2" resets' || fail "no reset in the hypervisor log"
hvisor console | grep -q 'cell [0-9]* "linux2" powered off' || fail "no power-off after the reset"
[ "$(state_of linux)" = running ] || fail "linux: $(state_of linux) after linux2 powered off"
linux_run linux 'echo still=$((40 + 2))' 'still=42'
hvisor cell console linux --send "poweroff -f" >/dev/null || fail "send poweroff"
wait_state linux shutdown 30

linux_stop_follower linux
linux_stop_follower linux2
hvisor cell destroy linux2 || fail "destroy linux2"
hvisor cell destroy linux || fail "destroy linux"
for c in 1 2 3; do
	[ "$(cat /sys/devices/system/cpu/cpu$c/online)" = 1 ] ||
		fail "CPU $c not back in the root"
done
[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used0" ] ||
	fail "pool $used0 -> $(cat /sys/kernel/hvisor/mem_pool_used)"
hvisor disable || fail disable
echo PASS
