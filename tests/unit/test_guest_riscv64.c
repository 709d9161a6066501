/* Unit tests of the riscv64 test guest's pure logic on the host: the DTB timebase reader (libfdt-built and broken blobs) and the vCPU/hart map. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libfdt.h>

/* guests/testguest/arch/riscv64/dtb.c and harts.c */
uint64_t dtb_timebase(uintptr_t dtb);
void hart_map_init(uint64_t boot_hart);
uint64_t vcpu_hart(unsigned int cpu);

/* What dtb.c uses of the guest: a fault-catching read, an output buffer. */
struct outbuf;
static uintptr_t faulting; /* arch_probe_read of this address faults */
static unsigned int probes;

void outbuf_init(struct outbuf *ob, char *buf, size_t size)
{
	(void)ob;
	(void)buf;
	(void)size;
}

bool arch_probe_read(uintptr_t addr, unsigned int size, uint64_t *val,
		     struct outbuf *why)
{
	(void)why;
	probes++;
	if (addr == faulting)
		return false;
	*val = 0;
	memcpy(val, (const void *)addr, size);
	return true;
}

static uint64_t blob[1024]; /* 8 KiB, 8-byte aligned */

/* /cpus with timebase-frequency after other nodes and properties. */
static void *make_dtb(const char *prop, const void *val, int len)
{
	void *fdt = blob;
	int cpus, cpu;

	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(blob)), 0);
	assert_int_equal(
		fdt_setprop_string(fdt, 0, "compatible", "riscv-virtio"), 0);
	assert_true(fdt_add_subnode(fdt, 0, "chosen") >= 0);
	assert_int_equal(fdt_setprop_string(fdt,
					    fdt_path_offset(fdt, "/chosen"),
					    "bootargs", "console=ttyS0"),
			 0);
	cpus = fdt_add_subnode(fdt, 0, "cpus");
	assert_true(cpus >= 0);
	assert_int_equal(fdt_setprop_u32(fdt, cpus, "#address-cells", 1), 0);
	cpu = fdt_add_subnode(fdt, cpus, "cpu@0");
	assert_true(cpu >= 0);
	assert_int_equal(fdt_setprop_string(fdt, cpu, "riscv,isa",
					    "rv64imafdch_sstc"),
			 0);
	cpus = fdt_path_offset(fdt, "/cpus");
	if (prop)
		assert_int_equal(fdt_setprop(fdt, cpus, prop, val, len), 0);
	assert_int_equal(fdt_pack(fdt), 0);
	return fdt;
}

static void test_timebase(void **state)
{
	fdt32_t hz = cpu_to_fdt32(10000000), big = cpu_to_fdt32(0xfedcba98);
	fdt64_t wide = cpu_to_fdt64(0x100989680ULL); /* high cell 1 */

	(void)state;
	assert_int_equal(
		dtb_timebase((uintptr_t)make_dtb("timebase-frequency", &hz, 4)),
		10000000);
	assert_int_equal(dtb_timebase((uintptr_t)make_dtb("timebase-frequency",
							  &big, 4)),
			 0xfedcba98);
	/* absent, or not one cell */
	assert_int_equal(dtb_timebase((uintptr_t)make_dtb(NULL, NULL, 0)), 0);
	assert_int_equal(dtb_timebase((uintptr_t)make_dtb("timebase-frequency",
							  &wide, 8)),
			 0);
	/* a name that only starts the same */
	assert_int_equal(dtb_timebase((uintptr_t)make_dtb(
				 "timebase-frequency-x", &hz, 4)),
			 0);
}

static void test_no_dtb(void **state)
{
	static uint64_t moved[sizeof(blob) / 8 + 1];
	fdt32_t hz = cpu_to_fdt32(10000000);
	uint8_t *b;

	(void)state;
	assert_int_equal(dtb_timebase(0), 0);
	b = make_dtb("timebase-frequency", &hz, 4);
	/* a whole blob at a misaligned address */
	memcpy((char *)moved + 4, b, fdt_totalsize(b));
	assert_int_equal(dtb_timebase((uintptr_t)moved + 4), 0);
	/* the magic is read with the fault-catching probe first */
	faulting = (uintptr_t)b;
	probes = 0;
	assert_int_equal(dtb_timebase((uintptr_t)b), 0);
	assert_int_equal(probes, 1);
	faulting = 0;
	b[0] ^= 1;
	assert_int_equal(dtb_timebase((uintptr_t)b), 0);
}

static void test_broken_dtb(void **state)
{
	fdt32_t hz = cpu_to_fdt32(10000000);
	void *fdt;

	(void)state;
	fdt = make_dtb("timebase-frequency", &hz, 4);
	fdt_set_totalsize(fdt, 2u << 20); /* larger than the reader accepts */
	assert_int_equal(dtb_timebase((uintptr_t)fdt), 0);
	fdt = make_dtb("timebase-frequency", &hz, 4);
	fdt_set_size_dt_struct(fdt, fdt_totalsize(fdt)); /* past the end */
	assert_int_equal(dtb_timebase((uintptr_t)fdt), 0);
	fdt = make_dtb("timebase-frequency", &hz, 4);
	fdt_set_off_dt_strings(fdt, fdt_totalsize(fdt) + 4);
	assert_int_equal(dtb_timebase((uintptr_t)fdt), 0);
	/* an unknown token in the structure block stops the walk */
	fdt = make_dtb("timebase-frequency", &hz, 4);
	*(fdt32_t *)((char *)fdt + fdt_off_dt_struct(fdt)) = cpu_to_fdt32(7);
	assert_int_equal(dtb_timebase((uintptr_t)fdt), 0);
}

static void test_hart_map(void **state)
{
	static const uint64_t boots[] = { 0, 1, 2, 3, 7 };
	unsigned int b, cpu, other;

	(void)state;
	for (b = 0; b < sizeof(boots) / sizeof(boots[0]); b++) {
		hart_map_init(boots[b]);
		assert_int_equal(vcpu_hart(0), boots[b]);
		/* one hart per vCPU, every hart below 16 taken once */
		for (cpu = 0; cpu < 16; cpu++)
			for (other = 0; other < cpu; other++)
				assert_int_not_equal(vcpu_hart(cpu),
						     vcpu_hart(other));
		for (cpu = 0; cpu < 16; cpu++)
			assert_true(vcpu_hart(cpu) < 16);
	}
	hart_map_init(2);
	assert_int_equal(vcpu_hart(1), 0);
	assert_int_equal(vcpu_hart(2), 1);
	assert_int_equal(vcpu_hart(3), 3);
	hart_map_init(0); /* a cell: the identity */
	for (cpu = 0; cpu < 8; cpu++)
		assert_int_equal(vcpu_hart(cpu), cpu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timebase),
		cmocka_unit_test(test_no_dtb),
		cmocka_unit_test(test_broken_dtb),
		cmocka_unit_test(test_hart_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
