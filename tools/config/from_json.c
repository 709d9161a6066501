/* What the conversions of JSON system and cell configs share: the top object, its "arch", the blob. */
#include "config/from_json.h"
#include "config/arch.h"
#include "config/json_read.h"

#include <stdlib.h>

int config_from_json(struct json_object *root, const char *file,
		     uint32_t system_arch, const struct config_json_kind *kind,
		     void *head, struct diag *d, struct config_blob *out)
{
	const struct config_arch_ops *arch = NULL;
	struct hvisor_mem_region *regions = NULL;
	struct jctx ctx;
	struct jobj top;
	size_t count = 0;
	int ret = -1;

	out->data = NULL;
	out->size = 0;
	jctx_init(&ctx, file, d);
	if (jobj_begin(&top, &ctx, root)) {
		arch = config_parse_arch(&top, system_arch);
		if (arch)
			regions = kind->parse(&top, arch, head, &count);
		else
			jobj_drop(&top); /* the rest depends on the arch */
	}
	jobj_end(&top);
	if (!ctx.errors && arch)
		ret = config_blob_build(&kind->blob, head, arch->arch, regions,
					count, file, d, out);
	free(regions);
	return ret;
}
