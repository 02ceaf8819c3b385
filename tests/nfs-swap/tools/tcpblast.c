// SPDX-License-Identifier: GPL-2.0
/*
 * tcpblast - raw TCP throughput test.
 *
 *   tcpblast -l [ADDR:]PORT [-t SECS]   accept one connection, read to EOF
 *   tcpblast -c HOST:PORT -t SECS       send 64 KiB buffers for SECS seconds
 *
 * Both sides print "RESULT bytes=N secs=F mib_s=F" from their own view.
 * The receiver's -t is an idle timeout (default: none): no connection
 * within SECS is an error (exit 1), and no data for SECS ends the transfer
 * (RESULT is still printed, timed up to the last data).  The sender retries
 * connect() for up to 20 s.  Addresses must be numeric IPv4.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE	(64 * 1024)
#define CONNECT_RETRY_NS	(20 * 1000000000LL)

static char buf[BUF_SIZE];

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: tcpblast -l [ADDR:]PORT [-t SECS]\n"
		"       tcpblast -c HOST:PORT -t SECS\n");
	exit(2);
}

/* Parse "[A.B.C.D:]PORT" (need_host: address mandatory). */
static int parse_addr(const char *s, struct sockaddr_in *sa, int need_host)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	char *end;
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_ANY);
	if (colon) {
		size_t n = colon - s;

		if (n == 0 || n >= sizeof(host))
			return -1;
		memcpy(host, s, n);
		host[n] = 0;
		if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
			return -1;
		s = colon + 1;
	} else if (need_host) {
		return -1;
	}
	port = strtol(s, &end, 10);
	if (end == s || *end || port < 1 || port > 65535)
		return -1;
	sa->sin_port = htons(port);
	return 0;
}

static void print_result(uint64_t bytes, int64_t ns)
{
	double secs = ns / 1e9;

	printf("RESULT bytes=%llu secs=%.3f mib_s=%.2f\n",
	       (unsigned long long)bytes, secs,
	       secs > 0 ? bytes / 1048576.0 / secs : 0.0);
	fflush(stdout);
}

/*
 * Wait up to @idle_ns (0 = forever) for @fd to become readable.
 * Returns 1 if readable, 0 on timeout, -1 on error.
 */
static int wait_readable(int fd, int64_t idle_ns)
{
	int64_t deadline = now_ns() + idle_ns;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int r, tmo;

	for (;;) {
		tmo = -1;
		if (idle_ns) {
			int64_t left = deadline - now_ns();

			if (left <= 0)
				return 0;
			tmo = left / 1000000 + 1;
		}
		r = poll(&pfd, 1, tmo);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR) {
			perror("poll");
			return -1;
		}
	}
}

static int do_listen(const struct sockaddr_in *sa, double secs)
{
	int64_t idle_ns = (int64_t)(secs * 1e9);
	int64_t start, last;
	uint64_t bytes = 0;
	int one = 1, ls, fd, r;
	ssize_t n;

	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (const struct sockaddr *)sa, sizeof(*sa)) < 0) {
		perror("bind");
		return 1;
	}
	if (listen(ls, 1) < 0) {
		perror("listen");
		return 1;
	}
	printf("tcpblast listening port=%d\n", ntohs(sa->sin_port));
	fflush(stdout);

	r = wait_readable(ls, idle_ns);
	if (r <= 0) {
		if (!r)
			fprintf(stderr, "tcpblast: no connection within %.1f s\n",
				secs);
		return 1;
	}
	fd = accept(ls, NULL, NULL);
	if (fd < 0) {
		perror("accept");
		return 1;
	}
	close(ls);

	start = last = now_ns();
	for (;;) {
		if (idle_ns) {
			r = wait_readable(fd, idle_ns);
			if (r <= 0) {
				if (!r)
					fprintf(stderr, "tcpblast: idle for %.1f s, stopping\n",
						secs);
				break;
			}
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("read");
			break;
		}
		last = now_ns();
		if (n == 0)
			break;
		bytes += n;
	}
	print_result(bytes, last - start);
	close(fd);
	return 0;
}

static int do_send(const struct sockaddr_in *sa, double secs)
{
	int64_t give_up = now_ns() + CONNECT_RETRY_NS;
	struct timeval tv = { .tv_sec = 1 };
	int64_t start, end, t;
	uint64_t bytes = 0;
	ssize_t n;
	int fd;

	for (;;) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0) {
			perror("socket");
			return 1;
		}
		if (!connect(fd, (const struct sockaddr *)sa, sizeof(*sa)))
			break;
		if (now_ns() >= give_up) {
			perror("connect");
			return 1;
		}
		close(fd);
		usleep(200000);
	}
	/* wake up at least once a second to check the clock */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	memset(buf, 0xa5, sizeof(buf));

	start = now_ns();
	end = start + (int64_t)(secs * 1e9);
	for (t = start; t < end; t = now_ns()) {
		n = send(fd, buf, sizeof(buf), MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK)
				continue;
			perror("send");
			break;
		}
		bytes += n;
	}
	t = now_ns();
	close(fd);
	print_result(bytes, t - start);
	return 0;
}

int main(int argc, char **argv)
{
	const char *listen_arg = NULL, *connect_arg = NULL;
	struct sockaddr_in sa;
	double secs = 0;
	char *end;
	int opt;

	signal(SIGPIPE, SIG_IGN);
	while ((opt = getopt(argc, argv, "l:c:t:")) != -1) {
		switch (opt) {
		case 'l':
			listen_arg = optarg;
			break;
		case 'c':
			connect_arg = optarg;
			break;
		case 't':
			secs = strtod(optarg, &end);
			if (end == optarg || *end || secs < 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !listen_arg == !connect_arg)
		usage();

	if (listen_arg) {
		if (parse_addr(listen_arg, &sa, 0)) {
			fprintf(stderr, "tcpblast: bad address '%s'\n",
				listen_arg);
			return 2;
		}
		return do_listen(&sa, secs);
	}
	if (parse_addr(connect_arg, &sa, 1) || secs <= 0) {
		fprintf(stderr, "tcpblast: need -c A.B.C.D:PORT and -t SECS > 0\n");
		return 2;
	}
	return do_send(&sa, secs);
}
