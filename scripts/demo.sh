#!/usr/bin/env bash
# `make demo`: boots the root cell in QEMU and walks through the whole story, narrated.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# ARCH=riscv64: the riscv64 story only; by default arm64's, then riscv64's
# (its kernel, tools and root file system fetched and built first).
demo() {
	"$top/tests/system/run" --no-build --arch "$1" --timeout 900 --log "demo-$1" "$top/scripts/demo-guest.sh"
}
if [ -n "${ARCH:-}" ] && [ "$ARCH" != arm64 ]; then
	demo "$ARCH"
	exit
fi
demo arm64
# make's arm64 settings (BUILD, KROOT, ...) must not reach the riscv64 build
env -u BUILD -u KROOT -u KARCH -u CROSS_COMPILE ARCH=riscv64 \
	make --no-print-directory -C "$top" rootfs
demo riscv64
