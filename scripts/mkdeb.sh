#!/usr/bin/env bash
# Builds the Debian packages of hvisor (make deb) from the install tree and the driver sources, with dpkg-deb.
#
# usage: mkdeb.sh DESTDIR OUTDIR
#
# DESTDIR is the tree scripts/install.sh wrote (make install); the packages
# split it by path, so installing all of them gives the same layout:
#   hvisor-tools          /usr/sbin/hvisor, /etc/hvisor/ARCH/ (conffiles),
#                         the man page, bash completion, /usr/share/doc/hvisor
#   hvisor-firmware       /lib/firmware/hvisor.bin
#   hvisor-guests         /usr/share/hvisor/guests/ (test guest, Linux Image, initramfs)
#   hvisor-modules-ABI    hvisor.ko built against Debian's kernel ABI (the one
#                         $KROOT holds): /lib/modules/ABI/extra/hvisor.ko and
#                         the /lib/modules/hvisor.ko of make install, a link to it
#   hvisor-dkms           the module's source for DKMS: /usr/src/hvisor-VERSION/
# Environment: ARCH (arm64), BUILD (build/), KROOT (Debian's kernel tree).
set -euo pipefail
[ $# -eq 2 ] || {
	echo "usage: $0 DESTDIR OUTDIR" >&2
	exit 2
}
dest=$(realpath "$1")
out=$(realpath -m "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
ARCH=${ARCH:-arm64}
BUILD=${BUILD:-$top/build}
KROOT=${KROOT:-${CACHE:-$HOME/.cache/hvisor}/$ARCH/current/root}
version=$(cat "$top/VERSION")
abi=$(cat "$KROOT/../abi")
case $ARCH in
arm64 | riscv64) debarch=$ARCH ;;
*)
	echo "mkdeb: no Debian architecture for ARCH=$ARCH" >&2
	exit 1
	;;
esac
for f in usr/sbin/hvisor lib/firmware/hvisor.bin lib/modules/hvisor.ko; do
	[ -e "$dest/$f" ] || {
		echo "mkdeb: $dest/$f missing: run make install first" >&2
		exit 1
	}
done
[ -f "$BUILD/driver/Kbuild" ] || {
	echo "mkdeb: $BUILD/driver has no module sources: run make driver first" >&2
	exit 1
}
stage=$out/stage
rm -rf "$stage"
mkdir -p "$out" "$stage"
maintainer="hvisor developers <hvisor@localhost>"

# control PKG ARCH DEPENDS DESCRIPTION: DEBIAN/control of stage/PKG.
control() {
	local pkg=$1 arch=$2 depends=$3 desc=$4 dir=$stage/$1
	mkdir -p "$dir/DEBIAN"
	{
		echo "Package: $pkg"
		echo "Version: $version"
		echo "Architecture: $arch"
		echo "Maintainer: $maintainer"
		echo "Section: admin"
		echo "Priority: optional"
		[ -n "$depends" ] && echo "Depends: $depends"
		echo "Installed-Size: $(du -sk --exclude=DEBIAN "$dir" | cut -f1)"
		echo "Homepage: https://github.com/hvisor"
		echo "Description: $desc"
	} >"$dir/DEBIAN/control"
}

# take PKG PATH...: copies DESTDIR/PATH into stage/PKG, keeping the path.
take() {
	local pkg=$1 p
	shift
	mkdir -p "$stage/$pkg"
	for p in "$@"; do
		(cd "$dest" && cp -a --parents "$p" "$stage/$pkg/")
	done
}

build_deb() {
	local pkg=$1
	fakeroot dpkg-deb --build -Zxz "$stage/$pkg" \
		"$out/${pkg}_${version}_$(awk '/^Architecture:/ { print $2 }' "$stage/$pkg/DEBIAN/control").deb" >/dev/null
}

# hvisor-tools: everything make install puts outside the other packages.
take hvisor-tools usr/sbin/hvisor
(cd "$dest" && find etc usr/share -type f ! -path 'usr/share/hvisor/guests/*') |
	while read -r f; do take hvisor-tools "$f"; done
control hvisor-tools "$debarch" "" "hvisor static partitioning hypervisor: the hvisor command
 The hvisor CLI (enable, cells, config check and create, the virtio
 daemon), the board configs under /etc/hvisor/$ARCH, hvisor(8), bash
 completion and the format documentation."
(cd "$stage/hvisor-tools" && find etc -type f | sed 's|^|/|') >"$stage/hvisor-tools/DEBIAN/conffiles"
build_deb hvisor-tools

take hvisor-firmware lib/firmware/hvisor.bin
control hvisor-firmware "$debarch" "" "hvisor static partitioning hypervisor: the hypervisor image
 /lib/firmware/hvisor.bin, which hvisor enable loads."
build_deb hvisor-firmware

take hvisor-guests usr/share/hvisor/guests
control hvisor-guests "$debarch" "" "hvisor static partitioning hypervisor: guest images
 The bare-metal test guest, Debian's kernel Image and the Linux cell's
 initramfs, under /usr/share/hvisor/guests."
build_deb hvisor-guests

# hvisor-modules-ABI: the module built here, at Debian's path, and the
# make install path as a link to it.
pkg=hvisor-modules-$abi
mkdir -p "$stage/$pkg/lib/modules/$abi/extra"
install -m 0644 "$dest/lib/modules/hvisor.ko" "$stage/$pkg/lib/modules/$abi/extra/hvisor.ko"
ln -s "$abi/extra/hvisor.ko" "$stage/$pkg/lib/modules/hvisor.ko"
control "$pkg" "$debarch" "linux-image-$abi" "hvisor static partitioning hypervisor: driver for Linux $abi
 hvisor.ko built against Debian's $abi kernel, in
 /lib/modules/$abi/extra (and /lib/modules/hvisor.ko)."
cat >"$stage/$pkg/DEBIAN/postinst" <<EOS
#!/bin/sh
set -e
if [ "\$1" = configure ] && command -v depmod >/dev/null; then
	depmod -a $abi || true
fi
EOS
chmod 0755 "$stage/$pkg/DEBIAN/postinst"
build_deb "$pkg"

# hvisor-dkms: the sources driver/Makefile gathers in BUILD/driver (C, headers,
# the riscv64 entry .S), the ABI
# headers, and a dkms.conf running that Kbuild.
pkg=hvisor-dkms
src=$stage/$pkg/usr/src/hvisor-$version
mkdir -p "$src/include" "$src/common"
(cd "$BUILD/driver" && find . \( -name '*.[chS]' ! -name '*.mod.c' \) -o -name Kbuild) |
	while read -r f; do install -D -m 0644 "$BUILD/driver/$f" "$src/$f"; done
cp -a "$top/include/hvisor" "$top/include/arch" "$src/include/"
ln -s ../config_check "$src/common/config_check"
cat >"$src/dkms.conf" <<EOS
PACKAGE_NAME="hvisor"
PACKAGE_VERSION="$version"
BUILT_MODULE_NAME[0]="hvisor"
DEST_MODULE_LOCATION[0]="/extra"
MAKE[0]="make -C \${kernel_source_dir} M=\${dkms_tree}/hvisor/$version/build HVISOR_TOP=\${dkms_tree}/hvisor/$version/build modules"
CLEAN="make -C \${kernel_source_dir} M=\${dkms_tree}/hvisor/$version/build HVISOR_TOP=\${dkms_tree}/hvisor/$version/build clean"
AUTOINSTALL="yes"
EOS
mkdir -p "$stage/$pkg/DEBIAN"
cat >"$stage/$pkg/DEBIAN/postinst" <<EOS
#!/bin/sh
set -e
if [ "\$1" = configure ]; then
	dkms add -m hvisor -v $version 2>/dev/null || true
	dkms build -m hvisor -v $version && dkms install -m hvisor -v $version || true
fi
EOS
cat >"$stage/$pkg/DEBIAN/prerm" <<EOS
#!/bin/sh
set -e
dkms remove -m hvisor -v $version --all 2>/dev/null || true
EOS
chmod 0755 "$stage/$pkg/DEBIAN/postinst" "$stage/$pkg/DEBIAN/prerm"
control "$pkg" all "dkms" "hvisor static partitioning hypervisor: driver source for DKMS
 The source of hvisor.ko, built by DKMS for each installed kernel."
build_deb "$pkg"

rm -rf "$stage"
ls "$out"/*_"$version"_*.deb
