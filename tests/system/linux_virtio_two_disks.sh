# Two Linux cells do disk I/O at the same time, each on its own disk, without corruption.
# runner: --add tests/system/lib:/test/lib --timeout 500
# arch: arm64 riscv64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
enable
cat > /tmp/io.sh <<'EOA'
for round in 1 2 3; do
	dd if=/mnt/pattern of=/dev/vda bs=64k seek=256 conv=fsync 2>/dev/null || echo "autorun: write error"
	echo 3 > /proc/sys/vm/drop_caches
	echo "autorun: round $round $(dd if=/dev/vda bs=64k skip=256 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
done
EOA
for n in 1 2; do
	dd if=/dev/urandom of=/tmp/pattern bs=64k count=64 2>/dev/null
	md5sum < /tmp/pattern | cut -d' ' -f1 > /tmp/want$n
	make_disk /tmp/disk$n.img 64 /tmp/io.sh /tmp/pattern
done
[ "$(cat /tmp/want1)" != "$(cat /tmp/want2)" ] || fail "patterns must differ"
daemon_config /tmp/v2.json linux /tmp/disk1.img linux2 /tmp/disk2.img
start_daemon /tmp/v2.json
linux_boot linux linux
linux_boot linux2 linux2
for n in "linux 1" "linux2 2"; do
	set -- $n
	linux_wait $1 "autorun: round 3 $(cat /tmp/want$2)" 180
	linux_log $1 | grep -q "autorun: write error" && fail "$1: write error"
	[ "$(linux_log $1 | grep -c "autorun: round [123] $(cat /tmp/want$2)")" = 3 ] || linux_fail $1 "a read-back differed"
done
wait_state linux shutdown 60
wait_state linux2 shutdown 60
for n in 1 2; do
	got=$(dd if=/tmp/disk$n.img bs=64k skip=256 count=64 2>/dev/null | md5sum | cut -d' ' -f1)
	[ "$got" = "$(cat /tmp/want$n)" ] || fail "disk $n: $got"
done
echo "both disks hold their own cell's data"
linux_stop_follower linux
linux_stop_follower linux2
stop_daemon
destroy_cell linux
destroy_cell linux2
hvisor disable || fail disable
echo PASS
