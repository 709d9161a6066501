#!/usr/bin/env bash
# Runner self-test: the guest script's exit status is the runner's exit status.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

make_runner_rootfs
for want in 7 0; do
	run_guest "exit-$want" "$GUEST/exit-with.sh" "$want"
	[ "$rc" = "$want" ] || fail "guest exited $want, runner exited $rc (log $log)"
	grep -q "^HVISOR-TEST-EXIT=$want\$" "$log" ||
		fail "no HVISOR-TEST-EXIT=$want line in $log"
	grep -q "exit-with: exiting with $want" "$log" ||
		fail "guest output missing from $log"
done
