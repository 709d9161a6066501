#!/usr/bin/env bash
# Runner self-test: a runner killed with SIGTERM or SIGINT takes its QEMU down with it.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

pid=
# A failed check must not leave the runner (and its QEMU) behind.
trap '[ -z "$pid" ] || { kill -TERM "$pid" 2>/dev/null; wait "$pid"; } || true' EXIT

make_runner_rootfs
for sig in TERM INT; do
	token=hvisor_runner_interrupt=$$-$RANDOM
	log=$BUILD/logs/runner-interrupt-$sig.log
	rm -f "$log"
	# Job control keeps SIGINT deliverable to a background job, as a
	# Ctrl-C reaches a runner in the foreground.
	set -m
	"$RUN" --no-build --rootfs "$RUNNER_ROOTFS" --log "runner-interrupt-$sig" \
		--timeout $((BOOT_S + 80)) --append "$token" "$GUEST/sleep-forever.sh" \
		>/dev/null 2>&1 &
	pid=$!
	set +m
	# Wait for the guest script to start (60 s on arm64).
	n=0
	wait_s=$((BOOT_S + 50))
	until grep -q 'sleep-forever: started' "$log" 2>/dev/null; do
		n=$((n + 1))
		if [ $n -gt $((wait_s * 10)) ]; then
			fail "guest did not start within $wait_s s (log $log)"
		fi
		sleep 0.1
	done
	[ -n "$(qemu_left "$token")" ] || fail "no QEMU found while the guest runs"
	start=$(date +%s)
	kill "-$sig" "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	pid=
	took=$(($(date +%s) - start))
	note "SIG$sig: runner exited $rc after ${took} s"
	case $sig in
	TERM) want=143 ;;
	INT) want=130 ;;
	esac
	[ "$rc" = "$want" ] || fail "runner killed by SIG$sig exited $rc, expected $want"
	[ "$took" -le 10 ] || fail "runner took ${took} s to stop after SIG$sig"
	left=$(qemu_left "$token")
	[ -z "$left" ] || fail "QEMU left behind after SIG$sig: $left"
done
