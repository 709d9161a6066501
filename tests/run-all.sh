#!/usr/bin/env bash
# `make test`: builds once, then runs the style check, unit tests, runner self-tests and system tests.
#
# usage: [ARCH=arm64] tests/run-all.sh [--only build|style|unit|runner|package|system] [NAME-FILTER]
# Prints `PASS name (Ns)` or `FAIL name (Ns)` per test, the end of each failed
# test's log, and last the line `N passed, N failed` (`, N skipped` added
# when tests were skipped). Exits 1 if a test failed (or none matched
# NAME-FILTER), 2 on a usage error. Test names: build, style, unit/<binary>,
# runner/<script>, guest/qemu-selftest, system/<script>; NAME-FILTER keeps
# the tests whose name contains it. Logs go to build/logs/test/ (another
# arch's to build/logs/test-ARCH/). `make test` runs it for arm64, then
# with ARCH=riscv64 --only system.
# A test script may carry a line `# arch: arm64 riscv64` (the architectures
# it applies to; none means all): where it does not name $ARCH (default
# arm64) the test is skipped, printed as `SKIP name (arch)`, and counts
# neither as passed nor as failed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

usage() {
	echo "usage: $0 [--only build|style|unit|runner|package|system] [NAME-FILTER]" >&2
	exit 2
}

only=
filter=
while [ $# -gt 0 ]; do
	case $1 in
	--only)
		[ $# -ge 2 ] || usage
		case $2 in
		build | style | unit | runner | package | system) only=$2 ;;
		*)
			echo "run-all: --only: unknown step '$2'" >&2
			usage
			;;
		esac
		shift 2
		;;
	-h | --help) usage ;;
	-*)
		echo "run-all: unknown option '$1'" >&2
		usage
		;;
	*)
		[ -z "$filter" ] || usage
		filter=$1
		shift
		;;
	esac
done

export BUILD=${BUILD:-$top/build}
export ARCH=${ARCH:-arm64}
# arm64's logs in build/logs/test/, another arch's in build/logs/test-ARCH/
LOGS=$BUILD/logs/test
[ "$ARCH" = arm64 ] || LOGS=$BUILD/logs/test-$ARCH
mkdir -p "$LOGS"

passed=0
failed=0
skipped=0
failures=()   # "name<TAB>log" of each failed test
UNIT_TIMEOUT=${UNIT_TIMEOUT:-300}
RUNNER_TIMEOUT=${RUNNER_TIMEOUT:-900}

step() { [ -z "$only" ] || [ "$only" = "$1" ]; }
wanted() { [ -z "$filter" ] || [[ $1 == *"$filter"* ]]; }
logfile() { echo "$LOGS/${1//\//-}.log"; }

# record NAME STATUS SECONDS LOG...
record() {
	local name=$1 status=$2 secs=$3
	shift 3
	if [ "$status" = 0 ]; then
		echo "PASS $name (${secs}s)"
		passed=$((passed + 1))
	else
		echo "FAIL $name (${secs}s)"
		failed=$((failed + 1))
		local IFS=$'\t'
		failures+=("$name"$'\t'"$*")
	fi
}

# header SCRIPT KEY: the rest of SCRIPT's first `# KEY:` line (none: empty).
header() {
	awk -v k="# $2:" 'index($0, k) == 1 {
		s = substr($0, length(k) + 1); sub(/^[ \t]*/, "", s); print s; exit }' "$1"
}

# arch_ok SCRIPT: whether SCRIPT applies to $ARCH (its `# arch:` line, if any, names it).
arch_ok() {
	local line
	line=$(header "$1" arch)
	[ -z "$line" ] || [[ " $line " == *[[:space:]]"$ARCH"[[:space:]]* ]]
}

skip() {
	echo "SKIP $1 (arch)"
	skipped=$((skipped + 1))
}

# run_test NAME LOG COMMAND...: runs COMMAND with its output in LOG.
run_test() {
	local name=$1 log=$2 start=$SECONDS status=0
	shift 2
	"$@" </dev/null >"$log" 2>&1 || status=$?
	record "$name" "$status" $((SECONDS - start)) "$log"
}

# The tests to run, decided before building so a filter can skip the build.
runner_tests=()
system_tests=()
system_skips=()
if step runner; then
	for t in tests/runner/*.sh; do
		[ -f "$t" ] || continue
		wanted "runner/$(basename "$t" .sh)" && runner_tests+=("$t")
	done
fi
if step system; then
	for t in tests/system/*.sh; do
		[ -f "$t" ] || continue
		name=system/$(basename "$t" .sh)
		wanted "$name" || continue
		if arch_ok "$t"; then
			system_tests+=("$t")
		else
			system_skips+=("$name")
		fi
	done
fi

# (a) Build once: the system tests boot what this produces.
build_ok=1
if [ "$only" = build ] || { [ -z "$only" ] && wanted build; } ||
	[ ${#system_tests[@]} -gt 0 ]; then
	log=$(logfile build)
	start=$SECONDS
	status=0
	{ make -C "$top" --no-print-directory ARCH="$ARCH" all &&
		make -C "$top" --no-print-directory ARCH="$ARCH" rootfs; } </dev/null >"$log" 2>&1 ||
		status=$?
	record build "$status" $((SECONDS - start)) "$log"
	[ "$status" = 0 ] || build_ok=0
fi

# (b) Style.
if step style && wanted style; then
	run_test style "$(logfile style)" sh -c "bash scripts/check-format.sh && bash scripts/check-headers.sh"
fi

# (c) Unit tests: each binary is one test, its output shown.
if step unit; then
	if [ ! -f tests/unit/Makefile ]; then
		echo "note: unit tests skipped: tests/unit/Makefile does not exist yet"
	else
		log=$(logfile unit-build)
		start=$SECONDS
		status=0
		make -C tests/unit --no-print-directory O="$BUILD/unit" </dev/null >"$log" 2>&1 ||
			status=$?
		if [ "$status" != 0 ]; then
			record unit/build "$status" $((SECONDS - start)) "$log"
		else
			for bin in "$BUILD"/unit/test_*; do
				if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
					continue
				fi
				name=unit/$(basename "$bin")
				wanted "$name" || continue
				log=$(logfile "$name")
				start=$SECONDS
				status=0
				(cd "$top" && timeout -k 5 "$UNIT_TIMEOUT" "$bin") </dev/null >"$log" 2>&1 ||
					status=$?
				sed 's/^/    /' "$log"
				record "$name" "$status" $((SECONDS - start)) "$log"
			done
		fi
	fi
fi

# (d) Runner self-tests: host scripts that boot QEMU through tests/system/run.
for t in "${runner_tests[@]}"; do
	name=runner/$(basename "$t" .sh)
	run_test "$name" "$(logfile "$name")" timeout -k 10 "$RUNNER_TIMEOUT" bash "$t"
done

# (d0) Host tests of what is installed and packaged (tests/package/*.sh:
# bash completion, make deb into a fresh root filesystem, booted).
if step package; then
	for t in tests/package/*.sh; do
		[ -f "$t" ] || continue
		name=package/$(basename "$t" .sh)
		wanted "$name" || continue
		if arch_ok "$t"; then
			run_test "$name" "$(logfile "$name")" \
				timeout -k 10 "$RUNNER_TIMEOUT" bash "$t"
		else
			skip "$name"
		fi
	done
fi

# (d1) A short libFuzzer smoke of the daemon's virtqueue walker and devices.
if [ "$only" = "" ] || [ "$only" = unit ]; then
	if wanted fuzz/smoke && [ -f tests/fuzz/Makefile ]; then
		run_test fuzz/smoke "$(logfile fuzz/smoke)" \
			make -C tests/fuzz --no-print-directory O="$BUILD/fuzz" FUZZ_TIME=5
	fi
fi

# (d2) The test guest on bare QEMU, without the hypervisor (its own checks).
if [ "$only" = "" ] || [ "$only" = runner ]; then
	t=tests/guest/qemu-selftest.sh
	if wanted guest/qemu-selftest; then
		if arch_ok "$t"; then
			sdir=$BUILD/guests-selftest # arm64's; other arches under $BUILD/$ARCH
			[ "$ARCH" = arm64 ] || sdir=$BUILD/$ARCH/guests-selftest
			run_test guest/qemu-selftest "$(logfile guest/qemu-selftest)" \
				timeout -k 10 "$RUNNER_TIMEOUT" sh "$t" "$sdir"
		else
			skip guest/qemu-selftest
		fi
	fi
fi

# (e) System tests, each booted through the runner with its `# runner:` options.
for name in "${system_skips[@]}"; do
	skip "$name"
done
if [ ${#system_tests[@]} -gt 0 ] && [ $build_ok = 0 ]; then
	echo "note: ${#system_tests[@]} system tests skipped: the build failed"
	system_tests=()
fi
for t in "${system_tests[@]}"; do
	name=system/$(basename "$t" .sh)
	log=$(logfile "$name")
	err=$LOGS/${name//\//-}.err
	opts=()
	line=$(header "$t" runner)
	[ -z "$line" ] || read -r -a opts <<<"$line"
	start=$SECONDS
	status=0
	tests/system/run --no-build --arch "$ARCH" "${opts[@]}" --log "$log" "$t" \
		</dev/null >/dev/null 2>"$err" || status=$?
	if [ -s "$err" ]; then
		record "$name" "$status" $((SECONDS - start)) "$log" "$err"
	else
		record "$name" "$status" $((SECONDS - start)) "$log"
	fi
done

# Failure summaries, then the one-line total.
for f in "${failures[@]}"; do
	IFS=$'\t' read -r -a parts <<<"$f"
	echo
	echo "=== FAIL ${parts[0]}"
	for l in "${parts[@]:1}"; do
		[ -f "$l" ] || continue
		echo "--- last 30 lines of ${l#"$top"/}:"
		tail -n 30 "$l"
	done
done
[ ${#failures[@]} -eq 0 ] || echo
total="$passed passed, $failed failed"
[ "$skipped" = 0 ] || total+=", $skipped skipped"
if [ $((passed + failed + skipped)) -eq 0 ]; then
	echo "run-all: no test matched${filter:+ \"$filter\"}" >&2
	echo "$total"
	exit 1
fi
echo "$total"
[ "$failed" = 0 ]
