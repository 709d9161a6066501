#!/usr/bin/env bash
# Soak: cell_hostile_race.sh with 1000 destroy-while-racing rounds (issue 9's "done when"); about 40 min under QEMU TCG.
#
# usage: tests/soak/race.sh [ROUNDS]    (default 1000)
# Builds what is missing (make all rootfs), boots the root in QEMU once and
# runs the system test with ROUNDS rounds; the console log goes to
# build/logs/soak/race.log. Exit status: the test's (see tests/system/README.md).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-1000}
# about 3 s a round, plus the boot; twice that as the limit
timeout=$((rounds * 6 + 300))
mkdir -p "$top/build/logs/soak"
make -C "$top" all rootfs >/dev/null
exec "$top/tests/system/run" --no-build --add "$top/tests/system/lib:/test/lib" \
	--timeout "$timeout" --log "$top/build/logs/soak/race.log" \
	"$top/tests/system/cell_hostile_race.sh" "$rounds"
