#!/usr/bin/env bash
# Runner self-test: a guest that never ends is killed at --timeout, exit 124, no QEMU left.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

make_runner_rootfs
token=hvisor_runner_timeout=$$-$RANDOM
# Long enough for the guest script to start (25 s on arm64).
t=$((BOOT_S + 15))
run_guest timeout --timeout "$t" --append "$token" "$GUEST/sleep-forever.sh"
[ "$rc" = 124 ] || fail "runner exited $rc, expected 124 (log $log)"
[ "$elapsed" -ge "$t" ] || fail "runner returned after ${elapsed} s, before the $t s timeout"
[ "$elapsed" -le $((t + 15)) ] || fail "runner took ${elapsed} s for a $t s timeout"
grep -q 'sleep-forever: started' "$log" || fail "guest script never started (log $log)"
left=$(qemu_left "$token")
[ -z "$left" ] || fail "QEMU left behind: $left"
