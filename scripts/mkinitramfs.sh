#!/usr/bin/env bash
# Builds a gzip'd initramfs from busybox, Debian's kernel modules, an /init file and an optional install tree.
#
# usage: mkinitramfs.sh --init FILE --modules "NAME..." [--overlay DIR]
#                       [--mkdir DIR]... OUT.cpio.gz
#
# The image holds:
#   /bin/busybox (Debian's busybox-static) and /bin/sh -> busybox;
#   the directories bin sbin usr/bin usr/sbin etc proc sys dev tmp root mnt,
#   plus each --mkdir DIR (relative to /);
#   the modules NAME... (not their dependencies: list those too) under
#   /lib/modules/$ABI with a modules.dep from depmod, and their names, one a
#   line in the given order, in /etc/modules (the /init loads them); a NAME
#   built into the kernel (modules.builtin) is left out of both, and a
#   compressed module (.ko.xz, .ko.zst, .ko.gz) is shipped uncompressed;
#   the overlay DIR copied as is, over everything above;
#   last /etc/passwd and /etc/group with root only, and FILE as /init.
# The kernel tree is $KROOT (default $CACHE/$ARCH/current/root, ARCH
# default arm64), as scripts/deps.sh unpacks it.
# OUT is rebuilt only when an input changed: a manifest of the inputs (the
# options, content hashes of this script, of FILE and of the overlay, size
# and mtime of the busybox binary and of the modules) is kept in OUT.stamp
# and compared first. OUT is written next to itself and renamed into place.
set -euo pipefail

prog=mkinitramfs
usage() {
	echo "usage: $0 --init FILE --modules \"NAME...\" [--overlay DIR] [--mkdir DIR]... OUT.cpio.gz" >&2
	exit 2
}
die() {
	echo "$prog: $*" >&2
	exit 1
}

INIT=
MODULES=()
modules_set=0
OVERLAY=
DIRS=()
# Options, each with one value, then OUT.
while [ $# -gt 1 ]; do
	case $1 in
	--init) INIT=$2 ;;
	--modules)
		read -r -a MODULES <<<"$2"
		modules_set=1
		;;
	--overlay) OVERLAY=$2 ;;
	--mkdir) DIRS+=("${2#/}") ;;
	*)
		echo "$prog: unknown option '$1'" >&2
		usage
		;;
	esac
	shift 2
done
if [ $# -ne 1 ] || [[ $1 == -* ]] || [ -z "$INIT" ] || [ $modules_set = 0 ]; then
	usage
fi
OUT=$1
[ -f "$INIT" ] || die "--init '$INIT' is not a file"
[ -z "$OVERLAY" ] || [ -d "$OVERLAY" ] || die "--overlay '$OVERLAY' is not a directory"

ARCH=${ARCH:-arm64}
CACHE=${CACHE:-${HVISOR_CACHE:-$HOME/.cache/hvisor}}
KROOT=${KROOT:-$CACHE/$ARCH/current/root}
abi_file=$KROOT/../abi
[ -r "$abi_file" ] || die "$abi_file missing (run 'make deps' first)"
ABI=$(cat "$abi_file")
BUSYBOX=$KROOT/bin/busybox
MODDIR=$KROOT/lib/modules/$ABI

need() {
	command -v "$1" >/dev/null || die "'$1' not found (run 'make deps')"
}
for tool in cpio gzip depmod sha256sum; do
	need "$tool"
done
[ -f "$BUSYBOX" ] || die "$BUSYBOX missing (run 'make deps')"

# builtin NAME: whether module NAME is built into the kernel.
builtin() {
	local f=${1//-/_}
	tr '-' '_' <"$MODDIR/modules.builtin" | grep -q "/$f\.ko\$"
}

# Paths (relative to $MODDIR) of the modules to ship, and the names to load.
mod_paths=()
load=()
for m in "${MODULES[@]}"; do
	p=$(cd "$MODDIR" && find kernel \( -name "$m.ko" -o -name "$m.ko.xz" \
		-o -name "$m.ko.zst" -o -name "$m.ko.gz" \) -print -quit)
	if [ -z "$p" ]; then
		builtin "$m" && continue
		die "module $m not found under $MODDIR"
	fi
	mod_paths+=("$p")
	load+=("$m")
done

# The manifest of everything the image is made of.
manifest() {
	echo "abi $ABI"
	echo "modules ${MODULES[*]}"
	echo "mkdir ${DIRS[*]}"
	sha256sum "$0" "$INIT" | cut -d' ' -f1
	stat -L -c '%n %s %Y' "$BUSYBOX" "$MODDIR/modules.builtin" \
		"$MODDIR/modules.order"
	[ ${#mod_paths[@]} -eq 0 ] ||
		(cd "$MODDIR" && stat -L -c '%n %s %Y' "${mod_paths[@]}")
	[ -n "$OVERLAY" ] || return 0
	echo "overlay"
	(cd "$OVERLAY" && find . -printf '%p %y %m %l\n' | LC_ALL=C sort)
	(cd "$OVERLAY" && find . -type f -print0 | LC_ALL=C sort -z |
		xargs -0 -r sha256sum)
}

stamp=$OUT.stamp
want=$(manifest)
if [ -f "$OUT" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

mkdir -p "$(dirname "$OUT")"
work=$(mktemp -d "${TMPDIR:-/tmp}/$prog.XXXXXX")
# Written next to OUT and renamed, so a concurrent reader never sees half a file.
tmpout=$(mktemp "$OUT.XXXXXX")
trap 'rm -rf "$work" "$tmpout"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,mnt}
for d in "${DIRS[@]}"; do
	mkdir -p "$root/$d"
done
mkdir -p "$root/lib/modules/$ABI"

install -m 0755 "$BUSYBOX" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"

for p in "${mod_paths[@]}"; do
	dst=$root/lib/modules/$ABI/${p%.ko*}.ko
	mkdir -p "$(dirname "$dst")"
	case $p in
	*.ko.xz) need xz && xz -dc "$MODDIR/$p" >"$dst" ;;
	*.ko.zst) need zstd && zstd -q -dc "$MODDIR/$p" >"$dst" ;;
	*.ko.gz) gzip -dc "$MODDIR/$p" >"$dst" ;;
	*) cp "$MODDIR/$p" "$dst" ;;
	esac
	chmod 0644 "$dst"
done
cp "$MODDIR/modules.builtin" "$MODDIR/modules.order" "$root/lib/modules/$ABI/"
[ ! -f "$MODDIR/modules.builtin.modinfo" ] ||
	cp "$MODDIR/modules.builtin.modinfo" "$root/lib/modules/$ABI/"
depmod -b "$root" "$ABI"
# Keep only what busybox modprobe reads.
rm -f "$root/lib/modules/$ABI"/*.bin

# The overlay goes in as is (it may also override the files above).
[ -z "$OVERLAY" ] || cp -a "$OVERLAY/." "$root/"

: >"$root/etc/modules"
[ ${#load[@]} -eq 0 ] || printf '%s\n' "${load[@]}" >"$root/etc/modules"
cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
EOF
install -m 0755 "$INIT" "$root/init"

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) | gzip -6 >"$tmpout"
chmod 0644 "$tmpout"
mv "$tmpout" "$OUT"
printf '%s\n' "$want" >"$work/stamp"
mv "$work/stamp" "$stamp"
