# Guest side of `make bench`: the same workloads with the hypervisor disabled and enabled, interleaved.
set -u
rounds=${1:-3}
case "$(uname -m)" in
aarch64) arch=arm64 ;;
*) arch=$(uname -m) ;;
esac
# milliseconds of uptime (10 ms resolution)
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
insmod /lib/modules/hvisor.ko || exit 1
for r in $(seq 1 "$rounds"); do
	hvbench | sed "s/^BENCH /RESULT off /"
	t0=$(ms)
	hvisor enable /etc/hvisor/$arch/qemu/root.json >/dev/null || exit 1
	t1=$(ms)
	echo "TIMING enable $((t1 - t0))"
	hvbench | sed "s/^BENCH /RESULT on /"
	t0=$(ms)
	hvisor disable >/dev/null || exit 1
	t1=$(ms)
	echo "TIMING disable $((t1 - t0))"
done
