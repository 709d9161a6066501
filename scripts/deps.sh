#!/usr/bin/env bash
# Installs host packages and fetches Debian's arm64 kernel, headers, busybox and libraries into the cache.
set -euo pipefail

CACHE=${CACHE:-${HVISOR_CACHE:-$HOME/.cache/hvisor}}
PKGS=(make gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
      qemu-system-arm qemu-utils device-tree-compiler libfdt-dev libjson-c-dev
      libcmocka-dev linux-kbuild-6.1 cpio e2fsprogs clang clang-format
      libclang-rt-14-dev llvm pkg-config bc kmod gzip)
ARM64_DEBS=(busybox-static libjson-c-dev libjson-c5 libfdt-dev libfdt1)

log() { echo "deps: $*" >&2; }

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps: installing packages needs root (run as root or with sudo)" >&2
		exit 1
	fi
}

host_packages() {
	local missing=() p
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	local arch_ok=1
	dpkg --print-foreign-architectures | grep -qx arm64 || arch_ok=0
	[ ${#missing[@]} -eq 0 ] && [ $arch_ok = 1 ] && return 0
	need_root
	[ $arch_ok = 1 ] || dpkg --add-architecture arm64
	log "installing: ${missing[*]:-(arm64 architecture only)}"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	[ ${#missing[@]} -eq 0 ] ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The kernel ABI name (e.g. 6.1.0-56-arm64) of Debian's current arm64 kernel.
kernel_abi() {
	apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		sed -n 's/.*Depends: linux-image-\([0-9][^:]*-arm64\)\(:arm64\)\?$/\1/p' |
		grep -v unsigned | head -n1
}

fetch_debs() {
	local abi
	abi=$(kernel_abi)
	if [ -z "$abi" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -qq
		abi=$(kernel_abi)
	fi
	[ -n "$abi" ] || { log "cannot resolve linux-image-arm64:arm64 from apt"; exit 1; }
	local base=${abi%-arm64}
	local dir=$CACHE/arm64/$abi
	if [ -e "$dir/.done" ]; then
		ln -sfn "$abi" "$CACHE/arm64/current"
		return 0
	fi
	log "fetching Debian arm64 $abi"
	rm -rf "$dir" && mkdir -p "$dir/debs" "$dir/root"
	(cd "$dir/debs" && apt-get download -qq "linux-image-$abi:arm64" \
		"linux-headers-$abi:arm64" "linux-headers-$base-common" \
		$(printf '%s:arm64 ' "${ARM64_DEBS[@]}"))
	local d
	for d in "$dir"/debs/*.deb; do dpkg-deb -x "$d" "$dir/root"; done
	# Point the arm64 headers at the unpacked common tree and the host's kbuild.
	local hdr=$dir/root/usr/src/linux-headers-$abi
	sed -i "s|^include /usr/src/linux-headers-$base-common/Makefile|include $dir/root/usr/src/linux-headers-$base-common/Makefile|" "$hdr/Makefile"
	local kb
	for kb in $(find "$dir/root/usr/src" -maxdepth 3 -type l -lname '*linux-kbuild*'); do
		ln -sfn /usr/lib/linux-kbuild-6.1/"$(basename "$(readlink "$kb")")" "$kb" 2>/dev/null || true
	done
	rm -rf "$dir/debs"
	echo "$abi" > "$dir/abi"
	touch "$dir/.done"
	ln -sfn "$abi" "$CACHE/arm64/current"
}

host_packages
mkdir -p "$CACHE/arm64"
fetch_debs
log "ready: $(readlink "$CACHE/arm64/current") in $CACHE"
