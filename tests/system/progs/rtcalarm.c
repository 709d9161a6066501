/* rtcalarm [DEV] [SECONDS]: arms the RTC's alarm SECONDS (default 2) ahead and waits for its interrupt (at most 10 s more); exit 0 when it came. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <linux/rtc.h>

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/rtc0";
	int secs = argc > 2 ? atoi(argv[2]) : 2, fd;
	struct rtc_wkalrm alarm = { 0 };
	struct timeval tv = { .tv_sec = secs + 10 };
	struct rtc_time now;
	unsigned long data;
	time_t t;
	fd_set set;
	struct tm tm;

	fd = open(dev, O_RDONLY);
	if (fd < 0 || ioctl(fd, RTC_RD_TIME, &now) < 0) {
		fprintf(stderr, "rtcalarm: %s: %s\n", dev, strerror(errno));
		return 2;
	}
	memset(&tm, 0, sizeof(tm));
	memcpy(&tm, &now,
	       sizeof(now)); /* struct rtc_time is struct tm's head */
	t = timegm(&tm) + secs;
	gmtime_r(&t, &tm);
	memcpy(&alarm.time, &tm, sizeof(alarm.time));
	alarm.enabled = 1;
	if (ioctl(fd, RTC_WKALM_SET, &alarm) < 0) {
		fprintf(stderr, "rtcalarm: RTC_WKALM_SET: %s\n",
			strerror(errno));
		return 2;
	}
	FD_ZERO(&set);
	FD_SET(fd, &set);
	if (select(fd + 1, &set, NULL, NULL, &tv) <= 0 ||
	    read(fd, &data, sizeof(data)) != sizeof(data)) {
		fprintf(stderr, "rtcalarm: no alarm within %d s\n", secs + 10);
		return 1;
	}
	printf("rtcalarm: alarm after %d s (data 0x%lx)\n", secs, data);
	ioctl(fd, RTC_AIE_OFF, 0);
	return 0;
}
