# Two cells at once; a faulting cell fails alone with a diagnostic; the root and the other cell go on.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: arm64
. /test/lib/cell.sh
enable
boot_cell testguest testguest
boot_cell testguest2 testguest2
expect testguest '^one$' echo one
expect testguest2 '^two$' echo two
expect testguest 'vcpu: 0' info
expect testguest2 'vcpu: 0' info
# the guest reads root RAM: only that cell fails
hvisor cell exec testguest fault_test >/dev/null 2>&1
sleep 1
[ "$(state_of testguest)" = failed ] || fail "faulting cell: $(state_of testguest)"
hvisor cell list | grep -q "stage-2 violation: read" || fail "no diagnostic in cell list"
hvisor cell list | grep -q "0x40000000" || fail "diagnostic without the address"
hvisor console | grep -q 'cell 1 "testguest" FAILED' || fail "no diagnostic in the hypervisor log"
expect testguest2 '^still here$' echo still here
echo "the root is fine" | grep -q fine || fail root
# a guest that writes the root's memory: the same, for the other cell
hvisor cell exec testguest2 fault_test 0x40001000 >/dev/null 2>&1
sleep 1
[ "$(state_of testguest2)" = failed ] || fail "second faulting cell: $(state_of testguest2)"
# destroy cleans up; the failed cell can be created again and works
hvisor cell destroy testguest || fail "destroy failed cell"
boot_cell testguest testguest
expect testguest '^reborn$' echo reborn
hvisor cell destroy testguest || fail destroy
hvisor cell destroy testguest2 || fail destroy2
hvisor disable || fail disable
echo PASS
