# 50 create/load/start/destroy cycles in one boot: the hypervisor's pool usage is the same before and after.
# runner: --add tests/system/lib:/test/lib --timeout 600
# arch: arm64 riscv64
. /test/lib/cell.sh
enable
used0=$(cat /sys/kernel/hvisor/mem_pool_used)
for i in $(seq 1 50); do
	boot_cell testguest testguest
	out=$(hvisor cell exec testguest echo cycle $i) || fail "cycle $i: exec"
	[ "$out" = "cycle $i" ] || fail "cycle $i: got '$out'"
	hvisor cell destroy testguest || fail "cycle $i: destroy"
done
used1=$(cat /sys/kernel/hvisor/mem_pool_used)
echo "pool pages used: $used0 before, $used1 after 50 cycles"
[ "$used0" = "$used1" ] || fail "pool leak: $used0 -> $used1"
[ "$(cat /sys/devices/system/cpu/cpu3/online)" = 1 ] || fail "CPU 3 not back"
hvisor disable || fail disable
echo PASS
