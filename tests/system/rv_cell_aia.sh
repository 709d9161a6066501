# riscv64 AIA (aplic-imsic): a two-hart test-guest cell beside the root, each vCPU on its hart's guest file 1, seen as the cell's IMSIC (vCPU v's page at 0x28000000 + v pages): imsic_test (MSIs to itself and the other vCPU through those pages, claimed with stopei, no exits), timer_test, smp_test, ipi_test; reads and writes of the rest of the IMSIC window contained, the root's writes of the cell's files refused; a cell with an APLIC source refused; destroy, disable, the root intact.
# runner: --aia 1 --add tests/system/lib:/test/lib --timeout 300
# arch: riscv64
. /test/lib/cell.sh
AIA_JSON=$CFG/root-aia.json
NAME=testguest-smp
# the IMSIC page of hart H's file F (root-aia.json: base 0x28000000, 2 pages per hart)
page() { printf '0x%x' $((0x28000000 + $1 * 0x2000 + $2 * 0x1000)); }
# the cell's view: vCPU V's file at a page of its own IMSIC
vpage() { printf '0x%x' $((0x28000000 + $1 * 0x1000)); }
# the hart of Linux CPU N, as the hypervisor learnt it at enable
hart_of() { hvisor console | sed -n "s/.*CPU $1 entered (hwid \(0x[0-9a-f]*\)).*/\1/p" | tail -1; }
# the exits of the cell's vCPUs but their WFIs' (hvisor cell stats: "vcpu N
# (CPU M): kind count ..."): a vCPU idle until the next MSI waits at HS
# (docs/traps.md), the MSI itself costs none
cell_exits() { hvisor cell stats $NAME | awk '/^ *vcpu/ { for (i = 5; i < NF; i += 2) if ($i != "wait") s += $(i + 1) } END { print s + 0 }'; }
root_ok() {
	for c in $(seq 0 3); do
		[ "$(cat /sys/devices/system/cpu/cpu$c/online 2>/dev/null || echo 1)" = 1 ] || continue
		taskset -c $c true || fail "root cpu$c ($1)"
	done
	s=$(date +%s); sleep 1; [ $(($(date +%s) - s)) -ge 1 ] || fail "root timer ($1)"
}

grep -q "APLIC-MSI" /proc/interrupts || fail "not an AIA machine"
insmod /lib/modules/hvisor.ko || fail "insmod"
hvisor enable $AIA_JSON || fail "enable"
# in AIA mode a cell owns no APLIC source: testguest-rtc (source 11) is refused
pool0=$(cat /sys/kernel/hvisor/mem_pool_used)
out=$(hvisor cell create $CFG/testguest-rtc.json 2>&1) && fail "a cell with an APLIC source was created"
hvisor console | grep -q 'cell testguest-rtc: AIA mode passes no interrupt sources to cells' || fail "no diagnostic of the refused create: $out"
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || fail "CPUs not back after the refused create: $(cat /sys/devices/system/cpu/online)"
[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$pool0" ] || fail "pool $pool0 -> $(cat /sys/kernel/hvisor/mem_pool_used) after the refused create"
H2=$(hart_of 2); H3=$(hart_of 3); H0=$(hart_of 0); H1=$(hart_of 1)
echo "harts of CPUs 0-3: $H0 $H1 $H2 $H3"
[ -n "$H0" ] && [ -n "$H1" ] && [ -n "$H2" ] && [ -n "$H3" ] || fail "harts not in the log"
boot_cell $NAME $NAME
expect $NAME 'vcpus_up: 2 of 2' smp_test
hvisor cell stats $NAME
x0=$(cell_exits)
expect $NAME 'imsic_test: 200 MSIs to 2 vCPU' imsic_test "$(vpage 0)" "$(vpage 1)"
x1=$(cell_exits)
hvisor cell stats $NAME
echo "imsic_test: 200 MSIs, $((x1 - x0)) exits of the cell"
[ $((x1 - x0)) -lt 40 ] || fail "imsic_test took $((x1 - x0)) exits for 200 MSIs"
expect $NAME '10 of 10 interrupts' timer_test 10
expect $NAME 'vcpu 1: .*round trips' ipi_test
# the guest files stay armed: a second run
expect $NAME 'imsic_test: 200 MSIs to 2 vCPU' imsic_test "$(vpage 0)" "$(vpage 1)"
root_ok "cell running"
# the root's hostile side: the cell's guest files are not its (its APLIC
# filter is unit-tested: /dev/mem refuses the APLIC, which Linux's driver holds)
devmem "$(page $H2 1)" 32 8; rc=$?
[ $rc = $FAULT_RC ] || fail "root write of the cell's guest file: exit $rc, expected $FAULT_RC"
devmem "$(page $H3 0)" 32 9; rc=$?
[ $rc = $FAULT_RC ] || fail "root write of its old S-file page of the cell's hart: exit $rc, expected $FAULT_RC"
hvisor console | grep -q "cell 0 CPU [0-9]: stage-2 violation: write of 4 bytes at GPA $(page $H2 1)" || fail "no diagnostic of the root's write"
expect $NAME 'imsic_test: 200 MSIs to 2 vCPU' imsic_test "$(vpage 0)" "$(vpage 1)"
# hostile: the rest of the IMSIC window (where the root's, the S files and
# other harts' files are in physical addresses) is nothing in the cell:
# reads are access faults in the guest
for v in 2 3 7; do
	expect $NAME "scause 5 .*stval $(vpage $v)" fault_test "$(vpage $v)"
done
expect $NAME '^alive$' echo alive
# a write there: refused, logged, the root untouched
hvisor cell exec $NAME poke "$(vpage 2)" 1 4 >/dev/null 2>&1
sleep 1
hvisor console | grep -q "stage-2 violation: write of 4 bytes at GPA $(vpage 2)" || fail "no diagnostic of the write"
root_ok "after the hostile write"
hvisor cell destroy $NAME || fail destroy
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || fail "CPUs not back: $(cat /sys/devices/system/cpu/online)"
# the returned harts take the root's IPIs through their guest files again
root_ok "after destroy"
hvisor disable || fail disable
root_ok "after disable"
echo PASS
