# Guest side of `make bench` for virtio (arm64 and riscv64): blk throughput and 4 KiB random IOPS in a Linux cell vs the root on the same file, the root measured in every round (synchronous, io_uring with notifications in the device thread, io_uring with every request queued, io_uring, io_uring with polling), exits and interrupts per request, the register round trip.
set -u
. /test/lib/cell.sh
. /test/lib/linux.sh
. /test/lib/virtio.sh
MB=${1:-32}
SECS=${2:-5} # each random run
POLL_US=${3:-100} # the polling phase's --poll-us
ROUNDS=${4:-3} # rounds of the five phases, interleaved
echo "RESULT cell poll_us $POLL_US"
enable >/dev/null
DISK=/tmp/bench-disk.img
RAND_MB=32 # the random runs' span, from 8 MiB on
dd if=/dev/zero of=$DISK bs=1M count=$((MB + 8)) 2>/dev/null
t_start=$(awk '{ print int($1) }' /proc/uptime)
# root_round: the root on the backing file itself (page cache dropped
# before the read), once per round while the cell waits at its "root" mark
# (the daemon serving it, the cell polling its token block 10 times a
# second), so that the root's figures and the cell's come from the same
# rounds of a noisy host. Sequential runs are timed by blkio (CLOCK_MONOTONIC).
# root_io TARGET KEY BLKIO-FLAGS...: the root's sequential write and read
# and its 4 KiB random runs on TARGET, as RESULT root KEYwrite_mbs and so
# on (the page cache dropped before the read). QD 32 twice: 32 threads of
# pread/pwrite, and one thread keeping 32 in flight through io_uring (32u:
# fio's iodepth)
root_io() {
	local target=$1 key=$2 rw q
	shift 2
	blkio seqwrite $target "$@" -b 1M -o 8M -s ${MB}M |
		awk -v k=$key '{ for (i = 1; i < NF; i++) if ($i == "mbs") print "RESULT root " k "write_mbs " $(i + 1) }'
	echo 3 > /proc/sys/vm/drop_caches
	blkio seqread $target "$@" -b 1M -o 8M -s ${MB}M |
		awk -v k=$key '{ for (i = 1; i < NF; i++) if ($i == "mbs") print "RESULT root " k "read_mbs " $(i + 1) }'
	for rw in randread randwrite; do
		for q in 1 32 32u; do
			blkio $rw $target "$@" -q ${q%u} $([ $q = 32u ] && echo -u) -o 8M -s ${RAND_MB}M -t $SECS |
				awk -v k=$key -v rw=$rw -v q=$q '{ for (i = 1; i < NF; i++) if ($i == "iops") print "RESULT root " k rw "_qd" q "_iops " $(i + 1) }'
		done
	done
}
root_round() {
	# 4 KiB random I/O on the file itself buffered: it is in RAM
	root_io $DISK "" -B
	# the same I/O as the cell's (O_DIRECT) through the root's own block
	# layer: a loop device on the same file, whose worker reads and writes
	# the file's pages as the daemon does
	[ -z "$LOOP" ] || root_io $LOOP loop_
}
LOOP=$(losetup -f) && losetup $LOOP $DISK || {
	echo "bench: no loop device, the root's block-layer rows are left out" >&2
	LOOP=
}
TOKEN_OFF=$((4 << 20)) # a block between the archive and the data: the root's word to the cell
# the cell: sequential dd, then for each phase its random runs, each
# between two marks the root answers (it counts the cell's exits there)
cat > /tmp/b.sh <<EOA
# no kernel messages on the console between the results (drop_caches logs)
dmesg -n 1 2>/dev/null
mark=0
# handshake: the root answers mark N by writing "ackN" at the token block
mark() { mark=\$((mark + 1)); echo "BENCH mark \$mark \$*"; /mnt/blkio wait /dev/vda -o $TOKEN_OFF -T "ack\$mark" -t 300 || echo "BENCH no ack \$mark"; }
# the disk's interrupts: the line of its virtio device (virtioN, the
# action name on the GIC and the PLIC alike) in /proc/interrupts, all CPUs
dev=\$(basename \$(readlink -f /sys/block/vda/device))
irqs() { awk -v d=\$dev 'NR == 1 { n = NF; next } \$NF == d { s = 0; for (i = 2; i <= n + 1; i++) s += \$i; print s }' /proc/interrupts; }
echo "BENCH irq \$dev \$(irqs)"
# what the device's topology made of the disk
echo "BENCH topo \$(cat /sys/block/vda/queue/optimal_io_size) \$(cat /sys/block/vda/queue/read_ahead_kb)"
mbs() { awk '{ for (i = 1; i < NF; i++) if (\$i == "mbs") print \$(i + 1) }'; }
for round in \$(seq 1 $ROUNDS); do
mark root
for phase in sync kicks queued uring poll; do
	mark phase \$phase
	echo "BENCH seq \$phase write_mbs \$(/mnt/blkio seqwrite /dev/vda -B -b 1M -o 8M -s ${MB}M | mbs)"
	echo 3 > /proc/sys/vm/drop_caches
	r0=\$(awk '{ print \$1 + \$5 }' /sys/block/vda/stat)
	i0=\$(irqs)
	out=\$(/mnt/blkio seqread /dev/vda -B -b 1M -o 8M -s ${MB}M)
	r1=\$(awk '{ print \$1 + \$5 }' /sys/block/vda/stat)
	i1=\$(irqs)
	echo "BENCH seq \$phase read_mbs \$(echo "\$out" | mbs)"
	echo "BENCH seq \$phase requests \$((r1 - r0)) interrupts \$((i1 - i0))"
	# the same with O_DIRECT: no copy through the cell's page cache
	if [ \$phase = uring ]; then
		echo "BENCH seq \$phase dwrite_mbs \$(/mnt/blkio seqwrite /dev/vda -b 1M -o 8M -s ${MB}M | mbs)"
		echo "BENCH seq \$phase dread_mbs \$(/mnt/blkio seqread /dev/vda -b 1M -o 8M -s ${MB}M | mbs)"
	fi
	for rw in randread randwrite; do
		for q in 1 32 32u; do
			# io_uring at QD 32: the default phase only
			[ \$q = 32u ] && [ \$phase != uring ] && continue
			u=; [ \$q = 32u ] && u=-u
			mark begin
			r0=\$(awk '{ print \$1 + \$5 }' /sys/block/vda/stat)
			i0=\$(irqs)
			out=\$(/mnt/blkio \$rw /dev/vda -q \${q%u} \$u -o 8M -s ${RAND_MB}M -t $SECS)
			r1=\$(awk '{ print \$1 + \$5 }' /sys/block/vda/stat)
			i1=\$(irqs)
			echo "BENCH run \$phase \$rw \$q \$(echo "\$out" | awk '{ for (i = 1; i < NF; i++) if (\$i == "iops") print \$(i + 1) }') requests \$((r1 - r0)) interrupts \$((i1 - i0))"
			mark end
		done
	done
done
done
echo "BENCH cell done"
EOA
make_disk $DISK $((MB + 8)) /tmp/b.sh /usr/bin/blkio
daemon_config /tmp/vb.json linux $DISK
start_daemon /tmp/vb.json --sync-io
linux_boot linux linux $LINUX_AS_ROOT
# the cell's MMIO exits, both vCPUs
exits() { hvisor cell stats linux | sed -n 's/^vcpu [0-9].*mmio \([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }'; }
# dump_daemon: the daemon's counters (SIGUSR1) into /tmp/daemon.log
dump_daemon() {
	local n0 i
	n0=$(grep -c "requests in flight" /tmp/daemon.log)
	kill -USR1 $daemon_pid
	for i in $(seq 1 100); do
		[ "$(grep -c "requests in flight" /tmp/daemon.log)" -gt "$n0" ] && break
		sleep 0.1
	done
}
ack() { printf "ack$1" | dd of=$DISK bs=4096 seek=$((TOKEN_OFF / 4096)) conv=notrunc 2>/dev/null; }
# Under TCG every process the root starts takes its CPUs from the daemon:
# the console is looked at less often, and not at all during a random run
# (it lasts SECS once acked)
LINUX_WAIT_POLL=0.3
RUN_QUIET=$((SECS - 1))
m=1
x0=0
: > /tmp/run-exits
while :; do
	linux_wait linux "BENCH (mark $m .*|cell done)" 600
	linux_log linux | grep -Eqx "BENCH mark $m .*" || break
	what=$(linux_log linux | grep -E "^BENCH mark $m " | head -1 | cut -d' ' -f4-)
	t_root=$(awk '{ print int($1) }' /proc/uptime)
	case $what in
	root)
		root_round
		echo "RESULT root round_s $(($(awk '{ print int($1) }' /proc/uptime) - t_root))"
		;;
	phase*)
		# the daemon started with --sync-io serves the first phase
		[ -n "${last_phase:-}" ] || { last_phase=${what#phase }; ack $m; m=$((m + 1)); continue; }
		# the last phase's counters, then a daemon with the next one's options
		dump_daemon
		grep "requests in flight" /tmp/daemon.log | tail -1 | sed -n "s/.* at most \([0-9]*\),.*/RESULT cell ${last_phase}_max_in_flight \1/p"
		grep "requests in flight" /tmp/daemon.log | tail -1 | sed -n "s/.* \([0-9]*\) requests at once.*/RESULT cell ${last_phase}_reads_at_once \1/p"
		stop_daemon
		cp /tmp/daemon.log /tmp/daemon-$last_phase.log
		case $what in
		"phase sync") start_daemon /tmp/vb.json --sync-io ;;
		"phase kicks") start_daemon /tmp/vb.json --worker-kicks ;;
		"phase queued") start_daemon /tmp/vb.json --queued-reads --queued-writes ;;
		"phase uring") start_daemon /tmp/vb.json ;;
		"phase poll") start_daemon /tmp/vb.json --poll-us $POLL_US ;;
		esac
		;;
	begin) x0=$(exits) ;;
	end) echo $(($(exits) - x0)) >> /tmp/run-exits ;;
	esac
	case $what in phase*) last_phase=${what#phase } ;; esac
	ack $m
	m=$((m + 1))
	[ "$what" != begin ] || [ $RUN_QUIET -le 0 ] || sleep $RUN_QUIET
done
dump_daemon
grep "requests in flight" /tmp/daemon.log | tail -1 | sed -n "s/.* at most \([0-9]*\),.*/RESULT cell ${last_phase}_max_in_flight \1/p"
grep "requests in flight" /tmp/daemon.log | tail -1 | sed -n "s/.* \([0-9]*\) requests at once.*/RESULT cell ${last_phase}_reads_at_once \1/p"
grep "requests in flight" /tmp/daemon.log | tail -1 | sed -n "s/.*polled \([0-9]*\) times (\([0-9]*\) found work).*/RESULT cell poll_windows \1\nRESULT cell poll_hits \2/p"
wait_state linux shutdown 60
# each random run: IOPS, interrupts and MMIO exits (the root's count between its marks) per request
linux_log linux | grep '^BENCH run ' | paste -d' ' - /tmp/run-exits |
	while read -r _ _ phase rw q iops _ req _ irq exits; do
		k=${phase}_${rw}_qd$q
		echo "RESULT cell ${k}_iops $iops"
		echo "RESULT cell ${k}_irq_per_req $(awk -v r=$req -v i=$irq 'BEGIN { printf "%.3f", i / (r ? r : 1) }')"
		echo "RESULT cell ${k}_exits_per_req $(awk -v r=$req -v x=$exits 'BEGIN { printf "%.2f", x / (r ? r : 1) }')"
	done
linux_log linux | grep '^BENCH topo ' | head -1 | while read -r _ _ opt ra; do
	echo "RESULT cell optimal_io_size $opt"
	echo "RESULT cell read_ahead_kb $ra"
done
linux_log linux | grep '^BENCH' | while read -r _ who what v rest; do
	[ "$who" = seq ] || continue
	set -- $v $rest
	case $1 in
	write_mbs | read_mbs | dwrite_mbs | dread_mbs) echo "RESULT cell ${what}_$1 $2" ;;
	requests) echo "RESULT cell ${what}_seq_irq_per_req $(awk -v r=$2 -v i=$4 'BEGIN { printf "%.3f", i / (r ? r : 1) }')" ;;
	esac
done
echo "RESULT cell max_requests_in_flight $(sed -n 's/.*max_depth=\([0-9]*\).*/\1/p' /sys/kernel/hvisor/virtio_ring)"
# requests queued in the ring since enable, and how many raised no root
# interrupt (queued while the root was still draining)
sed -n 's/^head=\([0-9]*\) .*signals_skipped=\([0-9]*\).*/RESULT cell ring_requests \1\nRESULT cell signals_skipped \2/p' /sys/kernel/hvisor/virtio_ring
hvisor cell stats linux | sed -n 's/^vcpu \([0-9]\).*mmio \([0-9]*\).*/RESULT cell dabt_exits_vcpu\1 \2/p'
line=$(grep "accesses forwarded" /tmp/daemon.log | tail -1)
echo "$line" | sed -n 's/.* \([0-9]*\) interrupts, .*/RESULT cell daemon_interrupts \1/p'
fwd=0
for f in /tmp/daemon-*.log /tmp/daemon.log; do
	n=$(grep "accesses forwarded" "$f" | tail -1 | sed -n 's/.* \([0-9]*\) interrupt status\/ack accesses forwarded.*/\1/p')
	fwd=$((fwd + ${n:-0}))
done
echo "RESULT cell isr_round_trips $fwd"
# what the daemons said beyond their counters, and any access that timed out
grep -h -v "requests in flight\|interrupts, \|: queue [0-9]:\|port:\|^virtio-\|^console \|serving" /tmp/daemon-*.log /tmp/daemon.log | sort | uniq -c
echo "RESULT cell timeouts $(hvisor console | grep -c "no answer from the root")"
linux_stop_follower linux
stop_daemon
destroy_cell linux
# one forwarded register read, against a register the hypervisor emulates itself
cat > /tmp/vt.json <<EOC
{ "cells": [ { "name": "testguest", "config": "$CFG/testguest.json", "devices": [
  { "type": "console", "address": "$VIRTIO_MMIO", "log": "/tmp/tg-console.log" } ] } ] }
EOC
start_daemon /tmp/vt.json
boot_cell testguest testguest
hvisor cell exec testguest mmio_bench $VIRTIO_MMIO 2000 | sed -n 's/.* \([0-9]*\) ns each/RESULT cell virtio_read_ns \1/p'
hvisor cell exec testguest mmio_bench $TESTDEV_MMIO 2000 | sed -n 's/.* \([0-9]*\) ns each/RESULT cell testdev_read_ns \1/p'
# InterruptStatus of the virtio device: answered by the hypervisor itself
hvisor cell exec testguest mmio_bench $(printf 0x%x $((VIRTIO_MMIO + 0x60))) 2000 | sed -n 's/.* \([0-9]*\) ns each/RESULT cell isr_read_ns \1/p'
# a posted write (QueueSel: the vCPU does not wait for the daemon) against
# a write the hypervisor emulates (the testdev's scratch register)
hvisor cell exec testguest mmio_bench $(printf 0x%x $((VIRTIO_MMIO + 0x30))) 2000 w | sed -n 's/.* \([0-9]*\) ns each/RESULT cell virtio_write_ns \1/p'
hvisor cell exec testguest mmio_bench $(printf 0x%x $((TESTDEV_MMIO + 8))) 2000 w | sed -n 's/.* \([0-9]*\) ns each/RESULT cell testdev_write_ns \1/p'
stop_daemon
destroy_cell testguest
echo "RESULT cell run_s $(($(awk '{ print int($1) }' /proc/uptime) - t_start))"
hvisor disable >/dev/null
