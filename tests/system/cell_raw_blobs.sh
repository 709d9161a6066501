# Hand-made binary cell configs that wrap at 2^64 or reach hypervisor memory are refused by the driver or the hypervisor, and nothing changes.
# runner: --add build/systools/rawcell:/usr/bin/rawcell --add tests/system/lib:/test/lib --timeout 180
# arch: arm64
. /test/lib/cell.sh
enable
used0=$(cat /sys/kernel/hvisor/mem_pool_used)
online0=$(cat /sys/devices/system/cpu/online)
for bad in wrap shared-wrap shared-from-0 size-wrap guest-wrap hv-memory arch; do
	dmesg -c >/dev/null
	rawcell $bad && fail "binary cell config '$bad' accepted"
	why=$(dmesg | grep hvisor | tail -1)
	echo "$bad: $why"
	[ -n "$why" ] || fail "$bad: refused without a reason in dmesg"
	[ -z "$(hvisor cell list | awk 'NR > 1')" ] || fail "$bad: a cell was left behind"
	[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used0" ] || fail "$bad: pool changed"
	[ "$(cat /sys/devices/system/cpu/online)" = "$online0" ] || fail "$bad: CPUs changed"
done
# the same blob, unbroken, is accepted: the cases fail for their one fault
rawcell good || fail "the good blob was refused"
hvisor cell destroy raw || fail "destroy"
[ "$(cat /sys/devices/system/cpu/online)" = "$online0" ] || fail "CPUs not back"
hvisor disable || fail disable
echo PASS
