# Guest side of `make bench` for cells: the CPU loop and timer latency inside a test-guest cell.
set -u
rounds=${1:-3}
case "$(uname -m)" in
aarch64) arch=arm64 load=0x90000000 ;;
riscv64) arch=riscv64 load=0xc0000000 ;;
*) echo "bench: unknown machine $(uname -m)"; exit 1 ;;
esac
CFG=/etc/hvisor/$arch/qemu
insmod /lib/modules/hvisor.ko || exit 1
hvisor enable $CFG/root.json >/dev/null || exit 1
hvisor cell create $CFG/testguest.json >/dev/null || exit 1
hvisor cell load testguest /usr/share/hvisor/guests/testguest.bin@$load >/dev/null || exit 1
hvisor cell start testguest >/dev/null || exit 1
for r in $(seq 1 "$rounds"); do
	hvisor cell exec testguest cpu_bench 20000000 --timeout 120 | sed -n 's/.*: \([0-9.]*\) ns\/iter/RESULT cell cpu \1/p'
	hvisor cell exec testguest timer_test 200 1000 --timeout 60 | sed -n 's/^latency_ns: min \([0-9]*\) avg \([0-9]*\) max \([0-9]*\)/RESULT cell timer_avg \2\nRESULT cell timer_max \3/p'
done
hvisor cell destroy testguest >/dev/null
hvisor disable >/dev/null
