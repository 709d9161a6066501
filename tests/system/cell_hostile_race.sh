# Destroy while the cell's vCPUs race CPU_ON/CPU_OFF/SYSTEM_RESET (2- and 3-vCPU cells): each destroy stops them all or fails and a retry does, no vCPU of a destroyed cell runs again.
# runner: --add tests/system/lib:/test/lib --timeout 420
# arch: arm64
#
# Argument: rounds (default 45, about 3 s each under QEMU TCG; tests/soak/race.sh runs 1000). Round r uses,
# in turn: the 2-vCPU cell with vCPU 1 looping SYSTEM_RESET (every boot of
# vCPU 0 starts it again), the 3-vCPU cell with vCPU 1 looping CPU_ON of
# vCPU 2 while vCPU 2 turns itself off, and the same with vCPU 1 resetting
# the cell every 64 CPU_ONs. The command arms the race and answers (resets
# begin 200 ms later, after the root has read the answer); the root destroys
# the cell 200-350 ms after the answer, mid-race.
. /test/lib/cell.sh
ROUNDS=${1:-45}
CELLS="testguest-hostile2 testguest-hostile3 testguest-hostile3"
MODES="reset onoff all"
enable

# firmware (SMC) exits of CPU $1: a vCPU racing PSCI calls makes thousands
firmware_exits() {
	sed -n "s/^cpu$1 .*firmware=\([0-9]*\).*/\1/p" /sys/kernel/hvisor/cpu_exits
}

cpus_of() {
	case $1 in
	testguest-hostile2) echo 2 3 ;;
	*) echo 1 2 3 ;;
	esac
}

# After the destroy of cell $1 (id $2): back in the root and quiet for good.
check_gone() {
	local name=$1 id=$2 c a b
	[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] ||
		fail "round $r: CPUs online after destroying $name: $(cat /sys/devices/system/cpu/online)"
	hvisor cell list | grep -q " $name " && fail "round $r: $name still listed"
	for c in $(cpus_of "$name"); do
		eval "before$c=$(firmware_exits $c)"
	done
	sleep 0.2
	for c in $(cpus_of "$name"); do
		eval "a=\$before$c"
		b=$(firmware_exits $c)
		# the root's Linux makes no firmware calls on an idle CPU
		[ $((b - a)) -le 5 ] ||
			fail "round $r: CPU $c made $((b - a)) firmware calls in 200 ms after the destroy of cell $id: a vCPU still runs"
	done
	# nothing about the cell after its "destroyed" line
	hvisor console | awk -v id="$id" '
		index($0, "cell " id " \"") && /destroyed/ { gone = 1; next }
		gone && ($0 ~ ("cell " id "[^0-9]")) { print; bad = 1 }
		END { exit bad }' ||
		fail "round $r: the log speaks of cell $id after its destroy"
}

retries=0
r=1
while [ $r -le $ROUNDS ]; do
	k=$(((r - 1) % 3 + 1))
	name=$(echo $CELLS | cut -d' ' -f$k)
	mode=$(echo $MODES | cut -d' ' -f$k)
	boot_cell "$name" "$name"
	id=$(hvisor cell list | awk -v n="$name" '$2 == n { print $1 }')
	out=$(hvisor cell exec "$name" race $mode 2>&1) ||
		fail "round $r: race $mode: $out"
	if [ $r -le 3 ]; then
		# the first round of each kind: the race really runs
		c=$(cpus_of "$name" | cut -d' ' -f2)
		a=$(firmware_exits $c)
		sleep 0.5
		b=$(firmware_exits $c)
		echo "round $r: $name race $mode: $((b - a)) firmware calls in 500 ms on CPU $c"
		[ $((b - a)) -ge 10 ] || fail "round $r: race $mode does not race"
	else
		# resets start 200 ms after the command (cmd_race.c)
		sleep $(awk -v r=$r 'BEGIN { srand(r); printf "%.3f", 0.2 + rand() * 0.15 }')
	fi
	t=0
	until hvisor cell destroy "$name" 2>/tmp/destroy.err; do
		t=$((t + 1))
		retries=$((retries + 1))
		grep -q busy /tmp/destroy.err || fail "round $r: destroy: $(cat /tmp/destroy.err)"
		[ $t -lt 5 ] || fail "round $r: destroy still refused after $t tries"
	done
	check_gone "$name" "$id"
	[ $((r % 20)) = 0 ] && echo "round $r of $ROUNDS done, $retries destroy retries"
	r=$((r + 1))
done
echo "$ROUNDS rounds, $retries destroys refused (EBUSY) and retried"
# the root, the hypervisor and a new cell still answer
hvisor cell list >/dev/null || fail "cell list"
for c in 0 1 2 3; do taskset -c $c true || fail "root cpu$c"; done
boot_cell testguest-hostile3 testguest-hostile3
expect testguest-hostile3 'vcpus_up: 3 of 3' smp_test
expect testguest-hostile3 'race: off' race status
hvisor cell destroy testguest-hostile3 || fail "last destroy"
hvisor disable || fail disable
echo PASS
