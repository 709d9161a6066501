# The daemon is killed with SIGKILL during the cell's disk I/O and started again: it resumes the device, the cell's pending and later I/O complete with the data intact.
# runner: --add tests/system/lib:/test/lib --timeout 500
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
enable
DISK=/tmp/linux-disk.img
dd if=/dev/urandom of=/tmp/pattern bs=64k count=64 2>/dev/null
want=$(md5sum < /tmp/pattern | cut -d' ' -f1)
cat > /tmp/io.sh <<'EOA'
# rounds of write, sync, drop the cache and read back: each one goes to the device
i=0
while [ $i -lt 12 ]; do
	i=$((i + 1))
	dd if=/mnt/pattern of=/dev/vda bs=64k seek=$((256 + 64 * (i % 2))) conv=fsync 2>/dev/null || echo "autorun: write error"
	echo 3 > /proc/sys/vm/drop_caches
	echo "autorun: round $i $(dd if=/dev/vda bs=64k skip=$((256 + 64 * (i % 2))) count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
done
echo "autorun: done"
EOA
make_disk $DISK 64 /tmp/io.sh /tmp/pattern
daemon_config /tmp/vd.json linux $DISK
# a generous timeout: the device must not be declared broken while no daemon runs
start_daemon /tmp/vd.json --timeout 120000
linux_boot linux linux
linux_wait linux "autorun: round 2 .*" 200
kill -9 $daemon_pid
wait $daemon_pid 2>/dev/null
daemon_pid=
cp /tmp/daemon.log /tmp/daemon1.log
echo "daemon killed during I/O after $(linux_log linux | grep -c 'autorun: round') rounds"
sleep 2
start_daemon /tmp/vd.json --timeout 120000
# on failure: what both daemons said, the new one's device state
trap 'kill -USR1 $daemon_pid 2>/dev/null; sleep 1; echo "--- first daemon:"; cat /tmp/daemon1.log; echo "--- second daemon:"; cat /tmp/daemon.log' EXIT
linux_wait linux "autorun: done" 150
trap - EXIT
linux_log linux | grep "autorun:"
cat /tmp/daemon.log
grep -q "resumed" /tmp/daemon.log || fail "the restarted daemon did not resume the device"
n=$(linux_log linux | grep -c "autorun: round [0-9]* $want")
[ "$n" = 12 ] || linux_fail linux "$n of 12 rounds read back the pattern"
linux_log linux | grep -q "autorun: write error" && linux_fail linux "a write failed"
hvisor console | grep -q "no answer from the root within" && fail "a request timed out"
for off in 256 320; do
	got=$(dd if=$DISK bs=64k skip=$off count=64 2>/dev/null | md5sum | cut -d' ' -f1)
	[ "$got" = "$want" ] || fail "disk at block $off: $got, expected $want"
done
echo "pattern intact on the disk, seen from the root"
linux_stop_follower linux
destroy_cell linux
stop_daemon
hvisor disable || fail disable
echo PASS
