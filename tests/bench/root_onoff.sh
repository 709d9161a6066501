# Guest side of `make bench`: the same workloads with the hypervisor disabled and enabled, interleaved.
set -u
rounds=${1:-3}
insmod /lib/modules/hvisor.ko || exit 1
for r in $(seq 1 "$rounds"); do
	hvbench | sed "s/^BENCH /RESULT off /"
	hvisor enable /etc/hvisor/arm64/qemu/root.json >/dev/null || exit 1
	hvbench | sed "s/^BENCH /RESULT on /"
	hvisor disable >/dev/null || exit 1
done
