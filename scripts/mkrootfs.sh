#!/usr/bin/env bash
# Builds the root cell's initramfs (scripts/mkinitramfs.sh): scripts/rootfs/init, virtio, tun and loop modules, an install tree.
#
# usage: mkrootfs.sh DESTDIR OUT.cpio.gz
#
# DESTDIR (the output of scripts/install.sh) is copied into the image as is.
# OUT is rebuilt only when an input changed (see scripts/mkinitramfs.sh).
set -euo pipefail

[ $# -eq 2 ] || {
	echo "usage: $0 DESTDIR OUT.cpio.gz" >&2
	exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
# Loaded by /init in this order; /test is where the runner puts a test script.
exec bash "$here/mkinitramfs.sh" --init "$here/rootfs/init" \
	--modules "virtio_mmio virtio_blk failover net_failover virtio_net virtio_console tun loop" \
	--mkdir test --overlay "$1" "$2"
