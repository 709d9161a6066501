# The root cannot touch hypervisor memory: the access gets an abort (SIGBUS), is logged, and all keeps running.
# runner: --timeout 120
set -u
fail() { echo "FAIL: $*"; hvisor console | tail -20; exit 1; }
insmod /lib/modules/hvisor.ko || fail "insmod"
# before enable the memory is plain RAM: prove the test would see a write
devmem 0x80100000 32 0xcafef00d || fail "devmem before enable"
[ "$(devmem 0x80100000 32)" = 0xCAFEF00D ] || fail "devmem readback before enable"
hvisor enable /etc/hvisor/arm64/qemu/root.json || fail "enable"
for addr in 0x80000000 0x80100000 0x83fff000; do
	devmem $addr 32; rc=$?
	[ $rc = 135 ] || fail "read of $addr: exit $rc, expected SIGBUS (135)"
	devmem $addr 32 0xdeadbeef; rc=$?
	[ $rc = 135 ] || fail "write of $addr: exit $rc, expected SIGBUS (135)"
done
log=$(hvisor console)
echo "$log" | grep -q "stage-2 violation: read of word at IPA 0x80000000" || fail "read violation not logged"
echo "$log" | grep -q "stage-2 violation: write of word at IPA 0x83fff000" || fail "write violation not logged"
# the root and the hypervisor keep working
echo "root alive" | grep -q alive || fail "root shell"
hvisor info | grep -q "hypervisor: enabled" || fail "hypervisor gone"
hvisor disable || fail "disable"
# the write under the hypervisor did not land
[ "$(devmem 0x80100000 32)" != 0xDEADBEEF ] || fail "write reached hypervisor memory"
echo PASS
