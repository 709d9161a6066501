#!/usr/bin/env bash
# `make bench`: runs the benchmarks in QEMU and writes the ratios to docs/benchmarks.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
ROUNDS=${ROUNDS:-3}
ARCH=${ARCH:-arm64}
doc=$top/docs/benchmarks.md

# put_section NAME FILE: FILE (which starts with <!-- NAME --> and ends with
# <!-- /NAME -->) replaces that section of docs/benchmarks.md, or is appended.
put_section() {
	if [ -f "$doc" ] && grep -q "<!-- $1 -->" "$doc"; then
		awk -v f="$2" -v opening="<!-- $1 -->" -v closing="<!-- /$1 -->" '
			$0 == opening { while ((getline l < f) > 0) print l; skip = 1; next }
			$0 == closing { skip = 0; next }
			!skip' "$doc" > "$doc.new" && mv "$doc.new" "$doc"
	else
		cat "$2" >> "$doc"
	fi
}

# root_table ARCH BUILD SECTION QEMU CPU: the root cell's workloads with the
# hypervisor disabled and enabled, interleaved in one boot, and the time
# enable and disable take, as the table SECTION of docs/benchmarks.md.
root_table() {
	local arch=$1 build=$2 section=$3 qemu=$4 cpu=$5 out table timing
	make -s -C "$top/tests/bench" O="$build/bench" ARCH="$arch"
	out=$build/bench/root_onoff.log
	"$top/tests/system/run" --no-build --arch "$arch" --timeout 900 --log "bench-root-$arch" \
		--add "$build/bench/hvbench:/usr/bin/hvbench" \
		"$top/tests/bench/root_onoff.sh" "$ROUNDS" | tee "$out" | grep 'RESULT\|TIMING' || true
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
	timing=$(tr -d '\r' < "$out" | awk '
		$1 == "TIMING" { v[$2] = v[$2] " " $3 }
		function median(s,   a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END { if ("enable" in v) printf "`hvisor enable` %s ms, `hvisor disable` %s ms (median, /proc/uptime resolution 10 ms).", median(v["enable"]), median(v["disable"]) }')
	echo "$table"
	echo "$timing"
	{
		echo "<!-- $section -->"
		echo "Measured $(date -u +%Y-%m-%d) by \`make bench\` ($arch: QEMU $($qemu --version | head -1 | awk '{print $4}'), TCG, $cpu, 4 CPUs), median of $ROUNDS interleaved rounds in one boot:"
		echo
		echo "$table"
		echo
		echo "$timing"
		echo "<!-- /$section -->"
	} > "$build/bench/$section.md"
	put_section "$section" "$build/bench/$section.md"
}

# cell_table ARCH BUILD SECTION: the same guest loop and timer test in a
# 1-vCPU test-guest cell and on bare QEMU (no hypervisor), as the table
# SECTION of docs/benchmarks.md.
cell_table() {
	local arch=$1 build=$2 section=$3 bare=$2/bench/bare.log cellout=$2/bench/cell.log
	local selftest ctable machine
	selftest="$(for r in $(seq 1 "$ROUNDS"); do printf 'cpu_bench 20000000;timer_test 200 1000;'; done)poweroff"
	make -s -C "$top/guests/testguest" ARCH="$arch" O="$build/bench/bare-guest" BARE_QEMU=1 \
		SELFTEST="$selftest"
	if [ "$arch" = riscv64 ]; then
		machine="virt (PLIC), rv64 with H and Sstc, 1 hart, under OpenSBI"
		timeout 900 qemu-system-riscv64 -machine virt -cpu rv64,h=true,sstc=true -smp 1 -m 2G \
			-nographic -nic none -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin \
			-kernel "$build/bench/bare-guest/testguest.bin" </dev/null 2>&1 | tr -d '\r' > "$bare"
	else
		machine="virt, GICv3, 1 CPU, no EL2"
		timeout 600 qemu-system-aarch64 -machine virt,gic-version=3 -cpu cortex-a72 -smp 1 -m 2G \
			-nographic -nic none \
			-device loader,file="$build/bench/bare-guest/testguest.bin",addr=0x90000000,force-raw=on \
			-device loader,addr=0x90000000,cpu-num=0 </dev/null 2>&1 | tr -d '\r' > "$bare"
	fi
	"$top/tests/system/run" --no-build --arch "$arch" --timeout 900 --log "bench-cell-$arch" \
		"$top/tests/bench/cell.sh" "$ROUNDS" > "$cellout"
	ctable=$( { sed -n 's/.*: \([0-9.]*\) ns\/iter/RESULT bare cpu \1/p; s/^latency_ns: min \([0-9]*\) avg \([0-9]*\) max \([0-9]*\)/RESULT bare timer_avg \2\nRESULT bare timer_max \3/p' "$bare"; tr -d '\r' < "$cellout" | grep '^RESULT'; } | awk '
		$1 == "RESULT" { v[$2 "," $3] = v[$2 "," $3] " " $4 }
		function median(s,   a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END {
			print "| measure | bare QEMU | in a cell | cell / bare |"
			print "|---|---|---|---|"
			split("cpu timer_avg timer_max", order, " ")
			split("CPU loop (ns/iter)|timer IRQ latency, mean (ns)|timer IRQ latency, max (ns)", label, "|")
			for (k = 1; k <= 3; k++) {
				w = order[k]; b = median(v["bare," w]); c = median(v["cell," w])
				if (b == "" || c == "") { print "| " label[k] " | missing | missing | |"; continue }
				printf "| %s | %.3f | %.3f | %.3f |\n", label[k], b, c, c / b
			}
		}')
	echo "$ctable"
	{
		echo "<!-- $section -->"
		echo "Measured $(date -u +%Y-%m-%d) by \`make bench\` ($arch): the test guest on bare QEMU ($machine) and in a 1-vCPU cell under hvisor, median of $ROUNDS rounds; timer latency is from the programmed deadline to the guest's handler, 200 interrupts at 1 ms:"
		echo
		echo "$ctable"
		echo "<!-- /$section -->"
	} > "$build/bench/$section.md"
	put_section "$section" "$build/bench/$section.md"
}

# virtio_table ARCH BUILD SECTION ROUNDS SECS: a Linux cell's disk through
# the daemon against the root on the same file (the root measured in every
# round), virtio-net TCP, and the register round trips, as the table
# SECTION of docs/benchmarks.md; ROUNDS rounds of the daemon's five phases,
# random runs of SECS seconds.
virtio_table() {
	local arch=$1 build=$2 section=$3 rounds=$4 secs=$5 vout nout vtable t0 qemu=qemu-system-aarch64
	local kpti=() kpti_text=
	[ "$arch" = arm64 ] || qemu=qemu-system-$arch
	# arm64: QEMU hands the root a KASLR seed and hvisor cell linux the
	# cells one, so both kernels run KPTI, and TCG flushes its software TLB
	# at every kernel entry and exit (a 4 KiB read from the page cache 8x
	# slower, a syscall 13x). kpti=0 for both (the cells take it from the
	# root's command line, tests/system/lib/linux.sh) compares the I/O paths.
	if [ "$arch" = arm64 ]; then
		kpti=(--append kpti=0)
		kpti_text=" The root and the cells booted with \`kpti=0\`: with KPTI, which their KASLR seeds turn on (QEMU's for the root, \`hvisor cell linux\`'s for the cells), TCG flushes its TLB at every kernel entry and exit, and the root's 4 KiB reads from its page cache run 5-8x slower."
	fi
	mkdir -p "$build/bench"
	vout=$build/bench/virtio.log
	nout=$build/bench/virtio-net.log
	t0=$(date +%s)
	"$top/tests/system/run" --no-build --arch "$arch" --timeout 1800 --log "bench-virtio-$arch" "${kpti[@]}" \
		--add "$top/tests/system/lib:/test/lib" --add "$build/systools/blkio:/usr/bin/blkio" \
		"$top/tests/bench/virtio.sh" 32 "$secs" 100 "$rounds" > "$vout" || true
	echo "bench: virtio-blk part ($arch) took $(($(date +%s) - t0)) s"
	# virtio-net: TCP between the root and a cell, and between two cells
	"$top/tests/system/run" --no-build --arch "$arch" --timeout 900 --log "bench-virtio-net-$arch" "${kpti[@]}" \
		--add "$top/tests/system/lib:/test/lib" --add "$build/systools/tcpbench:/usr/bin/tcpbench" \
		"$top/tests/bench/virtio_net.sh" 8 > "$nout" || true
	echo "bench: virtio part ($arch) took $(($(date +%s) - t0)) s"
	vtable=$(cat "$vout" "$nout" | bash "$top/tests/bench/virtio_table.sh" /dev/stdin)
	echo "$vtable"
	{
		echo "<!-- $section -->"
		echo "Measured $(date -u +%Y-%m-%d) by \`make bench\` ($arch: QEMU $($qemu --version | head -1 | awk '{print $4}'), TCG, 4 CPUs), one boot: a 2-vCPU Linux cell against the root on the same backing file (in the root's RAM), the root measured at the start of each of the $rounds rounds while the cell waits. Sequential: 32 MiB in 1 MiB blocks, buffered, the page cache dropped before reads, timed by \`blkio seqwrite/seqread\` (CLOCK_MONOTONIC; the write until its fsync returns). Random: 4 KiB \`blkio\` runs of $secs s over 32 MiB, QD threads of pread/pwrite, and at QD32 also one thread keeping 32 in flight through io_uring (\`blkio -u\`, as fio's iodepth; the default phase only), O_DIRECT in the cell, buffered in the root (its file is in RAM either way); the sequential runs also with O_DIRECT in the cell (default phase).$kpti_text Medians of the rounds; the last column lists the rounds (root; cell, default phase):"
		echo
		echo "$vtable"
		echo "<!-- /$section -->"
	} > "$build/bench/$section.md"
	put_section "$section" "$build/bench/$section.md"
}

# BENCH_ONLY=root: only the root on/off table, BENCH_ONLY=cell: only the
# cell tables, BENCH_ONLY=virtio: only the virtio tables (ARCH=riscv64:
# riscv64's; unset: all, both arches). riscv64 runs 2 rounds of 3 s random
# runs (its TCG is about 3x slower: 3 rounds of 5 s would take twice
# arm64's time).
VIRTIO_ROUNDS_RISCV64=${VIRTIO_ROUNDS_RISCV64:-2}
VIRTIO_SECS_RISCV64=${VIRTIO_SECS_RISCV64:-3}
want() { [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$1" ]; }
riscv64_tables() {
	! want root ||
		root_table riscv64 "$top/build/riscv64" root-onoff-riscv64 qemu-system-riscv64 "rv64,h=true,sstc=true"
	! want cell || cell_table riscv64 "$top/build/riscv64" cell-riscv64
	! want virtio ||
		virtio_table riscv64 "$top/build/riscv64" virtio-riscv64 "$VIRTIO_ROUNDS_RISCV64" "$VIRTIO_SECS_RISCV64"
}
if [ "$ARCH" = riscv64 ]; then
	riscv64_tables
	echo "bench: results in $doc"
	exit 0
fi
! want root || root_table arm64 "$BUILD" root-onoff qemu-system-aarch64 cortex-a72
! want cell || cell_table arm64 "$BUILD" cell
! want virtio || virtio_table arm64 "$BUILD" virtio "$ROUNDS" 5

# The riscv64 root cell, when its root file system is built (make ARCH=riscv64 rootfs).
if [ -n "${BENCH_ONLY:-}" ]; then
	:
elif [ -f "$top/build/riscv64/rootfs.cpio.gz" ]; then
	riscv64_tables
else
	echo "bench: no build/riscv64/rootfs.cpio.gz: the riscv64 root table is left out (make ARCH=riscv64 rootfs)" >&2
fi
echo "bench: results in $doc"
