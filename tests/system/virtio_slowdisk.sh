# A cell whose disk is slow (1.5 s a request, reads and flushes) delays only itself: its neighbour's register reads and disk I/O go on; with io_uring its own requests wait in parallel, not one after the other.
# runner: --add tests/system/lib:/test/lib --timeout 240
# arch: arm64
. /test/lib/cell.sh
. /test/lib/virtio.sh
enable
pattern_disk /tmp/a.img 1
pattern_disk /tmp/b.img 1
tg_daemon_config /tmp/vs.json vflood1:virtio-flood1:/tmp/a.img:1500 vflood2:virtio-flood2:/tmp/b.img
start_daemon /tmp/vs.json
grep -q "slowed down: 1500 ms per request" /tmp/daemon.log || fail "no slow disk: $(cat /tmp/daemon.log)"
boot_cell virtio-flood1 vflood1
boot_cell virtio-flood2 vflood2
cs() { awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime; }
# A: 5 reads at once, then 5 flushes at once: 7.5 s of work on its disk each
# one at a time, 1.5 s each when they wait together
(t0=$(cs)
	hvisor cell exec vflood1 --timeout 60 vblk 0x0a000000 read 1 5 0xa5 &&
	hvisor cell exec vflood1 --timeout 60 vblk 0x0a000000 flush 1 5 &&
	echo "elapsed $(($(cs) - t0))") >/tmp/slow.out 2>&1 &
slow=$!
sleep 2
expect vflood2 ', 0 bad' --timeout 60 virtio_reads 0x0a000000 4000
expect vflood2 ', 0 bad' --timeout 60 vblk 0x0a000000 read 30 5 0xa5
expect vflood2 ', 0 bad' --timeout 60 vblk 0x0a000000 flush 10 5
wait $slow || fail "slow cell: $(cat /tmp/slow.out)"
cat /tmp/slow.out
el=$(sed -n 's/^elapsed //p' /tmp/slow.out)
echo "slow cell: 5 reads and 5 flushes in $((el * 10)) ms (15 s one at a time)"
kill -USR1 $daemon_pid
for i in $(seq 1 50); do
	[ "$(grep -c "requests in flight" /tmp/daemon.log)" -ge 2 ] && break
	sleep 0.2
done
grep "requests in flight" /tmp/daemon.log
[ "$(grep -c "io_uring I/O" /tmp/daemon.log)" = 2 ] || fail "the disks are not served through io_uring"
most=$(grep "vflood1@.*requests in flight" /tmp/daemon.log | sed -n 's/.* at most \([0-9]*\),.*/\1/p')
[ "${most:-0}" -ge 5 ] || fail "the slow disk had at most ${most:-0} requests in flight, not the 5 at once"
[ "${el:-9999}" -lt 900 ] || fail "the slow disk served its requests one after the other ($((el * 10)) ms)"
[ "$(grep -c ', 0 bad' /tmp/slow.out)" = 2 ] || fail "slow cell: $(cat /tmp/slow.out)"
no_timeouts vflood2
no_timeouts vflood1
status_ok vflood2
status_ok vflood1
kill -0 $daemon_pid || fail "the daemon died"
stop_daemon
destroy_cell vflood1
destroy_cell vflood2
hvisor disable || fail disable
echo PASS
