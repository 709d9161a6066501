#!/usr/bin/env bash
# The virtio tables of docs/benchmarks.md from the RESULT lines of tests/bench/virtio.sh (its log as $1).
set -euo pipefail
tr -d '\r' < "$1" | awk '
	$1 == "RESULT" { v[$2 "," $3] = $4 }
	function ratio(c, r) { return (r == "" || c == "" || r == 0) ? "" : sprintf("%.3f", c / r) }
	function cell(x) { return x == "" ? "missing" : x }
	function row(label, r, c) { printf "| %s | %s | %s | %s |\n", label, cell(r), cell(c), ratio(c, r) }
	END {
		print "| measure | root, same file | Linux cell, virtio-blk (io_uring) | cell / root |"
		print "|---|---|---|---|"
		row("sequential write (MB/s)", v["root,write_mbs"], v["cell,write_mbs"])
		row("sequential read (MB/s)", v["root,read_mbs"], v["cell,read_mbs"])
		split("randread randwrite", rws, " ")
		split("1 32", qds, " ")
		for (a = 1; a <= 2; a++) for (b = 1; b <= 2; b++) {
			k = rws[a] "_qd" qds[b]
			row(sprintf("4 KiB random %s, QD%s (IOPS)", rws[a] == "randread" ? "read" : "write", qds[b]),
			    v["root," k "_iops"], v["cell,uring_" k "_iops"])
		}
		print ""
		print "The same random runs in one boot, the daemon restarted between the phases (--sync-io: one request at a time in the device thread; io_uring; io_uring with --poll-us " v["cell,poll_us"] "):"
		print ""
		print "| run | synchronous | io_uring | io_uring + polling | io_uring / synchronous | polling / io_uring |"
		print "|---|---|---|---|---|---|"
		for (a = 1; a <= 2; a++) for (b = 1; b <= 2; b++) {
			k = rws[a] "_qd" qds[b]
			s = v["cell,sync_" k "_iops"]; u = v["cell,uring_" k "_iops"]; p = v["cell,poll_" k "_iops"]
			printf "| %s QD%s, IOPS | %s | %s | %s | %s | %s |\n", rws[a], qds[b], cell(s), cell(u), cell(p), ratio(u, s), ratio(p, u)
		}
		for (a = 1; a <= 2; a++) for (b = 1; b <= 2; b++) {
			k = rws[a] "_qd" qds[b]
			printf "| %s QD%s, interrupts / exits per request | %s / %s | %s / %s | %s / %s | | |\n", rws[a], qds[b],
				cell(v["cell,sync_" k "_irq_per_req"]), cell(v["cell,sync_" k "_exits_per_req"]),
				cell(v["cell,uring_" k "_irq_per_req"]), cell(v["cell,uring_" k "_exits_per_req"]),
				cell(v["cell,poll_" k "_irq_per_req"]), cell(v["cell,poll_" k "_exits_per_req"])
		}
		printf "| most requests in flight in the daemon | %s | %s | %s | | |\n", cell(v["cell,sync_max_in_flight"]), cell(v["cell,uring_max_in_flight"]), cell(v["cell,poll_max_in_flight"])
		print ""
		print "| measure | value |"
		print "|---|---|"
		printf "| one forwarded register read (virtio, daemon in the root), ns | %s |\n", cell(v["cell,virtio_read_ns"])
		printf "| one register read the hypervisor emulates itself (testdev), ns | %s |\n", cell(v["cell,testdev_read_ns"])
		printf "| one virtio InterruptStatus read (answered by the hypervisor), ns | %s |\n", cell(v["cell,isr_read_ns"])
		printf "| interrupt status/ack accesses that reached the daemon (all phases) | %s |\n", cell(v["cell,isr_round_trips"])
		printf "| interrupts per block request (sequential read run) | %s |\n", cell(v["cell,interrupts_per_request"])
		printf "| most requests in flight in the hypervisor ring | %s |\n", cell(v["cell,max_requests_in_flight"])
		printf "| polling phase: windows after work / windows that found work | %s / %s |\n", cell(v["cell,poll_windows"]), cell(v["cell,poll_hits"])
		printf "| MMIO exits (stage-2 aborts) during the boot and run, vCPU 0 / vCPU 1 | %s / %s |\n", cell(v["cell,dabt_exits_vcpu0"]), cell(v["cell,dabt_exits_vcpu1"])
	}'
