# A hypercall from a root user process never reaches the hypervisor (arm64: hvc at EL0 is undefined, SIGILL; riscv64: a VU ecall is the kernel's own, -ENOSYS); the hypervisor logs no trap of it.
# runner: --add tests/system/lib:/test/lib --add @BUILD/systools/userhc:/usr/bin/userhc --timeout 120
# arch: arm64 riscv64
set -u
. /test/lib/arch.sh
fail() { echo "FAIL: $*"; hvisor console | tail -20; exit 1; }
insmod /lib/modules/hvisor.ko || fail "insmod"
hvisor enable $ROOT_JSON || fail "enable"
# the root's kernel gets the version through the driver
hvisor info | grep -q "hypervisor version: 2" || fail "no version through the driver"
before=$(hvisor console | wc -l)
for c in 0 1 2 3; do
	out=$(taskset -c $c userhc 2>&1); rc=$?
	echo "cpu$c: rc $rc: $out"
	case $HV_ARCH in
	arm64) [ $rc = 132 ] || fail "cpu$c: hvc from EL0: exit $rc, expected SIGILL (132)" ;;
	riscv64)
		[ $rc = 0 ] || fail "cpu$c: ecall from VU mode: exit $rc"
		echo "$out" | grep -q "returned -38$" || fail "cpu$c: expected -ENOSYS (-38): $out"
		;;
	esac
done
# nothing of it reached the hypervisor: no refusal, no unhandled trap
hvisor console | tail -n +$((before + 1)) | grep -i "hypercall\|unhandled\|trap" && fail "the hypervisor saw the user's call"
hvisor disable || fail "disable"
echo PASS
