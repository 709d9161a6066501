#!/usr/bin/env bash
# Checks that every header stands alone: each is compiled by itself, as the hypervisor (hv/, asm/) or the host (ABI) sees it.
#
# usage: check-headers.sh [ARCH]   (default: $ARCH or arm64)
# Exit 1 and the compiler's messages when a header does not compile alone.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
arch=${1:-${ARCH:-arm64}}
case $arch in
arm64) cross=aarch64-linux-gnu- ;;
riscv64) cross=riscv64-linux-gnu- ;;
*)
	echo "check-headers: unknown arch '$arch'" >&2
	exit 2
	;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# check CC FLAGS... -- HEADER...: each header included alone into an empty unit.
check() {
	local cc=$1 h out
	shift
	local flags=()
	while [ "$1" != -- ]; do
		flags+=("$1")
		shift
	done
	shift
	for h in "$@"; do
		printf '#include "%s"\n' "$top/$h" >"$tmp/t.c"
		if ! out=$("$cc" "${flags[@]}" -fsyntax-only "$tmp/t.c" 2>&1); then
			echo "check-headers: $h does not compile alone:" >&2
			echo "$out" >&2
			fail=1
		fi
	done
}

hv_flags=(-std=gnu11 -Wall -Wextra -Werror -Wmissing-prototypes
	-ffreestanding -nostdinc -isystem "$("${cross}gcc" -print-file-name=include)"
	-Ihypervisor/include -Ihypervisor/arch/$arch/include -Iinclude
	-Iinclude/arch/$arch)
mapfile -t hv_headers < <(ls hypervisor/include/hv/*.h hypervisor/arch/$arch/include/asm/*.h)
check "${cross}gcc" "${hv_flags[@]}" -- "${hv_headers[@]}"

abi_flags=(-std=gnu11 -Wall -Wextra -Werror -Iinclude -Iinclude/arch/$arch)
mapfile -t abi_headers < <(ls include/hvisor/*.h include/arch/$arch/asm/*.h)
check gcc "${abi_flags[@]}" -- "${abi_headers[@]}"

[ $fail = 0 ] && echo "check-headers: ${#hv_headers[@]} hypervisor and ${#abi_headers[@]} ABI headers stand alone"
exit $fail
