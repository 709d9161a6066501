/* Where each device's transport state outlives the daemon: a file per device under the state directory, mapped shared. */
#include "daemon.h"
#include "dlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_SIZE 4096

_Static_assert(sizeof(struct vmmio_saved) <= STATE_SIZE, "state file size");

/* Maps dv's state file (made if missing); the device runs without one. */
static void map_state(struct ddev *dv, const char *dir)
{
	char path[512];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/%s@0x%08llx.state", dir,
		 dv->cell->cfg->name, (unsigned long long)dv->cfg->address);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, STATE_SIZE)) {
		dlog("%s: %s: %s: a restarted daemon will reset the device",
		     dv->mmio->name, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	p = mmap(NULL, STATE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		dlog("%s: mapping %s: %s", dv->mmio->name, path,
		     strerror(errno));
		return;
	}
	dv->mmio->saved = p;
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char path[512];
	size_t i;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (i = 1; path[i]; i++) {
		if (path[i] != '/')
			continue;
		path[i] = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		path[i] = '/';
	}
	return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

void daemon_state_open(struct daemon *dm, const char *dir)
{
	unsigned int i;

	if (make_dirs(dir)) {
		dlog("%s: %s: a restarted daemon will reset its devices", dir,
		     strerror(errno));
		return;
	}
	for (i = 0; i < dm->num_devs; i++)
		map_state(&dm->devs[i], dir);
}

void daemon_state_close(struct daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->num_devs; i++) {
		struct vmmio *d = dm->devs[i].mmio;

		if (d && d->saved)
			munmap(d->saved, STATE_SIZE);
		if (d)
			d->saved = NULL;
	}
}
