# Prints what config create reads, for a fixture of tests/unit/data/create/: tests/system/run [--arch A] tests/unit/data/create/capture.sh, then split the log at the === lines (the fdt is base64).
for f in /proc/iomem /proc/interrupts /sys/devices/system/cpu/possible /sys/devices/system/cpu/present /sys/devices/system/cpu/online; do
	echo "=== $f"
	cat $f
done
echo "=== fdt"
base64 /sys/firmware/fdt
echo "=== end"
