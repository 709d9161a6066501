#!/usr/bin/env bash
# Runner self-test: a runner killed with SIGTERM or SIGINT takes its QEMU down with it.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

make_runner_rootfs
for sig in TERM INT; do
	token=hvisor_runner_interrupt=$$-$RANDOM
	log=$BUILD/logs/runner-interrupt-$sig.log
	"$RUN" --no-build --rootfs "$RUNNER_ROOTFS" --log "runner-interrupt-$sig" \
		--timeout 150 --append "$token" "$GUEST/sleep-forever.sh" \
		>/dev/null 2>&1 &
	pid=$!
	# Wait for the guest script to start.
	n=0
	until grep -q 'sleep-forever: started' "$log" 2>/dev/null; do
		n=$((n + 1))
		if [ $n -gt 600 ]; then
			kill -TERM "$pid" 2>/dev/null || true
			fail "guest did not start within 60 s (log $log)"
		fi
		sleep 0.1
	done
	[ -n "$(qemu_left "$token")" ] || fail "no QEMU found while the guest runs"
	kill "-$sig" "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	note "SIG$sig: runner exited $rc"
	[ "$rc" != 0 ] || fail "runner killed by SIG$sig exited 0"
	left=$(qemu_left "$token")
	[ -z "$left" ] || fail "QEMU left behind after SIG$sig: $left"
done
