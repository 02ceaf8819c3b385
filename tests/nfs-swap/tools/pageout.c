// SPDX-License-Identifier: GPL-2.0
/*
 * pageout - swap out a buffer without memory pressure, then verify it.
 *
 *   pageout -s MIB -w FILE
 *
 * Fills MIB of private anonymous memory with a pattern of its own on every
 * page (the page's index and a seed), asks the kernel to swap it out with
 * madvise(MADV_PAGEOUT), and counts the pages /proc/self/pagemap then shows
 * as swapped out. The swap I/O goes wherever swap is; the call may block
 * in it, so run this in the background. Prints
 *
 *   PAGEDOUT pages=N swapped=S      once madvise() has returned
 *
 * then waits until FILE exists, reads every page back, and prints
 *
 *   RESULT pages=N swapped=S pages_verified=V verify_errors=E
 *
 * with a MISMATCH line for each of the first 10 bad pages. Exits 0 only if
 * every page was swapped out and verified intact.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define PM_SWAP (1ULL << 62)

static long page;

static uint64_t word(size_t i, size_t w, uint64_t seed)
{
	return (seed ^ (i * 0x9e3779b97f4a7c15ULL)) + w;
}

static void fill(char *buf, size_t n, uint64_t seed)
{
	size_t i, w, per = page / sizeof(uint64_t);

	for (i = 0; i < n; i++) {
		uint64_t *p = (uint64_t *)(buf + i * page);

		for (w = 0; w < per; w++)
			p[w] = word(i, w, seed);
	}
}

/* pages of [buf, buf + n pages) that pagemap shows as swapped out */
static long swapped(char *buf, size_t n)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	size_t i;
	long s = 0;

	if (fd < 0) {
		perror("pageout: /proc/self/pagemap");
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint64_t e;
		off_t off = ((uintptr_t)buf / page + i) * sizeof(e);

		if (pread(fd, &e, sizeof(e), off) != sizeof(e)) {
			perror("pageout: pagemap read");
			close(fd);
			return -1;
		}
		s += !!(e & PM_SWAP);
	}
	close(fd);
	return s;
}

int main(int argc, char **argv)
{
	const char *wait_file = NULL;
	size_t n, i, w, per, bad = 0;
	uint64_t seed = (uint64_t)getpid() << 32 | 0x5a5a;
	long mib = 0, s;
	struct stat st;
	char *buf;
	int c;

	while ((c = getopt(argc, argv, "s:w:")) != -1) {
		switch (c) {
		case 's':
			mib = atol(optarg);
			break;
		case 'w':
			wait_file = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (mib <= 0 || !wait_file)
		goto usage;
	page = sysconf(_SC_PAGESIZE);
	per = page / sizeof(uint64_t);
	n = (size_t)mib * 1024 * 1024 / page;
	buf = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		perror("pageout: mmap");
		return 1;
	}
	fill(buf, n, seed);
	if (madvise(buf, n * page, MADV_PAGEOUT)) {
		perror("pageout: madvise(MADV_PAGEOUT)");
		return 1;
	}
	s = swapped(buf, n);
	printf("PAGEDOUT pages=%zu swapped=%ld\n", n, s);
	fflush(stdout);
	while (stat(wait_file, &st))
		usleep(100000);
	for (i = 0; i < n; i++) {
		uint64_t *p = (uint64_t *)(buf + i * page);

		for (w = 0; w < per; w++)
			if (p[w] != word(i, w, seed))
				break;
		if (w < per && bad++ < 10)
			printf("MISMATCH page=%zu off=%zu want=%llx got=%llx\n",
			       i, w * sizeof(uint64_t),
			       (unsigned long long)word(i, w, seed),
			       (unsigned long long)p[w]);
	}
	printf("RESULT pages=%zu swapped=%ld pages_verified=%zu verify_errors=%zu\n",
	       n, s, n - bad, bad);
	return s == (long)n && !bad ? 0 : 1;
usage:
	fprintf(stderr, "usage: %s -s MIB -w FILE\n", argv[0]);
	return 2;
}
