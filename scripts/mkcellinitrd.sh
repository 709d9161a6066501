#!/usr/bin/env bash
# Builds the Linux cell's gzip'd initramfs: busybox, Debian's virtio modules, guests/linux/init.
#
# usage: mkcellinitrd.sh OUT.cpio.gz
#
# OUT is rebuilt only when an input changed: a manifest of the inputs
# (content hashes of this script and of the init, size and mtime of the
# busybox binary and kernel modules) is kept in OUT.stamp and compared first.
set -euo pipefail

[ $# -eq 1 ] || {
	echo "usage: $0 OUT.cpio.gz" >&2
	exit 2
}
OUT=$1
top=$(cd "$(dirname "$0")/.." && pwd)
INIT=$top/guests/linux/init

CACHE=${CACHE:-${HVISOR_CACHE:-$HOME/.cache/hvisor}}
ARM64_ROOT=${ARM64_ROOT:-$CACHE/arm64/current/root}
abi_file=$ARM64_ROOT/../abi
[ -r "$abi_file" ] || {
	echo "mkcellinitrd: $abi_file missing (run 'make deps' first)" >&2
	exit 1
}
ABI=$(cat "$abi_file")
BUSYBOX=$ARM64_ROOT/bin/busybox
MODDIR=$ARM64_ROOT/lib/modules/$ABI
# Loaded by /init in this order (modprobe pulls in failover/net_failover).
MODULES=(virtio_mmio virtio_blk failover net_failover virtio_net virtio_console)

for tool in cpio gzip depmod sha256sum; do
	command -v "$tool" >/dev/null || {
		echo "mkcellinitrd: '$tool' not found (run 'make deps')" >&2
		exit 1
	}
done
for f in "$BUSYBOX" "$INIT"; do
	[ -f "$f" ] || {
		echo "mkcellinitrd: $f missing" >&2
		exit 1
	}
done

mod_paths=()
for m in "${MODULES[@]}"; do
	p=$(cd "$MODDIR" && find kernel -name "$m.ko" -print -quit)
	[ -n "$p" ] || {
		echo "mkcellinitrd: module $m not found under $MODDIR" >&2
		exit 1
	}
	mod_paths+=("$p")
done

manifest() {
	echo "abi $ABI"
	sha256sum "$0" "$INIT" | cut -d' ' -f1
	stat -L -c '%n %s %Y' "$BUSYBOX" "$MODDIR/modules.builtin" \
		"$MODDIR/modules.order"
	(cd "$MODDIR" && stat -L -c '%n %s %Y' "${mod_paths[@]}")
}

stamp=$OUT.stamp
want=$(manifest)
if [ -f "$OUT" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

mkdir -p "$(dirname "$OUT")"
work=$(mktemp -d "${TMPDIR:-/tmp}/mkcellinitrd.XXXXXX")
tmpout=$(mktemp "$OUT.XXXXXX")
trap 'rm -rf "$work" "$tmpout"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,mnt}
mkdir -p "$root/lib/modules/$ABI"

install -m 0755 "$BUSYBOX" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 0755 "$INIT" "$root/init"

for p in "${mod_paths[@]}"; do
	install -D -m 0644 "$MODDIR/$p" "$root/lib/modules/$ABI/$p"
done
cp "$MODDIR/modules.builtin" "$MODDIR/modules.order" "$root/lib/modules/$ABI/"
[ ! -f "$MODDIR/modules.builtin.modinfo" ] ||
	cp "$MODDIR/modules.builtin.modinfo" "$root/lib/modules/$ABI/"
depmod -b "$root" "$ABI"
# Keep only what busybox modprobe reads.
rm -f "$root/lib/modules/$ABI"/*.bin
printf '%s\n' "${MODULES[@]}" >"$root/etc/cell-modules"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
EOF

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) | gzip -6 >"$tmpout"
chmod 0644 "$tmpout"
mv "$tmpout" "$OUT"
printf '%s\n' "$want" >"$work/stamp"
mv "$work/stamp" "$stamp"
