#!/usr/bin/env bash
# make deb: the packages unpack into a fresh root filesystem with make install's layout, the DKMS source builds against Debian's headers, and a system test (config_create: generated configs, a test-guest and a Linux cell) passes booted from that root filesystem, on each arch.
# arch: arm64 riscv64
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
ARCH=${ARCH:-arm64}
BUILD=${BUILD:-$top/build}
# the arch's build folder, as scripts/arch.mk picks it
[ "$ARCH" = arm64 ] || [ "$BUILD" != "$top/build" ] || BUILD=$top/build/$ARCH
KROOT=${KROOT:-${CACHE:-$HOME/.cache/hvisor}/$ARCH/current/root}
version=$(cat VERSION)
mkdir -p "$BUILD"
tmp=$(mktemp -d "$BUILD/package-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

make --no-print-directory deb >"$tmp/make.log" 2>&1 || {
	tail -30 "$tmp/make.log"
	fail "make deb"
}
abi=$(cat "$KROOT/../abi") # make deb fetched the arch's kernel if missing
debs=(hvisor-tools_${version}_$ARCH hvisor-firmware_${version}_$ARCH
	hvisor-guests_${version}_$ARCH hvisor-modules-${abi}_${version}_$ARCH
	hvisor-dkms_${version}_all)
for d in "${debs[@]}"; do
	f=$BUILD/deb/$d.deb
	[ -f "$f" ] || fail "no $f"
	# dpkg-deb reads it back: control fields, and a payload
	pkg=$(dpkg-deb -f "$f" Package)
	[ "$pkg" = "${d%%_*}" ] || fail "$d: Package $pkg"
	[ "$(dpkg-deb -f "$f" Version)" = "$version" ] || fail "$d: Version"
	echo "$d: $(dpkg-deb -c "$f" | wc -l) entries, $(dpkg-deb -f "$f" Installed-Size) KiB"
done
dpkg-deb --ctrl-tarfile "$BUILD/deb/hvisor-tools_${version}_$ARCH.deb" | tar -xOf - ./conffiles >"$tmp/conffiles"
grep -qx /etc/hvisor/$ARCH/qemu/root.json "$tmp/conffiles" ||
	fail "hvisor-tools: the configs are not conffiles"

# A fresh root filesystem from the binary packages only.
root=$tmp/root
mkdir -p "$root"
for d in "${debs[@]}"; do
	[[ $d == hvisor-dkms* ]] && continue
	dpkg -x "$BUILD/deb/$d.deb" "$root"
done
# same layout as make install: every path of one is in the other, same content
(cd "$BUILD/install" && find . ! -type d | sort) >"$tmp/install.list"
(cd "$root" && find . ! -type d | sort | grep -v "^./lib/modules/$abi/") >"$tmp/deb.list"
diff -u "$tmp/install.list" "$tmp/deb.list" || fail "the packages' layout differs from make install's"
while read -r f; do
	cmp -s "$BUILD/install/$f" "$root/$f" || fail "$f differs from make install's"
done <"$tmp/install.list"
[ -L "$root/lib/modules/hvisor.ko" ] || fail "/lib/modules/hvisor.ko is not the link to Debian's path"
echo "layout: $(wc -l <"$tmp/install.list") files as make install puts them"

# The DKMS source builds with its dkms.conf's MAKE line, as dkms runs it.
dkms=$tmp/dkms
mkdir -p "$dkms/unpacked"
dpkg -x "$BUILD/deb/hvisor-dkms_${version}_all.deb" "$dkms/unpacked"
mkdir -p "$dkms/tree/hvisor/$version"
cp -a "$dkms/unpacked/usr/src/hvisor-$version" "$dkms/tree/hvisor/$version/build"
make_line=$(
	kernel_source_dir=$KROOT/usr/src/linux-headers-$abi
	dkms_tree=$dkms/tree
	# shellcheck disable=SC1090
	. "$dkms/tree/hvisor/$version/build/dkms.conf"
	echo "${MAKE[0]}"
)
# riscv64: trixie's headers name gcc-14 and pahole, which a trixie riscv64
# machine running dkms has and this bookworm host has not (driver/Makefile)
kargs=()
case $ARCH in
arm64) karch=arm64 cross=aarch64-linux-gnu- ;;
riscv64) karch=riscv cross=riscv64-linux-gnu- kargs=(CC=${cross}gcc CONFIG_DEBUG_INFO_BTF_MODULES=) ;;
esac
$make_line ARCH=$karch CROSS_COMPILE=$cross "${kargs[@]}" >"$dkms/build.log" 2>&1 || {
	tail -20 "$dkms/build.log"
	fail "the DKMS source does not build"
}
built=$dkms/tree/hvisor/$version/build/hvisor.ko
[ -f "$built" ] || fail "DKMS build made no hvisor.ko"
[ "$(modinfo -F vermagic "$built")" = "$(modinfo -F vermagic "$root/lib/modules/$abi/extra/hvisor.ko")" ] ||
	fail "DKMS module vermagic differs"
echo "dkms: hvisor.ko built from the package's source ($(modinfo -F vermagic "$built"))"

# The binaries are the arch's (a tree of the other arch's would pass the layout check).
case $ARCH in
arm64) machine=AArch64 ;;
riscv64) machine=RISC-V ;;
esac
for f in usr/sbin/hvisor lib/modules/$abi/extra/hvisor.ko; do
	readelf -h "$root/$f" | grep -q "Machine: *$machine" ||
		fail "$f is not a $machine binary: $(readelf -h "$root/$f" | grep Machine)"
done
echo "binaries: $machine"

# Boot the root from it and run a system test there.
bash scripts/mkrootfs.sh "$root" "$tmp/rootfs.cpio.gz" >"$tmp/mkrootfs.log" 2>&1 ||
	fail "mkrootfs: $(tail -5 "$tmp/mkrootfs.log")"
tests/system/run --no-build --arch "$ARCH" --rootfs "$tmp/rootfs.cpio.gz" --timeout 400 \
	--log "$tmp/system.log" --add tests/system/lib:/test/lib \
	--add "$BUILD/systools/jsonq:/usr/bin/jsonq" tests/system/config_create.sh >/dev/null ||
	{
		tail -30 "$tmp/system.log"
		fail "config_create.sh from the packages' root filesystem"
	}
grep -q '^PASS' "$tmp/system.log" || fail "no PASS in the system test"
echo "system/config_create.sh passed from the packages' root filesystem"
echo PASS
