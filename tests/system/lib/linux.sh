# Helpers for the Linux cell system tests (sourced after cell.sh): boot, console log, send and wait.
KERNEL=/usr/share/hvisor/guests/linux-Image
INITRD=/usr/share/hvisor/guests/linux-initrd.cpio.gz

# `hvisor cell linux` arguments that boot a cell's kernel as the root's was
# booted in what sets its speed: kpti=0 (benchmarks compare the two)
LINUX_AS_ROOT=$(grep -qw kpti=0 /proc/cmdline && echo "--cmdline kpti=0")

# Hundredths of a second since the root booted.
now_cs() {
	awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime
}

# var_of NAME: NAME as a shell variable name part (a cell may be "linux-pci").
var_of() {
	echo "$1" | tr -c 'A-Za-z0-9_\n' _
}

# linux_boot CONFIG NAME [ARGS...]: hvisor cell linux, and a follower that
# keeps the whole console output in /tmp/NAME.log (the cell's console ring
# only holds the last 4 KiB). CONFIG: a name in $CFG, or a /path.json.
linux_boot() {
	local config=$1 name=$2 path
	shift 2
	case $config in
	/*) path=$config ;;
	*) path=$CFG/$config.json ;;
	esac
	: >/tmp/$name.log
	hvisor cell linux $path $KERNEL --initrd $INITRD "$@" ||
		fail "hvisor cell linux $config"
	hvisor cell console "$name" -f </dev/null >>/tmp/$name.log 2>&1 &
	eval "follower_$(var_of "$name")=$!"
}

# linux_stop_follower NAME
linux_stop_follower() {
	local pid
	eval "pid=\$follower_$(var_of "$1")"
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	eval "follower_$(var_of "$1")="
}

# linux_log NAME: the console output so far, without carriage returns.
linux_log() {
	tr -d '\r' </tmp/$1.log
}

# linux_fail NAME MESSAGE: fail, with the end of the cell's console.
linux_fail() {
	echo "--- last lines of cell $1's console:"
	linux_log "$1" | tail -40
	echo "---"
	fail "$2"
}

# linux_wait NAME REGEX SECONDS: waits until a whole console line matches
# REGEX (ERE); fails after SECONDS of root uptime (not of loop rounds: a
# round costs more on a loaded host) or when the cell fails. One grep of
# the log per look (carriage returns at the end of a line allowed), the
# clock and the cell's state once in ten: under TCG every process the
# root starts costs milliseconds of its CPUs, which the daemon serving
# the cell shares. LINUX_WAIT_POLL: seconds between looks (0.1).
linux_wait() {
	local name=$1 re=$2 end=$(($(now_cs) + $3 * 100)) i=0 cr
	cr=$(printf '\r')
	while :; do
		grep -Eq "^($re)$cr*\$" /tmp/$name.log && return 0
		if [ $((i % 10)) = 0 ]; then
			[ "$(now_cs)" -lt $end ] || break
			if [ "$(state_of "$name")" = failed ]; then
				linux_fail "$name" "cell $name failed waiting for '$re'"
			fi
		fi
		sleep "${LINUX_WAIT_POLL:-0.1}"
		i=$((i + 1))
	done
	linux_log "$name" | grep -Eqx "$re" && return 0
	linux_fail "$name" "cell $name: no line '$re' within $3 s"
}

# linux_run NAME COMMAND REGEX [SECONDS]: types COMMAND into the cell's
# shell and waits for a whole output line matching REGEX. Make REGEX
# something only the command's output can be, not its echo.
linux_run() {
	hvisor cell console "$1" --send "$2" >/dev/null || fail "$1: cannot send '$2'"
	linux_wait "$1" "$3" "${4:-20}"
	echo "[$1] $2 -> $(linux_log "$1" | grep -Ex "$3" | tail -1)"
}

# wait_state NAME STATE SECONDS (of root uptime)
wait_state() {
	local end=$(($(now_cs) + $3 * 100))
	while :; do
		[ "$(state_of "$1")" = "$2" ] && return 0
		[ "$(now_cs)" -lt $end ] || break
		sleep 0.1
	done
	linux_fail "$1" "cell $1: state $(state_of "$1"), not $2 after $3 s"
}
