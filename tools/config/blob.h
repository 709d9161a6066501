/* Binary configs in memory (struct hvisor_system or hvisor_cell_desc and its regions): building and freeing them. */
#ifndef HVISOR_TOOLS_CONFIG_BLOB_H
#define HVISOR_TOOLS_CONFIG_BLOB_H

#include "config/diag.h"

#include <hvisor/config.h>
#include <stddef.h>

/* A binary config: struct hvisor_system or hvisor_cell_desc, and its regions. */
struct config_blob {
	void *data;
	size_t size;
};

void config_blob_free(struct config_blob *b);

/* A kind of binary config: a system or a cell config. */
struct config_blob_kind {
	const char *magic; /* HVISOR_SYSTEM_MAGIC or HVISOR_CELL_MAGIC */
	/* sizeof(struct hvisor_system) or sizeof(struct hvisor_cell_desc):
	 * both begin with magic, version, size and arch and end with the
	 * cell descriptor */
	size_t head_size;
	size_t max_regions; /* and what a 32-bit size holds */
	const char *regions_path; /* JSON path of the regions, in messages */
};

/*
 * Builds a binary config of kind into out: head (kind->head_size bytes)
 * followed by count regions. Sets magic (of the kind), version, size and
 * arch of the head and of its cell descriptor, and the cell's
 * num_mem_regions; the rest of head is kept as given. Returns 0, or -1 with
 * a message naming file in d.
 */
int config_blob_build(const struct config_blob_kind *kind, const void *head,
		      uint32_t arch, const struct hvisor_mem_region *regions,
		      size_t count, const char *file, struct diag *d,
		      struct config_blob *out);

#endif
