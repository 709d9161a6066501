# Helpers for the virtio system tests (sourced after cell.sh and linux.sh): disks, autorun, the daemon.

# make_disk FILE MIB AUTORUN-SCRIPT [FILE...]: a raw disk whose first bytes
# are a tar archive holding autorun.sh and the extra files (the cell's init
# extracts it to /mnt and runs autorun.sh there)
make_disk() {
	local disk=$1 mib=$2 script=$3
	shift 3
	rm -rf /tmp/ar.$$ && mkdir -p /tmp/ar.$$
	cp "$script" /tmp/ar.$$/autorun.sh
	[ $# = 0 ] || cp "$@" /tmp/ar.$$/
	set -- "$disk" "$mib"
	[ -f "$1" ] || dd if=/dev/zero of="$1" bs=1M count="$2" 2>/dev/null
	(cd /tmp/ar.$$ && tar -cf /tmp/ar.$$.tar *) || fail "tar"
	dd if=/tmp/ar.$$.tar of="$1" conv=notrunc 2>/dev/null || fail "disk $1"
	rm -rf /tmp/ar.$$ /tmp/ar.$$.tar
}

# start_daemon CONFIG [OPTIONS...]: starts `hvisor daemon` in the background, waits until it serves
start_daemon() {
	hvisor daemon "$@" >/tmp/daemon.log 2>&1 &
	daemon_pid=$!
	for i in $(seq 1 50); do
		grep -q "serving" /tmp/daemon.log && return 0
		kill -0 $daemon_pid 2>/dev/null || break
		sleep 0.1
	done
	cat /tmp/daemon.log
	fail "daemon did not start"
}

# daemon_line REGEX: asks the daemon for its counters (SIGUSR1, into
# /tmp/daemon.log) and prints the newest line matching REGEX (grep's) once
# a new one came, or after 10 s the newest there is
daemon_line() {
	local n0 i
	n0=$(grep -c "$1" /tmp/daemon.log)
	kill -USR1 $daemon_pid
	for i in $(seq 1 50); do
		[ "$(grep -c "$1" /tmp/daemon.log)" -gt "$n0" ] && break
		sleep 0.2
	done
	grep "$1" /tmp/daemon.log | tail -1
}

stop_daemon() {
	[ -n "${daemon_pid:-}" ] && kill $daemon_pid 2>/dev/null && wait $daemon_pid 2>/dev/null
	daemon_pid=
}

# destroy_cell NAME: retries while the daemon still maps the cell's RAM
destroy_cell() {
	for i in $(seq 1 50); do
		hvisor cell destroy "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	hvisor cell destroy "$1" || fail "destroy $1"
}

# blk_config FILE CELL DISK...: a daemon config with one virtio-blk per cell
daemon_config() {
	out=$1
	shift
	{
		echo '{ "cells": ['
		sep=
		while [ $# -ge 2 ]; do
			printf '%s{ "name": "%s", "config": "%s/%s.json", "devices": [ { "type": "blk", "address": "0x0a000000", "file": "%s" }%s ] }\n' \
				"$sep" "$1" "$CFG" "$1" "$2" "${NET_DEVICE:+, $NET_DEVICE}"
			sep=,
			shift 2
		done
		echo '] }'
	} >"$out"
}

# tg_daemon_config FILE NAME:CONFIG:DISK[:DELAY_MS]...: a daemon config with
# one virtio-blk at 0x0a000000 per test guest cell (DELAY_MS: the disk is
# slow, every request waits that long)
tg_daemon_config() {
	out=$1
	shift
	{
		echo '{ "cells": ['
		sep=
		for c in "$@"; do
			IFS=: read -r name config disk delay <<EOC
$c
EOC
			printf '%s{ "name": "%s", "config": "%s/%s.json", "devices": [ { "type": "blk", "address": "0x0a000000", "file": "%s"%s } ] }\n' \
				"$sep" "$name" "$CFG" "$config" "$disk" "${delay:+, \"delay_ms\": $delay}"
			sep=,
		done
		echo '] }'
	} >"$out"
}

# pattern_disk FILE MIB: a disk whose every byte is 0xa5
pattern_disk() {
	dd if=/dev/zero bs=1M count="$2" 2>/dev/null | tr '\0' '\245' >"$1" || fail "disk $1"
}

# no_timeouts NAME: the hypervisor logged no virtio timeout of cell NAME
no_timeouts() {
	if hvisor console | grep "no answer from the root" | grep -q "\"$1\""; then
		hvisor console | grep "no answer from the root" | tail -5
		fail "cell $1: a virtio access timed out"
	fi
}

# status_ok NAME: the cell's device at 0x0a000000 does not say DEVICE_NEEDS_RESET
status_ok() {
	local v
	v=$(hvisor cell exec "$1" peek 0x0a000070) || fail "$1: peek status: $v"
	echo "[$1] device status $v"
	[ $((v & 0x40)) = 0 ] || fail "cell $1: device status $v: needs reset"
}
