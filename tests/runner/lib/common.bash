# Shared helpers for the runner self-tests: paths, a hvisor-free rootfs of $ARCH, assertions.
# shellcheck shell=bash disable=SC2034 # variables used by the sourcing tests

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
RUN=$top/tests/system/run
GUEST=$top/tests/runner/guest
# The runner boots $ARCH (default arm64) and logs into that arch's build
# folder: build/ for arm64, build/<arch>/ for the others (scripts/arch.mk).
ARCH=${ARCH:-arm64}
export ARCH
BUILD=${BUILD:-$top/build}
if [ "$ARCH" != arm64 ] && [ "$(realpath -m "$BUILD")" = "$(realpath -m "$top/build")" ]; then
	BUILD=$top/build/$ARCH
fi
RUNNER_ROOTFS=$BUILD/runner/rootfs.cpio.gz
# Seconds a boot of $ARCH may take to reach the guest script under TCG on
# a loaded two-core host (riscv64's Debian kernel boots in ~18 s alone).
case $ARCH in
riscv64) BOOT_S=40 ;;
*) BOOT_S=10 ;;
esac
test_name=$(basename "$0" .sh)

fail() {
	echo "FAIL: $test_name: $*" >&2
	exit 1
}

note() {
	echo "$test_name: $*"
}

# The runner is tested against a rootfs made from an empty install tree, so
# the self-tests do not depend on the hypervisor build.
make_runner_rootfs() {
	mkdir -p "$BUILD/runner/empty"
	bash "$top/scripts/mkrootfs.sh" "$BUILD/runner/empty" "$RUNNER_ROOTFS" ||
		fail "scripts/mkrootfs.sh failed"
}

# run_guest LOGNAME [RUNNER-OPTIONS...] SCRIPT [ARGS...]
# Runs the runner; sets rc (its exit status), elapsed (seconds) and log.
run_guest() {
	local name=$1
	shift
	mkdir -p "$BUILD/logs"
	log=$BUILD/logs/runner-$name.log
	local start
	start=$(date +%s)
	set +e
	"$RUN" --no-build --rootfs "$RUNNER_ROOTFS" --log "runner-$name" "$@" \
		>/dev/null 2>"$BUILD/logs/runner-$name.err"
	rc=$?
	set -e
	elapsed=$(($(date +%s) - start))
	note "$name: exit $rc after ${elapsed} s"
}

# qemu_left TOKEN: prints the QEMU processes (of any arch) whose command line holds TOKEN.
qemu_left() {
	pgrep -a -f "qemu-system-[a-z0-9_]+ .*$1" || true
}
