# riscv64 AIA (aplic-imsic): enable with root-aia.json, the root keeps working on every hart (loops, timers, IMSIC IPIs with no exits, console, virtio-blk through the APLIC with (almost) no exits, an interrupt moved through the trapped APLIC), disable, Linux intact; 5 more cycles; enable and disable with the other harts busy.
# runner: --aia 1 --add tests/system/lib:/test/lib --disk @DISK16M --timeout 300
# arch: riscv64
set -u
. /test/lib/arch.sh
AIA_JSON=/etc/hvisor/riscv64/qemu/root-aia.json
fail() { echo "FAIL: $*"; hvisor console | tail -20; exit 1; }
irqs() { awk -v n="$1" '$1 == n":" { s = 0; for (i = 2; i <= 5; i++) s += $i; print s }' /proc/interrupts; }
# interrupts of the APLIC's sources (UART, virtio, RTC), all CPUs
devirqs() { awk '/APLIC-MSI/ { for (i = 2; i <= 5; i++) s += $i } END { print s + 0 }' /proc/interrupts; }
timer() { grep -E "$TIMER_IRQ" /proc/interrupts | awk '{print $2+$3+$4+$5}'; }
# the hypervisor's exits of all CPUs, by kind (cpu_exits: one line per CPU)
exits() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) if ($i ~ "^" k "=") { split($i, a, "="); s += a[2] } } END { print s + 0 }' /sys/kernel/hvisor/cpu_exits; }
workload() {
	local t0 timer0 f0 s e c
	t0=$(irqs IPI0); f0=$(irqs IPI1); timer0=$(timer)
	for c in 0 1 2 3; do
		taskset -c $c sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo "cpu'$c' loop ok"' >/tmp/loop$c &
	done
	s=$(date +%s); for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.2; done; e=$(date +%s)
	[ $((e - s)) -ge 1 ] || fail "sleep 2s took $((e - s))s"
	dd if=/dev/urandom of=/tmp/pat bs=64k count=32 2>/dev/null
	dd if=/tmp/pat of=/dev/vda bs=64k count=32 conv=fsync 2>/dev/null || fail "disk write"
	echo 3 >/proc/sys/vm/drop_caches
	dd if=/dev/vda of=/tmp/back bs=64k count=32 2>/dev/null || fail "disk read"
	[ "$(md5sum </tmp/pat)" = "$(md5sum </tmp/back)" ] || fail "disk pattern mismatch"
	wait
	for c in 0 1 2 3; do grep -q "cpu$c loop ok" /tmp/loop$c || fail "loop on cpu$c"; done
	for i in $(seq 1 20); do echo "console line $i ($1)"; done
	[ "$(irqs IPI0)" -gt "$t0" ] || [ "$(irqs IPI1)" -gt "$f0" ] || fail "no IPIs delivered"
	[ "$(timer)" -gt "$timer0" ] || fail "no timer interrupts"
	echo "$1: IPIs $t0/$f0 -> $(irqs IPI0)/$(irqs IPI1), timer $timer0 -> $(timer)"
}

grep -q "APLIC-MSI" /proc/interrupts || fail "not an AIA machine: $(head -5 /proc/interrupts)"
workload "before enable"
insmod /lib/modules/hvisor.ko || fail "insmod"
hvisor config check $AIA_JSON || fail "config check"
hvisor enable $AIA_JSON || fail "enable"
[ "$(cat /sys/kernel/hvisor/state)" = enabled ] || fail "state not enabled"
d0=$(devirqs); x0=$(exits irq)
workload "enabled"
d1=$(devirqs); x1=$(exits irq)
cat /sys/kernel/hvisor/cpu_exits
# the APLIC's MSIs go straight to the guest files (targets follow the harts)
echo "device interrupts $((d1 - d0)) with $((x1 - x0)) interrupt exits"
[ $((d1 - d0)) -gt 20 ] || fail "too few device interrupts ($((d1 - d0)))"
[ $(((x1 - x0) * 10)) -lt $((d1 - d0)) ] || fail "device interrupts cost exits: $((x1 - x0)) for $((d1 - d0))"
# IPIs go through the guest files: many function-call IPIs, few exits
i0=$(irqs IPI1); x0=$(exits irq); e0=$(exits firmware)
for _ in $(seq 1 30); do for c in 1 2 3; do taskset -c $c true; done; done
i1=$(irqs IPI1); x1=$(exits irq); e1=$(exits firmware)
echo "IPIs $((i1 - i0)) with $((x1 - x0)) interrupt exits, $((e1 - e0)) firmware exits"
[ $((i1 - i0)) -gt 20 ] || fail "too few IPIs ($((i1 - i0)))"
# the APLIC filter: the UART's interrupt moved to CPU 1 (a target write, trapped)
uirq=$(awk '/ttyS0/ { sub(":", "", $1); print $1 }' /proc/interrupts)
m0=$(exits mmio); u0=$(awk -v n="$uirq:" '$1 == n { print $3 }' /proc/interrupts)
echo 2 >/proc/irq/$uirq/smp_affinity || fail "affinity of IRQ $uirq"
for i in $(seq 1 30); do echo "line $i for CPU 1's UART interrupt"; done
m1=$(exits mmio); u1=$(awk -v n="$uirq:" '$1 == n { print $3 }' /proc/interrupts)
echo "ttyS0 (IRQ $uirq) on CPU 1: $u0 -> $u1, root MMIO exits $m0 -> $m1"
[ "$m1" -gt "$m0" ] || fail "the APLIC target write did not trap"
[ "$u1" -gt "$u0" ] || fail "no UART interrupt on CPU 1 after the move"
echo 1 >/proc/irq/$uirq/smp_affinity
hvisor info | grep -q "SBI extension .*: answers" || fail "hvisor SBI probe not answered"
hvisor disable || fail "disable"
[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "state not disabled"
workload "after disable"
used=
for i in 1 2 3 4 5; do
	hvisor enable $AIA_JSON >/dev/null || fail "enable cycle $i"
	u=$(cat /sys/kernel/hvisor/mem_pool_used)
	[ -z "$used" ] || [ "$u" = "$used" ] || fail "cycle $i: pool used $u, first $used"
	used=$u
	taskset -c 3 true; taskset -c 1 true
	hvisor disable >/dev/null || fail "disable cycle $i"
done
workload "after cycles"
# enable and disable hart by hart while the other harts never idle: an IPI
# from a hart already in VS mode to one still in HS mode must reach it
# (before the S-file GPA followed the hart, enabling from CPU 0 hung here)
for c in 0 3; do
	pids=
	for b in 0 1 2 3; do
		[ $b = $c ] && continue
		taskset -c $b sh -c 'while :; do :; done' &
		pids="$pids $!"
	done
	taskset -c $c hvisor enable $AIA_JSON >/dev/null || fail "enable from CPU $c, others busy"
	taskset -c $c hvisor disable >/dev/null || fail "disable from CPU $c, others busy"
	kill $pids
	wait 2>/dev/null
	echo "enable/disable from CPU $c with the other harts busy: ok"
done
rmmod hvisor || fail "rmmod"
echo PASS
