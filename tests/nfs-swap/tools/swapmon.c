// SPDX-License-Identifier: GPL-2.0
/*
 * swapmon - print the guest's swap and reclaim counters at a fixed interval.
 *
 * One line per sample on stdout:
 *   vmstat t=SECS pswpin=N pswpout=N pgscan_direct_throttle=N allocstall=N
 *          oom_kill=N pgmajfault=N swap_ra=N swap_ra_hit=N
 * (allocstall is the sum of allocstall_<zone>). The host turns the first and
 * last samples into the scenario's figures. Where /proc/reserve_info exists
 * (netswap kernels), each sample is followed by
 *   reserve_usage t=SECS NAME=PAGES ...
 * with every reserve's usage (pages charged now), for the plots, and by
 *   neigh t=SECS entries=N allocs=N res_failed=N unresolved_discards=N
 * from /proc/net/stat/arp_cache (summed over CPUs): entries now and created,
 * failed resolutions and the packets they dropped, and by
 *   frag t=SECS inuse=N memory=BYTES
 * from /proc/net/sockstat: the IPv4 reassembly queues and the memory their
 * fragments take (truesize), a measure of what the "reasm" reserve
 * holds that does not come from the reserve's own books. It locks itself in
 * memory and reuses one buffer, so a sample costs no allocation under pressure; a sample
 * that stops coming is itself a sign that the guest is stuck.
 *
 * usage: swapmon [-i SECS] [-1]    (-1: one sample and exit; default 1 s)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

static char buf[16384];
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned long long field(const char *name, int prefix)
{
	unsigned long long sum = 0;
	size_t n = strlen(name);
	char *p = buf;

	while (p && *p) {
		if (!strncmp(p, name, n) && (prefix || p[n] == ' ')) {
			char *sp = strchr(p, ' ');

			if (sp)
				sum += strtoull(sp + 1, NULL, 10);
			if (!prefix)
				break;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return sum;
}

/* Read @path into @b (NUL-terminated); its length, or -1. */
static ssize_t slurp(const char *path, char *b, size_t size)
{
	ssize_t len;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	len = read(fd, b, size - 1);
	close(fd);
	if (len >= 0)
		b[len] = 0;
	return len;
}

static char rbuf[8192];

/* "reserve_usage t=... name=usage ...": the usage column of reserve_info. */
static void sample_reserves(double t)
{
	char line[2048], name[64];
	unsigned long long own, sub, usage;
	size_t n;
	char *p;

	if (slurp("/proc/reserve_info", rbuf, sizeof(rbuf)) <= 0)
		return;
	n = snprintf(line, sizeof(line), "reserve_usage t=%.1f", t);
	p = strchr(rbuf, '\n');	/* skip the header */
	while (p && *++p) {
		if (sscanf(p, "%63s %llu %llu %llu", name, &own, &sub, &usage) == 4 &&
		    n < sizeof(line) - 80)
			n += snprintf(line + n, sizeof(line) - n, " %s=%llu",
				      name, usage);
		p = strchr(p, '\n');
	}
	line[n++] = '\n';
	if (write(STDOUT_FILENO, line, n) < 0)
		exit(1);
}

static const char *const neigh_fields[] = {
	"entries", "allocs", "res_failed", "unresolved_discards",
};

/* "neigh t=... name=N ...": ARP cache statistics, summed over the CPU rows. */
static void sample_neigh(double t)
{
	unsigned long long sum[4] = { 0 };
	int col[4] = { -1, -1, -1, -1 };
	char line[256], *p, *tok, *save;
	size_t i, n;
	int c;

	if (slurp("/proc/net/stat/arp_cache", rbuf, sizeof(rbuf)) <= 0)
		return;
	p = strchr(rbuf, '\n');
	if (!p)
		return;
	*p++ = 0;
	for (c = 0, tok = strtok_r(rbuf, " ", &save); tok; tok = strtok_r(NULL, " ", &save), c++)
		for (i = 0; i < 4; i++)
			if (!strcmp(tok, neigh_fields[i]))
				col[i] = c;
	for (tok = strtok_r(p, "\n", &save); tok; tok = strtok_r(NULL, "\n", &save)) {
		unsigned long long v[16];
		char *q = tok, *end;

		for (c = 0; c < 16; c++, q = end) {
			v[c] = strtoull(q, &end, 16);
			if (end == q)
				break;
		}
		for (i = 0; i < 4; i++)
			if (col[i] >= 0 && col[i] < c)
				sum[i] = i ? sum[i] + v[col[i]] : v[col[i]];
	}
	n = snprintf(line, sizeof(line), "neigh t=%.1f", t);
	for (i = 0; i < 4; i++)
		n += snprintf(line + n, sizeof(line) - n, " %s=%llu", neigh_fields[i], sum[i]);
	line[n++] = '\n';
	if (write(STDOUT_FILENO, line, n) < 0)
		exit(1);
}

/* "frag t=... inuse=N memory=BYTES": IPv4 reassembly, from sockstat. */
static void sample_frag(double t)
{
	unsigned long long inuse, mem;
	char line[128], *p;
	int n;

	if (slurp("/proc/net/sockstat", rbuf, sizeof(rbuf)) <= 0)
		return;
	p = strstr(rbuf, "FRAG: ");
	if (!p || sscanf(p, "FRAG: inuse %llu memory %llu", &inuse, &mem) != 2)
		return;
	n = snprintf(line, sizeof(line), "frag t=%.1f inuse=%llu memory=%llu\n",
		     t, inuse, mem);
	if (write(STDOUT_FILENO, line, n) < 0)
		exit(1);
}

static void sample(void)
{
	struct timespec ts;
	char line[512];
	int n;

	if (slurp("/proc/vmstat", buf, sizeof(buf)) < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(line, sizeof(line),
		     "vmstat t=%.1f pswpin=%llu pswpout=%llu pgscan_direct_throttle=%llu allocstall=%llu oom_kill=%llu pgmajfault=%llu swap_ra=%llu swap_ra_hit=%llu\n",
		     ts.tv_sec + ts.tv_nsec / 1e9, field("pswpin", 0),
		     field("pswpout", 0), field("pgscan_direct_throttle", 0),
		     field("allocstall_", 1), field("oom_kill", 0),
		     field("pgmajfault", 0), field("swap_ra", 0),
		     field("swap_ra_hit", 0));
	if (write(STDOUT_FILENO, line, n) < 0)
		exit(1);
	sample_reserves(ts.tv_sec + ts.tv_nsec / 1e9);
	sample_neigh(ts.tv_sec + ts.tv_nsec / 1e9);
	sample_frag(ts.tv_sec + ts.tv_nsec / 1e9);
}

int main(int argc, char **argv)
{
	struct timespec iv = { .tv_sec = 1 };
	int c, once = 0;

	while ((c = getopt(argc, argv, "i:1")) != -1) {
		if (c == 'i')
			iv.tv_sec = atoi(optarg);
		else if (c == '1')
			once = 1;
		else
			return 2;
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	mlockall(MCL_CURRENT | MCL_FUTURE);
	sample();
	while (!once && !stop) {
		nanosleep(&iv, NULL);
		sample();
	}
	return 0;
}
