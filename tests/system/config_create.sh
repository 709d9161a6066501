# hvisor config create in the root: the generated root config passes check and enables (riscv64: a workload runs on every root hart, the PLIC filter refuses nothing); a test-guest cell and a Linux cell (with a virtio disk the daemon serves) from generated cell configs run side by side and are destroyed; --json outputs parse; disable.
# runner: --add tests/system/lib:/test/lib --add @BUILD/systools/jsonq:/usr/bin/jsonq --timeout 400
# arch: arm64 riscv64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
insmod /lib/modules/hvisor.ko || fail insmod

# the root config, from the machine itself
hvisor config create /tmp/root.json || fail "config create"
hvisor config check /tmp/root.json || fail "check of the generated root config"
hvisor config check --json /tmp/root.json >/tmp/check.json || fail "check --json"
[ "$(jsonq ok </tmp/check.json)" = true ] || fail "check --json: $(cat /tmp/check.json)"
[ "$(jsonq configs.0.num_cpus </tmp/check.json)" = 4 ] || fail "num_cpus: $(cat /tmp/check.json)"
[ "$(jsonq configs.0.arch </tmp/check.json)" = "$HV_ARCH" ] || fail "arch: $(cat /tmp/check.json)"
# where the hand-written config and the machine must agree
grep -q "\"phys_start\": \"$HV_BASE\"" /tmp/root.json || fail "hypervisor not above mem=1G: $(head -12 /tmp/root.json)"
hvisor info --json >/tmp/info.json || fail "info --json"
[ "$(jsonq enabled </tmp/info.json)" = false ] || fail "info --json before enable: $(cat /tmp/info.json)"
hvisor enable /tmp/root.json || fail "enable with the generated root config"
hvisor info --json >/tmp/info.json || fail "info --json"
[ "$(jsonq enabled </tmp/info.json)" = true ] || fail "info --json: $(cat /tmp/info.json)"
[ "$(jsonq num_cpus </tmp/info.json)" = 4 ] || fail "info --json: $(cat /tmp/info.json)"
used0=$(cat /sys/kernel/hvisor/mem_pool_used)

if [ "$HV_ARCH" = riscv64 ]; then
	# a workload under the generated config: a loop on every CPU, timers, the console
	for c in 0 1 2 3; do
		taskset -c $c sh -c 'i=0; while [ $i -lt 5000 ]; do i=$((i+1)); done; echo "cpu'$c' loop ok"' >/tmp/loop$c &
	done
	s=$(date +%s); for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.2; done; e=$(date +%s)
	[ $((e - s)) -ge 1 ] || fail "sleep 2s took $((e - s))s"
	wait
	for c in 0 1 2 3; do
		grep -q "cpu$c loop ok" /tmp/loop$c || fail "CPU $c loop: $(cat /tmp/loop$c)"
	done
	# the PLIC filter refused nothing: the root owns every source Linux uses
	hvisor console >/tmp/hvlog
	! grep -q "PLIC .*refused\|does not own" /tmp/hvlog || fail "PLIC filter: $(grep PLIC /tmp/hvlog)"
	[ "$(cat /sys/kernel/hvisor/state)" = enabled ] || fail "state after the workload"
	[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used0" ] ||
		fail "pool $used0 -> $(cat /sys/kernel/hvisor/mem_pool_used)"
fi

# cell configs derived from it
hvisor config create --root /tmp/root.json --cell testguest --cpus 3 --mem 256M \
	--console --agent --testdev /tmp/tg.json || fail "config create --cell testguest"
hvisor config create --root /tmp/root.json --cell linux --cpus 1-2 --mem 256M \
	--console --virtio blk --beside /tmp/tg.json /tmp/linux.json || fail "config create --cell linux"
hvisor config check /tmp/root.json /tmp/tg.json /tmp/linux.json || fail "check of the cell configs"
[ "$HV_ARCH" = arm64 ] || grep -q '"mailbox": "0xcffff000"' /tmp/tg.json || fail "testguest mailbox: $(cat /tmp/tg.json)"

hvisor cell create /tmp/tg.json --root /tmp/root.json || fail "create testguest"
hvisor cell load testguest $GUEST@$GUEST_LOAD || fail "load testguest"
hvisor cell start testguest || fail "start testguest"
expect testguest '^hello generated$' echo hello generated
expect testguest 'OK: .*MiB' mem_test
expect testguest 'all checks passed' mmio_test
expect testguest '10 of 10 interrupts' timer_test 10 5000

# its virtio disk, served by the daemon at the address config create gave it
dd if=/dev/zero of=/tmp/gdisk.img bs=1M count=16 2>/dev/null
# the disk's address and interrupt as config create gave them (arm64: 0x0a000000, SPI 48)
vaddr=$(awk '/"type": "virtio"/ { on = 1 } on && /"virt_start"/ { gsub(/.*: "|".*/, ""); print; exit }' /tmp/linux.json)
irq=$(awk '/"type": "virtio"/ { on = 1 } on && /"irq"/ { gsub(/[^0-9]/, ""); print; exit }' /tmp/linux.json)
[ -n "$vaddr" ] && [ -n "$irq" ] || fail "no virtio region in: $(cat /tmp/linux.json)"
[ "$HV_ARCH" = riscv64 ] || [ "$((vaddr))/$irq" = "$((0x0a000000))/48" ] || fail "disk at $vaddr irq $irq"
cat >/tmp/vd.json <<EOD
{ "cells": [ { "name": "linux", "config": "/tmp/linux.json",
  "devices": [ { "type": "blk", "address": "$vaddr", "file": "/tmp/gdisk.img" } ] } ] }
EOD
hvisor daemon /tmp/vd.json --check --json >/tmp/dcheck.json || fail "daemon --check --json"
[ "$(jsonq cells.0.devices.0.irq </tmp/dcheck.json)" = "$irq" ] || fail "daemon --check --json: $(cat /tmp/dcheck.json)"
start_daemon /tmp/vd.json
CFG=/tmp
linux_boot linux linux --root /tmp/root.json
linux_wait linux 'hvisor linux cell: shell on the console.*' 150
linux_run linux 'echo online=$(cat /sys/devices/system/cpu/online)' 'online=0-1'
linux_run linux "awk '/MemTotal/ { print \"mem=\" (\$2 > 150000) }' /proc/meminfo" 'mem=1'
linux_run linux 'echo vda=$(cat /sys/block/vda/size)' 'vda=32768'
linux_run linux 'echo generated-virtio-ok | dd of=/dev/vda conv=fsync 2>/dev/null; echo written=$?' 'written=0'
[ "$(head -c 19 /tmp/gdisk.img)" = generated-virtio-ok ] || fail "the cell's write did not reach the disk"

# cell list --json: both cells, running, on their CPUs
hvisor cell list --json >/tmp/list.json || fail "cell list --json"
cat /tmp/list.json
[ "$(jsonq cells.# </tmp/list.json)" = 2 ] || fail "cells: $(cat /tmp/list.json)"
for i in 0 1; do
	n=$(jsonq cells.$i.name </tmp/list.json)
	[ "$(jsonq cells.$i.state </tmp/list.json)" = running ] || fail "$n not running"
	[ "$(jsonq cells.$i.fault </tmp/list.json)" = null ] || fail "$n fault"
	case $n in
	testguest) [ "$(jsonq cells.$i.cpus </tmp/list.json)" = "[ 3 ]" ] || fail "testguest cpus: $(jsonq cells.$i.cpus </tmp/list.json)" ;;
	linux) [ "$(jsonq cells.$i.cpus_text </tmp/list.json)" = "1-2" ] || fail "linux cpus" ;;
	*) fail "unknown cell $n" ;;
	esac
done
hvisor cell stats --json testguest >/tmp/stats.json || fail "cell stats --json"
[ "$(jsonq vcpus.0.cpu </tmp/stats.json)" = 3 ] || fail "stats: $(cat /tmp/stats.json)"
[ "$(jsonq vcpus.0.exits.mmio </tmp/stats.json)" -gt 0 ] || fail "stats: no mmio exits: $(cat /tmp/stats.json)"

linux_stop_follower linux
stop_daemon # it maps the cell's RAM until it ends
destroy_cell linux
hvisor cell destroy testguest || fail "destroy testguest"
for c in 1 2 3; do
	[ "$(cat /sys/devices/system/cpu/cpu$c/online)" = 1 ] || fail "CPU $c not back in the root"
done
[ "$(cat /sys/kernel/hvisor/mem_pool_used)" = "$used0" ] ||
	fail "pool $used0 -> $(cat /sys/kernel/hvisor/mem_pool_used)"
hvisor disable || fail disable
echo PASS
