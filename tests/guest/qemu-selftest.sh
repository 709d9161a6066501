#!/bin/sh
# Runs the test guest on bare QEMU (no hypervisor) with built-in command lists and checks the answers.
# arch: arm64
#
# Usage: tests/guest/qemu-selftest.sh [OUTDIR]   (default build/guests-selftest)
# Builds BARE_QEMU=1 SELFTEST=... variants of the guest, boots each in
# qemu-system-aarch64 (virt, GICv3, cortex-a72) with the image loaded at
# 0x90000000 and checks every command's status and key output lines.
# What needs hvisor (testdev, the doorbell hypercall, stage-2 faults, the
# emulated GIC/PL011) is not covered here.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/guests/testguest
out=${1:-$top/build/guests-selftest}
qemu=${QEMU:-qemu-system-aarch64}
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

build() { # name selftest-commands
	make -s -C "$here" O="$out/$1" BARE_QEMU=1 SELFTEST="$2" >"$out/$1.build.log" 2>&1 ||
		{ cat "$out/$1.build.log"; echo "FAIL: build of $1"; exit 1; }
}

run() { # name smp timeout [extra qemu args...] < input
	name=$1 smp=$2 secs=$3
	shift 3
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

# --- two vCPUs: every command ------------------------------------------------
build main "echo hi  there;info;bogus arg;info extra;timer_test;timer_test 0;\
timer_test 10;timer_test 20 2000;smp_test;ipi_test 5;mmio_test;fault_test;\
fault_test 0x0b000000;fault_test 3;console_test;mem_test;help;poweroff"
printf 'hello world\n' | run main 2 60 -no-reboot
log=$out/main.log
grep -q '^hvisor test guest: up on vCPU 0$' "$log" || fail "no greeting in $log"
expect "$log" "echo hi  there" 0 '^hi there$'
expect "$log" info 0 '^vcpu: 0$' '^current_el: 1$' '^vcpus_up: 1$' \
	'^counter_freq: [1-9]' '^midr: 0x' '^psci_version: 1\.'
expect "$log" "bogus arg" 127 '^unknown command: bogus$'
expect "$log" "info extra" 2 '^usage: info'
expect "$log" timer_test 2 'usage: timer_test'
expect "$log" "timer_test 0" 2 'out of range'
expect "$log" "timer_test 10" 0 '^timer_test: 10 of 10 interrupts, period 10000 us$' \
	'^latency_ns: min [0-9]+ avg [0-9]+ max [0-9]+$' '^elapsed_us: [0-9]+ expected_us: 100000$'
expect "$log" "timer_test 20 2000" 0 '^timer_test: 20 of 20 interrupts, period 2000 us$'
expect "$log" smp_test 0 '^vcpu 1: up, hwid 0x[0-9a-f]*1, power state ON$' '^vcpus_up: 2 of 2$'
expect "$log" "ipi_test 5" 0 '^vcpu 1: 5 round trips, ns min'
expect "$log" mmio_test 1 'data abort' 'reading the ID faulted'
expect "$log" fault_test 1 'read 0x40000000 returned .*no fault'
expect "$log" "fault_test 0x0b000000" 0 'data abort, synchronous external abort.*FAR 0xb000000' \
	'faulted in the guest'
expect "$log" "fault_test 3" 2 'not 4-byte aligned'
expect "$log" console_test 0 '^console_test: read "hello world\\n" \(12 bytes\)$'
expect "$log" mem_test 0 '^mem_test: \[0x9[0-9a-f]*, 0x9ffff000\) OK: [0-9]+ KiB \(25[0-9] MiB\)'
expect "$log" help 0 '^timer_test N \[PERIOD_US\]$'
grep -q '^fault_test: reading 0x40000000$' "$log" || fail "fault_test did not announce its read"
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

if [ "$failures" -ne 0 ]; then
	echo "qemu-selftest: $failures failure(s); logs in $out"
	exit 1
fi
echo "qemu-selftest: all checks passed (logs in $out)"
