# The daemon is killed with SIGKILL while a Linux cell has 32 O_DIRECT writes in flight (io_uring, a slow disk) and started again: the requests it had taken are served again, every round of fill and verify passes in the cell, the data on the disk is intact seen from the root, nothing times out.
# runner: --add tests/system/lib:/test/lib --add @BUILD/systools/blkio:/usr/bin/blkio --timeout 600
# arch: arm64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
enable
DISK=/tmp/linux-disk.img
ROUNDS=6
cat > /tmp/io.sh <<EOA
i=0
while [ \$i -lt $ROUNDS ]; do
	i=\$((i + 1))
	echo "autorun: round \$i fill"
	/mnt/blkio fill /dev/vda -q 32 -o 8M -s 4M -S \$i || echo "autorun: fill \$i failed"
	echo "autorun: round \$i verify"
	out=\$(/mnt/blkio verify /dev/vda -q 32 -o 8M -s 4M -S \$i) && echo "autorun: round \$i ok" || echo "autorun: round \$i bad: \$out"
done
echo "autorun: done"
EOA
make_disk $DISK 16 /tmp/io.sh /usr/bin/blkio
# every request waits 30 ms (in parallel): many are in flight when it dies
cat > /tmp/vd.json <<EOC
{ "cells": [ { "name": "linux", "config": "$CFG/linux.json", "devices": [
  { "type": "blk", "address": "0x0a000000", "file": "$DISK", "delay_ms": 30 } ] } ] }
EOC
start_daemon /tmp/vd.json --timeout 20000
linux_boot linux linux
linux_wait linux "autorun: round 2 fill" 300
kill -USR1 $daemon_pid
sleep 0.5
kill -9 $daemon_pid
wait $daemon_pid 2>/dev/null
daemon_pid=
cp /tmp/daemon.log /tmp/daemon1.log
grep "requests in flight" /tmp/daemon1.log | tail -1
echo "daemon killed during round $(linux_log linux | grep -c 'autorun: round [0-9]* fill')"
start_daemon /tmp/vd.json --timeout 20000
trap 'kill -USR1 $daemon_pid 2>/dev/null; sleep 1; echo "--- first daemon:"; cat /tmp/daemon1.log; echo "--- second daemon:"; cat /tmp/daemon.log' EXIT
linux_wait linux "autorun: done" 400
trap - EXIT
linux_log linux | grep "autorun:"
cat /tmp/daemon.log
line=$(grep "resumed" /tmp/daemon.log) || fail "the restarted daemon did not resume the device"
again=$(echo "$line" | sed -n 's/.*), \([0-9]*\) requests it had taken.*/\1/p')
echo "requests served again after the restart: $again"
[ -n "$again" ] && [ "$again" -gt 0 ] || fail "no request was in flight when the daemon died: $line"
n=$(linux_log linux | grep -c "autorun: round [0-9]* ok")
[ "$n" = $ROUNDS ] || linux_fail linux "$n of $ROUNDS rounds verified"
linux_log linux | grep -q "autorun: fill [0-9]* failed" && linux_fail linux "a fill failed"
hvisor console | grep -q "no answer from the root within" && fail "a request timed out"
blkio verify $DISK -B -o 8M -s 4M -S $ROUNDS || fail "the disk seen from the root does not hold round $ROUNDS's pattern"
linux_stop_follower linux
stop_daemon
destroy_cell linux
hvisor disable || fail disable
echo PASS
