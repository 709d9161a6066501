/* The system config `hvisor enable` started the hypervisor with, recorded under /run/hvisor for cell create and cell linux. */
#include "cmd/root_config.h"
#include "commands.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void root_config_remember(const char *path)
{
	char full[PATH_MAX];
	FILE *f;

	if (!realpath(path, full))
		return;
	/* a minimal root file system may lack /run */
	if ((mkdir("/run", 0755) && errno != EEXIST) ||
	    (mkdir("/run/hvisor", 0755) && errno != EEXIST))
		goto fail;
	f = fopen(ROOT_CONFIG_RECORD, "w");
	if (!f)
		goto fail;
	fprintf(f, "%s\n", full);
	if (fclose(f) == 0)
		return;
fail:
	fprintf(stderr,
		"hvisor: warning: %s not written (%s): cell create and cell linux will default to %s\n",
		ROOT_CONFIG_RECORD, strerror(errno), DEFAULT_ROOT_CONFIG);
}

void root_config_forget(void)
{
	unlink(ROOT_CONFIG_RECORD);
}

const char *root_config_default(void)
{
	static char path[PATH_MAX];
	FILE *f = fopen(ROOT_CONFIG_RECORD, "r");
	size_t n;

	if (f) {
		n = fread(path, 1, sizeof(path) - 1, f);
		fclose(f);
		path[n] = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (path[0] == '/' && !access(path, R_OK))
			return path;
	}
	return access(DEFAULT_ROOT_CONFIG, R_OK) ? NULL : DEFAULT_ROOT_CONFIG;
}
