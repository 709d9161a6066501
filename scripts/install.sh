#!/usr/bin/env bash
# Installs what a root cell needs into DESTDIR (hvisor CLI, module, firmware, configs, guests).
set -euo pipefail
DEST=${1:?usage: install.sh DESTDIR}
BUILD=${BUILD:-$(pwd)/build}
ARCH=${ARCH:-arm64}
KROOT=${KROOT:-${CACHE:-$HOME/.cache/hvisor}/$ARCH/current/root}
top=$(cd "$(dirname "$0")/.." && pwd)

install -D -m 0755 "$BUILD/tools/hvisor" "$DEST/usr/sbin/hvisor"
install -D -m 0644 "$top/tools/man/hvisor.8" "$DEST/usr/share/man/man8/hvisor.8"
install -D -m 0644 "$top/tools/completion/hvisor.bash" \
	"$DEST/usr/share/bash-completion/completions/hvisor"
for doc in config.md config-create.md json.md virtio.md; do
	install -D -m 0644 "$top/docs/$doc" "$DEST/usr/share/doc/hvisor/$doc"
done
install -D -m 0644 "$BUILD/driver/hvisor.ko" "$DEST/lib/modules/hvisor.ko"
install -D -m 0644 "$BUILD/hypervisor/hvisor.bin" "$DEST/lib/firmware/hvisor.bin"
# This architecture's configs only: /etc/hvisor/$ARCH/<board>/*.json.
if [ ! -d "$top/configs/$ARCH" ]; then
	echo "install: no configs/$ARCH" >&2
	exit 1
fi
mkdir -p "$DEST/etc/hvisor/$ARCH"
cp -r "$top/configs/$ARCH/." "$DEST/etc/hvisor/$ARCH/"
mkdir -p "$DEST/usr/share/hvisor/guests"
if compgen -G "$BUILD/guests/*.bin" >/dev/null; then
	install -m 0644 "$BUILD"/guests/*.bin "$DEST/usr/share/hvisor/guests/"
fi
# The Linux cell (guests/linux): the root's own kernel Image and the cell's
# initramfs; guests/linux/init loads the modules in this order
# (uio_pci_generic binds nothing until told: a user-space driver for a
# passed-through PCI device's INTx, tests/system/linux_pci.sh).
bash "$top/scripts/mkinitramfs.sh" --init "$top/guests/linux/init" \
	--modules "virtio_mmio virtio_blk failover net_failover virtio_net virtio_console uio uio_pci_generic" \
	"$BUILD/guests/linux-initrd.cpio.gz"
install -m 0644 "$BUILD/guests/linux-initrd.cpio.gz" "$DEST/usr/share/hvisor/guests/"
# Debian names the flat Image vmlinuz- on arm64 and vmlinux- on riscv64.
abi=$(cat "$KROOT/../abi")
image=$KROOT/boot/vmlinuz-$abi
[ -f "$image" ] || image=$KROOT/boot/vmlinux-$abi
install -m 0644 "$image" "$DEST/usr/share/hvisor/guests/linux-Image"
