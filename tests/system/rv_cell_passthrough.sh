# riscv64: a passed-through device interrupt (the goldfish RTC alarm, PLIC source 11) reaches its cell and only it (claimed at HS, completed by the guest's complete in its virtual PLIC); after destroy it is the root's again.
# runner: --add tests/system/lib:/test/lib --add @BUILD/systools/rtcalarm:/usr/bin/rtcalarm --timeout 200
# arch: riscv64
. /test/lib/cell.sh
enable
rtc_root() { awk '/101000.rtc/ { s = 0; for (i = 2; i <= 5; i++) s += $i; print s }' /proc/interrupts; }
# the root's RTC alarm interrupt arrives (rtcalarm waits for it) and is counted
root_rtc_alarm() {
	local before=$(rtc_root)
	rtcalarm /dev/rtc0 1 || return 1
	[ "$(rtc_root)" -gt "$before" ]
}
[ -n "$(rtc_root)" ] || fail "no goldfish RTC interrupt in the root"
root_rtc_alarm || fail "the root's RTC alarm does not arrive before the cell"
before=$(rtc_root)
boot_cell testguest-rtc testguest-rtc
for i in 1 2 3; do
	expect testguest-rtc 'alarm interrupt 11 after' rtc_test
done
after=$(rtc_root)
echo "root's goldfish RTC interrupt count: $before -> $after"
[ "$before" = "$after" ] || fail "the root saw the cell's RTC interrupt"
# the cell leaves with an alarm armed and its interrupt enabled in its PLIC
expect testguest-rtc '' poke 0x00101010 1 4
hvisor cell stats testguest-rtc
hvisor cell destroy testguest-rtc || fail destroy
# the device and its interrupt are the root's again
root_rtc_alarm || fail "the root's RTC alarm does not arrive after the cell is gone"
echo "root's goldfish RTC interrupt count after destroy: $(rtc_root)"
hvisor disable || fail disable
echo PASS
