# The demo, as run inside the root cell by `make demo`.
set -u
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

case "$(uname -m)" in
riscv64)
	A=riscv64 HV=0xc0000000 LOAD=0xc0000000
	FREE="HS mode with the H extension is free (no KVM, no hypervisor answering the SBI)"
	;;
*)
	A=arm64 HV=0x80000000 LOAD=0x90000000
	FREE="EL2 is free (Linux hyp stub)"
	;;
esac
say "[$A] Load the driver: it checks that $FREE"
run insmod /lib/modules/hvisor.ko || exit 1
run hvisor info
say "Validate the root config offline, then late-launch the hypervisor"
run hvisor config check /etc/hvisor/$A/qemu/root.json || exit 1
run hvisor enable /etc/hvisor/$A/qemu/root.json || exit 1
run hvisor info
say "Linux keeps running, now as the root cell: its CPUs, timers and disks work"
run cat /sys/kernel/hvisor/cpu_exits
say "The root cannot touch hypervisor memory: the access faults, the root goes on"
run devmem $HV 32 || echo "(devmem got a fault signal, exit $?)"
if [ $A = riscv64 ]; then
	say "A hart goes offline and comes back under the hypervisor (SBI HSM through it)"
	run sh -c 'echo 0 > /sys/devices/system/cpu/cpu3/online'
	run sh -c 'echo 1 > /sys/devices/system/cpu/cpu3/online'
	run grep -c ^processor /proc/cpuinfo
fi
say "The hypervisor log"
run hvisor console
if hvisor cell list >/dev/null 2>&1; then
	say "A cell: the bare-metal test guest on CPU 3"
	run hvisor cell create /etc/hvisor/$A/qemu/testguest.json || exit 1
	run hvisor cell load testguest /usr/share/hvisor/guests/testguest.bin@$LOAD || exit 1
	run hvisor cell start testguest || exit 1
	run hvisor cell list
	run hvisor cell exec testguest echo hello from a cell
	run hvisor cell exec testguest info
	run hvisor cell exec testguest timer_test 20
	run hvisor cell exec testguest mmio_test
	say "The cell's console"
	run hvisor cell console testguest
	run hvisor cell stats testguest
	say "A fault in the cell stops the cell, nothing else"
	run hvisor cell exec testguest fault_test
	run hvisor cell list
	run hvisor cell destroy testguest
fi
if [ -f /usr/share/hvisor/guests/linux-Image ]; then
	say "Linux in a cell, its disk, network and console served by the daemon in the root"
	CFG=/etc/hvisor/$A/qemu
	mkdir -p /tmp/demo && cat > /tmp/demo/autorun.sh <<'EOA'
echo "== in the Linux cell: $(uname -sr), $(grep -c ^processor /proc/cpuinfo) CPUs"
cat /proc/interrupts | grep -E 'virtio|arch_timer|riscv-timer'
ip link set eth0 up && ip addr add 10.0.9.2/24 dev eth0 && ping -c 2 10.0.9.1
dd if=/dev/zero of=/dev/vda bs=1M seek=8 count=8 conv=fsync 2>&1 | tail -1
echo "demo pattern" | dd of=/dev/vda bs=512 seek=30000 conv=fsync 2>/dev/null
echo "hello from the cell on /dev/hvc0 (virtio-console)" > /dev/hvc0
echo "== the cell powers off"
EOA
	dd if=/dev/zero of=/tmp/demo/disk.img bs=1M count=32 2>/dev/null
	(cd /tmp/demo && tar -cf disk.tar autorun.sh && dd if=disk.tar of=disk.img conv=notrunc 2>/dev/null)
	cat > /tmp/demo/virtio.json <<EOC
{ "cells": [ { "name": "linux", "config": "$CFG/linux.json", "devices": [
  { "type": "blk", "address": "0x0a000000", "file": "/tmp/demo/disk.img" },
  { "type": "net", "address": "0x0a001000", "mac": "52:54:00:12:34:01", "switch": "sw0", "tap": "hvtap0" },
  { "type": "console", "address": "0x0a002000", "log": "/tmp/demo/hvc0.log" } ] } ] }
EOC
	run cat /tmp/demo/virtio.json
	hvisor daemon /tmp/demo/virtio.json > /tmp/demo/daemon.log 2>&1 &
	dpid=$!
	sleep 1
	cat /tmp/demo/daemon.log
	ip link set hvtap0 up && ip addr add 10.0.9.1/24 dev hvtap0
	run hvisor cell linux $CFG/linux.json /usr/share/hvisor/guests/linux-Image --initrd /usr/share/hvisor/guests/linux-initrd.cpio.gz
	run hvisor cell list
	for i in $(seq 1 120); do hvisor cell list | grep -q "shut down" && break; sleep 1; done
	say "The Linux cell's console (hvisor cell console linux)"
	hvisor cell console linux | tr -d '\r' | grep -v '^\[' | tail -25
	run hvisor cell stats linux
	run cat /sys/kernel/hvisor/virtio_ring
	say "What the cell wrote on its virtio console, in the daemon's log"
	run cat /tmp/demo/hvc0.log
	say "What the cell wrote, read by the root from the disk image"
	printf '$ dd if=/tmp/demo/disk.img bs=512 skip=30000 count=1 | head -1\n'
	dd if=/tmp/demo/disk.img bs=512 skip=30000 count=1 2>/dev/null | head -1
	kill $dpid; wait $dpid 2>/dev/null
	run hvisor cell destroy linux
fi
say "Give the machine back to Linux"
run hvisor disable || exit 1
run hvisor info
say "Done"
