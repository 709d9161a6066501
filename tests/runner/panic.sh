#!/usr/bin/env bash
# Runner self-test: a kernel panic in the guest fails the run (125) quickly, not at the timeout.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

make_runner_rootfs
run_guest panic --timeout 120 "$GUEST/panic.sh"
[ "$rc" = 125 ] || fail "runner exited $rc, expected 125 (log $log)"
# Well before the timeout: a boot plus a little (60 s on arm64).
[ "$elapsed" -lt $((BOOT_S + 50)) ] || fail "runner took ${elapsed} s to notice the panic"
grep -q 'Kernel panic - not syncing' "$log" || fail "no panic message in $log"
if grep -q 'HVISOR-TEST-EXIT=' "$log"; then
	fail "an exit marker was printed despite the panic (log $log)"
fi
