# The daemon is killed with SIGKILL during the cell's disk I/O (a slow disk, register reads queued behind it) and started again: it resumes the device, the cell's pending and later I/O and register reads complete with the data intact, nothing times out.
# runner: --add tests/system/lib:/test/lib --timeout 500
# arch: arm64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
enable
DISK=/tmp/linux-disk.img
dd if=/dev/urandom of=/tmp/pattern bs=64k count=64 2>/dev/null
want=$(md5sum < /tmp/pattern | cut -d' ' -f1)
cat > /tmp/io.sh <<'EOA'
# the device's Status, read (a blocking forwarded read) all along
(j=0; while true; do j=$((j + 1)); echo "autorun: status $j $(cat /sys/bus/virtio/devices/virtio0/status)"; sleep 0.3; done) &
# rounds of write, sync, drop the cache and read back: each one goes to the device
i=0
while [ $i -lt 12 ]; do
	i=$((i + 1))
	dd if=/mnt/pattern of=/dev/vda bs=64k seek=$((256 + 64 * (i % 2))) conv=fsync 2>/dev/null || echo "autorun: write error"
	echo 3 > /proc/sys/vm/drop_caches
	echo "autorun: round $i $(dd if=/dev/vda bs=64k skip=$((256 + 64 * (i % 2))) count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
done
echo "autorun: done"
sleep 600 # the Status reads go on
EOA
make_disk $DISK 64 /tmp/io.sh /tmp/pattern
# every disk request takes 50 ms: register reads wait in the device's inbox
cat > /tmp/vd.json <<EOC
{ "cells": [ { "name": "linux", "config": "$CFG/linux.json", "devices": [
  { "type": "blk", "address": "0x0a000000", "file": "$DISK", "delay_ms": 50 } ] } ] }
EOC
# the timeout is long enough for a restart, short enough to see a lost read
start_daemon /tmp/vd.json --timeout 20000
linux_boot linux linux
linux_wait linux "autorun: round 2 .*" 200
kill -9 $daemon_pid
wait $daemon_pid 2>/dev/null
daemon_pid=
cp /tmp/daemon.log /tmp/daemon1.log
echo "daemon killed during I/O after $(linux_log linux | grep -c 'autorun: round') rounds"
sleep 2
start_daemon /tmp/vd.json --timeout 20000
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
# a register read the dead daemon took and never answered would time out
# within 20 s of the kill: wait past that, the Status reads going on
s0=$(linux_log linux | grep -c "autorun: status")
sleep 25
s1=$(linux_log linux | grep -c "autorun: status")
echo "status reads: $s0 -> $s1"
[ $((s1 - s0)) -ge 5 ] || linux_fail linux "the Status reads stopped ($s0 -> $s1)"
linux_log linux | grep "autorun: status" | grep -qv "status [0-9]* 0x0000000f$" && linux_fail linux "a Status read was not 0xf"
hvisor console | grep -q "no answer from the root within" && fail "a request timed out"
for off in 256 320; do
	got=$(dd if=$DISK bs=64k skip=$off count=64 2>/dev/null | md5sum | cut -d' ' -f1)
	[ "$got" = "$want" ] || fail "disk at block $off: $got, expected $want"
done
echo "pattern intact on the disk, seen from the root"
linux_stop_follower linux
stop_daemon
destroy_cell linux
hvisor disable || fail disable
echo PASS
