# A hart without Sstc: the driver enters, the hypervisor refuses in its global init and every hart goes back to HS-mode Linux (the reverse stvec trick), which runs on; enable fails the same way again.
# runner: --cpu rv64,h=true,sstc=false --timeout 120
# arch: riscv64
set -u
fail() { echo "FAIL: $*"; dmesg | tail -20; exit 1; }
insmod /lib/modules/hvisor.ko || fail "insmod"
for i in 1 2; do
	out=$(hvisor enable /etc/hvisor/riscv64/qemu/root.json 2>&1) && fail "enable $i succeeded without Sstc"
	echo "enable $i: $out"
	[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "state after refusal $i"
	hvisor console 2>/dev/null | tail -3
	dmesg | tail -5 | grep -q "failed to enter the hypervisor (-19)" || fail "no -ENODEV from the hypervisor: $(dmesg | tail -5)"
done
# Linux is intact on every hart: tasks, timers, IPIs
for c in 0 1 2 3; do
	out=$(taskset -c $c sh -c 'sleep 0.1; echo ran on cpu$(awk "{print \$39}" /proc/self/stat)') || fail "run on cpu$c"
	[ "$out" = "ran on cpu$c" ] || fail "expected to run on cpu$c: $out"
done
s=$(date +%s); sleep 1; e=$(date +%s)
[ $((e - s)) -ge 1 ] || fail "sleep"
rmmod hvisor || fail "rmmod after refusals"
echo PASS
