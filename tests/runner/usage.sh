#!/usr/bin/env bash
# Runner self-test: bad options and missing files are rejected (status 2 or 1) before QEMU starts.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

expect() {
	local want=$1 what=$2
	shift 2
	set +e
	"$RUN" --no-build --rootfs "$RUNNER_ROOTFS" "$@" >/dev/null 2>&1
	local got=$?
	set -e
	[ "$got" = "$want" ] || fail "$what: runner exited $got, expected $want"
}

make_runner_rootfs
expect 2 "unknown option" --bogus "$GUEST/exit-with.sh" 0
expect 2 "missing SCRIPT"
expect 2 "bad --timeout" --timeout 0 "$GUEST/exit-with.sh" 0
expect 2 "bad --smp" --smp x "$GUEST/exit-with.sh" 0
expect 2 "bad --arch" --arch mips "$GUEST/exit-with.sh" 0
expect 2 "--aia beyond 7 guest files" --arch riscv64 --aia 8 "$GUEST/exit-with.sh" 0
expect 2 "--aia 0" --arch riscv64 --aia 0 "$GUEST/exit-with.sh" 0
expect 2 "--aia on arm64" --arch arm64 --aia 1 "$GUEST/exit-with.sh" 0
expect 2 "--add without guest path" --add /etc/hostname "$GUEST/exit-with.sh" 0
expect 2 "--interactive with SCRIPT" --interactive "$GUEST/exit-with.sh"
expect 1 "missing SCRIPT file" /nonexistent/script.sh
expect 1 "missing --add source" --add /nonexistent:/tmp/x "$GUEST/exit-with.sh" 0
expect 1 "missing --disk" --disk /nonexistent.img "$GUEST/exit-with.sh" 0
expect 1 "missing rootfs" --rootfs /nonexistent.cpio.gz "$GUEST/exit-with.sh" 0
