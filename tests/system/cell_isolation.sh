# Two cells at once; an access outside a cell is an abort in its own vectors (default policy) or fails that cell alone with a diagnostic ("stop"); the root and the other cell go on.
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
hvisor config dump $CFG/testguest.json | grep -q 'fault policy: abort' || fail "testguest: not the abort policy"
hvisor config dump $CFG/testguest2.json | grep -q 'fault policy: stop' || fail "testguest2: not the stop policy"
# default policy: a read of root RAM is a synchronous external abort (EC 0x25, DFSC 0x10) at that VA, taken by the guest
expect testguest 'EC 0x25 data abort, synchronous external abort\), FAR 0x40000000,' fault_test
# and a branch there an instruction abort (EC 0x21, IFSC 0x10), ELR = FAR = the target
expect testguest 'EC 0x21 instruction abort, synchronous external abort\), FAR 0x40200000, ELR 0x40200000' exec_test 0x40200000
[ "$(state_of testguest)" = running ] || fail "aborted cell: $(state_of testguest)"
expect testguest '^alive$' echo alive
log=$(hvisor console)
echo "$log" | grep -q 'cell 1 "testguest" vCPU 0: stage-2 violation: read of word at IPA 0x40000000 .*abort injected' || fail "no diagnostic of the data abort"
echo "$log" | grep -q 'cell 1 "testguest" vCPU 0: stage-2 violation: instruction fetch at IPA 0x40200000 .*abort injected' || fail "no diagnostic of the instruction abort"
# stop policy: the fetch fails that cell alone, with a full record
hvisor cell exec testguest2 exec_test 0x40000000 >/dev/null 2>&1
sleep 1
[ "$(state_of testguest2)" = failed ] || fail "faulting cell: $(state_of testguest2)"
list=$(hvisor cell list)
echo "$list"
echo "$list" | grep -q "stage-2 violation: instruction fetch at IPA 0x40000000" || fail "no diagnostic in cell list"
echo "$list" | grep -q "pc 0x40000000 esr 0x8[0-9a-f]* (instruction abort.*) ipa 0x40000000 va 0x40000000" || fail "fault record incomplete"
hvisor console | grep -q 'cell 2 "testguest2" FAILED' || fail "no diagnostic in the hypervisor log"
expect testguest '^still here$' echo still here
echo "the root is fine" | grep -q fine || fail root
# a data access of the recreated stop cell: the same, with the access in the record
hvisor cell destroy testguest2 || fail "destroy failed cell"
boot_cell testguest2 testguest2
expect testguest2 '^reborn$' echo reborn
hvisor cell exec testguest2 fault_test 0x40001000 >/dev/null 2>&1
sleep 1
[ "$(state_of testguest2)" = failed ] || fail "second faulting cell: $(state_of testguest2)"
list=$(hvisor cell list)
echo "$list" | grep -q "stage-2 violation: read" || fail "no diagnostic in cell list"
echo "$list" | grep -q "ipa 0x40001000 va 0x40001000 4-byte read" || fail "diagnostic without the address: $list"
hvisor cell destroy testguest || fail destroy
hvisor cell destroy testguest2 || fail destroy2
hvisor disable || fail disable
echo PASS
