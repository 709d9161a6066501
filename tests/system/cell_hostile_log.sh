# A cell's power-call loops cannot roll the hypervisor log: its lines are rate-limited per cell with a suppressed count, the lines since enable stay readable, the root's own lines are all there.
# runner: --add tests/system/lib:/test/lib --timeout 240
# arch: arm64
. /test/lib/cell.sh
enable
# 5 s of CPU_ON/CPU_OFF of vCPU 2 (a "CPU 3 on" and a "CPU 3 off" line each)
boot_cell testguest-hostile3 testguest-hostile3
expect testguest-hostile3 'armed' race onoff 5
sleep 6
expect testguest-hostile3 'race: off, .*cpu_on ok [1-9]' race status
hvisor cell exec testguest-hostile3 race status
# 3 s of SYSTEM_RESET by vCPU 1 of a 2-vCPU cell
hvisor cell destroy testguest-hostile3 || fail "destroy 3"
boot_cell testguest-hostile2 testguest-hostile2
expect testguest-hostile2 'armed' race reset 3
sleep 4
hvisor cell exec testguest-hostile2 echo alive >/dev/null || sleep 2
expect testguest-hostile2 'race: off, boots [1-9]' race status
hvisor cell exec testguest-hostile2 race status
hvisor cell destroy testguest-hostile2 || fail "destroy 2"
# the first lines since enable are still there
hvisor console > /tmp/log
echo "log: $(wc -c < /tmp/log) bytes kept; $(grep -c suppressed /tmp/log) suppression summaries"
grep suppressed /tmp/log | tail -4
head -3 /tmp/log
head -1 /tmp/log | grep -q "^hvisor v" || fail "the log lost its first line"
grep -q "hvisor: CPU 0 entered" /tmp/log || fail "the log lost 'CPU 0 entered'"
grep -q "messages suppressed" /tmp/log || fail "no suppression summary"
[ $(wc -c < /tmp/log) -lt 60000 ] || fail "the log is full: $(wc -c < /tmp/log) bytes"
# the root's own lines are not limited: every create and destroy is there
[ "$(grep -c '" created: CPUs' /tmp/log)" = 2 ] || fail "a root line is missing"
[ "$(grep -c '" destroyed' /tmp/log)" = 2 ] || fail "a root line is missing"
hvisor disable || fail disable
echo PASS
