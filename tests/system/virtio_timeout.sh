# With no daemon serving a virtio region, the cell's access times out instead of hanging, its vCPU asleep meanwhile (not woken again and again by its own pending timer); reset re-arms it.
# runner: --add tests/system/lib:/test/lib --timeout 200
# arch: arm64 riscv64
. /test/lib/cell.sh
enable
boot_cell testguest testguest
# a read with nobody to answer: all ones after the timeout, the vCPU is not stuck
sleeps() { sed -n 's/.* wait_sleeps=\([0-9]*\).*/\1/p' /sys/kernel/hvisor/virtio_ring; }
z0=$(sleeps)
s=$(date +%s)
v=$(hvisor cell exec testguest peek 0x0a000000) || fail "peek: $v"
e=$(date +%s)
z1=$(sleeps)
echo "read without daemon: $v after $((e - s)) s, $((z1 - z0)) sleeps of the waiting vCPU"
[ "$v" = 0xffffffff ] || fail "expected all ones, got $v"
[ $((e - s)) -ge 4 ] && [ $((e - s)) -le 12 ] || fail "took $((e - s)) s"
# the guest's idle tick came due during the wait: pending for the guest,
# it must not wake the waiting hart again and again (a spin until the
# deadline); the wait sleeps until its deadline, a kick or an interrupt
# of the hypervisor's
[ -n "$z0" ] && [ -n "$z1" ] && [ $((z1 - z0)) -ge 1 ] && [ $((z1 - z0)) -le 1000 ] ||
	fail "the waiting vCPU slept $((z1 - z0)) times in 5 s"
hvisor console | grep -q "no answer from the root within 5000 ms" || fail "timeout not logged"
# the device is now broken: Status shows DEVICE_NEEDS_RESET at once, other registers all ones
v=$(hvisor cell exec testguest peek 0x0a000070) || fail "peek status"
[ "$v" = 0x40 ] || fail "status $v, expected 0x40 (DEVICE_NEEDS_RESET)"
v=$(hvisor cell exec testguest peek 0x0a000008) || fail "peek id"
[ "$v" = 0xffffffff ] || fail "device id $v"
# the requests are visible in the shared ring
cat /sys/kernel/hvisor/virtio_ring 2>/dev/null
# the cell itself keeps working
expect testguest '^alive$' echo alive
expect testguest 'all checks passed' mmio_test
# the guest resets the device (Status = 0): forwarded again, and times out again
hvisor cell exec testguest poke 0x0a000070 0 || fail "reset write"
[ "$(hvisor console | grep -c 'no answer from the root')" -ge 2 ] || fail "reset write was not forwarded"
hvisor cell destroy testguest || fail destroy
hvisor disable || fail disable
echo PASS
