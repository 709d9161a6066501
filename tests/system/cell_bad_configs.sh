# Invalid cell configs are refused through the CLI and the driver with the expected message; nothing changes.
# runner: --add tests/system/lib:/test/lib --add tests/system/data/bad-cells:/test/bad-cells --timeout 300
# arch: arm64 riscv64
. /test/lib/cell.sh
BAD=/test/bad-cells/$HV_ARCH # the table and the configs of this arch
enable
used0=$(cat /sys/kernel/hvisor/mem_pool_used)
online0=$(cat /sys/devices/system/cpu/online)
unchanged() {
	[ -z "$(hvisor cell list | awk 'NR > 1')" ] || fail "$1: a cell was left behind"
	[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used0" ] || fail "$1: pool changed"
	[ "$(cat /sys/devices/system/cpu/online)" = "$online0" ] || fail "$1: CPUs changed"
}
n=0
while IFS='|' read -r file msg; do
	case "$file" in '#'* | '') continue ;; esac
	out=$(hvisor cell create $BAD/$file 2>&1) && fail "$file: accepted"
	echo "$out" | grep -qF "$msg" || fail "$file: expected '$msg', got: $out"
	unchanged "$file"
	n=$((n + 1))
done < $BAD/expected.txt
echo "$n invalid configs refused by the CLI"
[ $n -ge 15 ] || fail "only $n cases"

# Checks only the hypervisor can make (the CLI skips the root checks with --no-root)
out=$(hvisor cell create $BAD/not_root_mem.json --no-root 2>&1) && fail "hypervisor accepted memory outside the root"
hvisor console | grep -q "is not inside a root cell region" || fail "hypervisor did not say why: $out"
unchanged not_root_mem/hypervisor
# the root's own RAM: the driver refuses it before the hypervisor sees it
out=$(hvisor cell create $BAD/not_loadable.json --no-root 2>&1) && fail "the root's own RAM accepted"
dmesg | tail -5 | grep -q "is RAM Linux uses" || fail "driver did not say why: $out"
unchanged not_loadable/driver
out=$(hvisor cell create $BAD/overlap_hv.json --no-root 2>&1) && fail "hypervisor accepted hypervisor memory"
unchanged overlap_hv/hypervisor
# live state: a second cell on the same CPU, the same memory, the same name
boot_cell testguest testguest
used1=$(cat /sys/kernel/hvisor/mem_pool_used)
out=$(hvisor cell create $CFG/testguest.json 2>&1) && fail "same cell created twice"
echo "twice: $out"
out=$(hvisor cell create $CFG/testguest-smp.json 2>&1) && fail "cell on a CPU of a running cell"
echo "cpu taken: $out"
[ "$(hvisor cell list | awk 'NR > 1' | wc -l)" = 1 ] || fail "extra cells"
[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used1" ] || fail "pool changed by refused creates"
expect testguest '^still fine$' echo still fine
hvisor cell destroy testguest || fail destroy
hvisor disable || fail disable
echo PASS
