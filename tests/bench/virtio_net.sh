# Guest side of `make bench` for virtio-net: TCP throughput (tcpbench) root -> cell, cell -> root through a tap, and cell -> cell over the daemon's switch.
set -u
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
MIB=${1:-8}
echo "RESULT net mib $MIB"
enable >/dev/null
cat > /tmp/n1.sh <<EOA
ip link set lo up
ip link set eth0 up
ip addr add 10.0.9.2/24 dev eth0
echo "autorun: up"
/mnt/tcpbench server 5001
/mnt/tcpbench client 10.0.9.1 5002 $MIB
/mnt/tcpbench server 5003
echo "autorun: done"
EOA
cat > /tmp/n2.sh <<EOA
ip link set lo up
ip link set eth0 up
ip addr add 10.0.9.3/24 dev eth0
/mnt/tcpbench client 10.0.9.2 5003 $MIB
echo "autorun: done"
EOA
make_disk /tmp/d1.img 16 /tmp/n1.sh /usr/bin/tcpbench
make_disk /tmp/d2.img 16 /tmp/n2.sh /usr/bin/tcpbench
cat > /tmp/vn.json <<EOC
{ "cells": [
  { "name": "linux", "config": "$CFG/linux.json", "devices": [
    { "type": "blk", "address": "0x0a000000", "file": "/tmp/d1.img" },
    { "type": "net", "address": "0x0a001000", "mac": "52:54:00:12:34:01", "switch": "sw0", "tap": "hvtap0" } ] },
  { "name": "linux2", "config": "$CFG/linux2.json", "devices": [
    { "type": "blk", "address": "0x0a000000", "file": "/tmp/d2.img" },
    { "type": "net", "address": "0x0a001000", "mac": "52:54:00:12:34:02", "switch": "sw0" } ] } ] }
EOC
start_daemon /tmp/vn.json
ip link set hvtap0 up || fail "no tap: $(cat /tmp/daemon.log)"
ip addr add 10.0.9.1/24 dev hvtap0
tcpbench server 5002 > /tmp/root-server.out &
rs=$!
linux_boot linux linux $LINUX_AS_ROOT
linux_wait linux "TCPBENCH listening 5001" 300
tcpbench client 10.0.9.2 5001 $MIB | sed -n 's/.*: \([0-9.]*\) MB\/s/RESULT net root_to_cell_mbs \1/p'
wait $rs
sed -n 's/TCPBENCH received.*: \([0-9.]*\) MB\/s/RESULT net cell_to_root_mbs \1/p' /tmp/root-server.out
linux_wait linux "TCPBENCH listening 5003" 120
linux_boot linux2 linux2 $LINUX_AS_ROOT
linux_wait linux "autorun: done" 400
linux_log linux | sed -n 's/TCPBENCH received.*: \([0-9.]*\) MB\/s/RESULT net cell_to_cell_mbs \1/p' | tail -1
# the root over its own tap's address: the stack alone, no virtio. Linux
# delivers to its own addresses through the loopback device, which the
# root's init leaves down: up it goes first (without it the client's SYN
# is never delivered and the connection hangs), and the client starts
# once the server listens.
ip link set lo up
tcpbench server 5004 > /tmp/lo.out &
ls=$!
for i in $(seq 1 50); do grep -q "listening 5004" /tmp/lo.out && break; sleep 0.1; done
timeout 60 tcpbench client 10.0.9.1 5004 $MIB >/dev/null || echo "root -> root: client failed or timed out ($?)"
kill $ls 2>/dev/null
wait $ls
sed -n 's/TCPBENCH received.*: \([0-9.]*\) MB\/s/RESULT net root_local_mbs \1/p' /tmp/lo.out
wait_state linux shutdown 60
wait_state linux2 shutdown 60
linux_stop_follower linux
linux_stop_follower linux2
stop_daemon
destroy_cell linux
destroy_cell linux2
hvisor disable >/dev/null
