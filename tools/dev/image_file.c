/* Images for `hvisor cell load`: FILE@ADDR arguments and reading the files. */
#include "dev/image_file.h"
#include "config/number.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *image_arg_parse(const char *arg, char *path, size_t path_size,
			    uint64_t *addr)
{
	const char *at = strrchr(arg, '@');
	const char *reason;
	size_t len;

	if (!at)
		return "needs @ADDR (the guest-physical load address)";
	len = (size_t)(at - arg);
	if (len == 0)
		return "has no file name before '@'";
	if (len >= path_size)
		return "file name is too long";
	reason = number_parse(at + 1, addr);
	if (reason)
		return "address after '@' is not a number (decimal or 0x-prefixed hex)";
	memcpy(path, arg, len);
	path[len] = '\0';
	return NULL;
}

void *image_read(const char *path, size_t *size)
{
	struct stat st;
	size_t done = 0;
	char *buf;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "hvisor: %s: cannot open: %s\n", path,
			strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "hvisor: %s: not a regular file\n", path);
		close(fd);
		return NULL;
	}
	if (st.st_size <= 0 || (uint64_t)st.st_size > IMAGE_MAX_SIZE) {
		fprintf(stderr,
			"hvisor: %s: size %lld is not between 1 byte and 1 GiB\n",
			path, (long long)st.st_size);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size);
	if (!buf) {
		fprintf(stderr, "hvisor: %s: out of memory\n", path);
		close(fd);
		return NULL;
	}
	while (done < (size_t)st.st_size) {
		n = read(fd, buf + done, (size_t)st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "hvisor: %s: read failed: %s\n", path,
				n ? strerror(errno) : "file shrank");
			free(buf);
			close(fd);
			return NULL;
		}
		done += (size_t)n;
	}
	close(fd);
	*size = done;
	return buf;
}
