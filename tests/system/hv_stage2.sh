# The root cannot touch hypervisor memory: the access gets an abort (SIGBUS; riscv64: an access fault, SIGSEGV), is logged, and all keeps running.
# runner: --add tests/system/lib:/test/lib --timeout 120
# arch: arm64 riscv64
set -u
. /test/lib/arch.sh
MID=$(printf 0x%x $((HV_BASE + 0x100000)))
fail() { echo "FAIL: $*"; hvisor console | tail -20; exit 1; }
insmod /lib/modules/hvisor.ko || fail "insmod"
# before enable the memory is plain RAM: prove the test would see a write
devmem $MID 32 0xcafef00d || fail "devmem before enable"
[ "$(devmem $MID 32)" = 0xCAFEF00D ] || fail "devmem readback before enable"
hvisor enable $ROOT_JSON || fail "enable"
for addr in $HV_BASE $MID $HV_LAST_PAGE; do
	devmem $addr 32; rc=$?
	[ $rc = $FAULT_RC ] || fail "read of $addr: exit $rc, expected $FAULT_RC"
	devmem $addr 32 0xdeadbeef; rc=$?
	[ $rc = $FAULT_RC ] || fail "write of $addr: exit $rc, expected $FAULT_RC"
done
log=$(hvisor console)
# arm64: "read of word at IPA ...", riscv64: "read of 4 bytes at GPA ..."
echo "$log" | grep -q "stage-2 violation: read of [a-z0-9 ]* at [IG]PA $HV_BASE" || fail "read violation not logged"
echo "$log" | grep -q "stage-2 violation: write of [a-z0-9 ]* at [IG]PA $HV_LAST_PAGE" || fail "write violation not logged"
echo "$log" | grep "stage-2 violation" | tail -2
# the root and the hypervisor keep working
echo "root alive" | grep -q alive || fail "root shell"
hvisor info | grep -q "hypervisor: enabled" || fail "hypervisor gone"
hvisor disable || fail "disable"
# the write under the hypervisor did not land
[ "$(devmem $MID 32)" != 0xDEADBEEF ] || fail "write reached hypervisor memory"
echo PASS
