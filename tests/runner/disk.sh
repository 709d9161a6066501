#!/usr/bin/env bash
# Runner self-test: --disk FILE and --disk @DISK<size> show up as virtio-blk disks with the right content.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

make_runner_rootfs
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runner-disk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
head -c 2097152 /dev/urandom >"$tmp/data.img"
hd=$(sha256sum "$tmp/data.img" | cut -d' ' -f1)
hz=$(head -c 1048576 /dev/zero | sha256sum | cut -d' ' -f1)

run_guest disk --disk "$tmp/data.img" --disk @DISK1M \
	"$GUEST/check-disks.sh" 4096 "$hd" 2048 "$hz"
[ "$rc" = 0 ] || fail "runner exited $rc, expected 0 (log $log)"
grep -c 'check-disks: .*: ok' "$log" | grep -qx 2 || fail "guest did not check both disks (log $log)"
