# A Linux cell owns QEMU's edu: the PCI host node of its generated DTB lets Linux enumerate it (1234:11e8 under a probe-only generic ECAM host), a user program maps BAR0 through sysfs (ident, liveness, factorial), moves data through the device by DMA and takes its INTx through uio_pci_generic; destroy gives it back to the root; a config written by config create --pci from this machine boots the same way.
# runner: --add tests/system/lib:/test/lib --add @BUILD/systools/edupci:/usr/bin/edupci --timeout 400 --qemu-arg -device --qemu-arg edu,dma_mask=0xffffffffff
# arch: arm64
. /test/lib/cell.sh
. /test/lib/linux.sh
EDU=/sys/bus/pci/devices/0000:00:01.0
[ "$(cat $EDU/vendor):$(cat $EDU/device)" = 0x1234:0x11e8 ] || fail "00:01.0 is not edu"
cfg16() { od -An -tx2 -j "$1" -N 2 $EDU/config | tr -d ' '; }
cfg32() { od -An -tx4 -j "$1" -N 4 $EDU/config | tr -d ' '; }
bar0=$(cfg32 16)
enable
cmd0=$(cfg16 4)
hvisor config check $CFG/root.json $CFG/linux-pci.json | grep "not DMA-isolated" ||
	fail "config check gives no DMA warning for linux-pci"

# the program reaches the cell in its initramfs: a second archive after
# the shipped one (the kernel unpacks both)
mkdir -p /tmp/ovl/usr/bin
cp /usr/bin/edupci /tmp/ovl/usr/bin/ || fail "no edupci in the root"
(cd /tmp/ovl && find . | cpio -o -H newc 2>/dev/null) | gzip >/tmp/edupci.cpio.gz
cat $INITRD /tmp/edupci.cpio.gz >/tmp/initrd-pci.cpio.gz
INITRD=/tmp/initrd-pci.cpio.gz

linux_boot linux-pci linux-pci --root $CFG/root.json
linux_wait linux-pci "hvisor linux cell: shell on the console.*" 120
[ "$(cfg16 0)" = ffff ] || fail "the root reads vendor $(cfg16 0) of the lent device"
# Linux's own enumeration, in its kernel log and in sysfs
linux_wait linux-pci '.*pci-host-generic 4010000000.pci: host bridge /pci@4010000000 ranges:' 1
linux_wait linux-pci '.*PCI: OF: PROBE_ONLY enabled' 1
linux_wait linux-pci '.*pci_bus 0000:00: root bus resource \[mem 0x10000000-0x100fffff\]' 1
linux_wait linux-pci '.*pci 0000:00:01.0: \[1234:11e8\] type 00 class 0x00ff00' 1
linux_log linux-pci | grep -E 'pci|PCI' | grep -v 'Kernel command line'
linux_run linux-pci 'for d in /sys/bus/pci/devices/*; do echo "pci: ${d##*/} $(cat $d/vendor):$(cat $d/device) $(head -1 $d/resource)"; done' \
	'pci: 0000:00:01.0 0x1234:0x11e8 0x0000000010000000 0x00000000100fffff .*'
linux_log linux-pci | grep -E '^pci: ' | sort -u
# BAR0 through sysfs: ident, liveness, factorial, a DMA each way
linux_run linux-pci "edupci $EDU dma; echo edupci-status=\$?" 'edupci-status=0' 60
linux_wait linux-pci 'edupci: BAR0 1048576 bytes, ident 0x010000ed, liveness ok' 1
linux_wait linux-pci 'edupci: factorial: 10! = 3628800' 1
linux_wait linux-pci 'edupci: dma: 3000 bytes from 0x[0-9a-f]+ to the device and back to 0x[0-9a-f]+ in [0-9.]+ s: ok' 1
# INTx: SPI 36 passed through, through Linux's interrupt-map, to uio_pci_generic
linux_run linux-pci "echo 1234 11e8 >/sys/bus/pci/drivers/uio_pci_generic/new_id; echo driver=\$(basename \$(readlink $EDU/driver))" \
	'driver=uio_pci_generic'
linux_run linux-pci "edupci $EDU intx; echo edupci-status=\$?" 'edupci-status=0' 30
linux_wait linux-pci 'edupci: INTx: interrupt 1 on /dev/uio after [0-9.]+ s, status 0x1 acknowledged' 1
linux_run linux-pci "awk '/uio_pci_generic/ { print \"intx-count=\" \$2 + \$3 }' /proc/interrupts" 'intx-count=1'
linux_log linux-pci | grep '^edupci: '

hvisor cell console linux-pci --send "poweroff -f" >/dev/null || fail "send poweroff"
wait_state linux-pci shutdown 30
linux_stop_follower linux-pci
hvisor cell destroy linux-pci || fail destroy
hvisor console | tail -20 | grep -q "00:01.0 disabled (no FLR), given back to the root" ||
	fail "no reset logged"
# the root sees it again, as it had it
[ "$(cfg16 0)" = 1234 ] || fail "root reads vendor $(cfg16 0) after destroy"
[ "$(cfg32 16)" = "$bar0" ] || fail "BAR0 $(cfg32 16) after destroy, was $bar0"
[ "$(cfg16 4)" = "$cmd0" ] || fail "command $(cfg16 4) after destroy, was $cmd0"

# config create --pci from this machine's /sys: BAR0, INTA, identity RAM
hvisor config create --root $CFG/root.json --cell lpgen --cpus 2-3 --mem 256M \
	--console --pci 00:01.0 /tmp/lpgen.json || fail "config create --pci"
grep -A3 '"type": "io"' /tmp/lpgen.json | grep -q '"phys_start": "0x10000000"' ||
	fail "no BAR0 region in the generated config: $(cat /tmp/lpgen.json)"
grep -A2 '"interrupts"' /tmp/lpgen.json | grep -q 36 || fail "no INTx 36 in the generated config"
grep -q '"dma"' /tmp/lpgen.json || fail "the generated RAM is not flagged dma"
linux_boot /tmp/lpgen.json lpgen --root $CFG/root.json
linux_wait lpgen "hvisor linux cell: shell on the console.*" 120
linux_run lpgen "edupci $EDU dma; echo edupci-status=\$?" 'edupci-status=0' 60
linux_log lpgen | grep '^edupci: '
hvisor cell console lpgen --send "poweroff -f" >/dev/null || fail "send poweroff"
wait_state lpgen shutdown 30
linux_stop_follower lpgen
hvisor cell destroy lpgen || fail "destroy lpgen"
[ "$(cfg16 0)" = 1234 ] || fail "root reads vendor $(cfg16 0) after the second destroy"
hvisor disable || fail disable
echo PASS
