/* Runs a command as another user (no su in the guest's busybox): asuser UID GID CMD [ARGS...]. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t uid;
	gid_t gid;

	if (argc < 4) {
		fprintf(stderr, "usage: asuser UID GID CMD [ARGS...]\n");
		return 2;
	}
	uid = (uid_t)strtoul(argv[1], NULL, 0);
	gid = (gid_t)strtoul(argv[2], NULL, 0);
	if (setgroups(0, NULL) || setgid(gid) || setuid(uid)) {
		perror("asuser");
		return 1;
	}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
