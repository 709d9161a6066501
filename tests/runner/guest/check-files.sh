#!/bin/sh
# Guest side of the --add self-test: $1 must equal $2; then PATH SHA256 pairs must match.
if [ "$1" != "$2" ]; then
	echo "check-files: argument '$1' != '$2'"
	exit 3
fi
shift 2
[ $# -ge 2 ] || {
	echo "check-files: no PATH HASH pairs"
	exit 2
}
while [ $# -ge 2 ]; do
	got=$(sha256sum "$1" 2>/dev/null | cut -d' ' -f1)
	if [ "$got" != "$2" ]; then
		echo "check-files: $1: sha256 '$got', expected '$2'"
		exit 1
	fi
	echo "check-files: $1: ok"
	shift 2
done
exit 0
