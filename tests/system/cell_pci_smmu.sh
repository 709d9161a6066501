# With QEMU's SMMUv3 the hypervisor owns it: the cell's edu DMAs through its own RAM map with no exit, a DMA it aims at root memory faults, is logged and leaves that memory unchanged; the root's device works again after destroy.
# runner: --add tests/system/lib:/test/lib --timeout 400 --qemu-arg -machine --qemu-arg iommu=smmuv3 --qemu-arg -device --qemu-arg edu,dma_mask=0xffffffffff --append initcall_blacklist=arm_smmu_driver_init
# arch: arm64
. /test/lib/cell.sh
EDU=/sys/bus/pci/devices/0000:00:01.0
[ -e $EDU ] || fail "no edu at 00:01.0 in the root"
dmesg | grep -i "smmu" | head -5
# root memory no cell has: the loadable RAM above the test guest's
TARGET=0xb0000000
devmem $TARGET 32 0x12345678 || fail "root cannot write $TARGET"
insmod /lib/modules/hvisor.ko || fail insmod
hvisor enable $CFG/root-smmu.json || fail "enable with the SMMU"
hvisor console | grep "SMMUv3 at 0x9050000" || fail "the hypervisor did not take the SMMU"
boot_cell testguest-pci testguest-pci
hvisor console | grep -q "00:01.0 taken from the root; it translates its DMA through the cell's SMMUv3 context" ||
	fail "no SMMU context for the cell's device"
hvisor console | grep "not DMA-isolated" && fail "the log says not DMA-isolated with the SMMU"
for bytes in 4096 65536; do
	expect testguest-pci 'exits during DMA: 0$' dma_test $bytes
done
expect testguest-pci 'sent to 0xb0000000' dma_write $TARGET
v=$(devmem $TARGET 32)
echo "root memory at $TARGET after the cell's DMA: $v"
[ "$v" = 0x12345678 ] || fail "the cell's DMA reached root memory ($v)"
hvisor console | grep "SMMUv3 fault" | head -3
hvisor console | grep -q "SMMUv3 fault: event 0x10, stream 0x8 (PCI 00:01.0), address 0xb0000000" ||
	fail "the fault was not logged"
hvisor cell destroy testguest-pci || fail destroy
[ "$(od -An -tx2 -N2 $EDU/config | tr -d ' ')" = 1234 ] || fail "root does not see edu again"
hvisor disable || fail disable
echo PASS
