#!/usr/bin/env bash
# Installs host packages and fetches Debian's kernel, headers, busybox and libraries for $ARCH into the cache.
#
# usage: [ARCH=arm64|riscv64] [CACHE=DIR] deps.sh
# The tree for ARCH is unpacked under $CACHE/$ARCH/<kernel ABI>/root, with
# the ABI in $CACHE/$ARCH/<kernel ABI>/abi and $CACHE/$ARCH/current linking
# to the newest one. A no-op when the packages are there and the tree of
# the kernel apt offers is already fetched.
# arm64 packages come from the system's apt sources (arm64 added as a
# foreign architecture). Bookworm has no riscv64 packages: those come from
# trixie, and the kbuild tools matching its kernel from bookworm-backports
# (amd64), each through a private apt state under $CACHE/$ARCH/apt/ on the
# system's Debian mirror (HVISOR_DEBIAN_MIRROR overrides it); the system's
# sources and dpkg state are never changed, nothing of the target is
# installed.
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
#   TARGET_SUITE  the Debian release of the target's packages when it is not
#               the system's (a private apt state); empty: the system's apt
#   KBUILD_SUITE  with TARGET_SUITE: the release (for the host's
#               architecture) whose linux-kbuild-<major.minor> builds
#               modules for that kernel
arch_table() {
	TARGET_SUITE=
	KBUILD_SUITE=
	case $1 in
	arm64)
		DEB_ARCH=arm64
		ARCH_PKGS=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross
			binutils-aarch64-linux-gnu qemu-system-arm)
		KFLAVOUR=arm64
		TARGET_DEBS=(busybox-static libjson-c-dev libjson-c5 libfdt-dev libfdt1
			liburing-dev liburing2)
		;;
	riscv64)
		DEB_ARCH=riscv64
		# The static CLI links trixie's json-c/libfdt with bookworm's
		# cross glibc: trixie's libc.a needs a newer ld than bookworm's.
		ARCH_PKGS=(gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
			binutils-riscv64-linux-gnu qemu-system-misc opensbi xz-utils)
		KFLAVOUR=riscv64
		TARGET_DEBS=(busybox-static libjson-c-dev libjson-c5 libfdt-dev libfdt1
			liburing-dev liburing2)
		TARGET_SUITE=trixie
		KBUILD_SUITE=bookworm-backports
		;;
	*)
		log "unknown ARCH '$1' (supported: arm64 riscv64)"
		exit 1
		;;
	esac
}

arch_table "$ARCH"
PKGS=(make gcc "${ARCH_PKGS[@]}"
      qemu-utils device-tree-compiler libfdt-dev libjson-c-dev
      libcmocka-dev liburing-dev linux-kbuild-6.1 cpio e2fsprogs clang clang-format
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
	# A private apt state needs no foreign architecture in dpkg.
	[ -n "$TARGET_SUITE" ] ||
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

# The target packages a tree made before TARGET_DEBS grew holds.
OLD_TARGET_DEBS=(busybox-static libjson-c-dev libjson-c5 libfdt-dev libfdt1)

# topup DIR DOWNLOAD...: unpacks into the tree DIR/root the packages of
# TARGET_DEBS it lacks (DIR/target-debs lists those it has), downloaded by
# the command DOWNLOAD... PKG... run in a scratch folder.
topup() {
	local dir=$1 have=() missing=() p d
	shift
	if [ -e "$dir/target-debs" ]; then
		mapfile -t have <"$dir/target-debs"
	else
		have=("${OLD_TARGET_DEBS[@]}")
	fi
	for p in "${TARGET_DEBS[@]}"; do
		printf '%s\n' "${have[@]}" | grep -qx "$p" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "adding ${missing[*]} to $(basename "$dir")"
		rm -rf "$dir/debs.add" && mkdir -p "$dir/debs.add"
		(cd "$dir/debs.add" && "$@" "${missing[@]}")
		for d in "$dir"/debs.add/*.deb; do dpkg-deb -x "$d" "$dir/root"; done
		rm -rf "$dir/debs.add"
	fi
	printf '%s\n' "${TARGET_DEBS[@]}" >"$dir/target-debs"
}

# Downloads the arm64 (system apt) packages named: PKG:DEB_ARCH.
system_download() {
	apt-get download -qq $(printf "%s:$DEB_ARCH " "$@")
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
		topup "$dir" system_download
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
	printf '%s\n' "${TARGET_DEBS[@]}" >"$dir/target-debs"
	echo "$abi" > "$dir/abi"
	touch "$dir/.done"
	ln -sfn "$abi" "$CACHE/$ARCH/current"
}

# --- packages of another Debian release, through private apt states ---

# The system's Debian mirror: the URI of its own release's main archive.
debian_mirror() {
	if [ -n "${HVISOR_DEBIAN_MIRROR:-}" ]; then
		echo "$HVISOR_DEBIAN_MIRROR"
		return
	fi
	local codename uri
	# shellcheck disable=SC1091 # the system's, read at run time
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	# shellcheck disable=SC2016 # apt's format, not a shell expansion
	uri=$(apt-get indextargets --format '$(REPO_URI)' "Codename: $codename" \
		2>/dev/null | head -n1)
	[ -n "$uri" ] || {
		log "cannot find the Debian mirror of '$codename' in the apt sources (set HVISOR_DEBIAN_MIRROR)"
		exit 1
	}
	echo "$uri"
}

# apt_state DIR SUITE DEB_ARCH: makes DIR a private apt state for SUITE
# (main) of DEB_ARCH; papt_update fetches its package lists.
apt_state() {
	local d=$1 suite=$2 arch=$3 mirror
	mirror=$(debian_mirror)
	mkdir -p "$d/sources.list.d" "$d/preferences.d" "$d/lists/partial" \
		"$d/cache/archives/partial"
	[ -e "$d/status" ] || : >"$d/status"
	echo "$arch" >"$d/arch"
	cat >"$d/sources.list.d/debian.sources.tmp" <<EOF
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Architectures: $arch
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	mv "$d/sources.list.d/debian.sources.tmp" "$d/sources.list.d/debian.sources"
}

# papt DIR COMMAND ARGS...: apt-get or apt-cache on the private state DIR
# only (its sources, lists, cache, dpkg status and architecture).
papt() {
	local d=$1 cmd=$2 arch
	shift 2
	arch=$(cat "$d/arch")
	"$cmd" -o "Dir::Etc::SourceParts=$d/sources.list.d" \
		-o Dir::Etc::SourceList=/dev/null \
		-o "Dir::Etc::PreferencesParts=$d/preferences.d" \
		-o Dir::Etc::Preferences=/dev/null \
		-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" \
		-o "Dir::State::status=$d/status" \
		-o "APT::Architecture=$arch" -o "APT::Architectures=$arch" \
		-o APT::Sandbox::User=root -o Acquire::Languages=none "$@"
}

papt_update() {
	log "updating the package lists of $(basename "$1")"
	papt "$1" apt-get update -qq
}

# papt_download DIR PKG...: downloads into the current directory; lists
# older than the mirror's files fail the download: refresh them once.
papt_download() {
	local d=$1
	shift
	papt "$d" apt-get download -qq "$@" 2>/dev/null ||
		{ papt_update "$d" && papt "$d" apt-get download -qq "$@"; }
}

# The kernel ABI (e.g. 6.12.117+deb13-riscv64) offered in state DIR.
private_abi() {
	{ papt "$1" apt-cache depends "linux-image-$KFLAVOUR" 2>/dev/null || true; } |
		sed -n "s/.*Depends: linux-image-\([0-9][^:]*-$KFLAVOUR\)\$/\1/p" |
		{ grep -v unsigned || true; } | head -n1
}

# The newest linux-kbuild-MAJOR.MINOR.* package in state DIR.
private_kbuild() {
	{ papt "$1" apt-cache pkgnames "linux-kbuild-$2." 2>/dev/null || true; } |
		sort -V | tail -n1
}

# uapi DIR STATE: the release's kernel uapi headers in DIR/uapi, apart from
# the tree: its liburing includes headers (linux/blkdev.h) newer than the
# cross glibc's; builds search them last (-idirafter, target-libs.mk).
uapi() {
	[ -e "$1/uapi/.done" ] && return 0
	log "adding linux-libc-dev's headers to $(basename "$1")/uapi"
	rm -rf "$1/uapi" && mkdir -p "$1/uapi/debs"
	(cd "$1/uapi/debs" && papt_download "$2" linux-libc-dev)
	dpkg-deb -x "$1"/uapi/debs/*.deb "$1/uapi"
	rm -rf "$1/uapi/debs"
	touch "$1/uapi/.done"
}

fetch_private() {
	local tstate=$CACHE/$ARCH/apt/$TARGET_SUITE
	local kstate=$CACHE/$ARCH/apt/$KBUILD_SUITE
	apt_state "$tstate" "$TARGET_SUITE" "$DEB_ARCH"
	apt_state "$kstate" "$KBUILD_SUITE" "$(dpkg --print-architecture)"
	local abi
	abi=$(private_abi "$tstate")
	if [ -z "$abi" ]; then
		papt_update "$tstate"
		abi=$(private_abi "$tstate")
	fi
	[ -n "$abi" ] || {
		log "cannot resolve linux-image-$KFLAVOUR in $TARGET_SUITE"
		exit 1
	}
	local dir=$CACHE/$ARCH/$abi
	if [ -e "$dir/.done" ]; then
		topup "$dir" papt_download "$tstate"
		uapi "$dir" "$tstate"
		ln -sfn "$abi" "$CACHE/$ARCH/current"
		return 0
	fi
	local base=${abi%-"$KFLAVOUR"} majmin kbuild
	majmin=$(echo "$base" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	kbuild=$(private_kbuild "$kstate" "$majmin")
	if [ -z "$kbuild" ]; then
		papt_update "$kstate"
		kbuild=$(private_kbuild "$kstate" "$majmin")
	fi
	[ -n "$kbuild" ] || {
		log "no linux-kbuild-$majmin in $KBUILD_SUITE"
		exit 1
	}
	log "fetching Debian $TARGET_SUITE $DEB_ARCH $abi and $kbuild ($KBUILD_SUITE)"
	rm -rf "$dir" && mkdir -p "$dir/debs" "$dir/root"
	local t0=$SECONDS
	(cd "$dir/debs" && papt_download "$tstate" "linux-image-$abi" \
		"linux-headers-$abi" "linux-headers-$base-common" "${TARGET_DEBS[@]}")
	(cd "$dir/debs" && papt_download "$kstate" "$kbuild")
	log "downloaded $(du -sm "$dir/debs" | cut -f1) MB in $((SECONDS - t0)) s"
	local d
	for d in "$dir"/debs/*.deb; do dpkg-deb -x "$d" "$dir/root"; done
	# trixie ships merged /usr: the tree gets the usual /bin, /lib, /sbin.
	for d in bin lib sbin; do
		[ -e "$dir/root/$d" ] || [ ! -d "$dir/root/usr/$d" ] ||
			ln -s "usr/$d" "$dir/root/$d"
	done
	# Point the headers at the unpacked common tree, and the kbuild name
	# they expect at the one fetched (compatible within major.minor).
	local hdr=$dir/root/usr/src/linux-headers-$abi
	sed -i "s|^include /usr/src/linux-headers-$base-common/Makefile|include $dir/root/usr/src/linux-headers-$base-common/Makefile|" "$hdr/Makefile"
	[ "linux-kbuild-$base" = "$kbuild" ] ||
		ln -sfn "$kbuild" "$dir/root/usr/lib/linux-kbuild-$base"
	[ -x "$hdr/scripts/basic/fixdep" ] || {
		log "$hdr/scripts does not resolve to $kbuild"
		exit 1
	}
	rm -rf "$dir/debs"
	printf '%s\n' "${TARGET_DEBS[@]}" >"$dir/target-debs"
	uapi "$dir" "$tstate"
	echo "$kbuild" >"$dir/kbuild"
	echo "$abi" >"$dir/abi"
	touch "$dir/.done"
	ln -sfn "$abi" "$CACHE/$ARCH/current"
}

host_packages
mkdir -p "$CACHE/$ARCH"
if [ -n "$TARGET_SUITE" ]; then
	fetch_private
else
	fetch_debs
fi
log "ready: $(readlink "$CACHE/$ARCH/current") in $CACHE"
