#!/usr/bin/env bash
# Runner self-test: --add puts host files and directories in the guest; arguments keep their spaces.
set -euo pipefail
# shellcheck source=tests/runner/lib/common.bash
. "$(dirname "$0")/lib/common.bash"

make_runner_rootfs
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runner-add.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
head -c 3000 /dev/urandom | base64 >"$tmp/x.txt"
mkdir -p "$tmp/dir/sub"
head -c 65536 /dev/urandom >"$tmp/dir/sub/y.bin"
hx=$(sha256sum "$tmp/x.txt" | cut -d' ' -f1)
hy=$(sha256sum "$tmp/dir/sub/y.bin" | cut -d' ' -f1)

run_guest add-ok --add "$tmp/x.txt:/tmp/x.txt" --add "$tmp/dir:/opt/d" \
	"$GUEST/check-files.sh" "two  words" "two  words" /tmp/x.txt "$hx" /opt/d/sub/y.bin "$hy"
[ "$rc" = 0 ] || fail "matching files: runner exited $rc, expected 0 (log $log)"
grep -q 'check-files: /opt/d/sub/y.bin: ok' "$log" || fail "guest did not check y.bin (log $log)"

# The same check must fail when the expected hash is wrong.
bad=$(printf '%s' "$hx" | tr '0-9a-f' '1-9a-f0')
run_guest add-bad --add "$tmp/x.txt:/tmp/x.txt" "$GUEST/check-files.sh" a a /tmp/x.txt "$bad"
[ "$rc" = 1 ] || fail "wrong hash: runner exited $rc, expected 1 (log $log)"
