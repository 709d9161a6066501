# A cell's PMU, debug, RAS, IMPLEMENTATION DEFINED and set/way accesses trap: it gets an undef or an inert register, never the hardware, and is not failed for it.
# runner: --add tests/system/lib:/test/lib --timeout 300
# arch: arm64
. /test/lib/cell.sh
enable
boot_cell testguest testguest
sysreg_exits() { hvisor cell stats testguest | sed -n 's/.* sysreg \([0-9]*\).*/\1/p'; }
before=$(sysreg_exits)
out=$(hvisor cell exec testguest trap_test 2>&1) || fail "trap_test: $out"
echo "$out"
after=$(sysreg_exits)
echo "system register exits: $before -> $after"
# want PROBE ANSWER: the probe's line must start with the answer
want() {
	echo "$out" | grep -q "^$1: $2" || fail "$1: wanted '$2', got: $(echo "$out" | grep "^$1:")"
}
# the PMU stays the root's: the cell sees none (PMUSERENR_EL0, which every
# Linux clears at boot, reads as zero)
want "read pmcr_el0" undef
want "write pmcr_el0" undef
want "read pmccntr_el0" undef
want "write pmcntenset_el0" undef
want "read pmintenset_el1" undef
want "write pmuserenr_el0" "ok"
want "read pmuserenr_el0" "ok 0x0$"
# debug registers are inert: writes do not reach the hardware
want "write mdscr_el1" ok
want "read mdscr_el1" "ok 0x0$"
want "write dbgbvr0_el1" ok
want "read dbgbvr0_el1" "ok 0x0$"
want "write dbgwcr0_el1" ok
want "read dbgwcr0_el1" "ok 0x0$"
want "write oslar_el1" ok
want "read mdrar_el1" "ok 0x0$"
want "read actlr_el1" "ok 0x0$"
want "read erridr_el1" undef
# set/way maintenance is done for the cell, as clean and invalidate
want "dc cisw" ok
want "dc isw" ok
want "dc csw" ok
# HCR_EL2.TIDCP: QEMU 7.2 does not implement it (later versions do) and
# lets EL1 read its (RAZ/WI) IMPLEMENTATION DEFINED registers untrapped
if ! echo "$out" | grep -q "^read impdef S3_1_C15_C2_0: undef"; then
	echo "$out" | grep -q "^read impdef S3_1_C15_C2_0: ok 0x0$" ||
		fail "IMPLEMENTATION DEFINED register: $(echo "$out" | grep impdef)"
	echo "note: this QEMU does not trap IMPLEMENTATION DEFINED registers (HCR_EL2.TIDCP)"
fi
[ "$after" -gt "$before" ] || fail "no system register exits counted"
[ "$(state_of testguest)" = running ] || fail "the cell is $(state_of testguest)"
expect testguest '^still here$' echo still here
hvisor cell destroy testguest || fail destroy
hvisor disable || fail disable
echo PASS
