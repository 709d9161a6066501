#!/usr/bin/env bash
# Checks (or with --fix rewrites) the project's C files against .clang-format.
#
# usage: check-format.sh [--fix] [FILE...]
# Without FILEs: every .c/.h under hypervisor/ driver/ tools/ guests/ include/
# tests/, minus build output and git-ignored files. Exit 1 when a file is not
# formatted (the first differences are shown), 0 when all are; 2 when a FILE
# is not a .c or .h file (nothing is touched).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
fix=0
if [ "${1:-}" = --fix ]; then
	fix=1
	shift
fi
case ${1:-} in
-*)
	echo "usage: $0 [--fix] [FILE...]" >&2
	exit 2
	;;
esac

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
command -v "$CLANG_FORMAT" >/dev/null || {
	echo "check-format: $CLANG_FORMAT not found (run 'make deps')" >&2
	exit 1
}

dirs=(hypervisor common driver tools guests include tests)
files=()
if [ $# -gt 0 ]; then
	# clang-format would rewrite a shell script or Markdown file as C
	for f in "$@"; do
		case $f in
		*.c | *.h) files+=("$f") ;;
		*)
			echo "check-format: '$f' is not a .c or .h file" >&2
			exit 2
			;;
		esac
	done
elif git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# Tracked and new files alike, without what .gitignore leaves out.
	while IFS= read -r -d '' f; do
		[ -f "$f" ] && files+=("$f")
	done < <(git ls-files -z --cached --others --exclude-standard -- \
		"${dirs[@]/%//*.c}" "${dirs[@]/%//*.h}" | sort -zu)
else
	while IFS= read -r -d '' f; do
		files+=("$f")
	done < <(find "${dirs[@]}" -path '*/build' -prune -o \
		\( -name '*.c' -o -name '*.h' \) -type f -print0 2>/dev/null | sort -z)
fi
# Build output never counts, wherever it sits.
kept=()
for f in "${files[@]}"; do
	case /$f in
	*/build/* | *.mod.c) ;;
	*) kept+=("$f") ;;
	esac
done
files=("${kept[@]}")
[ ${#files[@]} -gt 0 ] || exit 0

if [ $fix = 1 ]; then
	"$CLANG_FORMAT" -i --style=file "${files[@]}"
	exit 0
fi

bad=()
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for f in "${files[@]}"; do
	if ! "$CLANG_FORMAT" --dry-run --Werror --style=file "$f" >"$out" 2>&1; then
		bad+=("$f")
		[ ${#bad[@]} -gt 3 ] || head -n 20 "$out" >&2
	fi
done
if [ ${#bad[@]} -gt 0 ]; then
	echo "check-format: ${#bad[@]} of ${#files[@]} files need formatting ('make format' fixes them):" >&2
	printf '  %s\n' "${bad[@]}" >&2
	exit 1
fi
