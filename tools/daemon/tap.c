/* Tap network interfaces in the root: a switch port that reads and writes Ethernet frames. */
#include "tap.h"
#include "dlog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static void deliver(struct nswitch_port *p, const uint8_t *frame, size_t len)
{
	struct dtap *t = (struct dtap *)p;
	ssize_t n;

	do
		n = write(t->fd, frame, len);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)len)
		t->tx++;
	else
		t->dropped++; /* full queue (EAGAIN) or interface down */
}

/* Sets IFF_UP; a failure is only reported: the user may do it. */
static void bring_up(const char *name)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr))
			dlog("tap %s: cannot bring it up: %s (ip link set %s up)",
			     name, strerror(errno), name);
	}
	close(s);
}

int tap_open(struct dtap *t, const char *name)
{
	struct ifreq ifr;

	memset(t, 0, sizeof(*t));
	t->port.deliver = deliver;
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		dlog("tap %s: cannot open /dev/net/tun: %s%s", name,
		     strerror(errno),
		     errno == ENOENT ? " (load the tun module)" : "");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(t->fd, TUNSETIFF, &ifr)) {
		dlog("tap %s: TUNSETIFF: %s%s", name, strerror(errno),
		     errno == EBUSY ? " (another program holds it)" : "");
		close(t->fd);
		t->fd = -1;
		return -1;
	}
	bring_up(name);
	return 0;
}

void tap_read(struct dtap *t, uint8_t *buf, size_t size)
{
	unsigned int i;
	ssize_t n;

	for (i = 0; i < TAP_BATCH; i++) {
		n = read(t->fd, buf, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		t->rx++;
		nswitch_send(&t->port, buf, (size_t)n);
	}
}

void tap_close(struct dtap *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
