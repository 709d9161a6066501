# A passed-through device interrupt (the PL031 RTC alarm, SPI 34) reaches its cell, and only it.
# runner: --add tests/system/lib:/test/lib --timeout 200
# arch: arm64
. /test/lib/cell.sh
enable
rtc_root() { awk '/rtc-pl031|pl031/ { s = 0; for (i = 2; i <= 5; i++) s += $i; print s }' /proc/interrupts; }
before=$(rtc_root)
boot_cell testguest-rtc testguest-rtc
for i in 1 2 3; do
	expect testguest-rtc 'alarm interrupt 34 after' rtc_test
done
after=$(rtc_root)
echo "root's PL031 interrupt count: ${before:-none} -> ${after:-none}"
[ "$before" = "$after" ] || fail "the root saw the cell's RTC interrupt"
hvisor cell stats testguest-rtc
hvisor cell destroy testguest-rtc || fail destroy
# the device and its interrupt are the root's again
hvisor disable || fail disable
echo PASS
