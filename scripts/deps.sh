#!/usr/bin/env bash
# Installs host packages and fetches Debian's kernel, headers, busybox and libraries for $ARCH into the cache.
#
# usage: [ARCH=arm64] [CACHE=DIR] deps.sh
# The tree for ARCH is unpacked under $CACHE/$ARCH/<kernel ABI>/root, with
# the ABI in $CACHE/$ARCH/<kernel ABI>/abi and $CACHE/$ARCH/current linking
# to the newest one. A no-op when the packages are there and the tree of
# the kernel apt offers is already fetched.
set -euo pipefail

ARCH=${ARCH:-arm64}
CACHE=${CACHE:-${HVISOR_CACHE:-$HOME/.cache/hvisor}}

log() { echo "deps: $*" >&2; }

# arch_table ARCH: sets the per-architecture facts, or refuses ARCH.
#   DEB_ARCH    Debian's name of the architecture (dpkg, apt)
#   ARCH_PKGS   host packages: the cross toolchain and QEMU
#   KFLAVOUR    the kernel flavour: metapackage linux-image-$KFLAVOUR,
#               ABI names ending in -$KFLAVOUR
#   TARGET_DEBS the target's packages unpacked next to the kernel
arch_table() {
	case $1 in
	arm64)
		DEB_ARCH=arm64
		ARCH_PKGS=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross
			binutils-aarch64-linux-gnu qemu-system-arm)
		KFLAVOUR=arm64
		TARGET_DEBS=(busybox-static libjson-c-dev libjson-c5 libfdt-dev libfdt1)
		;;
	riscv64)
		log "ARCH=riscv64 is not supported yet (no kernel fetching for it)"
		exit 1
		;;
	*)
		log "unknown ARCH '$1' (supported: arm64)"
		exit 1
		;;
	esac
}

arch_table "$ARCH"
PKGS=(make gcc "${ARCH_PKGS[@]}"
      qemu-utils device-tree-compiler libfdt-dev libjson-c-dev
      libcmocka-dev linux-kbuild-6.1 cpio e2fsprogs clang clang-format
      libclang-rt-14-dev llvm pkg-config bc kmod gzip)

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
	dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH" || arch_ok=0
	[ ${#missing[@]} -eq 0 ] && [ $arch_ok = 1 ] && return 0
	need_root
	[ $arch_ok = 1 ] || dpkg --add-architecture "$DEB_ARCH"
	log "installing: ${missing[*]:-($DEB_ARCH architecture only)}"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	[ ${#missing[@]} -eq 0 ] ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The kernel ABI name (e.g. 6.1.0-56-arm64) of Debian's current kernel for DEB_ARCH.
kernel_abi() {
	apt-cache depends "linux-image-$KFLAVOUR:$DEB_ARCH" 2>/dev/null |
		sed -n "s/.*Depends: linux-image-\([0-9][^:]*-$KFLAVOUR\)\(:$DEB_ARCH\)\?\$/\1/p" |
		grep -v unsigned | head -n1
}

fetch_debs() {
	local abi
	abi=$(kernel_abi)
	if [ -z "$abi" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -qq
		abi=$(kernel_abi)
	fi
	[ -n "$abi" ] || { log "cannot resolve linux-image-$KFLAVOUR:$DEB_ARCH from apt"; exit 1; }
	local base=${abi%-"$KFLAVOUR"}
	local dir=$CACHE/$ARCH/$abi
	if [ -e "$dir/.done" ]; then
		ln -sfn "$abi" "$CACHE/$ARCH/current"
		return 0
	fi
	log "fetching Debian $DEB_ARCH $abi"
	rm -rf "$dir" && mkdir -p "$dir/debs" "$dir/root"
	(cd "$dir/debs" && apt-get download -qq "linux-image-$abi:$DEB_ARCH" \
		"linux-headers-$abi:$DEB_ARCH" "linux-headers-$base-common" \
		$(printf "%s:$DEB_ARCH " "${TARGET_DEBS[@]}"))
	local d
	for d in "$dir"/debs/*.deb; do dpkg-deb -x "$d" "$dir/root"; done
	# Point the target's headers at the unpacked common tree and the host's kbuild.
	local hdr=$dir/root/usr/src/linux-headers-$abi
	sed -i "s|^include /usr/src/linux-headers-$base-common/Makefile|include $dir/root/usr/src/linux-headers-$base-common/Makefile|" "$hdr/Makefile"
	local kb
	for kb in $(find "$dir/root/usr/src" -maxdepth 3 -type l -lname '*linux-kbuild*'); do
		ln -sfn /usr/lib/linux-kbuild-6.1/"$(basename "$(readlink "$kb")")" "$kb" 2>/dev/null || true
	done
	rm -rf "$dir/debs"
	echo "$abi" > "$dir/abi"
	touch "$dir/.done"
	ln -sfn "$abi" "$CACHE/$ARCH/current"
}

host_packages
mkdir -p "$CACHE/$ARCH"
fetch_debs
log "ready: $(readlink "$CACHE/$ARCH/current") in $CACHE"
