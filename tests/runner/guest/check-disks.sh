#!/bin/sh
# Guest side of the --disk self-test: args SECTORS SHA256 pairs; each must match exactly one /dev/vd* disk.
[ $# -ge 2 ] || {
	echo "check-disks: no SECTORS HASH pairs"
	exit 2
}
while [ $# -ge 2 ]; do
	found=
	for s in /sys/block/vd*/size; do
		[ -f "$s" ] || continue
		[ "$(cat "$s")" = "$1" ] || continue
		dev=/dev/$(basename "$(dirname "$s")")
		[ -z "$found" ] || {
			echo "check-disks: two disks of $1 sectors"
			exit 1
		}
		found=$dev
	done
	[ -n "$found" ] || {
		echo "check-disks: no disk of $1 sectors"
		exit 1
	}
	got=$(sha256sum "$found" | cut -d' ' -f1)
	[ "$got" = "$2" ] || {
		echo "check-disks: $found: sha256 $got, expected $2"
		exit 1
	}
	echo "check-disks: $found ($1 sectors): ok"
	shift 2
done
exit 0
