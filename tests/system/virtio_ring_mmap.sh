# mmap of /dev/hvisor (request ring, rootshared cell RAM, refusals), poll on the ring, virtio ioctls, disable/destroy guards.
# runner: --add tests/system/lib:/test/lib --add build/systools/mmapcheck:/usr/bin/mmapcheck --timeout 300
# arch: arm64
. /test/lib/cell.sh
RING=16384 # HVISOR_REQ_RING_SIZE
MAILBOX=0x9ffff000 # testguest.json: rootshared mailbox page
MAILBOX_MAGIC=0x424d5648

command -v mmapcheck >/dev/null ||
	fail "mmapcheck missing: build it on the host with 'make systools' (tests/system/progs)"

# ioctl result of a virtio call: ok or an errno name
want() {
	local exp=$1 got
	shift
	got=$(mmapcheck "$@") || fail "mmapcheck $*: $got"
	echo "mmapcheck $* -> $got"
	[ "$got" = "$exp" ] || fail "mmapcheck $*: $got, expected $exp"
}

insmod /lib/modules/hvisor.ko || fail "insmod"
# disabled: nothing to map, no hypercalls
mmapcheck refuse 0 $RING ENODEV || fail "ring mapped while disabled"
mmapcheck refuse $MAILBOX 4096 ENODEV || fail "RAM mapped while disabled"
want ENODEV timeout 2000
[ -e /sys/kernel/hvisor/virtio_ring ] && fail "virtio_ring in sysfs while disabled"

hvisor enable $CFG/root.json || fail "enable"
ring=$(cat /sys/kernel/hvisor/virtio_ring) || fail "no /sys/kernel/hvisor/virtio_ring"
echo "virtio_ring: $ring"
echo "$ring" | grep -Eq '^head=[0-9]+ tail=[0-9]+ dropped=[0-9]+ timeouts=[0-9]+ max_depth=[0-9]+ signals_skipped=[0-9]+ wait_sleeps=[0-9]+$' ||
	fail "virtio_ring format: $ring"
mmapcheck ring || fail "request ring"
mmapcheck refuse 0x40000000 4096 || fail "root RAM mapped"
mmapcheck refuse 0x80000000 4096 || fail "hypervisor memory mapped"
mmapcheck refuse $MAILBOX 4096 || fail "mailbox page mapped before its cell exists"
want EINVAL timeout 5
want ok timeout 2000
want ENOENT complete 9 0 0 1
want ENOENT inject 9 40

# the ring mapping holds off disable, in this process and in a forked child
dmesg -c >/dev/null
mmapcheck hold 0 $RING disable || fail "ring mapping vs disable"
[ "$(cat /sys/kernel/hvisor/state)" = disabled ] || fail "not disabled after munmap"
dmesg | grep -q "stop the virtio daemon first" || fail "no 'stop the virtio daemon first' in dmesg"
mmapcheck refuse 0 $RING ENODEV || fail "ring mapped after disable"

hvisor enable $CFG/root.json || fail "enable again"
mmapcheck ring || fail "request ring after re-enable"
boot_cell testguest testguest
id=$(hvisor cell list | awk '$2 == "testguest" { print $1 }')
[ -n "$id" ] || fail "no id for testguest"
magic=$(mmapcheck peek $MAILBOX 4096) || fail "mailbox page not mappable"
echo "mailbox magic through mmap: $magic"
[ "$magic" = $MAILBOX_MAGIC ] || fail "mailbox magic $magic, expected $MAILBOX_MAGIC"
# the driver maps writable pages dirty: a write to each costs no fault
# (arm64 without hardware dirty bits would fault once per page and
# process: a restarted daemon paid that on every page of cell RAM)
got=$(mmapcheck faults $MAILBOX 4096) || fail "mmapcheck faults: $got"
echo "first write to the mapped mailbox page: $got"
[ "$got" = "faults 0" ] || fail "the first write to a mapped page faulted: $got"
mmapcheck refuse 0x90000000 4096 || fail "cell RAM that is not rootshared mapped"
mmapcheck refuse 0x9fffe000 0x2000 || fail "range starting before the shared page mapped"
mmapcheck refuse $MAILBOX 0x2000 || fail "range past the shared page mapped"
want ENOENT complete $id 0 0 12345
want EINVAL inject $id 5
expect testguest '^still here$' echo still here

# a mapping of its RAM holds off the cell's destroy
dmesg -c >/dev/null
mmapcheck hold $MAILBOX 4096 destroy $id || fail "cell RAM mapping vs destroy"
dmesg | grep -q "its RAM is mapped by a process.*stop the virtio daemon first" ||
	fail "no destroy refusal message in dmesg"
hvisor cell list | grep -q testguest && fail "cell still listed after destroy"
[ "$(cat /sys/devices/system/cpu/cpu3/online)" = 1 ] || fail "CPU 3 not back in the root"
mmapcheck refuse $MAILBOX 4096 || fail "mailbox page mapped after its cell was destroyed"
hvisor disable || fail "disable"
echo PASS
