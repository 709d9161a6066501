# Guest side of `make bench` for virtio: blk throughput in a Linux cell vs the root on the same file, register round trip.
set -u
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
MB=${1:-32}
enable >/dev/null
DISK=/tmp/bench-disk.img
dd if=/dev/zero of=$DISK bs=1M count=$((MB + 8)) 2>/dev/null
cs() { awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime; }
# the root on the backing file itself (page cache dropped between)
s=$(cs); dd if=/dev/urandom of=/tmp/src bs=1M count=$MB 2>/dev/null; e=$(cs)
s=$(cs); dd if=/tmp/src of=$DISK bs=1M seek=8 count=$MB conv=fsync,notrunc 2>/dev/null; e=$(cs)
echo "RESULT root write_mbs $(awk -v m=$MB -v t=$((e - s)) 'BEGIN { printf "%.2f", m * 100 / (t ? t : 1) }')"
echo 3 > /proc/sys/vm/drop_caches
s=$(cs); dd if=$DISK of=/dev/null bs=1M skip=8 count=$MB 2>/dev/null; e=$(cs)
echo "RESULT root read_mbs $(awk -v m=$MB -v t=$((e - s)) 'BEGIN { printf "%.2f", m * 100 / (t ? t : 1) }')"
cat > /tmp/b.sh <<EOA
cs() { awk '{ split(\$1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime; }
dd if=/dev/urandom of=/tmp/src bs=1M count=$MB 2>/dev/null
s=\$(cs); dd if=/tmp/src of=/dev/vda bs=1M seek=8 count=$MB conv=fsync 2>/dev/null; e=\$(cs)
echo "BENCH cell write_cs \$((e - s))"
echo 3 > /proc/sys/vm/drop_caches
r0=\$(awk '{ print \$1 + \$5 }' /sys/block/vda/stat)
i0=\$(awk '/virtio0/ { print \$2 + \$3 }' /proc/interrupts)
s=\$(cs); dd if=/dev/vda of=/dev/null bs=1M skip=8 count=$MB 2>/dev/null; e=\$(cs)
r1=\$(awk '{ print \$1 + \$5 }' /sys/block/vda/stat)
i1=\$(awk '/virtio0/ { print \$2 + \$3 }' /proc/interrupts)
echo "BENCH cell read_cs \$((e - s))"
echo "BENCH cell requests \$((r1 - r0)) interrupts \$((i1 - i0))"
EOA
make_disk $DISK $((MB + 8)) /tmp/b.sh
daemon_config /tmp/vb.json linux $DISK
start_daemon /tmp/vb.json
exits0=0
linux_boot linux linux
linux_wait linux "BENCH cell requests [0-9]+ interrupts [0-9]+" 300
wait_state linux shutdown 60
linux_log linux | grep '^BENCH' | while read -r _ who what v rest; do
	case $what in
	write_cs | read_cs) echo "RESULT cell ${what%_cs}_mbs $(awk -v m=$MB -v t=$v 'BEGIN { printf "%.2f", m * 100 / (t ? t : 1) }')" ;;
	requests) set -- $rest; echo "RESULT cell interrupts_per_request $(awk -v r=$v -v i=$2 'BEGIN { printf "%.2f", i / (r ? r : 1) }')" ;;
	esac
done
echo "RESULT cell max_requests_in_flight $(sed -n 's/.*max_depth=\([0-9]*\).*/\1/p' /sys/kernel/hvisor/virtio_ring)"
hvisor cell stats linux | sed -n 's/^vcpu \([0-9]\).*mmio \([0-9]*\).*/RESULT cell dabt_exits_vcpu\1 \2/p'
# the daemon's own count of the guest's interrupt status/ack accesses it saw
kill -USR1 $daemon_pid
for i in $(seq 1 50); do
	grep -q "accesses forwarded" /tmp/daemon.log && break
	sleep 0.2
done
line=$(grep "accesses forwarded" /tmp/daemon.log | head -1)
echo "$line" | sed -n 's/.* \([0-9]*\) interrupts, .*/RESULT cell daemon_interrupts \1/p'
echo "$line" | sed -n 's/.* \([0-9]*\) interrupt status\/ack accesses forwarded.*/RESULT cell isr_round_trips \1/p'
linux_stop_follower linux
stop_daemon
destroy_cell linux
# one forwarded register read, against a register the hypervisor emulates itself
cat > /tmp/vt.json <<EOC
{ "cells": [ { "name": "testguest", "config": "$CFG/testguest.json", "devices": [
  { "type": "console", "address": "0x0a000000", "log": "/tmp/tg-console.log" } ] } ] }
EOC
start_daemon /tmp/vt.json
boot_cell testguest testguest
hvisor cell exec testguest mmio_bench 0x0a000000 2000 | sed -n 's/.* \([0-9]*\) ns each/RESULT cell virtio_read_ns \1/p'
hvisor cell exec testguest mmio_bench 0x0b000000 2000 | sed -n 's/.* \([0-9]*\) ns each/RESULT cell testdev_read_ns \1/p'
# InterruptStatus of the virtio device: answered by the hypervisor itself
hvisor cell exec testguest mmio_bench 0x0a000060 2000 | sed -n 's/.* \([0-9]*\) ns each/RESULT cell isr_read_ns \1/p'
stop_daemon
destroy_cell testguest
hvisor disable >/dev/null
