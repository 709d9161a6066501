# A hostile cell's vGIC accesses (every width and offset, unaligned, the last bytes of each frame, wide IPRIORITYR writes) never park a CPU or touch the root's interrupts; destroy, a new cell and disable still work.
# runner: --add tests/system/lib:/test/lib --timeout 400
# arch: arm64
. /test/lib/cell.sh
GICD=0x08000000
GICR=0x080a0000 # two vCPUs: two 128 KiB frames (RD + SGI)
NAME=testguest-hostile-gic

rtc_count() { awk '/rtc-pl031|pl031/ { s = 0; for (i = 2; i <= 5; i++) s += $i; print s }' /proc/interrupts; }

# the root's PL031 alarm (SPI 34) arrives within a few seconds
root_rtc_alarm() {
	local before=$(rtc_count) i
	echo 0 >/sys/class/rtc/rtc0/wakealarm
	echo +2 >/sys/class/rtc/rtc0/wakealarm || return 1
	for i in 1 2 3 4 5 6 7 8; do
		sleep 1
		[ "$(rtc_count)" -gt "$before" ] && return 0
	done
	return 1
}

# check_cell WHAT: the cell still answers, or it FAILED with a reason (never hangs)
dead=
check_cell() {
	local out
	if out=$(hvisor cell exec $NAME echo alive 2>&1) && [ "$out" = alive ]; then
		echo "after $1: the cell answers"
		return 0
	fi
	sleep 1
	[ "$(state_of $NAME)" = failed ] || fail "after $1 the cell neither answers ($out) nor failed: $(state_of $NAME)"
	hvisor cell list | grep -q "$NAME.*failed.*[a-z]" || fail "after $1: failed without a reason"
	echo "after $1: the cell FAILED with a reason"
	dead=1
}

# hostile WHAT CMD...: one command in the cell (skipped once it failed)
hostile() {
	local what=$1 out
	shift
	[ -z "$dead" ] || return 0
	out=$(hvisor cell exec $NAME "$@" 2>&1)
	echo "[$NAME] $* -> $out"
	check_cell "$what"
}
# (a sweep traps on every access: ~1M for the GICR frames, over exec's
# default 10 s on a loaded host)
scan() {
	local what=$1
	shift
	hostile "$what" gic_scan "$@" --timeout 180
}

enable
root_rtc_alarm || fail "the root's RTC alarm does not arrive before any cell"
boot_cell $NAME $NAME

# Issue 9 item 7: SPI 38 (the cell's) shares a doubleword of IPRIORITYR with
# the root's SPIs 32-35 and a word at offset 0x423 with SPIs 35-37; neither
# write may change the priority of a root SPI (0xff would mask the RTC).
expect $NAME '' poke $((GICD + 0x420)) 0xffffffffffffffff 8
root_rtc_alarm || fail "an 8-byte IPRIORITYR write of the cell masked the root's RTC interrupt"
expect $NAME 'accesses' gic_scan $((GICD + 0x423)) 4 6 0xffffffff
root_rtc_alarm || fail "an unaligned IPRIORITYR word write of the cell masked the root's RTC interrupt"
echo "the root's RTC alarm arrives after the cell's wide priority writes"

# Issue 9 item 3: the last bytes of the distributor frame, as the issue found them
hostile "a byte read of the last byte of GICD" peek $((GICD + 0xffff)) 1
hostile "a halfword read at the end of GICD" peek $((GICD + 0xfffe)) 2
hostile "a word read at the end of GICD" peek $((GICD + 0xfffc)) 4

# Every width at every aligned offset, read and written (zeros), of every frame.
scan "the GICD sweep" $GICD 0x10000 3
scan "the GICR sweep" $GICR 0x40000 3
# Every byte offset (unaligned accesses reach the hypervisor through a
# Normal mapping), where the register families start and at each frame's end.
scan "unaligned GICD (start)" $GICD 0x1000 7
scan "unaligned GICD (IROUTER)" $((GICD + 0x6000)) 0x200 7
scan "unaligned GICD (end)" $((GICD + 0xff00)) 0x100 7
for f in 0 1; do
	rd=$((GICR + f * 0x20000))
	scan "unaligned GICR $f (RD)" $rd 0x100 7
	scan "unaligned GICR $f (RD end, SGI start)" $((rd + 0xff00)) 0x600 7
	scan "unaligned GICR $f (end)" $((rd + 0x1ff00)) 0x100 7
done
scan "all-ones writes to GICD" $GICD 0x10000 2 0xffffffffffffffff
[ -n "$dead" ] || root_rtc_alarm || fail "the root's RTC alarm does not arrive after the scans"

# A word that runs past the end of the frame: the cell fails with a reason.
if [ -z "$dead" ]; then
	hvisor cell exec $NAME gic_scan $((GICD + 0xfffe)) 4 5 0 4 >/dev/null 2>&1
	check_cell "a read across the end of GICD"
fi

hvisor cell list
hvisor cell destroy $NAME || fail "destroy after the hostile accesses"
sleep 1
online=$(cat /sys/devices/system/cpu/online)
echo "online CPUs: $online"
[ "$online" = 0-3 ] || fail "the cell's CPUs did not come back to the root: $online"
root_rtc_alarm || fail "the root's RTC alarm does not arrive after destroy"
boot_cell testguest testguest
expect testguest '^next$' echo next
hvisor cell destroy testguest || fail "destroy of the next cell"
hvisor disable || fail disable
echo PASS
