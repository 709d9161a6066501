# PCI passthrough of QEMU's edu: while a cell owns it the root sees it absent and cannot reprogram it; the cell DMAs through it with 0 exits, gets its INTx; destroy gives it back, 3 cycles.
# runner: --add tests/system/lib:/test/lib --timeout 600 --qemu-arg -device --qemu-arg edu,dma_mask=0xffffffffff
# arch: arm64
. /test/lib/cell.sh
EDU=/sys/bus/pci/devices/0000:00:01.0
[ -e $EDU ] || fail "no edu at 00:01.0 in the root: $(ls /sys/bus/pci/devices)"
[ "$(cat $EDU/vendor):$(cat $EDU/device)" = 0x1234:0x11e8 ] || fail "00:01.0 is not edu"
# what the root's config reads give (the vendor file is cached at boot)
cfg16() { od -An -tx2 -j "$1" -N 2 $EDU/config | tr -d ' '; }
cfg32() { od -An -tx4 -j "$1" -N 4 $EDU/config | tr -d ' '; }
bar0=$(cfg32 16)
echo "root: edu BAR0 $bar0, command $(cfg16 4)"
[ "$bar0" = 10000000 ] || fail "BAR0 is $bar0, the configs expect 0x10000000"
enable
# the root still reads the device through the hypervisor's ECAM filter
[ "$(cfg16 0)" = 1234 ] || fail "root reads vendor $(cfg16 0) after enable"
cmd0=$(cfg16 4)

# refused before anything changes: BAR outside the cell's io regions,
# INTx not the cell's, a device another cell owns
sed 's/"phys_start": "0x10000000"/"phys_start": "0x10100000"/' \
	$CFG/testguest-pci.json >/tmp/nobar.json
sed 's/"interrupts": \[36\]/"interrupts": []/' $CFG/testguest-pci.json >/tmp/noirq.json
out=$(hvisor cell create /tmp/nobar.json 2>&1) && fail "BAR outside the cell's regions accepted"
hvisor console | grep -q "BAR 0 0x10000000+0x100000 is not inside an identity-mapped io region" ||
	fail "no reason logged for the BAR: $out"
out=$(hvisor cell create /tmp/noirq.json 2>&1) && fail "INTx not in the cell's interrupts accepted"
hvisor console | grep -q "raises INTx interrupt 36, which is not in the cell's interrupts" ||
	fail "no reason logged for INTx: $out"
[ -z "$(hvisor cell list | awk 'NR > 1')" ] || fail "a refused cell was left behind"
[ "$(cfg16 0)" = 1234 ] || fail "a refused cell hid the device"

for round in 1 2 3; do
	echo "=== round $round"
	boot_cell testguest-pci testguest-pci
	hvisor console | grep -q "00:01.0 taken from the root; no IOMMU: the cell is not DMA-isolated" ||
		fail "no DMA-isolation warning in the log"
	hvisor console | grep "SMMUv3" && fail "the log names an SMMU the platform does not have"
	# the root: absent, and its writes do not reach the device
	[ "$(cfg16 0)" = ffff ] || fail "root reads vendor $(cfg16 0) of a lent device"
	printf '\000\000\000\040' | dd of=$EDU/config bs=1 seek=16 count=4 conv=notrunc 2>/dev/null
	printf '\000\000' | dd of=$EDU/config bs=1 seek=4 count=2 conv=notrunc 2>/dev/null
	if [ $round = 2 ]; then
		# Linux's own enumeration: removed and rescanned, it is not found
		echo 1 >$EDU/remove
		echo 1 >/sys/bus/pci/rescan
		[ -e $EDU ] && fail "the root's rescan found the lent device"
		echo "root rescan while lent: $(ls /sys/bus/pci/devices | tr '\n' ' ')"
	fi
	if [ $round = 1 ]; then
		# a second cell cannot take it (its BAR region moved off the first's)
		sed -e 's/"name": "testguest-pci"/"name": "pci2"/' -e '/"dma",/d' -e '/"cpus"/,/]/s/3/2/' \
			-e 's/"phys_start": "0x90000000"/"phys_start": "0xa0000000"/' \
			-e 's/"phys_start": "0x9ffff000"/"phys_start": "0xaffff000"/' \
			-e 's/"phys_start": "0x10000000"/"phys_start": "0x10100000"/' \
			-e 's/"interrupts": \[36\]/"interrupts": []/' $CFG/testguest-pci.json >/tmp/pci2.json
		out=$(hvisor cell create /tmp/pci2.json 2>&1) && fail "a device owned twice"
		hvisor console | grep -q "pci2: PCI 00:01.0 belongs to another cell" ||
			fail "no reason logged for the second owner: $out"
	fi
	if [ $round = 1 ]; then
		# the cell's own window: its function, nothing else; hostile writes
		W=$((0x4010000000 + 0x8000))
		expect testguest-pci '^0x11e81234$' peek $W 4
		expect testguest-pci '^0xffffffff$' peek $((0x4010000000 + 0x10000)) 4
		peek_cell() { hvisor cell exec testguest-pci peek "$@"; }
		ptr=$(($(peek_cell $((W + 0x34)) 1) & 0xfc)) msi=0
		while [ $ptr -ne 0 ]; do
			hdr=$(peek_cell $((W + ptr)) 2)
			[ $((hdr & 0xff)) = 5 ] && msi=$ptr && break
			ptr=$(((hdr >> 8) & 0xfc))
		done
		[ $msi != 0 ] || fail "edu shows no MSI capability"
		expect testguest-pci '' poke $((W + 0x10)) 0x20000000 4
		expect testguest-pci '^0x10000000$' peek $((W + 0x10)) 4
		expect testguest-pci '' poke $((W + msi + 2)) 0x81 2
		ctrl=$(peek_cell $((W + msi + 2)) 2)
		[ $((ctrl & 1)) = 0 ] || fail "the cell enabled MSI (control $ctrl)"
		echo "cell: BAR0 move and MSI enable (capability at $msi, control $ctrl) refused"
	fi
	for bytes in 4096 10000 65536; do
		expect testguest-pci 'exits during DMA: 0$' dma_test $bytes
	done
	expect testguest-pci 'factorial: 10! = 3628800' dma_test 4096
	hvisor cell stats testguest-pci
	hvisor cell destroy testguest-pci || fail "destroy"
	hvisor console | tail -20 | grep -q "00:01.0 disabled (no FLR), given back to the root" ||
		fail "no reset logged"
	if [ $round = 2 ]; then
		echo 1 >/sys/bus/pci/rescan
		[ -e $EDU ] || fail "the root's rescan does not find the device after destroy"
		echo "root rescan after destroy: $(cat $EDU/vendor):$(cat $EDU/device) $(head -1 $EDU/resource)"
	fi
	# the root sees it again, as it had it
	[ "$(cfg16 0)" = 1234 ] || fail "root reads vendor $(cfg16 0) after destroy"
	[ "$(cfg32 16)" = "$bar0" ] || fail "BAR0 $(cfg32 16) after destroy, was $bar0"
	[ "$(cfg16 4)" = "$cmd0" ] || fail "command $(cfg16 4) after destroy, was $cmd0"
done
ls /sys/bus/pci/devices
hvisor disable || fail disable
echo PASS
