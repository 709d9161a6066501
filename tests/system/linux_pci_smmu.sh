# With QEMU's SMMUv3 a Linux cell's RAM need not be identity-mapped for its PCI device: config create --pci against root-smmu.json puts it at guest-physical 0x90000000 over other physical RAM, and edu's DMA to the guest-physical addresses Linux gives it arrives through the cell's SMMU context with no fault.
# runner: --add tests/system/lib:/test/lib --add @BUILD/systools/edupci:/usr/bin/edupci --timeout 400 --qemu-arg -machine --qemu-arg iommu=smmuv3 --qemu-arg -device --qemu-arg edu,dma_mask=0xffffffffff --append initcall_blacklist=arm_smmu_driver_init
# arch: arm64
. /test/lib/cell.sh
. /test/lib/linux.sh
EDU=/sys/bus/pci/devices/0000:00:01.0
[ "$(cat $EDU/vendor):$(cat $EDU/device)" = 0x1234:0x11e8 ] || fail "00:01.0 is not edu"
cfg16() { od -An -tx2 -j "$1" -N 2 $EDU/config | tr -d ' '; }
insmod /lib/modules/hvisor.ko || fail insmod
hvisor enable $CFG/root-smmu.json || fail "enable with the SMMU"
hvisor console | grep -q "SMMUv3 at 0x9050000" || fail "the hypervisor did not take the SMMU"

hvisor config create --root $CFG/root-smmu.json --cell lpsmmu --cpus 2-3 --mem 256M \
	--console --pci 00:01.0 /tmp/lpsmmu.json || fail "config create --pci"
grep -A4 '"type": "ram"' /tmp/lpsmmu.json | grep -q '"virt_start": "0x90000000"' ||
	fail "the RAM is not at the layout's base: $(cat /tmp/lpsmmu.json)"
grep -q '"dma"' /tmp/lpsmmu.json && fail "the RAM is identity-mapped (dma) with the SMMU"
phys=$(grep -A4 '"type": "ram"' /tmp/lpsmmu.json | sed -n 's/.*"phys_start": "\(0x[0-9a-f]*\)".*/\1/p')
echo "cell RAM: guest-physical 0x90000000 at physical $phys"
[ "$phys" != 0x90000000 ] || fail "the RAM happens to be identity-mapped: the test proves nothing"
hvisor config check $CFG/root-smmu.json /tmp/lpsmmu.json | grep "translates its DMA through the cell's SMMUv3 context" ||
	fail "config check does not name the SMMU context"

mkdir -p /tmp/ovl/usr/bin
cp /usr/bin/edupci /tmp/ovl/usr/bin/ || fail "no edupci in the root"
(cd /tmp/ovl && find . | cpio -o -H newc 2>/dev/null) | gzip >/tmp/edupci.cpio.gz
cat $INITRD /tmp/edupci.cpio.gz >/tmp/initrd-pci.cpio.gz
INITRD=/tmp/initrd-pci.cpio.gz
linux_boot /tmp/lpsmmu.json lpsmmu --root $CFG/root-smmu.json
linux_wait lpsmmu "hvisor linux cell: shell on the console.*" 120
hvisor console | grep -q "00:01.0 taken from the root; it translates its DMA through the cell's SMMUv3 context" ||
	fail "no SMMU context logged for the cell's device"
linux_wait lpsmmu '.*pci 0000:00:01.0: \[1234:11e8\] type 00 class 0x00ff00' 1
# the pages Linux hands out are guest-physical (0x9xxxxxxx); edu's DMA to
# them only lands in the cell's RAM through the SMMU's translation
linux_run lpsmmu "edupci $EDU dma; echo edupci-status=\$?" 'edupci-status=0' 60
linux_wait lpsmmu 'edupci: dma: 3000 bytes from 0x9[0-9a-f]{7} to the device and back to 0x9[0-9a-f]{7} in [0-9.]+ s: ok' 1
linux_log lpsmmu | grep '^edupci: '
hvisor console | grep "SMMUv3 fault" && fail "the cell's DMA faulted in the SMMU"
hvisor cell console lpsmmu --send "poweroff -f" >/dev/null || fail "send poweroff"
wait_state lpsmmu shutdown 30
linux_stop_follower lpsmmu
hvisor cell destroy lpsmmu || fail destroy
[ "$(cfg16 0)" = 1234 ] || fail "root reads vendor $(cfg16 0) after destroy"
hvisor disable || fail disable
echo PASS
