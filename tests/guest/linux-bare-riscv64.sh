#!/bin/sh
# Boots Debian's riscv64 kernel on bare QEMU with the DTB, boot stub and layout `hvisor cell linux` generates for linux.json, and checks what Linux made of them.
# arch: riscv64
#
# Usage: tests/guest/linux-bare-riscv64.sh [OUTDIR]   (default build/riscv64/linux-bare)
#
# No hypervisor: QEMU's virt machine has, at the addresses the cell config
# gives, the real PLIC (0x0c000000, the same context layout as the virtual
# PLIC: hart n's S context is 2n + 1), the real 16550 (0x10000000, source
# 10) and RAM (linux.json's 0xd0000000, inside -m 2G). OpenSBI enters the
# stub (as -kernel at 0x80200000; it is position independent) on hart 0
# with a0 = 0, as the hypervisor enters a cell's vCPU 0; the stub passes
# the DTB to the kernel, loaded where the CLI's --dry-run layout says. Only
# the virtio-mmio regions move to QEMU's own transports (0x10006000-
# 0x10008000, sources 6-8): linux.json's 0x0a000000 is unassigned here.
# The cell's initramfs (scripts/mkinitramfs.sh, guests/linux/init) runs
# /autorun.sh from the virtio disk, which writes a pattern to the disk and
# powers off (SBI SRST). Checked: the PLIC's handlers and contexts, both
# harts up, the 16550 as ttyS0 with its interrupt, the ISA, the initrd,
# the pattern on the disk, a clean power-off.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build/riscv64/linux-bare}
qemu=${QEMU:-qemu-system-riscv64}
opensbi=${HVISOR_OPENSBI:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
CACHE=${CACHE:-${HVISOR_CACHE:-$HOME/.cache/hvisor}}
KROOT=${KROOT:-$CACHE/riscv64/current/root}
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
die() {
	echo "FAIL: $*"
	exit 1
}

[ -r "$KROOT/../abi" ] || die "no riscv64 kernel under $KROOT (make deps ARCH=riscv64)"
abi=$(cat "$KROOT/../abi")
kernel=$KROOT/boot/vmlinux-$abi
[ -f "$kernel" ] || die "$kernel missing"
command -v "$qemu" >/dev/null || die "$qemu not found (make deps ARCH=riscv64)"
mkdir -p "$out"

# The host CLI (it generates the DTB and stub of any arch's cell).
make -s -C "$top/tools" ARCH=host O="$out/host" >"$out/host.log" 2>&1 ||
	{ cat "$out/host.log"; die "build of the host CLI"; }
hvisor=$out/host/hvisor

# The cell's initramfs, as scripts/install.sh builds it.
ARCH=riscv64 KROOT=$KROOT bash "$top/scripts/mkinitramfs.sh" \
	--init "$top/guests/linux/init" \
	--modules "virtio_mmio virtio_blk failover net_failover virtio_net virtio_console" \
	"$out/initrd.cpio.gz" || die "mkinitramfs"

# linux.json with its virtio regions on QEMU's transports.
sed -e 's/"0x0a000000"/"0x10008000"/; s/"irq": 41/"irq": 8/' \
	-e 's/"0x0a001000"/"0x10007000"/; s/"irq": 42/"irq": 7/' \
	-e 's/"0x0a002000"/"0x10006000"/; s/"irq": 43/"irq": 6/' \
	"$top/configs/riscv64/qemu/linux.json" >"$out/linux-bare.json"
"$hvisor" cell linux "$out/linux-bare.json" "$kernel" --no-root \
	--initrd "$out/initrd.cpio.gz" --cmdline "panic=-1" --dry-run \
	--dtb-out "$out/cell.dtb" --stub-out "$out/stub.bin" >"$out/layout.txt" ||
	die "hvisor cell linux --dry-run"
cat "$out/layout.txt"
addr() { # what: the address the layout line gives it
	sed -n "s/.*$1 at \(0x[0-9a-f]*\).*/\1/p" "$out/layout.txt"
}
kaddr=$(addr kernel) dtb=$(addr DTB) initrd=$(addr initrd)
[ "$kaddr" = 0xd0200000 ] || fail "kernel at $kaddr, not 0xd0200000"
[ -n "$dtb" ] && [ -n "$initrd" ] || die "no DTB or initrd address in the layout"

# The disk: a tar with autorun.sh at its start, 1 MiB; the pattern goes at 512 KiB.
mkdir -p "$out/disk"
cat >"$out/disk/autorun.sh" <<'EOF'
echo "autorun: start"
grep -E '^(processor|hart|isa|mmu)' /proc/cpuinfo
cat /proc/interrupts
echo "autorun: initrd $(cat /sys/firmware/devicetree/base/chosen/linux,initrd-start 2>/dev/null | od -An -tx1 | tr -d ' \n')"
printf 'hvisor-riscv64-bare-%s\n' "$(cat /proc/sys/kernel/hostname)" |
	dd of=/dev/vda bs=512 seek=1024 conv=notrunc 2>/dev/null && sync &&
	echo "autorun: pattern written"
EOF
rm -f "$out/disk.img"
tar -cf "$out/disk.img" -C "$out/disk" autorun.sh
truncate -s 1M "$out/disk.img"

# OpenSBI picks the boot hart by a race; single-threaded TCG makes hart 0
# win it in practice, but a run whose boot hart is not 0 (the stub says
# a0 = 0) is not the cell's situation: run again, three times at most.
tries=0
while :; do
	tries=$((tries + 1))
	{
		timeout 300 "$qemu" -machine virt -accel tcg,thread=single \
			-cpu rv64,h=true,sstc=true -smp 2 -m 2G -nographic -no-reboot \
			-nic none -bios "$opensbi" -kernel "$out/stub.bin" \
			-device loader,file="$kernel",addr="$kaddr",force-raw=on \
			-device loader,file="$out/cell.dtb",addr="$dtb",force-raw=on \
			-device loader,file="$out/initrd.cpio.gz",addr="$initrd",force-raw=on \
			-drive file="$out/disk.img",format=raw,if=none,id=d0 \
			-device virtio-blk-device,drive=d0 2>&1
		echo $? >"$out/qemu.status"
	} | tr -d '\r' >"$out/boot.log"
	status=$(cat "$out/qemu.status")
	grep -q 'Boot HART ID *: 0$' "$out/boot.log" && break
	[ $tries -lt 3 ] || die "OpenSBI never booted on hart 0 (see $out/boot.log)"
	rm -f "$out/disk.img"
	tar -cf "$out/disk.img" -C "$out/disk" autorun.sh
	truncate -s 1M "$out/disk.img"
done
[ $status = 0 ] || fail "qemu exited with $status (124: timeout)"

expect() { # pattern what
	grep -Eq "$1" "$out/boot.log" || fail "$2 (no /$1/ in $out/boot.log)"
}
expect 'Machine model: linux$' "the DTB's model"
expect 'riscv-plic: interrupt-controller@c000000: mapped 95 interrupts with 2 handlers for 4 contexts' \
	"the PLIC: ndev 95, an S context per hart (M contexts skipped)"
expect 'smp: Brought up 1 node, 2 CPUs' "both harts"
expect 'ttyS0 at MMIO 0x10000000 .* is a 16550A' "the 16550 as ttyS0"
expect 'earlycon: uart8250 at MMIO 0x0*10000000' "earlycon on the 16550"
expect 'Freeing initrd memory' "the initrd at linux,initrd-start"
expect '^isa[[:space:]]*: rv64imafdc_.*sstc' "the ISA of riscv,isa-extensions"
expect 'SiFive PLIC +10 .*ttyS0' "the 16550's interrupt through the PLIC"
expect 'SiFive PLIC +8 .*virtio0' "the virtio disk's interrupt through the PLIC"
expect 'hvisor linux cell: running autorun.sh from /dev/vda' "init found autorun.sh"
expect 'autorun: pattern written' "autorun.sh wrote the disk"
expect 'reboot: Power down' "poweroff through SBI SRST"
pattern=$(dd if="$out/disk.img" bs=512 skip=1024 count=1 2>/dev/null | tr -d '\0')
[ "$pattern" = "hvisor-riscv64-bare-linux" ] ||
	fail "the disk holds '$pattern', not the cell's pattern"

if [ $failures -ne 0 ]; then
	echo "linux-bare-riscv64: $failures failure(s); the boot log:"
	tail -40 "$out/boot.log"
	exit 1
fi
echo "linux-bare-riscv64: PASS ($tries run(s))"
