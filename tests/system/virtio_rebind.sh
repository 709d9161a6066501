# The daemon serves a cell by name only after checking its id and RAM: a cell that took the name with other RAM is refused, one recreated is served anew.
# runner: --add tests/system/lib:/test/lib --timeout 240
# arch: arm64
. /test/lib/cell.sh
. /test/lib/virtio.sh
enable
pattern_disk /tmp/a.img 1
# the daemon serves "vflood1", whose config gives it the RAM at 0x90000000
tg_daemon_config /tmp/vr.json vflood1:virtio-flood1:/tmp/a.img
# "victim" owns that RAM; "vflood1" is a cell with other RAM (0xa0000000)
sed 's/"name": "vflood1"/"name": "victim"/' $CFG/virtio-flood1.json >/tmp/victim.json
sed 's/"name": "vflood2"/"name": "vflood1"/' $CFG/virtio-flood2.json >/tmp/impostor.json
hvisor cell create /tmp/victim.json || fail "create victim"
hvisor cell load victim $GUEST@0x90000000 || fail "load victim"
hvisor cell start victim || fail "start victim"
hvisor cell create /tmp/impostor.json || fail "create impostor"
hvisor cell load vflood1 $GUEST@0x90000000 || fail "load impostor"
hvisor cell start vflood1 || fail "start impostor"
expect victim '^ready$' echo ready
start_daemon /tmp/vr.json
# the impostor is not served: its device reads all ones, at once
v=$(hvisor cell exec vflood1 peek 0x0a000000) || fail "peek: $v"
echo "impostor reads magic $v"
[ "$v" = 0xffffffff ] || fail "the impostor's device answered ($v): served with the victim's RAM"
sleep 1.5 # a rescan: still refused
v=$(hvisor cell exec vflood1 peek 0x0a000000) || fail "peek: $v"
[ "$v" = 0xffffffff ] || fail "the impostor's device answered later ($v)"
grep "not served" /tmp/daemon.log || fail "no refusal logged: $(cat /tmp/daemon.log)"
no_timeouts vflood1
# the victim is untouched and can be destroyed: the daemon never mapped its RAM
expect victim '^alive$' echo alive
hvisor cell destroy victim || fail "destroy victim (its RAM still mapped?)"
# the real vflood1 replaces the impostor: served from its own RAM
hvisor cell shutdown vflood1 || fail "shutdown impostor"
hvisor cell destroy vflood1 || fail "destroy impostor"
boot_cell virtio-flood1 vflood1
sleep 1.5
expect vflood1 ', 0 bad' vblk 0x0a000000 read 5 5 0xa5
id1=$(hvisor cell list | awk '$2 == "vflood1" { print $1 }')
# destroyed and recreated under the same name: the new cell is served, the old binding is gone
hvisor cell shutdown vflood1 || fail "shutdown vflood1"
destroy_cell vflood1
boot_cell virtio-flood1 vflood1
id2=$(hvisor cell list | awk '$2 == "vflood1" { print $1 }')
[ "$id1" != "$id2" ] || fail "same id $id1 for the new cell"
sleep 1.5
expect vflood1 ', 0 bad' vblk 0x0a000000 read 5 5 0xa5
grep "vflood1 (id $id2) runs" /tmp/daemon.log || fail "new cell not bound: $(cat /tmp/daemon.log)"
no_timeouts vflood1
cat /tmp/daemon.log
stop_daemon
destroy_cell vflood1
hvisor disable || fail disable
echo PASS
