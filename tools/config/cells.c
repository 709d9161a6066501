/* Checks of several cell configs together: conflicts between cells, one error per file. */
#include "config/error.h"
#include "config/load.h"

#include <hvisor/config_check.h>
#include <stdlib.h>

unsigned int config_cells_check(const struct config_blob *system,
				const char *system_file,
				const struct config_blob *cells,
				const char *const *files, unsigned int n,
				bool *failed, struct diag *d)
{
	const void **blobs = calloc(n ? n : 1, sizeof(*blobs));
	const char **names = calloc(n ? n : 1, sizeof(*names));
	unsigned int *index = calloc(n ? n : 1, sizeof(*index));
	uint64_t *sizes = calloc(n ? n : 1, sizeof(*sizes));
	struct hvisor_check_error err;
	unsigned int i, m, bad = 0;

	if (!blobs || !names || !index || !sizes) {
		diag_add(d, NULL, NULL, "out of memory");
		for (i = 0; i < n; i++)
			failed[i] = true;
		bad = n;
		goto out;
	}
	for (i = 0; i < n; i++)
		failed[i] = false;
	/* Drop the config an error is about and check the rest again. */
	for (;;) {
		for (i = 0, m = 0; i < n; i++) {
			if (failed[i])
				continue;
			blobs[m] = cells[i].data;
			sizes[m] = cells[i].size;
			names[m] = files[i];
			index[m++] = i;
		}
		if (!hvisor_check_cells(system ? system->data : NULL,
					system ? system->size : 0, blobs, sizes,
					m, &err))
			break;
		config_report_cells_check(&err, system_file, names, m, d);
		if (err.cell < 0 || (unsigned int)err.cell >= m) {
			/* The system config itself: nothing passes. */
			for (i = 0; i < n; i++)
				bad += !failed[i];
			for (i = 0; i < n; i++)
				failed[i] = true;
			break;
		}
		failed[index[err.cell]] = true;
		bad++;
	}
out:
	free(blobs);
	free(names);
	free(index);
	free(sizes);
	return bad;
}
