/* hvisor cell linux CONFIG.json KERNEL [...]: generate a DTB, create, load and start a Linux cell of the config's arch. */
#include "cmd/cell_commands.h"
#include "cmd/root_config.h"
#include "commands.h"
#include "config/arch.h"
#include "config/load.h"
#include "dev/cell_device.h"
#include "dev/device.h"
#include "dev/image_file.h"
#include "linux/arch.h"
#include "linux/boot.h"
#include "linux/dtb.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define CPU_COMPATIBLE_PATH "/proc/device-tree/cpus/cpu@0/compatible"
#define BOOTARGS_MAX 2048
#define RNG_SEED_SIZE 64 /* bytes of /chosen/rng-seed: 512 bits */

struct linux_args {
	const char *config, *kernel, *initrd, *cmdline, *dtb_out, *stub_out,
		*root;
	bool no_root, dry_run;
	bool raw; /* --raw: no Image header, loaded at the aligned base */
	bool exact_cmdline; /* --exact-cmdline: no console arguments added */
	bool no_kaslr; /* --no-kaslr: no /chosen/kaslr-seed */
};

/* Everything that goes into the cell, built before the cell exists. */
struct linux_boot {
	struct config_blob system, cell;
	void *kernel, *initrd, *dtb;
	size_t kernel_size, initrd_size, dtb_size;
	uint8_t stub[LINUX_BOOT_STUB_MAX];
	size_t stub_size;
	struct linux_layout layout;
};

static int parse_args(int argc, char **argv, struct linux_args *a)
{
	const char **value;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		value = NULL;
		if (!strcmp(argv[i], "--initrd"))
			value = &a->initrd;
		else if (!strcmp(argv[i], "--cmdline"))
			value = &a->cmdline;
		else if (!strcmp(argv[i], "--dtb-out"))
			value = &a->dtb_out;
		else if (!strcmp(argv[i], "--stub-out"))
			value = &a->stub_out;
		else if (!strcmp(argv[i], "--root"))
			value = &a->root;
		else if (!strcmp(argv[i], "--no-root"))
			a->no_root = true;
		else if (!strcmp(argv[i], "--dry-run"))
			a->dry_run = true;
		else if (!strcmp(argv[i], "--raw"))
			a->raw = true;
		else if (!strcmp(argv[i], "--exact-cmdline"))
			a->exact_cmdline = true;
		else if (!strcmp(argv[i], "--no-kaslr"))
			a->no_kaslr = true;
		else if (argv[i][0] == '-')
			return usage_error("cell linux: unknown option '%s'",
					   argv[i]);
		else if (!a->config)
			a->config = argv[i];
		else if (!a->kernel)
			a->kernel = argv[i];
		else
			return usage_error(
				"cell linux takes one CONFIG.json and one KERNEL");
		if (value) {
			if (i + 1 >= argc)
				return usage_error(
					"cell linux: %s needs a value",
					argv[i]);
			*value = argv[++i];
		}
	}
	if (!a->config || !a->kernel)
		return usage_error("cell linux needs CONFIG.json and KERNEL");
	if (a->root && a->no_root)
		return usage_error(
			"cell linux: --root and --no-root exclude each other");
	if (!a->root && !a->no_root)
		a->root = root_config_default();
	return 0;
}

/* The cell config, checked against the root config if there is one. */
static int load_configs(const struct linux_args *a, struct linux_boot *b)
{
	struct diag d;
	int ret;

	diag_init(&d);
	if (a->root && config_system_load(a->root, &b->system, &d)) {
		diag_print(&d, stderr);
		fprintf(stderr,
			"hvisor: cell linux: the root config %s is not valid (pass --root ROOT.json or --no-root)\n",
			a->root);
		diag_free(&d);
		return -1;
	}
	ret = config_cell_load(a->config, a->root ? &b->system : NULL, a->root,
			       &b->cell, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	return ret;
}

/*
 * The first compatible string of the root's CPU 0, so the cell sees the
 * same CPU; fallback when the root has none to show.
 */
static void cpu_compatible(const char *fallback, char *buf, size_t size)
{
	ssize_t n = -1;
	int fd = open(CPU_COMPATIBLE_PATH, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	if (n <= 0) {
		snprintf(buf, size, "%s", fallback);
		return;
	}
	buf[n] = '\0'; /* the property holds NUL-separated strings */
}

/* Fills buf from the root's random number generator; 0 or -1 (reported). */
static int random_bytes(void *buf, size_t size)
{
	size_t done = 0;
	ssize_t n;

	while (done < size) {
		n = getrandom((uint8_t *)buf + done, size - done, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr,
				"hvisor: cell linux: no random bytes for the cell's seeds: %s\n",
				n < 0 ? strerror(errno) : "none returned");
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

static int build_dtb(const struct linux_args *a,
		     const struct linux_arch_ops *arch, struct linux_boot *b)
{
	struct dtb_cell_params p;
	char bootargs[BOOTARGS_MAX], compat[128], err[256];
	uint8_t seed[RNG_SEED_SIZE];

	memset(&p, 0, sizeof(p));
	p.cell = b->cell.data;
	p.system = b->system.data;
	if (a->exact_cmdline ? snprintf(bootargs, sizeof(bootargs), "%s",
					a->cmdline ? a->cmdline : "") >=
				       (int)sizeof(bootargs) :
			       dtb_cell_bootargs(p.cell, a->cmdline, bootargs,
						 sizeof(bootargs))) {
		fprintf(stderr,
			"hvisor: cell linux: the kernel command line is too long (at most %d bytes)\n",
			BOOTARGS_MAX - 1);
		return -1;
	}
	if (arch->cpu_compatible_from_root)
		cpu_compatible(arch->cpu_compatible, compat, sizeof(compat));
	else
		snprintf(compat, sizeof(compat), "%s", arch->cpu_compatible);
	p.cpu_compatible = compat;
	p.bootargs = bootargs;
	p.has_initrd = a->initrd != NULL;
	p.boot_stub = p.cell->entry;
	p.boot_stub_size = arch->stub_size;
	/* what firmware gives a kernel: entropy, and a base to randomize */
	if (random_bytes(seed, sizeof(seed)) ||
	    (!a->no_kaslr &&
	     random_bytes(&p.kaslr_seed, sizeof(p.kaslr_seed)))) {
		explicit_bzero(seed, sizeof(seed));
		return -1;
	}
	p.rng_seed = seed;
	p.rng_seed_size = sizeof(seed);
	p.has_kaslr_seed = !a->no_kaslr;
	b->dtb = dtb_cell_build(&p, &b->dtb_size, err, sizeof(err));
	explicit_bzero(seed, sizeof(seed));
	if (!b->dtb) {
		fprintf(stderr,
			"hvisor: %s: cannot build the device tree: %s\n",
			a->config, err);
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		fprintf(stderr, "hvisor: %s: cannot write: %s\n", path,
			strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* Reads the images, builds the DTB and the stub and places them. */
static int prepare(const struct linux_args *a, struct linux_boot *b)
{
	const struct linux_arch_ops *arch;
	const struct hvisor_cell_desc *cell;
	struct linux_image img;
	const char *reason;
	char label[32];

	if (load_configs(a, b))
		return -1;
	cell = b->cell.data;
	arch = linux_arch_find(cell->arch);
	if (!arch) {
		fprintf(stderr,
			"hvisor: %s: arch: this build cannot boot Linux in a cell of arch %s\n",
			a->config,
			config_arch_label(cell->arch, label, sizeof(label)));
		return -1;
	}
	b->kernel = image_read(a->kernel, &b->kernel_size);
	if (!b->kernel)
		return -1;
	reason = a->raw ? linux_image_raw(b->kernel_size, &img) :
			  linux_image_parse(cell->arch, b->kernel,
					    b->kernel_size, &img);
	if (reason) {
		fprintf(stderr, "hvisor: %s: %s\n", a->kernel, reason);
		return -1;
	}
	if (a->initrd) {
		b->initrd = image_read(a->initrd, &b->initrd_size);
		if (!b->initrd)
			return -1;
	}
	if (build_dtb(a, arch, b))
		return -1;
	reason = linux_boot_layout(b->cell.data, &img, b->dtb_size,
				   b->initrd_size, &b->layout);
	if (reason) {
		fprintf(stderr,
			"hvisor: %s: %s (kernel %zu bytes, image_size %" PRIu64
			", initrd %zu bytes, DTB %zu bytes)\n",
			a->config, reason, b->kernel_size, img.image_size,
			b->initrd_size, b->dtb_size);
		return -1;
	}
	if (a->initrd &&
	    dtb_cell_set_initrd(b->dtb, b->layout.initrd,
				b->layout.initrd + b->layout.initrd_size)) {
		fprintf(stderr,
			"hvisor: cell linux: cannot set the initrd in the DTB\n");
		return -1;
	}
	b->stub_size = linux_boot_stub(cell->arch, b->stub, b->layout.dtb,
				       b->layout.kernel);
	if (a->dtb_out && write_file(a->dtb_out, b->dtb, b->dtb_size))
		return -1;
	if (a->stub_out && write_file(a->stub_out, b->stub, b->stub_size))
		return -1;
	return 0;
}

static void print_layout(const char *name, const struct linux_boot *b)
{
	const struct linux_layout *l = &b->layout;

	printf("cell %s: boot stub at 0x%" PRIx64 ", kernel at 0x%" PRIx64
	       " (%zu bytes), DTB at 0x%" PRIx64 " (%zu bytes)",
	       name, l->stub, l->kernel, b->kernel_size, l->dtb, b->dtb_size);
	if (b->initrd)
		printf(", initrd at 0x%" PRIx64 " (%zu bytes)", l->initrd,
		       b->initrd_size);
	printf("\n");
}

static int cell_ioctl_id(int fd, unsigned long request, uint32_t id)
{
	struct hvisor_cell_id_args args;

	memset(&args, 0, sizeof(args));
	args.id = id;
	return device_ioctl(fd, request, &args);
}

/* Creates the cell, loads the images and starts it; destroys it on failure. */
static int boot(const struct linux_boot *b)
{
	const struct hvisor_cell_desc *cell = b->cell.data;
	struct hvisor_cell_create_args create;
	struct hvisor_cell_load_args load;
	struct hvisor_image images[4];
	const char *op = "create";
	unsigned int n = 0;
	int fd, id, ret;

	fd = device_open();
	if (fd < 0)
		return 1;
	memset(&create, 0, sizeof(create));
	create.config = (uint64_t)(uintptr_t)b->cell.data;
	create.size = b->cell.size;
	id = device_ioctl_value(fd, HVISOR_IOCTL_CELL_CREATE, &create);
	if (id < 0) {
		cell_report_error("create", cell->name, id);
		close(fd);
		return 1;
	}
	printf("cell %s created (id %d)\n", cell->name, id);
	images[n++] = (struct hvisor_image){ (uintptr_t)b->stub, b->stub_size,
					     b->layout.stub };
	images[n++] = (struct hvisor_image){ (uintptr_t)b->kernel,
					     b->kernel_size, b->layout.kernel };
	images[n++] = (struct hvisor_image){ (uintptr_t)b->dtb, b->dtb_size,
					     b->layout.dtb };
	if (b->initrd)
		images[n++] = (struct hvisor_image){ (uintptr_t)b->initrd,
						     b->initrd_size,
						     b->layout.initrd };
	memset(&load, 0, sizeof(load));
	load.id = (uint32_t)id;
	load.num_images = n;
	load.images = (uint64_t)(uintptr_t)images;
	ret = device_ioctl(fd, HVISOR_IOCTL_CELL_LOAD, &load);
	if (!ret) {
		print_layout(cell->name, b);
		op = "start";
		ret = cell_ioctl_id(fd, HVISOR_IOCTL_CELL_START, (uint32_t)id);
	} else {
		op = "load";
	}
	if (ret) {
		cell_report_error(op, cell->name, ret);
		if (cell_ioctl_id(fd, HVISOR_IOCTL_CELL_DESTROY, (uint32_t)id))
			fprintf(stderr,
				"hvisor: cell linux: could not destroy cell %s again\n",
				cell->name);
		else
			fprintf(stderr, "hvisor: cell %s destroyed again\n",
				cell->name);
		close(fd);
		return 1;
	}
	close(fd);
	printf("cell %s started\n", cell->name);
	return 0;
}

int cmd_cell_linux(int argc, char **argv)
{
	const struct hvisor_cell_desc *cell;
	struct linux_args a;
	struct linux_boot b;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret;
	memset(&b, 0, sizeof(b));
	if (prepare(&a, &b)) {
		ret = 1;
	} else if (a.dry_run) {
		cell = b.cell.data;
		print_layout(cell->name, &b);
		ret = 0;
	} else {
		ret = boot(&b);
	}
	free(b.kernel);
	free(b.initrd);
	free(b.dtb);
	config_blob_free(&b.cell);
	config_blob_free(&b.system);
	return ret;
}
