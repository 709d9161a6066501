#!/usr/bin/env bash
# Builds the root cell's gzip'd initramfs from busybox, Debian's virtio modules and an install tree.
#
# usage: mkrootfs.sh DESTDIR OUT.cpio.gz
#
# DESTDIR (the output of scripts/install.sh) is copied into the image as is.
# OUT is rebuilt only when an input changed: a manifest of the inputs
# (content hashes of DESTDIR and of this script, size and mtime of the busybox
# binary and kernel modules) is kept in OUT.stamp and compared first.
set -euo pipefail

usage() {
	echo "usage: $0 DESTDIR OUT.cpio.gz" >&2
	exit 2
}
[ $# -eq 2 ] || usage
DEST=$1
OUT=$2
[ -d "$DEST" ] || {
	echo "mkrootfs: DESTDIR '$DEST' is not a directory" >&2
	exit 1
}

CACHE=${CACHE:-${HVISOR_CACHE:-$HOME/.cache/hvisor}}
ARM64_ROOT=${ARM64_ROOT:-$CACHE/arm64/current/root}
abi_file=$ARM64_ROOT/../abi
[ -r "$abi_file" ] || {
	echo "mkrootfs: $abi_file missing (run 'make deps' first)" >&2
	exit 1
}
ABI=$(cat "$abi_file")
BUSYBOX=$ARM64_ROOT/bin/busybox
MODDIR=$ARM64_ROOT/lib/modules/$ABI
# Loaded by /init in this order; depmod resolves their dependencies too.
MODULES=(virtio_mmio virtio_blk failover net_failover virtio_net virtio_console tun)

for tool in cpio gzip depmod sha256sum; do
	command -v "$tool" >/dev/null || {
		echo "mkrootfs: '$tool' not found (run 'make deps')" >&2
		exit 1
	}
done
[ -f "$BUSYBOX" ] || {
	echo "mkrootfs: $BUSYBOX missing (run 'make deps')" >&2
	exit 1
}

# Paths (relative to $MODDIR) of the modules to ship.
mod_paths=()
for m in "${MODULES[@]}"; do
	p=$(cd "$MODDIR" && find kernel -name "$m.ko" -print -quit)
	[ -n "$p" ] || {
		echo "mkrootfs: module $m not found under $MODDIR" >&2
		exit 1
	}
	mod_paths+=("$p")
done

# The manifest of everything the image is made of.
manifest() {
	echo "abi $ABI"
	sha256sum "$0" | cut -d' ' -f1
	stat -L -c '%n %s %Y' "$BUSYBOX" "$MODDIR/modules.builtin" \
		"$MODDIR/modules.order"
	(cd "$MODDIR" && stat -L -c '%n %s %Y' "${mod_paths[@]}")
	(cd "$DEST" && find . -printf '%p %y %m %l\n' | LC_ALL=C sort)
	(cd "$DEST" && find . -type f -print0 | LC_ALL=C sort -z |
		xargs -0 -r sha256sum)
}

stamp=$OUT.stamp
want=$(manifest)
if [ -f "$OUT" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

mkdir -p "$(dirname "$OUT")"
work=$(mktemp -d "${TMPDIR:-/tmp}/mkrootfs.XXXXXX")
# Written next to OUT and renamed, so a concurrent reader never sees half a file.
tmpout=$(mktemp "$OUT.XXXXXX")
trap 'rm -rf "$work" "$tmpout"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,mnt,test}
mkdir -p "$root/lib/modules/$ABI"

install -m 0755 "$BUSYBOX" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"

for p in "${mod_paths[@]}"; do
	install -D -m 0644 "$MODDIR/$p" "$root/lib/modules/$ABI/$p"
done
cp "$MODDIR/modules.builtin" "$MODDIR/modules.order" "$root/lib/modules/$ABI/"
[ ! -f "$MODDIR/modules.builtin.modinfo" ] ||
	cp "$MODDIR/modules.builtin.modinfo" "$root/lib/modules/$ABI/"
depmod -b "$root" "$ABI"
# Keep only what busybox modprobe reads.
rm -f "$root/lib/modules/$ABI"/*.bin

# The install tree goes in as is (it may also override the files above).
cp -a "$DEST/." "$root/"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
EOF

cat >"$root/init" <<EOF
#!/bin/busybox sh
# Root cell init: mounts, busybox applets, virtio modules, then a test script or a shell.
KVER=$ABI
MODULES="${MODULES[*]}"
EOF
cat >>"$root/init" <<'EOF'
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
export HOME=/root
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
# Files placed under /tmp by the initramfs survive the tmpfs mount.
mv /tmp /.tmp-initramfs
mkdir /tmp
mount -t tmpfs -o mode=1777 tmpfs /tmp
cp -a /.tmp-initramfs/. /tmp/
rm -rf /.tmp-initramfs
hostname hvisor-root

for m in $MODULES; do
	modprobe "$m" || echo "init: cannot load module $m" >&2
done

if [ -f /test/script.sh ]; then
	# Arguments are stored one per line in /test/args.
	IFS='
'
	set -- $(cat /test/args 2>/dev/null)
	unset IFS
	cd /test
	sh /test/script.sh "$@"
	status=$?
	cd /
	sync
	echo
	echo "HVISOR-TEST-EXIT=$status"
	poweroff -f
else
	echo "hvisor root cell: interactive shell; 'exit' powers off"
	setsid cttyhack sh -l
	sync
	poweroff -f
fi
# poweroff -f does not return; if it failed, let the kernel see init end.
sleep 5
exit 1
EOF
chmod 0755 "$root/init"

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) | gzip -6 >"$tmpout"
chmod 0644 "$tmpout"
mv "$tmpout" "$OUT"
printf '%s\n' "$want" >"$work/stamp"
mv "$work/stamp" "$stamp"
