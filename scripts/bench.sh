#!/usr/bin/env bash
# `make bench`: runs the benchmarks in QEMU and writes the ratios to docs/benchmarks.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
ROUNDS=${ROUNDS:-3}
make -s -C "$top/tests/bench" O="$BUILD/bench"
out=$BUILD/bench/root_onoff.log
"$top/tests/system/run" --no-build --timeout 900 --log bench-root \
	--add "$BUILD/bench/hvbench:/usr/bin/hvbench" \
	"$top/tests/bench/root_onoff.sh" "$ROUNDS" | tee "$out" | grep RESULT || true

table=$(tr -d '\r' < "$out" | awk '
	$1 == "RESULT" { v[$2 "," $3] = v[$2 "," $3] " " $4; names[$3] = 1 }
	function median(s,   a, n, i, j, t) {
		n = split(s, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	END {
		print "| workload | disabled (ns/op) | enabled (ns/op) | enabled / disabled |"
		print "|---|---|---|---|"
		split("cpu syscall sleep ipi pagefault", order, " ")
		for (k = 1; k <= 5; k++) {
			w = order[k]
			if (!(w in names)) continue
			off = median(v["off," w]); on = median(v["on," w])
			printf "| %s | %.1f | %.1f | %.3f |\n", w, off, on, on / off
		}
	}')
[ -n "$table" ] || { echo "bench: no results (see $out)" >&2; exit 1; }
echo "$table"

doc=$top/docs/benchmarks.md
section="<!-- root-onoff -->"
{
	echo "$section"
	echo "Measured $(date -u +%Y-%m-%d) by \`make bench\` (QEMU $(qemu-system-aarch64 --version | head -1 | awk '{print $4}'), TCG, cortex-a72, 4 CPUs), median of $ROUNDS interleaved rounds in one boot:"
	echo
	echo "$table"
	echo "<!-- /root-onoff -->"
} > "$BUILD/bench/root_onoff.md"
if [ -f "$doc" ] && grep -q "$section" "$doc"; then
	awk -v f="$BUILD/bench/root_onoff.md" '
		/<!-- root-onoff -->/ { while ((getline l < f) > 0) print l; skip = 1; next }
		/<!-- \/root-onoff -->/ { skip = 0; next }
		!skip' "$doc" > "$doc.new" && mv "$doc.new" "$doc"
else
	cat "$BUILD/bench/root_onoff.md" >> "$doc"
fi
echo "bench: results in $doc"
