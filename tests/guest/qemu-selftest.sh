#!/bin/sh
# Runs the test guest on bare QEMU (no hypervisor) with built-in command lists and checks the answers.
# arch: arm64 riscv64
#
# Usage: [ARCH=arm64|riscv64] tests/guest/qemu-selftest.sh [OUTDIR]
# (default OUTDIR: build/guests-selftest, build/riscv64/guests-selftest)
# Builds BARE_QEMU=1 SELFTEST=... variants of the guest and boots each on
# bare QEMU: arm64 in qemu-system-aarch64 (virt, GICv3, cortex-a72) with the
# image loaded at 0x90000000; riscv64 in qemu-system-riscv64 (virt, PLIC,
# rv64 with H and Sstc) under OpenSBI (fw_dynamic), the image as -kernel
# (0x80200000). Checks every command's status and key output lines.
# What needs hvisor (testdev, the doorbell hypercall, stage-2 faults, the
# emulated interrupt controller and UART) is not covered here.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/guests/testguest
arch=${ARCH:-arm64}
case $arch in
arm64)
	out=${1:-$top/build/guests-selftest}
	qemu=${QEMU:-qemu-system-aarch64}
	;;
riscv64)
	out=${1:-$top/build/riscv64/guests-selftest}
	qemu=${QEMU:-qemu-system-riscv64}
	opensbi=${HVISOR_OPENSBI:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
	;;
*)
	echo "qemu-selftest: ARCH '$arch' is not supported" >&2
	exit 2
	;;
esac
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

build() { # name selftest-commands
	make -s -C "$here" ARCH="$arch" O="$out/$1" BARE_QEMU=1 SELFTEST="$2" \
		>"$out/$1.build.log" 2>&1 ||
		{ cat "$out/$1.build.log"; echo "FAIL: build of $1"; exit 1; }
}

run() { # name smp timeout [extra qemu args...] < input
	name=$1 smp=$2 secs=$3
	shift 3
	if [ "$arch" = riscv64 ]; then
		timeout "$secs" "$qemu" -machine virt -cpu "${cpu:-rv64,h=true,sstc=true}" \
			-smp "$smp" -m 2G -nographic -nic none "$@" -bios "$opensbi" \
			-kernel "$out/$name/testguest.bin" 2>&1 | tee "${raw:-/dev/null}" |
			tr -d '\r' >"$out/$name.log"
		return
	fi
	timeout "$secs" "$qemu" -machine virt,gic-version=3 -cpu cortex-a72 \
		-smp "$smp" -m 2G -nographic -nic none "$@" \
		-device loader,file="$out/$name/testguest.bin",addr=0x90000000,force-raw=on \
		-device loader,addr=0x90000000,cpu-num=0 2>&1 | tr -d '\r' >"$out/$name.log"
}

# The answer to the first "selftest> CMD" in LOG, ending with its status line.
answer() { # log cmd
	awk -v c="selftest> $2 (" 'index($0, c) == 1 { on = 1; next }
		on { print } on && /^selftest: status/ { exit }' "$1"
}

expect() { # log cmd status [pattern...]
	log=$1 cmd=$2 status=$3
	shift 3
	a=$(answer "$log" "$cmd")
	if [ -z "$a" ]; then
		fail "$cmd: no answer in $log"
		return
	fi
	printf '%s\n' "$a" | grep -qx "selftest: status $status" ||
		fail "$cmd: wanted status $status, got: $(printf '%s\n' "$a" | tail -n 1)"
	for p in "$@"; do
		printf '%s\n' "$a" | grep -qE -- "$p" ||
			fail "$cmd: no line matching '$p' in: $a"
	done
}

mkdir -p "$out"

# What differs between the arches: CPU description, fault reports, addresses.
if [ "$arch" = riscv64 ]; then
	info_re='^hartid: [0-9]+$ ^mode: S$ ^sbi_version: [0-9]+\. ^timer: sstc, timebase from the DTB$'
	hwid1_re='^vcpu 1: up, hwid 0x[0-9a-f]+, power state ON$'
	abort_re='load access fault'
	fault_addr=0x90000000
	ext_abort_re='scause 5 \(load access fault\), stval 0xb000000'
	mem_re='^mem_test: \[0x802[0-9a-f]*, 0x8ffff000\) OK: [0-9]+ KiB \(25[0-9] MiB\)'
else
	info_re='^current_el: 1$ ^midr: 0x ^psci_version: 1\.'
	hwid1_re='^vcpu 1: up, hwid 0x[0-9a-f]*1, power state ON$'
	abort_re='data abort'
	fault_addr=0x40000000
	ext_abort_re='data abort, synchronous external abort.*FAR 0xb000000'
	mem_re='^mem_test: \[0x9[0-9a-f]*, 0x9ffff000\) OK: [0-9]+ KiB \(25[0-9] MiB\)'
fi

# --- two vCPUs: every command ------------------------------------------------
build main "echo hi  there;info;bogus arg;info extra;timer_test;timer_test 0;\
timer_test 10;timer_test 20 2000;smp_test;ipi_test 5;mmio_test;fault_test;\
fault_test 0x0b000000;fault_test 3;console_test;mem_test;help;poweroff"
# riscv64: OpenSBI's UART set-up (FCR) drops what arrived before it, so the
# input is typed once the guest has greeted (seen in the unbuffered raw log)
type_input() {
	if [ "$arch" = riscv64 ]; then
		i=0
		while [ $i -lt 300 ] && ! grep -q 'up on vCPU 0' "$out/main.raw" 2>/dev/null; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
	printf 'hello world\n'
}
rm -f "$out/main.raw"
type_input | raw=$out/main.raw run main 2 60 -no-reboot
log=$out/main.log
grep -q '^hvisor test guest: up on vCPU 0$' "$log" || fail "no greeting in $log"
expect "$log" "echo hi  there" 0 '^hi there$'
# shellcheck disable=SC2086 # info_re: one pattern per word
expect "$log" info 0 '^vcpu: 0$' '^vcpus_up: 1$' '^counter_freq: [1-9]' $info_re
expect "$log" "bogus arg" 127 '^unknown command: bogus$'
expect "$log" "info extra" 2 '^usage: info'
expect "$log" timer_test 2 'usage: timer_test'
expect "$log" "timer_test 0" 2 'out of range'
expect "$log" "timer_test 10" 0 '^timer_test: 10 of 10 interrupts, period 10000 us$' \
	'^latency_ns: min [0-9]+ avg [0-9]+ max [0-9]+$' '^elapsed_us: [0-9]+ expected_us: 100000$'
expect "$log" "timer_test 20 2000" 0 '^timer_test: 20 of 20 interrupts, period 2000 us$'
expect "$log" smp_test 0 "$hwid1_re" '^vcpus_up: 2 of 2$'
expect "$log" "ipi_test 5" 0 '^vcpu 1: 5 round trips, ns min'
expect "$log" mmio_test 1 "$abort_re" 'reading the ID faulted'
expect "$log" fault_test 1 "read $fault_addr returned .*no fault"
expect "$log" "fault_test 0x0b000000" 0 "$ext_abort_re" 'faulted in the guest'
expect "$log" "fault_test 3" 2 'not 4-byte aligned'
expect "$log" console_test 0 '^console_test: read "hello world\\n" \(12 bytes\)$'
expect "$log" mem_test 0 "$mem_re"
expect "$log" help 0 '^timer_test N \[PERIOD_US\]$'
grep -q "^fault_test: reading $fault_addr\$" "$log" || fail "fault_test did not announce its read"
grep -q '^selftest> poweroff' "$log" && grep -q 'powering off' "$log" ||
	fail "poweroff not reached"
grep -q 'unexpected' "$log" && fail "unexpected exception or interrupt in $log"
grep -q '^commands: 2 (doorbell 1, polled 1), doorbell_irqs: 1' "$log" ||
	fail "doorbell/poll accounting in info"

# --- one vCPU: IPIs to itself --------------------------------------------------
build single "smp_test;ipi_test 3;poweroff"
run single 1 30 -no-reboot </dev/null
log=$out/single.log
expect "$log" smp_test 0 '^vcpus_up: 1 of 1$'
expect "$log" "ipi_test 3" 0 '^single vCPU: IPIs to itself$' '^vcpu 0: 3 round trips'

# --- reset: the guest comes back --------------------------------------------------
build reset "echo before reset;reset"
run reset 2 5 </dev/null
n=$(grep -c '^hvisor test guest: up on vCPU 0$' "$out/reset.log")
[ "$n" -ge 2 ] || fail "reset: guest booted $n time(s), wanted at least 2"
expect "$out/reset.log" "echo before reset" 0 '^before reset$'
grep -q '^hvisor test guest: resetting$' "$out/reset.log" || fail "reset: not announced"

# --- riscv64: four harts (OpenSBI's boot hart is any of them), SBI TIME ------
if [ "$arch" = riscv64 ]; then
	build four "info;smp_test;ipi_test 3;timer_test 10;poweroff"
	run four 4 60 -no-reboot </dev/null
	log=$out/four.log
	expect "$log" smp_test 0 '^vcpus_up: 4 of 4$' '^vcpu 3: up, hwid 0x[0-3], power state ON$'
	expect "$log" "ipi_test 3" 0 '^vcpu 3: 3 round trips'
	expect "$log" "timer_test 10" 0 '^timer_test: 10 of 10 interrupts'
	# vCPU 0 is the boot hart; the others take the remaining hart ids once each
	boot=$(sed -n 's/^hartid: //p' "$log" | head -n 1)
	harts=$(answer "$log" smp_test | sed -n 's/^vcpu [0-9]: up, hwid 0x\([0-9]\).*/\1/p' | sort | tr -d '\n')
	[ "$harts" = 0123 ] || fail "four: vCPUs on harts '$harts', wanted each of 0-3 once"
	answer "$log" smp_test | grep -q "^vcpu 0: up, hwid 0x$boot," ||
		fail "four: vCPU 0 is not the boot hart $boot"
	grep -q 'unexpected' "$log" && fail "unexpected exception or interrupt in $log"

	# no Sstc: deadlines through SBI TIME
	build nosstc "info;timer_test 10 2000;poweroff"
	cpu=rv64,h=true,sstc=false run nosstc 1 30 -no-reboot </dev/null
	log=$out/nosstc.log
	expect "$log" info 0 '^timer: sbi, timebase from the DTB$'
	expect "$log" "timer_test 10 2000" 0 '^timer_test: 10 of 10 interrupts, period 2000 us$'
fi

if [ "$failures" -ne 0 ]; then
	echo "qemu-selftest: $failures failure(s); logs in $out"
	exit 1
fi
echo "qemu-selftest: all checks passed (logs in $out)"
