#!/usr/bin/env bash
# The bash completion of hvisor: commands, subcommands, options, cell names from `hvisor cell list`, JSON config paths.
# arch: arm64
# (a host test of the completion script: it runs once, in arm64's suite)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a stand-in hvisor on PATH that lists two cells, as the real one prints them
cat >"$tmp/hvisor" <<'EOS'
#!/bin/sh
[ "$1 $2" = "cell list" ] &&
	printf 'ID   NAME      STATE     CPUS FAULT\n1    testguest running   3    -\n2    linux     failed    1-2  unhandled data write\n     CPU 1: pc 0x0\n'
exit 0
EOS
chmod +x "$tmp/hvisor"
mkdir "$tmp/dir"
touch "$tmp/root.json" "$tmp/notes.txt"
cd "$tmp"
PATH=$tmp:$PATH
# shellcheck disable=SC1091
. "$top/tools/completion/hvisor.bash"
status=0
# expect WANT WORDS...: completing the last word gives exactly WANT (in any order)
expect() {
	local want=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_hvisor
	local got
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
	want=$(printf '%s\n' $want | sort | xargs)
	if [ "$got" = "$want" ]; then
		echo "ok: hvisor ${*:2} -> $got"
	else
		echo "FAIL: hvisor ${*:2}: '$got', want '$want'"
		status=1
	fi
}
expect "info enable disable console config cell daemon help --version" hvisor ""
expect "console config cell" hvisor c
expect "testguest linux" hvisor cell destroy ""
expect "linux" hvisor cell stats l
expect "check dump create" hvisor config ""
expect "--cell --cpus --console" hvisor config create --c
expect "root.json dir" hvisor config check ""
expect "root.json dir" hvisor enable ""
expect "root.json dir" hvisor config create --cell x --root ""
expect "arm64 riscv64" hvisor config create --arch ""
expect "--json" hvisor cell list --
expect "console config cell" hvisor help c
exit $status
