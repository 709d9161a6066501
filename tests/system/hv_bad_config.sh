# Bad root configs are refused with a clear error, and nothing changes.
# runner: --add tests/system/lib:/test/lib --add @BUILD/systools/rawenable:/usr/bin/rawenable --timeout 120
# arch: arm64 riscv64
set -u
. /test/lib/arch.sh
fail() { echo "FAIL: $*"; exit 1; }
R=$ROOT_JSON
# Addresses of the arch's root.json the edits below change.
case $HV_ARCH in
arm64)
	DEV2=0x09010000 # a device region after the UART
	UART=0x09000000
	DEV3=0x09030000
	HV=0x80000000 # hypervisor memory
	HV_IN_RAM=0x7c000000
	HV_LOW=0x70000000 RAM_SIZE=0x40000000 RAM_SHRUNK=0x30000000
	;;
riscv64)
	DEV2=0x10001000 # the virtio-mmio transports
	UART=0x10000000
	DEV3=0x10100000 # fw_cfg
	HV=0xc0000000
	HV_IN_RAM=0xbc000000
	HV_LOW=0xb0000000 RAM_SIZE=0x3ff80000 RAM_SHRUNK=0x2ff80000
	;;
esac
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
	[ "$(cat /sys/kernel/hvisor/el2)" = "$before" ] || fail "$1: hypervisor mode state changed"
}
# two root regions overlap (a device region moved onto the UART)
expect_refused overlap "s/\"phys_start\": \"$DEV2\"/\"phys_start\": \"$UART\"/" "overlaps"
# a CPU that does not exist
expect_refused nocpu 's/"cpus": \[0, 1, 2, 3\]/"cpus": [0, 1, 2, 3, 4]/' "cpus"
# hypervisor memory inside a root region
expect_refused hvinroot "s/\"phys_start\": \"$HV\"/\"phys_start\": \"$HV_IN_RAM\"/" "overlap"
# misaligned region
expect_refused unaligned "s/\"phys_start\": \"$DEV3\"/\"phys_start\": \"${DEV3%000}800\"/" "multiple of 4096"
# unknown field
expect_refused unknown 's/"num_cpus": 4/"num_cpus": 4, "frobnicate": 1/' "unknown field"
# hypervisor memory that Linux uses: valid JSON, the root cell shrunk below it; the driver refuses
if [ $HV_ARCH = riscv64 ]; then
	# riscv rules: the PLIC, the CLINT and OpenSBI are never the root's,
	# root_irq is the hypervisor's, there is no PLIC source 96
	expect_refused plic "s/\"phys_start\": \"$DEV2\"/\"phys_start\": \"0x0c200000\"/" "overlaps the PLIC"
	expect_refused clint "s/\"phys_start\": \"0x03000000\"/\"phys_start\": \"0x02000000\"/" "overlaps the CLINT"
	expect_refused opensbi "s/\"phys_start\": \"0x80080000\"/\"phys_start\": \"0x80000000\"/" "overlaps the SBI firmware"
	expect_refused rootirq 's/"1-39", "41-95"/"1-95"/' "root cell must not own it"
	expect_refused sources 's/"41-95"/"41-96"/' "the PLIC does not have"
	expect_refused aia 's/"type": "plic"/"type": "aplic-imsic"/' "missing required field"
	expect_refused timebase 's/"timebase_frequency": 10000000/"timebase_frequency": 0/' "time CSR"
	expect_refused pl011 's/"type": "ns16550"/"type": "pl011"/' "unknown console type"
fi
sed -e "s/\"phys_start\": \"$HV\"/\"phys_start\": \"$HV_LOW\"/" \
    -e "s/\"size\": \"$RAM_SIZE\"/\"size\": \"$RAM_SHRUNK\"/" $R > /tmp/inuse.json
hvisor config check /tmp/inuse.json >/dev/null || fail "inuse.json should pass the offline check"
out=$(hvisor enable /tmp/inuse.json 2>&1) && fail "enable with hypervisor memory in Linux RAM succeeded"
dmesg | tail -5 | grep -q "is used by Linux" || fail "driver did not say why: $(dmesg | tail -3)"
[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "state changed"
# hand-made binary configs straight to the driver (no CLI checks): the driver
# refuses a bad header, the hypervisor re-validates what the driver passes on;
# the blob they are made from is accepted
rawenable none || fail "the base binary config was refused: $(dmesg | grep hvisor | tail -3)"
hvisor disable || fail "disable after the base binary config"
for bad in magic version size overlap cpu arch; do
	dmesg -c >/dev/null
	rawenable $bad && fail "binary config with bad $bad accepted"
	echo "binary $bad: $(dmesg | grep hvisor | tail -2 | tr '\n' ' ')"
	# a config for another arch is the driver's to refuse, before any CPU
	[ $bad != arch ] || dmesg | grep -q "hvisor: config: part .* field arch" ||
		fail "the driver passed a config of another arch on: $(dmesg | tail -3)"
	[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "$bad: state changed"
	grep -qi "$HYP_FREE_WORD" /sys/kernel/hvisor/el2 || fail "$bad: hypervisor mode changed: $(cat /sys/kernel/hvisor/el2)"
done
dmesg -c >/dev/null
rawenable overlap
dmesg | grep -q "hvisor" || fail "overlap refusal not reported"
# and a good config still works afterwards
hvisor enable $R || fail "good config refused after bad ones"
hvisor disable || fail disable
echo PASS
