#!/usr/bin/env bash
# make test: every test on arm64, then the riscv64 package, system and test-guest self-tests; ends with one total line.
#
# usage: tests/test-all.sh    (exit 0 when every part passed)
set -u
cd "$(dirname "$0")/.."
passed=0 failed=0 skipped=0 status=0 parts=()

# part LABEL COMMAND...: runs a tests/run-all.sh and adds its counts.
part() {
	local label=$1 out line p f s
	shift
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	[ "${PIPESTATUS[0]}" = 0 ] || status=1
	line=$(tail -n 1 "$out")
	rm -f "$out"
	if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[4]:-0}
	else
		p=0 f=1 s=0 # no summary: the part itself broke
		status=1
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	parts+=("$label: $line")
}

# make exports its arch's build variables (ARCH, BUILD, KROOT, KARCH,
# CROSS_COMPILE): another arch's part starts without them, as from a shell.
other_arch() {
	env -u BUILD -u KROOT -u KARCH -u CROSS_COMPILE ARCH="$1" "${@:2}"
}

part arm64 env ARCH=arm64 bash tests/run-all.sh
# the riscv64 kernel, headers and tools (make test's deps fetched arm64's)
other_arch riscv64 bash scripts/deps.sh || status=1
part "riscv64 package" other_arch riscv64 bash tests/run-all.sh --only package
part "riscv64 system" other_arch riscv64 bash tests/run-all.sh --only system
part "riscv64 guest" other_arch riscv64 bash tests/run-all.sh --only runner guest/qemu-selftest
echo
printf '%s\n' "${parts[@]}"
total="$passed passed, $failed failed"
[ "$skipped" = 0 ] || total+=", $skipped skipped"
echo "$total"
exit $status
