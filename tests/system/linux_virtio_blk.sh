# A Linux cell writes a known pattern to its virtio disk and powers off; the root checks it; a second boot reads it back.
# runner: --add tests/system/lib:/test/lib --timeout 400
# arch: arm64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
enable
DISK=/tmp/linux-disk.img
# the pattern: 4 MiB of random data, handed to the cell inside the disk's tar
dd if=/dev/urandom of=/tmp/pattern bs=64k count=64 2>/dev/null
want=$(md5sum < /tmp/pattern | cut -d' ' -f1)
cat > /tmp/write.sh <<'EOA'
dd if=/mnt/pattern of=/dev/vda bs=64k seek=256 conv=fsync 2>/dev/null && echo "autorun: wrote $(md5sum < /mnt/pattern | cut -d' ' -f1)"
EOA
make_disk $DISK 64 /tmp/write.sh /tmp/pattern
daemon_config /tmp/vd.json linux $DISK
start_daemon /tmp/vd.json
linux_boot linux linux
linux_wait linux "autorun: wrote $want" 120
wait_state linux shutdown 60
got=$(dd if=$DISK bs=64k skip=256 count=64 2>/dev/null | md5sum | cut -d' ' -f1)
echo "pattern written by the cell: $got (expected $want)"
[ "$got" = "$want" ] || fail "disk pattern mismatch"
linux_stop_follower linux
destroy_cell linux
# second boot: the cell reads the pattern back through virtio-blk
cat > /tmp/read.sh <<'EOA'
echo "autorun: read $(dd if=/dev/vda bs=64k skip=256 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
EOA
make_disk $DISK 64 /tmp/read.sh
linux_boot linux linux
linux_wait linux "autorun: read $want" 120
wait_state linux shutdown 60
linux_stop_follower linux
grep -q "interrupt\|GICv3  48" /tmp/linux.log || true
destroy_cell linux
stop_daemon
hvisor disable || fail disable
echo PASS
