/* TCP throughput between two hosts (an iperf of the project's own): a server that takes one connection and counts what it reads, a client that sends a number of MiB. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (128u << 10)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int server(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	static char buf[CHUNK];
	long long total = 0;
	int s, c, one = 1;
	double t0 = 0, t;
	ssize_t n;

	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1)) {
		perror("tcpbench: server");
		return 1;
	}
	printf("TCPBENCH listening %d\n", port);
	fflush(stdout);
	c = accept(s, NULL, NULL);
	if (c < 0) {
		perror("tcpbench: accept");
		return 1;
	}
	while ((n = read(c, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("tcpbench: read");
			return 1;
		}
		if (!total)
			t0 = now();
		total += n;
	}
	t = now() - t0;
	printf("TCPBENCH received %lld bytes in %.3f s: %.2f MB/s\n", total, t,
	       t > 0 ? (double)total / t / 1e6 : 0.0);
	close(c);
	close(s);
	return 0;
}

static int client(const char *host, int port, long long mib)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	static char buf[CHUNK];
	long long left = mib << 20;
	double t0, t;
	ssize_t n;
	int s, i;

	if (inet_pton(AF_INET, host, &a.sin_addr) != 1)
		return 2;
	memset(buf, 0x5a, sizeof(buf));
	s = socket(AF_INET, SOCK_STREAM, 0);
	/* the server may start a moment later */
	for (i = 0; i < 300; i++) {
		if (!connect(s, (struct sockaddr *)&a, sizeof(a)))
			break;
		close(s);
		s = socket(AF_INET, SOCK_STREAM, 0);
		usleep(200000);
	}
	if (i == 300) {
		perror("tcpbench: connect");
		return 1;
	}
	t0 = now();
	while (left > 0) {
		n = write(s, buf, left < CHUNK ? (size_t)left : CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("tcpbench: write");
			return 1;
		}
		left -= n;
	}
	shutdown(s, SHUT_WR);
	/* the server closes when it has read everything */
	while (read(s, buf, sizeof(buf)) > 0)
		;
	t = now() - t0;
	printf("TCPBENCH sent %lld bytes in %.3f s: %.2f MB/s\n", mib << 20, t,
	       (double)(mib << 20) / t / 1e6);
	close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "server"))
		return server(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "client"))
		return client(argv[2], atoi(argv[3]), atoll(argv[4]));
	fprintf(stderr,
		"usage: tcpbench server PORT | tcpbench client ADDR PORT MIB\n");
	return 2;
}
