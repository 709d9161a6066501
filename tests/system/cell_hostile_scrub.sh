# A cell's secrets stay its own: its RAM is zeroed before the root (reload, destroy) or the next cell sees it, and per-cell/per-CPU statistics are root-only.
# runner: --add tests/system/lib:/test/lib --add build/systools/asuser:/usr/bin/asuser --timeout 300
# arch: arm64
. /test/lib/cell.sh
SECRET=0x5ec2e75ec2e70001
A=0x98000000 # in testguest's 256 MiB of RAM, far from the image
B=0x9fffe000 # its last page before the mailbox
enable

# devmem as the root sees it: the 64-bit value, or "abort" when refused
root_read() {
	local v
	v=$(devmem $1 64 2>/dev/null) || v=abort
	echo "$v"
}

boot_cell testguest testguest
expect testguest '' poke $A $SECRET 8
expect testguest '' poke $B $SECRET 8
expect testguest "^$SECRET\$" peek $A 8
# while the cell runs, its RAM is not the root's
v=$(root_read $A)
case $v in
abort) ;;
*) fail "the root read cell RAM while the cell runs: $v" ;;
esac
# a reload maps the RAM back into the root: zeroed first
hvisor cell shutdown testguest || fail shutdown
hvisor cell load testguest $GUEST@0x90000000 || fail "reload"
for a in $A $B; do
	v=$(root_read $a)
	[ "$v" = 0x0000000000000000 ] || fail "after the reload the root reads $v at $a"
done
hvisor console | grep "KiB of RAM zeroed" | tail -1
hvisor cell start testguest || fail "start after reload"
hvisor cell exec testguest echo ready >/dev/null || fail "agent after reload"
expect testguest '^0x0$' peek $A 8
expect testguest '' poke $A $SECRET 8
# the destroy zeroes it for the root and for the next cell
t0=$(cut -d' ' -f1 /proc/uptime)
hvisor cell destroy testguest || fail destroy
t1=$(cut -d' ' -f1 /proc/uptime)
line=$(hvisor console | grep "KiB of RAM zeroed" | tail -1)
echo "destroy of a 256 MiB cell: $(awk -v a=$t0 -v b=$t1 'BEGIN { printf "%.2f", b - a }') s (CPUs back online included); $line"
echo "$line" | grep -q "262140 KiB of RAM zeroed" || fail "no scrub of the 256 MiB cell: $line"
for a in $A $B; do
	v=$(root_read $a)
	[ "$v" = 0x0000000000000000 ] || fail "after the destroy the root reads $v at $a"
done
boot_cell testguest testguest
expect testguest '^0x0$' peek $A 8
expect testguest '^0x0$' peek $B 8

# statistics: readable by root, not by anyone else
asuser 1000 1000 cat /sys/kernel/hvisor/state >/dev/null || fail "a user cannot read state"
for f in cpu_exits root_irqs cells mem_pool_pages mem_pool_used virtio_ring; do
	[ -e /sys/kernel/hvisor/$f ] || continue
	cat /sys/kernel/hvisor/$f >/dev/null || fail "root cannot read $f"
	mode=$(stat -c %a /sys/kernel/hvisor/$f)
	echo "/sys/kernel/hvisor/$f: mode $mode"
	if asuser 1000 1000 cat /sys/kernel/hvisor/$f >/dev/null 2>&1; then
		fail "user 1000 reads /sys/kernel/hvisor/$f (mode $mode)"
	fi
done
hvisor cell destroy testguest || fail "last destroy"
hvisor disable || fail disable
echo PASS
