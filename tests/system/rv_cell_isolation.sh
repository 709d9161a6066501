# riscv64: two test-guest cells beside the root, each answering its own commands; SBI answers (unknown calls NOT_SUPPORTED, the cell runs on); timer_test through SBI TIME (a firmware exit per deadline) and through Sstc (none), its WFIs trapped (wait exits) and woken by its timer; an access or fetch outside a cell is an access fault in its own vectors (default policy) or fails that cell alone ("stop"), a write of root RAM included; the root and the other cell go on.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: riscv64
. /test/lib/cell.sh
enable
boot_cell testguest testguest
boot_cell testguest2 testguest2
expect testguest '^one$' echo one
expect testguest2 '^two$' echo two
expect testguest 'vcpu: 0' info
expect testguest2 'hartid: 0' info
hvisor config dump $CFG/testguest2.json | grep -q 'fault policy: stop' || fail "testguest2: not the stop policy"
# SBI: every row answers as SBI 1.0 says; unknown extensions and functions are NOT_SUPPORTED
expect testguest 'fw_test: [0-9]+ call\(s\), 0 wrong' fw_test
expect testguest '^alive after fw_test$' echo alive after fw_test
log=$(hvisor console)
[ "$(echo "$log" | grep -c 'cell 1 vCPU 0: unknown SBI call: extension 0x12345678 function 0 ')" = 1 ] || fail "unknown SBI call not logged exactly once"
# the SBI TIME path: timer_test with its deadlines through set_timer (one
# firmware exit each) instead of stimecmp (none): all interrupts arrive
# vcpu0_exits KIND: testguest's vCPU 0 exits of that kind (hvisor cell stats)
vcpu0_exits() { hvisor cell stats testguest | sed -n "s/^vcpu 0 .* $1 \([0-9]*\) .*/\1/p"; }
fw() { vcpu0_exits firmware; }
wt() { vcpu0_exits wait; }
expect testguest '^timer: sbi$' timer_sbi on
expect testguest 'timer: sbi' info
f0=$(fw)
expect testguest '20 of 20 interrupts' timer_test 20 5000
f1=$(fw)
echo "SBI TIME: $((f1 - f0)) firmware exits for 20 deadlines"
[ $((f1 - f0)) -ge 20 ] || fail "timer_test through SBI TIME made $((f1 - f0)) firmware exits"
expect testguest '^timer: sstc$' timer_sbi off
f0=$(fw); w0=$(wt)
expect testguest '20 of 20 interrupts' timer_test 20 5000
f1=$(fw); w1=$(wt)
echo "Sstc: $((f1 - f0)) firmware exits, $((w1 - w0)) WFI exits for 20 deadlines"
[ $((f1 - f0)) -lt 5 ] || fail "timer_test with stimecmp made $((f1 - f0)) firmware exits"
# its WFIs trap (hstatus.VTW) and wait at HS: its own timer still wakes it
[ $((w1 - w0)) -ge 10 ] || fail "timer_test's WFIs made $((w1 - w0)) wait exits"
# default policy: a read of root RAM is a load access fault (scause 5) at that address, in the guest
expect testguest "scause 5 .*stval $ROOT_RAM_GPA" fault_test
# and a branch there an instruction access fault (scause 1), stval = sepc = the target
expect testguest 'scause 1 .*stval 0x90001000, sepc 0x90001000' exec_test 0x90001000
[ "$(state_of testguest)" = running ] || fail "aborted cell: $(state_of testguest)"
expect testguest '^alive$' echo alive
log=$(hvisor console)
echo "$log" | grep -q 'cell 1 "testguest" vCPU 0: stage-2 violation: read of 4 bytes at GPA 0x90000000 .*hart [0-9]* scause 21: abort injected' || fail "no diagnostic of the load"
echo "$log" | grep -q 'cell 1 "testguest" vCPU 0: stage-2 violation: instruction fetch at GPA 0x90001000 .*scause 20: abort injected' || fail "no diagnostic of the fetch"
# stop policy: a write of root RAM fails that cell alone, with the access in the record
hvisor cell exec testguest2 poke 0x90002000 0x5a5a5a5a 4 >/dev/null 2>&1
wait_state testguest2 failed || fail "writing cell: $(state_of testguest2)"
list=$(hvisor cell list)
echo "$list"
echo "$list" | grep -q "stage-2 violation: write of 4 bytes at GPA 0x90002000" || fail "no diagnostic in cell list"
echo "$list" | grep -q "0x90002000 va 0x90002000 4-byte write" || fail "fault record incomplete"
hvisor console | grep -q 'cell 2 "testguest2" FAILED' || fail "no diagnostic in the hypervisor log"
expect testguest '^still here$' echo still here
for c in 0 1; do taskset -c $c true || fail "root cpu$c"; done
# a fetch of the recreated stop cell: the same
hvisor cell destroy testguest2 || fail "destroy failed cell"
boot_cell testguest2 testguest2
expect testguest2 '^reborn$' echo reborn
hvisor cell exec testguest2 exec_test 0x90003000 >/dev/null 2>&1
wait_state testguest2 failed || fail "fetching cell: $(state_of testguest2)"
hvisor cell list | grep -q "instruction fetch at GPA 0x90003000" || fail "no fetch diagnostic in cell list"
expect testguest '^last$' echo last
hvisor cell destroy testguest || fail destroy
hvisor cell destroy testguest2 || fail destroy2
hvisor disable || fail disable
echo PASS
