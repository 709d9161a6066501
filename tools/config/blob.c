/* Binary configs in memory (struct hvisor_system or hvisor_cell_desc and its regions): building and freeing them. */
#include "config/blob.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What both kinds of config begin with. */
struct blob_start {
	char magic[8];
	uint32_t version;
	uint32_t size;
	uint32_t arch;
};

#define SAME_START(type)                                                    \
	(offsetof(type, magic) == offsetof(struct blob_start, magic) &&     \
	 offsetof(type, version) == offsetof(struct blob_start, version) && \
	 offsetof(type, size) == offsetof(struct blob_start, size) &&       \
	 offsetof(type, arch) == offsetof(struct blob_start, arch))

_Static_assert(
	SAME_START(struct hvisor_system) && SAME_START(struct hvisor_cell_desc),
	"system and cell configs must begin with magic, version, size, arch");
/* The root cell's regions follow the system struct directly. */
_Static_assert(offsetof(struct hvisor_system, root_cell) +
			       sizeof(struct hvisor_cell_desc) ==
		       sizeof(struct hvisor_system),
	       "struct hvisor_system must end with its root cell");

void config_blob_free(struct config_blob *b)
{
	free(b->data);
	b->data = NULL;
	b->size = 0;
}

static void stamp(void *at, const char *magic, size_t size, uint32_t arch)
{
	struct blob_start start;

	memcpy(start.magic, magic, sizeof(start.magic));
	start.version = HVISOR_CONFIG_VERSION;
	start.size = (uint32_t)size;
	start.arch = arch;
	memcpy(at, &start, sizeof(start));
}

int config_blob_build(const struct config_blob_kind *kind, const void *head,
		      uint32_t arch, const struct hvisor_mem_region *regions,
		      size_t count, const char *file, struct diag *d,
		      struct config_blob *out)
{
	const size_t head_size = kind->head_size;
	size_t max = (UINT32_MAX - head_size) / sizeof(*regions), size;
	struct hvisor_cell_desc *cell;
	uint8_t *data;

	out->data = NULL;
	out->size = 0;
	if (kind->max_regions < max)
		max = kind->max_regions;
	if (count > max) {
		diag_add(d, file, kind->regions_path,
			 "too many memory regions (%zu, at most %zu)", count,
			 max);
		return -1;
	}
	size = head_size + count * sizeof(*regions);
	data = calloc(1, size);
	if (!data) {
		diag_add(d, file, NULL, "out of memory");
		return -1;
	}
	memcpy(data, head, head_size);
	stamp(data, kind->magic, size, arch);
	cell = (struct hvisor_cell_desc *)(data + head_size - sizeof(*cell));
	stamp(cell, HVISOR_CELL_MAGIC, sizeof(*cell) + count * sizeof(*regions),
	      arch);
	cell->num_mem_regions = (uint32_t)count;
	if (count)
		memcpy(data + head_size, regions, count * sizeof(*regions));
	out->data = data;
	out->size = size;
	return 0;
}
