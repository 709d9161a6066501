/* hvisor cell load NAME IMAGE@ADDR...: copy images into a cell's loadable RAM. */
#include "cmd/cell_commands.h"
#include "commands.h"
#include "dev/cell_device.h"
#include "dev/device.h"
#include "dev/image_file.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct loaded {
	char path[PATH_MAX];
	void *data;
};

/* Parses and reads every IMAGE@ADDR; 0, or -1 after printing why not. */
static int read_images(int count, char **args, struct loaded *files,
		       struct hvisor_image *images)
{
	const char *reason;
	size_t size;
	int i;

	for (i = 0; i < count; i++) {
		reason = image_arg_parse(args[i], files[i].path,
					 sizeof(files[i].path),
					 &images[i].target);
		if (reason) {
			fprintf(stderr,
				"hvisor: cell load: \"%s\" %s; write IMAGE@ADDR, e.g. guest.bin@0x90000000\n",
				args[i], reason);
			return -1;
		}
		files[i].data = image_read(files[i].path, &size);
		if (!files[i].data)
			return -1;
		images[i].source = (uint64_t)(uintptr_t)files[i].data;
		images[i].size = size;
	}
	return 0;
}

static int load(const char *name, int count, const struct loaded *files,
		struct hvisor_image *images)
{
	struct hvisor_cell_load_args args;
	struct hvisor_cell_info info;
	int fd, ret, i;

	fd = device_open();
	if (fd < 0)
		return 1;
	if (cell_resolve(fd, name, &info)) {
		close(fd);
		return 1;
	}
	memset(&args, 0, sizeof(args));
	args.id = info.id;
	args.num_images = (uint32_t)count;
	args.images = (uint64_t)(uintptr_t)images;
	ret = device_ioctl(fd, HVISOR_IOCTL_CELL_LOAD, &args);
	close(fd);
	if (ret) {
		cell_report_error("load", name, ret);
		return 1;
	}
	for (i = 0; i < count; i++)
		printf("cell %.*s: loaded %s (%" PRIu64 " bytes) at 0x%" PRIx64
		       "\n",
		       (int)sizeof(info.name), info.name, files[i].path,
		       images[i].size, images[i].target);
	return 0;
}

int cmd_cell_load(int argc, char **argv)
{
	struct hvisor_image images[HVISOR_CELL_MAX_IMAGES];
	struct loaded *files;
	int count = argc - 2, ret = 1, i;

	if (argc < 3)
		return usage_error("cell load needs NAME and IMAGE@ADDR...");
	if (count > HVISOR_CELL_MAX_IMAGES)
		return usage_error("cell load takes at most %d images",
				   HVISOR_CELL_MAX_IMAGES);
	files = calloc((size_t)count, sizeof(*files));
	if (!files) {
		fprintf(stderr, "hvisor: out of memory\n");
		return 1;
	}
	memset(images, 0, sizeof(images));
	if (!read_images(count, argv + 2, files, images))
		ret = load(argv[1], count, files, images);
	for (i = 0; i < count; i++)
		free(files[i].data);
	free(files);
	return ret;
}
