#!/bin/sh
# Guest side of the kernel-panic self-test: crashes the kernel through sysrq.
echo 1 >/proc/sys/kernel/sysrq
echo c >/proc/sysrq-trigger
# Not reached when the kernel panics.
exit 0
