# The demo, as run inside the root cell by `make demo`.
set -u
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "Load the driver: it checks that EL2 is free (Linux hyp stub)"
run insmod /lib/modules/hvisor.ko || exit 1
run hvisor info
say "Validate the root config offline, then late-launch the hypervisor"
run hvisor config check /etc/hvisor/arm64/qemu/root.json || exit 1
run hvisor enable /etc/hvisor/arm64/qemu/root.json || exit 1
run hvisor info
say "Linux keeps running, now as the root cell: its CPUs, timers and disks work"
run cat /sys/kernel/hvisor/cpu_exits
say "The root cannot touch hypervisor memory: the access faults, the root goes on"
run devmem 0x80000000 32 || echo "(devmem got SIGBUS, exit $?)"
say "The hypervisor log"
run hvisor console
if [ -f /etc/hvisor/arm64/qemu/testguest.json ] && hvisor cell list >/dev/null 2>&1; then
	say "A cell: the bare-metal test guest on CPU 3"
	run hvisor cell create /etc/hvisor/arm64/qemu/testguest.json || exit 1
	run hvisor cell load testguest /usr/share/hvisor/guests/testguest.bin@0x90000000 || exit 1
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
say "Give the machine back to Linux"
run hvisor disable || exit 1
run hvisor info
say "Done"
