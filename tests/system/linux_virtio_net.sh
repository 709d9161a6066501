# virtio-net: ping between the root (tap) and a Linux cell, and between two Linux cells over the daemon's switch.
# runner: --add tests/system/lib:/test/lib --timeout 500
# arch: arm64 riscv64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
enable
net_autorun() { # ADDR PEER
	cat <<EOA
ip link set lo up
ip link set eth0 up
ip addr add $1/24 dev eth0
echo "autorun: eth0 $1 up"
ok=0
for i in \$(seq 1 20); do ping -c 1 -W 1 $2 >/dev/null 2>&1 && ok=1 && break; sleep 0.5; done
[ \$ok = 1 ] && ping -c 3 $2 && echo "autorun: ping $2 ok" || echo "autorun: ping $2 FAILED"
EOA
	# The first cell stays up until the second one answers (it boots
	# later, after as long as the host's load makes it), then a while more
	# for the second one's pings.
	[ -z "$3" ] || cat <<EOA
for i in \$(seq 1 240); do ping -c 1 -W 1 $3 >/dev/null 2>&1 && break; done
echo "autorun: $3 answered"
sleep 10
EOA
}
net_autorun 10.0.7.2 10.0.7.1 10.0.7.3 > /tmp/n1.sh
net_autorun 10.0.7.3 10.0.7.2 > /tmp/n2.sh
make_disk /tmp/d1.img 16 /tmp/n1.sh
make_disk /tmp/d2.img 16 /tmp/n2.sh
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
ip link set hvtap0 up || fail "no tap hvtap0 in the root: $(cat /tmp/daemon.log)"
ip addr add 10.0.7.1/24 dev hvtap0
linux_boot linux linux
linux_wait linux "autorun: eth0 10.0.7.2 up" 120
# root -> cell
ok=0
for i in $(seq 1 20); do ping -c 1 -W 1 10.0.7.2 >/dev/null 2>&1 && ok=1 && break; sleep 0.5; done
[ $ok = 1 ] || linux_fail linux "root cannot ping the cell"
ping -c 3 10.0.7.2 || fail "root ping"
# cell -> root
linux_wait linux "autorun: ping 10.0.7.1 ok" 60
# cell <-> cell over the switch
linux_boot linux2 linux2
linux_wait linux2 "autorun: ping 10.0.7.2 ok" 120
echo "pings: root<->linux and linux2->linux over the daemon's switch"
wait_state linux shutdown 60
wait_state linux2 shutdown 60
linux_stop_follower linux
linux_stop_follower linux2
stop_daemon
destroy_cell linux
destroy_cell linux2
hvisor disable || fail disable
echo PASS
