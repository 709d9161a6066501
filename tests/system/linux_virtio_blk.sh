# A Linux cell writes a known pattern to its virtio disk and powers off (the daemon's io_uring cutting each write into 4 KiB calls, --ring-writes --piece-kib 4, up to 16 of them at once); the root checks it; a second boot writes it again elsewhere (long writes done in the device's thread, the default) and a second boot reads it back, talks both ways over a virtio console (/dev/hvc0: the daemon's log and pty) and sees the disk's optimal I/O size (topology: readahead twice that) and a request queue per vCPU (VIRTIO_BLK_F_MQ: no I/O scheduler); small requests were done at once by the daemon; interrupt status and ACKs never reach the daemon.
# runner: --add tests/system/lib:/test/lib --timeout 400
# arch: arm64 riscv64
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
start_daemon /tmp/vd.json --ring-writes --piece-kib 4
t0=$(now_cs)
linux_boot linux linux
linux_wait linux 'hvisor linux cell: up' 120
t1=$(now_cs)
linux_wait linux "autorun: wrote $want" 120
t2=$(now_cs)
wait_state linux shutdown 60
echo "first boot: up in $(((t1 - t0) / 100)) s, pattern written $(((t2 - t1) / 100)) s later, shut down $((($(now_cs) - t2) / 100)) s later"
got=$(dd if=$DISK bs=64k skip=256 count=64 2>/dev/null | md5sum | cut -d' ' -f1)
echo "pattern written by the cell: $got (expected $want)"
[ "$got" = "$want" ] || fail "disk pattern mismatch"
# the writes longer than 4 KiB that went through io_uring, in pieces
line=$(daemon_line "writes in [0-9]* pieces")
split=$(echo "$line" | sed -n 's/.* \([0-9]*\) writes in \([0-9]*\) pieces.*/\1/p')
pieces=$(echo "$line" | sed -n 's/.* \([0-9]*\) writes in \([0-9]*\) pieces.*/\2/p')
echo "daemon: ${split:-no} writes in ${pieces:-no} pieces of at most 4 KiB"
[ -n "$split" ] && [ "$split" -gt 0 ] && [ "$pieces" -gt $((2 * split)) ] ||
	fail "no write went in pieces: $line"
linux_stop_follower linux
destroy_cell linux
# second boot: the cell reads the pattern back through virtio-blk, and
# writes to and reads from /dev/hvc0 (the daemon's virtio console: a log
# and a pty in the root)
stop_daemon
token=hello-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
cat > /tmp/read.sh <<'EOA'
# one open for the whole exchange: a tty closed by its last user drops
# what it had read
exec 3<>/dev/hvc0
stty -F /dev/hvc0 raw -echo
echo "from the cell on hvc0" >&3
echo "autorun: hvc0 ready"
IFS= read -r -t 30 line <&3
echo "autorun: hvc0 got $line"
exec 3>&-
echo "autorun: topology $(cat /sys/block/vda/queue/optimal_io_size) $(cat /sys/block/vda/queue/read_ahead_kb)"
echo "autorun: queues $(ls /sys/block/vda/mq | wc -l) scheduler $(cat /sys/block/vda/queue/scheduler)"
echo "autorun: read $(dd if=/dev/vda bs=64k skip=256 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
dd if=/dev/vda of=/dev/vda bs=1M skip=16 seek=24 count=4 oflag=direct conv=fsync 2>/dev/null && echo "autorun: copied"
EOA
make_disk $DISK 64 /tmp/read.sh
sed 's|} \] }$|}, { "type": "console", "address": "0x0a002000", "pty": true, "log": "/tmp/hvc0.log" } ] }|' /tmp/vd.json > /tmp/vdc.json
: > /tmp/hvc0.log
start_daemon /tmp/vdc.json
# the default: the daemon measured how this kernel writes files in RAM
grep "images in RAM: each write in" /tmp/daemon.log || fail "no write probe: $(cat /tmp/daemon.log)"
pty=$(sed -n 's/^console linux: //p' /tmp/daemon.log | head -1)
[ -c "$pty" ] || fail "no pty for the console: $(cat /tmp/daemon.log)"
t0=$(now_cs)
linux_boot linux linux
linux_wait linux 'hvisor linux cell: up' 120
t1=$(now_cs)
# a line typed into the pty once the cell listens on hvc0
linux_wait linux "autorun: hvc0 ready" 60
printf '%s\n' "$token" > "$pty"
linux_wait linux "autorun: read $want" 120
linux_wait linux "autorun: copied" 120
t2=$(now_cs)
wait_state linux shutdown 60
echo "second boot: up in $(((t1 - t0) / 100)) s, pattern read $(((t2 - t1) / 100)) s later, shut down $((($(now_cs) - t2) / 100)) s later"
# the console, both ways: the cell's output in the daemon's log, the
# root's line through the pty to the cell
linux_log linux | grep "autorun: hvc0"
grep -q "from the cell on hvc0" /tmp/hvc0.log || fail "the cell's hvc0 output is not in the log: $(head -c 300 /tmp/hvc0.log)"
linux_log linux | grep -q "^autorun: hvc0 got $token" || fail "the cell did not read the root's line from hvc0"
# the default opt_io_kib (4096): io_opt 4 MiB, readahead 8 MiB
topo=$(linux_log linux | grep -o "autorun: topology [0-9]* [0-9]*" | head -1)
echo "cell: $topo"
[ "$topo" = "autorun: topology 4194304 8192" ] || fail "the cell did not take the disk's topology: $topo"
# the default queues: one per vCPU of the cell (2), so Linux runs no scheduler
mq=$(linux_log linux | grep -o "autorun: queues .*" | head -1)
echo "cell: $mq"
case "$mq" in "autorun: queues 2 scheduler [none]"*) ;; *) fail "the cell did not get a queue per vCPU: $mq" ;; esac
linux_stop_follower linux
# the guest's interrupt status reads and ACKs never reached the daemon
line=$(daemon_line "virtio-blk .*interrupt status/ack accesses forwarded")
echo "daemon: $line"
irqs=$(echo "$line" | sed -n 's/.* \([0-9]*\) interrupts, .*/\1/p')
fwd=$(echo "$line" | sed -n 's/.* \([0-9]*\) interrupt status\/ack accesses.*/\1/p')
[ -n "$irqs" ] && [ "$irqs" -gt 0 ] || fail "no interrupts counted: $line"
[ "$fwd" = 0 ] || fail "$fwd interrupt status/ack accesses went to the daemon"
# the disk is in the root's RAM: small requests (the second boot's reads)
# done at once
line=$(daemon_line "requests at once")
once=$(echo "$line" | sed -n 's/.* \([0-9]*\) requests at once.*/\1/p')
echo "daemon: ${once:-no} requests done at once"
[ -n "$once" ] && [ "$once" -gt 0 ] || fail "no request was done at once: $line"
# the copy (1 MiB O_DIRECT writes): in the device's thread, whole
got=$(dd if=$DISK bs=64k skip=384 count=64 2>/dev/null | md5sum | cut -d' ' -f1)
echo "pattern copied by the cell: $got (expected $want)"
[ "$got" = "$want" ] || fail "copied pattern mismatch"
line=$(daemon_line "writes in the thread")
thread=$(echo "$line" | sed -n 's/.* \([0-9]*\) writes in the thread.*/\1/p')
echo "daemon: ${thread:-no} writes in the device's thread"
[ -n "$thread" ] && [ "$thread" -ge 4 ] || fail "the long writes were not done in the thread: $line"
destroy_cell linux
stop_daemon
hvisor disable || fail disable
echo PASS
