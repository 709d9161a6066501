# Architected behaviour in one boot of a 3-vCPU cell: unknown firmware calls answer NOT_SUPPORTED (PSCI 32/64-bit, CPU_SUSPEND, FEATURES), the GIC's pending/active registers round-trip, a level interrupt is not delivered once its source stopped, two vCPUs racing CPU_ON on a third: one wins, the PMU's overflow interrupt reaches a cell given the PMU; then a headerless image booted by cell linux --raw with an exact command line, and the PMU node in the DTB.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: arm64
. /test/lib/cell.sh
enable
NAME=testguest-hostile3
boot_cell $NAME $NAME
expect $NAME 'fw_test: 26 call\(s\), 0 wrong' fw_test
hvisor cell exec $NAME fw_test | grep -E 'SUSPEND|1337'
[ "$(state_of $NAME)" = running ] || fail "after fw_test: $(state_of $NAME)"
hvisor console | grep -q "cell 1 vCPU 0: unknown SMC function 0x539 .*NOT_SUPPORTED" || fail "unknown SMC not logged"
# logged once per ID: the second fw_test adds no line for 0x539
[ "$(hvisor console | grep -c 'unknown SMC function 0x539 ')" = 1 ] || fail "unknown SMC logged more than once"
expect $NAME 'gic_state_test: 0 wrong' gic_state_test
expect $NAME 'level_test: 0 wrong' level_test
hvisor cell exec $NAME level_test
expect $NAME 'cpu_on_race: 50 round\(s\): one start won 50, both 0, none 0; .* other 0; vCPU 2 booted 50 time' cpu_on_race 50 --timeout 120
expect $NAME '^alive$' echo alive
[ "$(state_of $NAME)" = running ] || fail "cell: $(state_of $NAME)"
expect $NAME 'pmu_test: overflow interrupt taken \(1, overflow status 0x80000000\)' pmu_test
hvisor cell destroy $NAME || fail destroy
# a headerless image by the arm64 boot protocol, with exactly the command line given
out=$(hvisor cell linux $CFG/testguest.json $GUEST --dry-run 2>&1) && fail "a headerless image taken as a Linux Image: $out"
echo "$out" | grep -q 'not an arm64 Linux Image' || fail "no reason for the refusal: $out"
out=$(hvisor cell linux $CFG/testguest.json $GUEST --raw --exact-cmdline --cmdline "hello=raw" --dtb-out /tmp/raw.dtb) || fail "cell linux --raw: $out"
echo "$out"
echo "$out" | grep -q 'kernel at 0x90200000' || fail "raw image not at the 2 MiB boundary above the stub"
grep -qa 'hello=raw' /tmp/raw.dtb || fail "command line not in the DTB"
grep -qa 'earlycon' /tmp/raw.dtb && fail "console arguments added to the exact command line"
grep -qa 'arm,armv8-pmuv3' /tmp/raw.dtb && fail "a PMU node for a cell without the PMU"
hvisor cell exec testguest echo ready >/dev/null || fail "raw image: agent not answering"
expect testguest '^raw alive$' echo raw alive
hvisor cell destroy testguest || fail "destroy raw"
# the DTB of a cell given the PMU describes it
hvisor cell linux $CFG/$NAME.json $GUEST --raw --dry-run --dtb-out /tmp/pmu.dtb >/dev/null || fail "dry run of $NAME"
grep -qa 'arm,armv8-pmuv3' /tmp/pmu.dtb || fail "no PMU node in the DTB of a cell with the PMU"
hvisor disable || fail disable
echo PASS
