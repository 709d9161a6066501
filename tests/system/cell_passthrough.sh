# A passed-through device interrupt (the PL031 RTC alarm, SPI 34) reaches its cell, and only it; after destroy it is the root's again, as the root had it.
# runner: --add tests/system/lib:/test/lib --timeout 200
# arch: arm64
. /test/lib/cell.sh
enable
rtc_root() { awk '/rtc-pl031|pl031/ { s = 0; for (i = 2; i <= 5; i++) s += $i; print s }' /proc/interrupts; }
# the root's PL031 alarm arrives within a few seconds
root_rtc_alarm() {
	local before=$(rtc_root) i
	echo 0 >/sys/class/rtc/rtc0/wakealarm
	echo +2 >/sys/class/rtc/rtc0/wakealarm || return 1
	for i in 1 2 3 4 5 6 7 8; do
		sleep 1
		[ "$(rtc_root)" -gt "$before" ] && return 0
	done
	return 1
}
root_rtc_alarm || fail "the root's RTC alarm does not arrive before the cell"
before=$(rtc_root)
boot_cell testguest-rtc testguest-rtc
for i in 1 2 3; do
	expect testguest-rtc 'alarm interrupt 34 after' rtc_test
done
after=$(rtc_root)
echo "root's PL031 interrupt count: ${before:-none} -> ${after:-none}"
[ "$before" = "$after" ] || fail "the root saw the cell's RTC interrupt"
# the cell goes with SPI 34 active (GICD_ISACTIVER1 bit 2) and its own
# configuration (edge-triggered, priority 0xff, which the root's mask hides)
expect testguest-rtc '' poke $((0x08000000 + 0xc08)) 0x20 4
expect testguest-rtc '' poke $((0x08000000 + 0x422)) 0xff 1
expect testguest-rtc '' poke $((0x08000000 + 0x304)) 0x4 4
hvisor cell stats testguest-rtc
hvisor cell destroy testguest-rtc || fail destroy
# the device and its interrupt are the root's again, as the root had them
root_rtc_alarm || fail "the root's RTC alarm does not arrive after the cell is gone"
echo "root's PL031 interrupt count after destroy: $(rtc_root)"
hvisor disable || fail disable
echo PASS
