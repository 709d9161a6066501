# Enable, run a workload on every root CPU (loops, timers, IPIs, console, virtio-blk; riscv64: idle WFIs trapped on every hart), disable; then 20 cycles.
# runner: --add tests/system/lib:/test/lib --disk @DISK16M --timeout 300
# arch: arm64 riscv64
set -u
. /test/lib/arch.sh
fail() { echo "FAIL: $*"; hvisor console | tail -20; exit 1; }
field() { awk -v k="$1" '$1 == k":" { print $2 }' /proc/meminfo; }
irqs() { awk -v n="$1" '$1 == n":" { s = 0; for (i = 2; i <= 5; i++) s += $i; print s }' /proc/interrupts; }

insmod /lib/modules/hvisor.ko || fail "insmod"
hvisor enable $ROOT_JSON || fail "enable"
[ "$(cat /sys/kernel/hvisor/state)" = enabled ] || fail "state not enabled"
# a second enable and rmmod are refused while enabled
out=$(hvisor enable $ROOT_JSON 2>&1) && fail "second enable succeeded"
echo "$out" | grep -qi "already enabled\|busy" || fail "second enable: $out"
rmmod hvisor 2>/dev/null && fail "rmmod while enabled succeeded"
[ "$(cat /sys/kernel/hvisor/state)" = enabled ] || fail "state changed by refused calls"

# CPU loops pinned to each CPU, counting
t0=$(irqs IPI0); timer0=$(grep -E "$TIMER_IRQ" /proc/interrupts | awk '{print $2+$3+$4+$5}')
for c in 0 1 2 3; do
	taskset -c $c sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo "cpu'$c' loop ok"' > /tmp/loop$c &
done
# timers: sleeps must take their time
s=$(date +%s); for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.2; done; e=$(date +%s)
[ $((e - s)) -ge 1 ] || fail "sleep 2s took $((e - s))s"
# virtio-blk: write a pattern, drop caches, read it back through the device
dd if=/dev/urandom of=/tmp/pat bs=64k count=32 2>/dev/null
dd if=/tmp/pat of=/dev/vda bs=64k count=32 conv=fsync 2>/dev/null || fail "disk write"
echo 3 > /proc/sys/vm/drop_caches
dd if=/dev/vda of=/tmp/back bs=64k count=32 2>/dev/null || fail "disk read"
[ "$(md5sum < /tmp/pat)" = "$(md5sum < /tmp/back)" ] || fail "disk pattern mismatch"
wait
for c in 0 1 2 3; do grep -q "cpu$c loop ok" /tmp/loop$c || fail "loop on cpu$c"; done
for i in $(seq 1 50); do echo "console line $i under hvisor"; done
t1=$(irqs IPI0); timer1=$(grep -E "$TIMER_IRQ" /proc/interrupts | awk '{print $2+$3+$4+$5}')
[ "$t1" -gt "$t0" ] || fail "no IPIs delivered ($t0 -> $t1)"
[ "$timer1" -gt "$timer0" ] || fail "no timer interrupts ($timer0 -> $timer1)"
echo "IPIs $t0 -> $t1, timer $timer0 -> $timer1"
# riscv64: the root's WFIs trap (hstatus.VTW) and wait at HS, on every hart
if [ $HV_ARCH = riscv64 ]; then
	sleep 1
	cat /sys/kernel/hvisor/cpu_exits
	for c in 0 1 2 3; do
		w=$(sed -n "s/^cpu$c .* wait=\([0-9]*\).*/\1/p" /sys/kernel/hvisor/cpu_exits)
		[ "${w:-0}" -gt 0 ] || fail "CPU $c: no WFI (wait) exits while idle"
	done
fi
used=$(cat /sys/kernel/hvisor/mem_pool_used)
hvisor info
# riscv64: the hypervisor answers the SBI probe of its extension, OpenSBI does not
[ $HV_ARCH != riscv64 ] || hvisor info | grep -q "SBI extension .*: answers" || fail "hvisor SBI probe not answered while enabled"
hvisor disable || fail "disable"
[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "state not disabled"
[ $HV_ARCH != riscv64 ] || hvisor info | grep -q "SBI extension .*: not there" || fail "hvisor SBI probe answered after disable"

# 20 enable/disable cycles: same pool usage every time, no kernel memory growth
vm0=$(field VmallocUsed); slab0=$(field Slab)
for i in $(seq 1 20); do
	hvisor enable $ROOT_JSON >/dev/null || fail "enable cycle $i"
	u=$(cat /sys/kernel/hvisor/mem_pool_used)
	[ "$u" = "$used" ] || fail "cycle $i: pool used $u, first run $used"
	echo "cycle $i" > /dev/null
	hvisor disable >/dev/null || fail "disable cycle $i"
done
vm1=$(field VmallocUsed); slab1=$(field Slab)
echo "VmallocUsed $vm0 -> $vm1 kB, Slab $slab0 -> $slab1 kB"
[ $((vm1 - vm0)) -lt 512 ] || fail "vmalloc grew by $((vm1 - vm0)) kB"
[ $((slab1 - slab0)) -lt 2048 ] || fail "slab grew by $((slab1 - slab0)) kB"
# the hypervisor mode is free again: the module reloads and finds it usable
rmmod hvisor || fail "rmmod after disable"
insmod /lib/modules/hvisor.ko || fail "insmod after cycles"
grep -qi "$HYP_FREE_WORD" /sys/kernel/hvisor/el2 || fail "hypervisor mode not free again: $(cat /sys/kernel/hvisor/el2)"
echo "PASS"
