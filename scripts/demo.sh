#!/usr/bin/env bash
# `make demo`: boots the root cell in QEMU and walks through the whole story, narrated.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# ARCH=riscv64: the riscv64 story only; by default arm64's, then riscv64's
# when its root file system is built (make ARCH=riscv64 rootfs).
demo() {
	"$top/tests/system/run" --no-build --arch "$1" --timeout 600 --log "demo-$1" "$top/scripts/demo-guest.sh"
}
if [ -n "${ARCH:-}" ] && [ "$ARCH" != arm64 ]; then
	demo "$ARCH"
	exit
fi
demo arm64
if [ -f "$top/build/riscv64/rootfs.cpio.gz" ]; then
	demo riscv64
else
	echo "demo: no build/riscv64/rootfs.cpio.gz: the riscv64 story is left out (make ARCH=riscv64 rootfs)" >&2
fi
