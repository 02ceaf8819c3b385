// SPDX-License-Identifier: GPL-2.0
/*
 * msgbench - hackbench's process/socket mode, for the rig's overhead runs.
 *
 *   msgbench [-g GROUPS] [-f FDS] [-l LOOPS] [-s SIZE]
 *
 * Each group has FDS senders and FDS receivers (processes); every sender
 * writes LOOPS messages of SIZE bytes to every receiver of its group over
 * an AF_UNIX stream socketpair; each receiver reads FDS * LOOPS messages.
 * Prints "RESULT groups=G fds=F loops=L secs=S msgs_s=M" (wall time from
 * the start signal to the last receiver's exit). Exit 1 on any error.
 * Defaults: 4 groups, 10 fds, 50 loops, 100 bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int groups = 4, fds = 10, loops = 50, size = 100;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "msgbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void xfer(int fd, char *buf, size_t len, int rd)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = rd ? read(fd, buf + done, len - done)
			       : write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die(rd ? "read" : "write");
		done += n;
	}
}

/* Wait until the parent writes a byte to the start pipe. */
static void wait_start(int start)
{
	char c;

	if (read(start, &c, 1) != 1)
		die("start");
}

static pid_t spawn_receiver(int fd, int start)
{
	pid_t pid = fork();
	char *buf;
	int i;

	if (pid)
		return pid;
	buf = malloc(size);
	if (!buf)
		die("malloc");
	wait_start(start);
	for (i = 0; i < fds * loops; i++)
		xfer(fd, buf, size, 1);
	_exit(0);
}

static pid_t spawn_sender(int *out, int start)
{
	pid_t pid = fork();
	char *buf;
	int i, j;

	if (pid)
		return pid;
	buf = calloc(1, size);
	if (!buf)
		die("calloc");
	wait_start(start);
	for (i = 0; i < loops; i++)
		for (j = 0; j < fds; j++)
			xfer(out[j], buf, size, 0);
	_exit(0);
}

int main(int argc, char **argv)
{
	int opt, g, i, start[2], status, nproc = 0, bad = 0;
	pid_t *pids;
	double t0, t;

	while ((opt = getopt(argc, argv, "g:f:l:s:")) != -1) {
		switch (opt) {
		case 'g': groups = atoi(optarg); break;
		case 'f': fds = atoi(optarg); break;
		case 'l': loops = atoi(optarg); break;
		case 's': size = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: msgbench [-g GROUPS] [-f FDS] [-l LOOPS] [-s SIZE]\n");
			return 2;
		}
	}
	if (groups < 1 || fds < 1 || loops < 1 || size < 1) {
		fprintf(stderr, "msgbench: every count must be at least 1\n");
		return 2;
	}
	pids = calloc(2 * groups * fds, sizeof(*pids));
	if (!pids || pipe(start))
		die("setup");
	for (g = 0; g < groups; g++) {
		int out[fds];

		for (i = 0; i < fds; i++) {
			int sv[2];

			if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
				die("socketpair");
			pids[nproc++] = spawn_receiver(sv[1], start[0]);
			close(sv[1]);
			out[i] = sv[0];
		}
		for (i = 0; i < fds; i++)
			pids[nproc++] = spawn_sender(out, start[0]);
		for (i = 0; i < fds; i++)
			close(out[i]);
	}
	close(start[0]);
	t0 = now();
	for (i = 0; i < nproc; i++)
		if (write(start[1], "x", 1) != 1)
			die("start");
	for (i = 0; i < nproc; i++) {
		if (waitpid(pids[i], &status, 0) < 0)
			die("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	}
	t = now() - t0;
	printf("RESULT groups=%d fds=%d loops=%d secs=%.3f msgs_s=%.0f\n", groups,
	       fds, loops, t, (double)groups * fds * fds * loops / t);
	return bad;
}
