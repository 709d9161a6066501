# Bad root configs are refused with a clear error, and nothing changes.
# runner: --add build/systools/rawenable:/usr/bin/rawenable --timeout 120
set -u
fail() { echo "FAIL: $*"; exit 1; }
R=/etc/hvisor/arm64/qemu/root.json
insmod /lib/modules/hvisor.ko || fail insmod
before=$(cat /sys/kernel/hvisor/el2)

# expect_refused NAME SED-EXPRESSION MESSAGE: a variant of root.json must fail with MESSAGE
expect_refused() {
	sed "$2" $R > /tmp/$1.json
	cmp -s $R /tmp/$1.json && fail "$1: sed did not change the config"
	out=$(hvisor enable /tmp/$1.json 2>&1) && fail "$1: enable succeeded"
	echo "$1: $out" | head -3
	echo "$out" | grep -q "$3" || fail "$1: expected '$3' in: $out"
	[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "$1: state changed"
	[ "$(cat /sys/kernel/hvisor/el2)" = "$before" ] || fail "$1: EL2 state changed"
}
# two root regions overlap (RTC region moved onto the UART)
expect_refused overlap 's/"phys_start": "0x09010000"/"phys_start": "0x09000000"/' "overlaps"
# a CPU that does not exist
expect_refused nocpu 's/"cpus": \[0, 1, 2, 3\]/"cpus": [0, 1, 2, 3, 4]/' "cpus"
# hypervisor memory inside a root region
expect_refused hvinroot 's/"phys_start": "0x80000000"/"phys_start": "0x7c000000"/' "overlap"
# misaligned region
expect_refused unaligned 's/"phys_start": "0x09030000"/"phys_start": "0x09030800"/' "multiple of 4096"
# unknown field
expect_refused unknown 's/"num_cpus": 4/"num_cpus": 4, "frobnicate": 1/' "unknown field"
# hypervisor memory that Linux uses: valid JSON, the root cell shrunk below it; the driver refuses
sed -e 's/"phys_start": "0x80000000"/"phys_start": "0x70000000"/' \
    -e 's/"size": "0x40000000"/"size": "0x30000000"/' $R > /tmp/inuse.json
hvisor config check /tmp/inuse.json >/dev/null || fail "inuse.json should pass the offline check"
out=$(hvisor enable /tmp/inuse.json 2>&1) && fail "enable with hypervisor memory in Linux RAM succeeded"
dmesg | tail -5 | grep -q "is used by Linux" || fail "driver did not say why: $(dmesg | tail -3)"
[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "state changed"
# hand-made binary configs straight to the driver (no CLI checks): the driver
# refuses a bad header, the hypervisor re-validates what the driver passes on
for bad in magic version size overlap cpu arch; do
	dmesg -c >/dev/null
	rawenable $bad && fail "binary config with bad $bad accepted"
	echo "binary $bad: $(dmesg | grep hvisor | tail -2 | tr '\n' ' ')"
	# a config for another arch is the driver's to refuse, before any CPU
	[ $bad != arch ] || dmesg | grep -q "hvisor: config: part .* field arch" ||
		fail "the driver passed a config of another arch on: $(dmesg | tail -3)"
	[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "$bad: state changed"
	grep -qi stub /sys/kernel/hvisor/el2 || fail "$bad: EL2 changed"
done
dmesg -c >/dev/null
rawenable overlap
dmesg | grep -q "hvisor" || fail "overlap refusal not reported"
# and a good config still works afterwards
hvisor enable $R || fail "good config refused after bad ones"
hvisor disable || fail disable
echo PASS
