# A cell flooding QueueNotify writes slows only itself: its neighbour's blocking virtio reads and disk reads never time out.
# runner: --add tests/system/lib:/test/lib --timeout 240
# arch: arm64
. /test/lib/cell.sh
. /test/lib/virtio.sh
enable
dd if=/dev/zero of=/tmp/a.img bs=1M count=1 2>/dev/null
pattern_disk /tmp/b.img 1
tg_daemon_config /tmp/vf.json vflood1:virtio-flood1:/tmp/a.img vflood2:virtio-flood2:/tmp/b.img
start_daemon /tmp/vf.json
boot_cell virtio-flood1 vflood1
boot_cell virtio-flood2 vflood2
expect vflood2 ', 0 bad' vblk 0x0a000000 read 2 5 0xa5
# A floods (a new queue number each write, so nothing coalesces) while B works
hvisor cell exec vflood1 --timeout 60 notify_flood 0x0a000000 14000 >/tmp/flood.out 2>&1 &
flood=$!
sleep 1
expect vflood2 ', 0 bad' --timeout 60 virtio_reads 0x0a000000 6000
expect vflood2 ', 0 bad' --timeout 60 vblk 0x0a000000 read 40 5 0xa5
wait $flood || fail "notify_flood: $(cat /tmp/flood.out)"
cat /tmp/flood.out
grep -q "notify_flood: [0-9]* writes" /tmp/flood.out || fail "flood: $(cat /tmp/flood.out)"
cat /sys/kernel/hvisor/virtio_ring
no_timeouts vflood2
status_ok vflood2
# the flooding cell runs on, and its own device still answers
expect vflood1 '^alive$' echo alive
expect vflood1 ', 0 bad' virtio_reads 0x0a000000 300
no_timeouts vflood1
# the root is fine
for c in 0 1; do taskset -c $c true || fail "root cpu$c"; done
kill -0 $daemon_pid || fail "the daemon died"
stop_daemon
destroy_cell vflood1
destroy_cell vflood2
hvisor disable || fail disable
echo PASS
