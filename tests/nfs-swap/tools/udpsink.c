// SPDX-License-Identifier: GPL-2.0
/*
 * udpsink - a deliberately slow UDP reader.
 *
 *   udpsink -p PORT [-r PKTS_PER_SEC] [-b RCVBUF_BYTES]
 *
 * Binds 0.0.0.0:PORT, sets the receive buffer (SO_RCVBUFFORCE, falling
 * back to SO_RCVBUF) and reads at most R packets per second (default 10,
 * 0 = never read), so that the socket receive queue fills up and pins
 * memory.  Prints "udpsink received=N" every 5 s.  Runs until killed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NSEC		1000000000LL
#define REPORT_NS	(5 * NSEC)

static char buf[65536];

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

static void sleep_until(int64_t t)
{
	struct timespec ts = { .tv_sec = t / NSEC, .tv_nsec = t % NSEC };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: udpsink -p PORT [-r PKTS_PER_SEC] [-b RCVBUF_BYTES]\n");
	exit(2);
}

static long parse_long(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < 0)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	long port = -1, rate = 10, rcvbuf = 0;
	int64_t now, next_read, next_report, interval = 0, wake;
	unsigned long long received = 0;
	struct sockaddr_in sa;
	socklen_t len;
	int fd, opt, val;

	while ((opt = getopt(argc, argv, "p:r:b:")) != -1) {
		switch (opt) {
		case 'p':
			port = parse_long(optarg);
			break;
		case 'r':
			rate = parse_long(optarg);
			break;
		case 'b':
			rcvbuf = parse_long(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || port < 1 || port > 65535 || rcvbuf > INT32_MAX)
		usage();

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	if (rcvbuf) {
		val = rcvbuf;
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &val,
			       sizeof(val)) < 0 &&
		    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val,
			       sizeof(val)) < 0)
			perror("setsockopt SO_RCVBUF");
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	sa.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind");
		return 1;
	}
	val = 0;
	len = sizeof(val);
	getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, &len);
	printf("udpsink port=%ld rate=%ld rcvbuf=%d\n", port, rate, val);
	fflush(stdout);

	if (rate)
		interval = NSEC / rate;
	now = now_ns();
	next_read = now;
	next_report = now + REPORT_NS;
	for (;;) {
		now = now_ns();
		if (now >= next_report) {
			printf("udpsink received=%llu\n", received);
			fflush(stdout);
			next_report += REPORT_NS;
			if (next_report <= now)
				next_report = now + REPORT_NS;
			continue;
		}
		if (!rate || now < next_read) {
			wake = next_report;
			if (rate && next_read < wake)
				wake = next_read;
			sleep_until(wake);
			continue;
		}
		/* allowed to read one packet; wait for it until the report */
		{
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int tmo = (next_report - now) / 1000000 + 1;

			if (poll(&pfd, 1, tmo) <= 0)
				continue;
		}
		if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0)
			continue;
		received++;
		next_read += interval;
		if (next_read < now)	/* no catching up after idle time */
			next_read = now + interval;
	}
	return 0;
}
