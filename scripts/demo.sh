#!/usr/bin/env bash
# `make demo`: boots the root cell in QEMU and walks through the whole story, narrated.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/tests/system/run" --no-build --arch "${ARCH:-arm64}" --timeout 600 --log demo "$top/scripts/demo-guest.sh"
