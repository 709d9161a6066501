# GUEST_CONSOLE_PUTC hypercalls from a cell without a console: refused quietly, the cell keeps running, nothing alarming in the log, destroy and disable work.
# runner: --add tests/system/lib:/test/lib --timeout 180
# arch: arm64
. /test/lib/cell.sh
enable
seq0=$(hvisor console | wc -c)
boot_cell testguest-noconsole testguest-noconsole
hvisor cell console testguest-noconsole >/dev/null 2>&1 && fail "a console where the config has none"
expect testguest-noconsole '^console_hc: 1 calls' console_hc x
expect testguest-noconsole '^console_hc: 14000 calls, 0 errors' console_hc hostile-bytes- 1000
expect testguest-noconsole '^still here$' echo still here
[ "$(state_of testguest-noconsole)" = running ] || fail "state: $(state_of testguest-noconsole)"
# a neighbour with a console is not touched
boot_cell testguest2 testguest2
expect testguest2 '^neighbour$' echo neighbour
hvisor cell console testguest2 | grep -q "hostile-bytes" && fail "the bytes went to another cell's console"
log=$(hvisor console | tail -c +$((seq0 + 1)))
echo "$log" | grep -Ei "fault|fatal|panic|abort|unknown|refused|failed" &&
	fail "the hypervisor log says something alarming"
hvisor cell destroy testguest-noconsole || fail "destroy"
hvisor cell destroy testguest2 || fail "destroy neighbour"
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || fail "CPUs not back"
hvisor disable || fail disable
echo PASS
