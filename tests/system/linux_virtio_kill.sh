# The daemon is killed during the cell's disk I/O: the cell's device fails, not its CPUs; the root is unaffected.
# runner: --add tests/system/lib:/test/lib --timeout 400
# arch: arm64 riscv64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
enable
DISK=/tmp/linux-disk.img
cat > /tmp/io.sh <<'EOA'
echo "autorun: I/O starts"
# endless reads of the disk, in the background, so the shell stays free
(while true; do dd if=/dev/vda of=/dev/null bs=64k count=512 2>/dev/null || echo "autorun: read error"; echo 3 > /proc/sys/vm/drop_caches; done) &
sleep 1
echo "autorun: I/O running"
i=0
while true; do
	i=$((i + 1))
	# the device status register: a blocking forwarded read
	echo "autorun: alive $i status $(cat /sys/bus/virtio/devices/virtio0/status)"
	sleep 1
done
EOA
make_disk $DISK 64 /tmp/io.sh
daemon_config /tmp/vd.json linux $DISK
start_daemon /tmp/vd.json
linux_boot linux linux
linux_wait linux "autorun: I/O running" 120
sleep 2
kill -9 $daemon_pid
wait $daemon_pid 2>/dev/null
daemon_pid=
echo "daemon killed during I/O"
# the cell keeps running: its shell loop keeps printing, well past the 5 s timeout
n0=$(linux_log linux | grep -c "autorun: alive")
sleep 20
n1=$(linux_log linux | grep -c "autorun: alive")
echo "cell alive lines: $n0 -> $n1"
[ $((n1 - n0)) -ge 4 ] || linux_fail linux "cell stopped running after the daemon died ($n0 -> $n1)"
[ "$(state_of linux)" = running ] || fail "cell state $(state_of linux)"
# the guest sees the failure: its device reports DEVICE_NEEDS_RESET (0x40)
linux_log linux | grep -q "autorun: alive [0-9]* status 0x000000[4-7]" || linux_fail linux "the device never showed NEEDS_RESET"
hvisor console | grep -q "no answer from the root within" || fail "timeout not logged"
grep virtio_ring /sys/kernel/hvisor/virtio_ring 2>/dev/null; cat /sys/kernel/hvisor/virtio_ring 2>/dev/null
# the root is unaffected
for c in 0 1; do taskset -c $c true || fail "root cpu$c"; done
dd if=/dev/zero of=/tmp/x bs=1M count=8 2>/dev/null && rm /tmp/x || fail "root I/O"
linux_stop_follower linux
hvisor cell destroy linux || fail destroy
hvisor disable || fail disable
echo PASS
