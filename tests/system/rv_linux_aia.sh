# riscv64 AIA (aplic-imsic): a Linux cell on its harts' guest files: its device tree has an IMSIC (a page per vCPU) and a virtual APLIC in MSI mode; it boots, takes its IPIs through the IMSIC and its virtio-blk and console interrupts as MSIs from the virtual APLIC, writes a pattern the root reads back, powers off; destroy and disable leave the root intact.
# runner: --aia 1 --add tests/system/lib:/test/lib --timeout 400
# arch: riscv64
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
grep -q "APLIC-MSI" /proc/interrupts || fail "not an AIA machine"
enable
case $ROOT_JSON in *root-aia.json) ;; *) fail "enabled with $ROOT_JSON, not the AIA config" ;; esac
# cell linux takes the enabled config by default: the cell's DTB is an AIA one
hvisor cell linux $CFG/linux.json $KERNEL --dtb-out /tmp/aia.dtb --dry-run >/dev/null ||
	fail "cell linux --dry-run"
grep -qa "riscv,imsics" /tmp/aia.dtb || fail "no IMSIC node in the cell's DTB"
grep -qa "riscv,plic0" /tmp/aia.dtb && fail "a PLIC node in the AIA cell's DTB"
DISK=/tmp/linux-disk.img
dd if=/dev/urandom of=/tmp/pattern bs=64k count=32 2>/dev/null
want=$(md5sum < /tmp/pattern | cut -d' ' -f1)
cat > /tmp/aia.sh <<'EOA'
dmesg | grep -i "imsic\|aplic" | sed 's/^/autorun: dmesg: /'
grep -E "IPI|virtio|ttyS|APLIC|IMSIC" /proc/interrupts | sed 's/^/autorun: irq: /'
# IPIs: work on the other vCPU
for i in 1 2 3 4 5 6 7 8; do taskset -c 1 true; done
echo "autorun: vcpus $(grep -c ^processor /proc/cpuinfo)"
dd if=/mnt/pattern of=/dev/vda bs=64k seek=256 conv=fsync 2>/dev/null && echo "autorun: wrote $(md5sum < /mnt/pattern | cut -d' ' -f1)"
echo "autorun: read $(dd if=/dev/vda bs=64k skip=256 count=32 iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1)"
grep -E "IPI|virtio" /proc/interrupts | sed 's/^/autorun: irq after: /'
EOA
make_disk $DISK 64 /tmp/aia.sh /tmp/pattern
daemon_config /tmp/vd.json linux $DISK
start_daemon /tmp/vd.json
t0=$(now_cs)
linux_boot linux linux
linux_wait linux 'hvisor linux cell: up' 180
echo "up in $((($(now_cs) - t0) / 100)) s"
linux_wait linux "autorun: read $want" 120
wait_state linux shutdown 60
linux_log linux | grep "autorun: "
log=$(linux_log linux)
echo "$log" | grep -q "autorun: vcpus 2" || fail "the cell did not bring its second vCPU up"
echo "$log" | grep -q "autorun: dmesg: .*riscv-imsic: .*providing IPIs" || fail "no IMSIC IPIs in the cell"
echo "$log" | grep -q "autorun: dmesg: .*riscv-aplic .*interrupts forwarded to MSI" || fail "no APLIC in MSI mode in the cell"
# the disk's and the console's interrupts are MSIs through the virtual APLIC
echo "$log" | grep -q "autorun: irq: .*APLIC-MSI.*virtio" || fail "virtio not on the APLIC in the cell"
# IPIs counted by the cell's IMSIC: some delivered during the run
ipi=$(echo "$log" | sed -n 's/^autorun: irq after: *IPI0: *\([0-9]*\) *\([0-9]*\).*/\1 \2/p' | head -1)
echo "IPI0 (rescheduling) on vCPU 0 and 1: $ipi"
set -- $ipi
[ -n "${2:-}" ] && [ $(($1 + $2)) -gt 0 ] || fail "no IPIs through the IMSIC"
got=$(dd if=$DISK bs=64k skip=256 count=32 2>/dev/null | md5sum | cut -d' ' -f1)
[ "$got" = "$want" ] || fail "disk pattern mismatch: $got, expected $want"
hvisor cell stats linux
# IPIs without exits: all firmware (SBI) calls of the cell, a few, against
# the IPIs its IMSIC counted (every one an SBI call with the virtual PLIC)
ipis=$(echo "$log" | sed -n 's/^autorun: irq after: *IPI[0-9]: *\([0-9]*\) *\([0-9]*\).*/\1 \2/p' | awk '{ s += $1 + $2 } END { print s + 0 }')
sbi=$(hvisor cell stats linux | sed -n 's/^vcpu .* firmware \([0-9]*\) .*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
echo "IPIs in the cell: $ipis; its SBI exits, boot included: $sbi"
[ "$ipis" -gt 100 ] && [ $((sbi * 4)) -lt "$ipis" ] || fail "$sbi SBI exits for $ipis IPIs"
no_timeouts linux
linux_stop_follower linux
destroy_cell linux
stop_daemon
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || fail "CPUs not back: $(cat /sys/devices/system/cpu/online)"
for c in 0 1 2 3; do taskset -c $c true || fail "root cpu$c"; done
hvisor disable || fail disable
[ ! -e /run/hvisor/root-config ] || fail "the enabled config still recorded after disable"
echo PASS
