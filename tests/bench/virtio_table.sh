#!/usr/bin/env bash
# The virtio tables of docs/benchmarks.md (either arch) from the RESULT lines of tests/bench/virtio.sh and virtio_net.sh (their logs, as $1).
set -euo pipefail
tr -d '\r' < "$1" | awk '
	# a value given several times (the rounds of a phase): its median
	$1 == "RESULT" { k = $2 "," $3; all[k] = (k in all) ? all[k] " " $4 : $4 }
	function median(s,   a, n, i, j, t) {
		n = split(s, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : sprintf("%.6g", (a[n / 2] + a[n / 2 + 1]) / 2)
	}
	function ratio(c, r) { return (r == "" || c == "" || r == 0) ? "" : sprintf("%.3f", c / r) }
	function cell(x) { return x == "" ? "missing" : x }
	function row(label, r, c) { printf "| %s | %s | %s | %s |\n", label, cell(r), cell(c), ratio(c, r) }
	# a root-against-cell row with each round of both: keys K (root) and L (cell)
	function rrow(label, k, l) {
		printf "| %s | %s | %s | %s | %s; %s |\n", label, cell(v[k]), cell(v[l]), ratio(v[l], v[k]), lst(all[k]), lst(all[l])
	}
	# the random rows: the root'"'"'s keys under ROOT ("root," or "root,loop_"),
	# the cell'"'"'s default phase
	function random_rows(root,   a, b, k) {
		for (a = 1; a <= 2; a++) for (b = 1; b <= 2; b++) {
			k = rws[a] "_qd" qds[b]
			rrow(sprintf("4 KiB random %s, QD%s (IOPS)", rws[a] == "randread" ? "read" : "write", qds[b]),
			    root k "_iops", "cell,uring_" k "_iops")
		}
		for (a = 1; a <= 2; a++)
			rrow(sprintf("4 KiB random %s, QD32 through io_uring, one thread (IOPS)", rws[a] == "randread" ? "read" : "write"),
			    root rws[a] "_qd32u_iops", "cell,uring_" rws[a] "_qd32u_iops")
	}
	function lst(s) { gsub(/^ +| +$/, "", s); gsub(/ +/, "/", s); return s == "" ? "missing" : s }
	# one row over the phases: key (with PHASE for the phase), label
	function prow(label, pre, post,   i, out) {
		out = "| " label
		for (i = 1; i <= np; i++) out = out " | " cell(v["cell," pre phases[i] post])
		print out " |"
	}
	END {
		for (k in all) { v[k] = median(all[k]); rounds[k] = split(all[k], tmp, " ") }
		np = split("sync kicks queued uring poll", phases, " ")
		split("randread randwrite", rws, " ")
		split("1 32", qds, " ")
		print "| measure | root, same file | Linux cell, virtio-blk (io_uring) | cell / root | rounds (root; cell) |"
		print "|---|---|---|---|---|"
		rrow("sequential write (MiB/s)", "root,write_mbs", "cell,uring_write_mbs")
		rrow("sequential read (MiB/s)", "root,read_mbs", "cell,uring_read_mbs")
		rrow("sequential write, O_DIRECT in the cell (MiB/s)", "root,write_mbs", "cell,uring_dwrite_mbs")
		rrow("sequential read, O_DIRECT in the cell (MiB/s)", "root,read_mbs", "cell,uring_dread_mbs")
		random_rows("root,")
		print ""
		print "The same I/O through the root'"'"'s own block layer: O_DIRECT on a loop device over the same file (the loop worker reads and writes the file'"'"'s pages, as the daemon does), against the cell'"'"'s O_DIRECT runs; this is the native block path, the table above the page cache:"
		print ""
		print "| measure | root, loop device (O_DIRECT) | Linux cell, virtio-blk (O_DIRECT) | cell / root | rounds (root; cell) |"
		print "|---|---|---|---|---|"
		rrow("sequential write (MiB/s)", "root,loop_write_mbs", "cell,uring_dwrite_mbs")
		rrow("sequential read (MiB/s)", "root,loop_read_mbs", "cell,uring_dread_mbs")
		random_rows("root,loop_")
		print ""
		printf "Time of the root measures in a round: %s s (median); of the whole virtio-blk run: %s s.\n", cell(v["root,round_s"]), cell(v["cell,run_s"])
		print ""
		print "Each run in the five ways the daemon can serve, in " rounds["cell,uring_randread_qd1_iops"] " interleaved rounds in the same boot (the daemon restarted between the phases, the cell running on; medians): synchronous (`--sync-io`: one request at a time in the device thread); io_uring with every QueueNotify handed to the device thread (`--worker-kicks`); io_uring with every request through the ring (`--queued-reads --queued-writes`); io_uring with QueueNotify served by the dispatcher and reads of up to 64 KiB the image answers without waiting, and writes and flushes of up to 64 KiB to an image in RAM (within 128 KiB per notification), done at once, longer writes there done in the device thread (the default); the default with `--poll-us " v["cell,poll_us"] "`. The disk offers an optimal I/O size (`VIRTIO_BLK_F_TOPOLOGY`) in every phase: the cell saw optimal_io_size " cell(v["cell,optimal_io_size"]) ", read_ahead_kb " cell(v["cell,read_ahead_kb"]) ":"
		print ""
		print "| run | synchronous | io_uring, kicks in the device thread | io_uring, all queued | io_uring (default) | io_uring + polling |"
		print "|---|---|---|---|---|---|"
		prow("sequential write (MiB/s)", "", "_write_mbs")
		prow("sequential read (MiB/s)", "", "_read_mbs")
		prow("sequential read, interrupts per request", "", "_seq_irq_per_req")
		for (a = 1; a <= 2; a++) for (b = 1; b <= 2; b++) {
			k = rws[a] "_qd" qds[b]
			prow(rws[a] " QD" qds[b] ", IOPS", "", "_" k "_iops")
		}
		for (a = 1; a <= 2; a++) for (b = 1; b <= 2; b++) {
			k = rws[a] "_qd" qds[b]
			prow(rws[a] " QD" qds[b] ", interrupts per request", "", "_" k "_irq_per_req")
			prow(rws[a] " QD" qds[b] ", MMIO exits per request", "", "_" k "_exits_per_req")
		}
		prow("most requests in flight in the daemon", "", "_max_in_flight")
		printf "| io_uring at QD32, one thread (default phase): randread, randwrite IOPS | %s, %s |\n", cell(v["cell,uring_randread_qd32u_iops"]), cell(v["cell,uring_randwrite_qd32u_iops"])
		printf "| the same: interrupts, MMIO exits per request (randread; randwrite) | %s, %s; %s, %s |\n", cell(v["cell,uring_randread_qd32u_irq_per_req"]), cell(v["cell,uring_randread_qd32u_exits_per_req"]), cell(v["cell,uring_randwrite_qd32u_irq_per_req"]), cell(v["cell,uring_randwrite_qd32u_exits_per_req"])
		prow("requests done at once (without the ring)", "", "_reads_at_once")
		print ""
		print "virtio-net, TCP (`tcpbench`, " v["net,mib"] " MiB, one connection; the root on its own tap address for the stack alone):"
		print ""
		print "| TCP | MB/s |"
		print "|---|---|"
		printf "| root -> Linux cell (tap, daemon switch) | %s |\n", cell(v["net,root_to_cell_mbs"])
		printf "| Linux cell -> root | %s |\n", cell(v["net,cell_to_root_mbs"])
		printf "| Linux cell -> Linux cell (daemon switch) | %s |\n", cell(v["net,cell_to_cell_mbs"])
		printf "| root -> root (its tap address, no virtio) | %s |\n", cell(v["net,root_local_mbs"])
		print ""
		print "| measure | value |"
		print "|---|---|"
		printf "| one forwarded register read (virtio, daemon in the root), ns | %s |\n", cell(v["cell,virtio_read_ns"])
		printf "| one register read the hypervisor emulates itself (testdev), ns | %s |\n", cell(v["cell,testdev_read_ns"])
		printf "| one virtio InterruptStatus read (answered by the hypervisor), ns | %s |\n", cell(v["cell,isr_read_ns"])
		printf "| one posted register write (virtio QueueSel, to the daemon; bursts of 16), ns | %s |\n", cell(v["cell,virtio_write_ns"])
		printf "| one register write the hypervisor emulates itself (testdev scratch; bursts of 16), ns | %s |\n", cell(v["cell,testdev_write_ns"])
		printf "| interrupt status/ack accesses that reached the daemon (all phases) | %s |\n", cell(v["cell,isr_round_trips"])
		printf "| most requests in flight in the hypervisor ring | %s |\n", cell(v["cell,max_requests_in_flight"])
		printf "| requests through the ring (all phases, and the boot) / of them queued while the root drained, no root interrupt | %s / %s |\n", cell(v["cell,ring_requests"]), cell(v["cell,signals_skipped"])
		printf "| polling phase: windows after work / windows that found work | %s / %s |\n", cell(v["cell,poll_windows"]), cell(v["cell,poll_hits"])
		printf "| MMIO exits (stage-2 aborts) during the boot and run, vCPU 0 / vCPU 1 | %s / %s |\n", cell(v["cell,dabt_exits_vcpu0"]), cell(v["cell,dabt_exits_vcpu1"])
	}'
