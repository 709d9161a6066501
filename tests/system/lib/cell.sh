# Shared helpers for the cell system tests (sourced in the guest from /test/lib/cell.sh).
. /test/lib/arch.sh
CFG=/etc/hvisor/$HV_ARCH/qemu
GUEST=/usr/share/hvisor/guests/testguest.bin

fail() {
	echo "FAIL: $*"
	hvisor cell list 2>&1
	hvisor console 2>&1 | tail -25
	exit 1
}

enable() {
	insmod /lib/modules/hvisor.ko || fail "insmod"
	hvisor enable $ROOT_JSON || fail "enable"
}

# boot_cell CONFIG NAME: create, load the test guest, start, wait for its agent
boot_cell() {
	hvisor cell create $CFG/$1.json || fail "create $2"
	hvisor cell load "$2" $GUEST@$GUEST_LOAD || fail "load $2"
	hvisor cell start "$2" || fail "start $2"
	hvisor cell exec "$2" echo ready >/dev/null || fail "$2 agent not answering"
}

# expect NAME PATTERN CMD...: runs a command in the cell; its output must match
expect() {
	local name=$1 pattern=$2 out
	shift 2
	out=$(hvisor cell exec "$name" "$@" 2>&1) || fail "$name: '$*' failed: $out"
	echo "[$name] $* -> $(echo "$out" | head -3 | tr '\n' ' ')"
	echo "$out" | grep -Eq "$pattern" || fail "$name: '$*' printed: $out"
}

state_of() {
	hvisor cell list | awk -v n="$1" '$2 == n { s = $3; if (s == "shut") s = "shutdown"; print s }'
}

# wait_state NAME STATE [SECONDS]: polls until the cell shows STATE (default at most 20 s)
wait_state() {
	local end=$(($(date +%s) + ${3:-20}))
	while [ "$(state_of "$1")" != "$2" ]; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}
