// SPDX-License-Identifier: GPL-2.0
/*
 * memstress - anonymous-memory swap workload with full data verification.
 *
 * N forked processes each mmap a private anonymous region (together SIZE)
 * and repeatedly write and verify every page with a per-pass pattern, so
 * that with SIZE > RAM every page is swapped out and read back in.
 *
 * Page pattern: the first 32 bytes are a header {magic, global page index,
 * pass, seed} (u64 each), the rest is a xorshift64 stream seeded from
 * (index, pass, seed).  Verification compares the whole page; a page that
 * differs is read again to find the first bad word.  If the second read
 * finds none, the page changed between the two reads: that is an error too
 * (a transient mismatch), never a pass.
 *
 * Output (whole lines, written with write(2) so processes don't interleave):
 *   START ...                                       parameters
 *   progress proc=P pass=K pages=DONE/TOTAL         every ~2 s per process
 *   PASS proc=P pass=K secs=S majflt=F pswpin=I pswpout=O
 *                          one per finished pass: its wall time, this
 *                          process's major faults, and the system's swap
 *                          ins and outs (pages) over it (-n 1: all its own)
 *   CORRUPT proc=P page=I off=O [transient]       -C (and -T) test hooks
 *   MISMATCH proc=P page=I pass=K off=O want=.. got=..  (max 10 per process)
 *   MISMATCH proc=P page=I pass=K off=-1 transient  differed, then read intact
 *   CHILD pid=X died signal=S / CHILD pid=X exit=E
 *   RESULT procs=.. size_mib=.. ... verify_errors=N   (MISMATCHes, all kinds)
 * Exit status 0 iff no verify error and every child exited 0.
 * SIGUSR1 (to the parent) ends the run early: each process finishes the
 * pass it is in (the last read-back pass in rw mode) and reports as usual.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAGIC		0x4d454d5354524553ULL	/* "MEMSTRES" */
#define HDR_WORDS	4
#define BATCH		256	/* pages between clock checks */
#define PROGRESS_NS	2000000000LL
#define MAX_DETAIL	10
#define CORRUPT_XOR	0x5a	/* -C flips these bits of one byte */

enum { ORDER_LINEAR, ORDER_RANDOM };
enum { MODE_RW, MODE_RO };

struct child_report {
	int32_t proc;
	int32_t pad;
	uint64_t bytes_written;
	uint64_t bytes_verified;
	uint64_t pages_verified;
	uint64_t mismatches;
	int64_t write_ns;
	int64_t verify_ns;
	int64_t total_ns;
};

static int nproc = 1;
static int passes = 3;
static uint64_t seed;
static int order = ORDER_LINEAR;
static int mode = MODE_RW;
static long long corrupt_page = -1;
static int corrupt_transient;
static size_t page_size;
static size_t page_words;
static volatile sig_atomic_t last_pass;
static pid_t *children;
static int nchildren;

/* SIGUSR1: finish the current pass, then report (forwarded to children). */
static void on_usr1(int sig)
{
	int i;

	(void)sig;
	last_pass = 1;
	for (i = 0; i < nchildren; i++)
		kill(children[i], SIGUSR1);
}

static void out(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Format one line and emit it with a single write(2). */
static void out(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int len;
	ssize_t r;
	char *p;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(buf))
		len = sizeof(buf) - 1;
	p = buf;
	while (len > 0) {
		r = write(STDOUT_FILENO, p, len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += r;
		len -= r;
	}
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One counter of /proc/vmstat (0 if it cannot be read). */
static unsigned long long vmstat(const char *name)
{
	static char buf[16384];
	size_t n = strlen(name);
	ssize_t len;
	char *p;
	int fd;

	fd = open("/proc/vmstat", O_RDONLY);
	if (fd < 0)
		return 0;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = 0;
	for (p = buf; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, name, n) && p[n] == ' ')
			return strtoull(p + n + 1, NULL, 10);
	}
	return 0;
}

static long majflt(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? 0 : ru.ru_majflt;
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t page_state(uint64_t idx, uint64_t pass)
{
	uint64_t s = splitmix64(seed ^ splitmix64(idx ^ splitmix64(pass)));

	return s ? s : 0x2545f4914f6cdd1dULL;
}

static inline uint64_t xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void fill_page(uint64_t *p, uint64_t idx, uint64_t pass)
{
	uint64_t s = page_state(idx, pass);
	size_t i;

	p[0] = MAGIC;
	p[1] = idx;
	p[2] = pass;
	p[3] = seed;
	for (i = HDR_WORDS; i < page_words; i++)
		p[i] = xorshift64(&s);
}

/* Fast path: does the page differ anywhere from the expected pattern? */
static int page_differs(const uint64_t *p, uint64_t idx, uint64_t pass)
{
	uint64_t s = page_state(idx, pass);
	uint64_t hdr[HDR_WORDS] = { MAGIC, idx, pass, seed };
	uint64_t diff = 0;
	size_t i;

	for (i = 0; i < HDR_WORDS; i++)
		diff |= p[i] ^ hdr[i];
	for (i = HDR_WORDS; i < page_words; i++)
		diff |= p[i] ^ xorshift64(&s);
	return diff != 0;
}

/*
 * Slow path: read the page again and locate the first bad word.  Returns
 * its index (with the expected and the read value), or -1 if this read
 * finds the page intact.  Volatile: every word is really read again.
 */
static long first_bad_word(const volatile uint64_t *p, uint64_t idx,
			   uint64_t pass, uint64_t *want, uint64_t *got)
{
	uint64_t s = page_state(idx, pass);
	uint64_t hdr[HDR_WORDS] = { MAGIC, idx, pass, seed };
	size_t i;

	for (i = 0; i < page_words; i++) {
		uint64_t w = i < HDR_WORDS ? hdr[i] : xorshift64(&s);
		uint64_t v = p[i];

		if (v != w) {
			*want = w;
			*got = v;
			return i;
		}
	}
	return -1;
}

/* Fisher-Yates shuffle of 0..n-1 from a per-pass seed. */
static void make_order(uint32_t *ord, uint64_t n, int proc, int pass)
{
	uint64_t s, i, j;
	uint32_t t;

	for (i = 0; i < n; i++)
		ord[i] = i;
	if (order != ORDER_RANDOM)
		return;
	s = splitmix64(seed ^ splitmix64(((uint64_t)proc << 32) | pass)) | 1;
	for (i = n - 1; i > 0; i--) {
		/* multiply-shift range reduction, no division */
		j = (uint64_t)(((unsigned __int128)xorshift64(&s) * (i + 1)) >> 64);
		t = ord[i];
		ord[i] = ord[j];
		ord[j] = t;
	}
}

struct worker {
	int proc;
	uint64_t first;		/* global index of first page */
	uint64_t npages;
	char *mem;
	uint32_t *ord;
	int64_t last_progress;
	uint64_t detail;
	char *undo;		/* -T: byte to flip back between the reads */
	struct child_report rep;
};

static void verify_one(struct worker *w, uint64_t local, int pass,
		       uint64_t pattern)
{
	char *page = w->mem + local * page_size;
	const uint64_t *p = (const uint64_t *)page;
	uint64_t idx = w->first + local;
	uint64_t want = 0, got = 0;
	long bad;

	w->rep.pages_verified++;
	w->rep.bytes_verified += page_size;
	if (!page_differs(p, idx, pattern))
		return;
	/* -T: undo the -C corruption between the two reads, once */
	if (w->undo && w->undo >= page && w->undo < page + page_size) {
		*w->undo ^= CORRUPT_XOR;
		w->undo = NULL;
	}
	bad = first_bad_word(p, idx, pattern, &want, &got);
	w->rep.mismatches++;
	if (w->detail++ >= MAX_DETAIL)
		return;
	if (bad < 0)
		out("MISMATCH proc=%d page=%llu pass=%d off=-1 transient\n",
		    w->proc, (unsigned long long)idx, pass);
	else
		out("MISMATCH proc=%d page=%llu pass=%d off=%lu want=0x%016llx got=0x%016llx\n",
		    w->proc, (unsigned long long)idx, pass,
		    (unsigned long)bad * 8, (unsigned long long)want,
		    (unsigned long long)got);
}

/*
 * One pass over all pages in the pass's visit order.
 * verify_pat < 0: no verification; write_pat < 0: no write.
 * Pages are handled in batches of BATCH: verify the batch (timed as
 * verify), then rewrite it (timed as write), then check the progress clock.
 */
static void run_pass(struct worker *w, int pass, long long verify_pat,
		     long long write_pat)
{
	unsigned long long in0 = vmstat("pswpin"), out0 = vmstat("pswpout");
	int64_t t0, t1, t2, start = now_ns();
	uint64_t done, end, k;
	long flt0 = majflt();

	make_order(w->ord, w->npages, w->proc, pass);
	for (done = 0; done < w->npages; done = end) {
		end = done + BATCH;
		if (end > w->npages)
			end = w->npages;
		t0 = now_ns();
		if (verify_pat >= 0)
			for (k = done; k < end; k++)
				verify_one(w, w->ord[k], pass, verify_pat);
		t1 = now_ns();
		if (write_pat >= 0) {
			for (k = done; k < end; k++) {
				uint64_t l = w->ord[k];

				fill_page((uint64_t *)(w->mem + l * page_size),
					  w->first + l, write_pat);
			}
			w->rep.bytes_written += (end - done) * page_size;
		}
		t2 = now_ns();
		w->rep.verify_ns += t1 - t0;
		w->rep.write_ns += t2 - t1;
		if (t2 - w->last_progress >= PROGRESS_NS) {
			w->last_progress = t2;
			out("progress proc=%d pass=%d pages=%llu/%llu\n",
			    w->proc, pass, (unsigned long long)end,
			    (unsigned long long)w->npages);
		}
	}
	out("PASS proc=%d pass=%d secs=%.3f majflt=%ld pswpin=%llu pswpout=%llu\n",
	    w->proc, pass, (now_ns() - start) / 1e9, majflt() - flt0,
	    vmstat("pswpin") - in0, vmstat("pswpout") - out0);
}

static int child_main(int proc, uint64_t first, uint64_t npages, int wfd)
{
	struct worker w;
	int64_t start;
	int k;

	memset(&w, 0, sizeof(w));
	w.proc = proc;
	w.first = first;
	w.npages = npages;
	w.rep.proc = proc;
	start = now_ns();
	w.last_progress = start;

	if (npages) {
		w.mem = mmap(NULL, npages * page_size, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			     -1, 0);
		if (w.mem == MAP_FAILED) {
			out("ERROR proc=%d mmap %llu pages: %s\n", proc,
			    (unsigned long long)npages, strerror(errno));
			return 2;
		}
		w.ord = malloc(npages * sizeof(*w.ord));
		if (!w.ord) {
			out("ERROR proc=%d malloc order array\n", proc);
			return 2;
		}
	}
	out("progress proc=%d pass=0 pages=0/%llu\n", proc,
	    (unsigned long long)npages);

	/* pass 0: initial write */
	run_pass(&w, 0, -1, 0);

	if (corrupt_page >= 0 && (uint64_t)corrupt_page >= first &&
	    (uint64_t)corrupt_page < first + npages) {
		char *c = w.mem +
			((uint64_t)corrupt_page - first) * page_size +
			page_size / 2;

		*c ^= CORRUPT_XOR;
		if (corrupt_transient)
			w.undo = c;
		out("CORRUPT proc=%d page=%lld off=%zu%s\n", proc,
		    corrupt_page, page_size / 2,
		    corrupt_transient ? " transient" : "");
	}

	if (mode == MODE_RW) {
		for (k = 1; k < passes && !last_pass; k++)
			run_pass(&w, k, k - 1, k);
		/* final read-back pass */
		run_pass(&w, k, k - 1, -1);
	} else {
		for (k = 1; k <= passes && !last_pass; k++)
			run_pass(&w, k, 0, -1);
	}

	w.rep.total_ns = now_ns() - start;
	out("progress proc=%d pass=%d pages=%llu/%llu\n", proc, passes,
	    (unsigned long long)npages, (unsigned long long)npages);
	if (write(wfd, &w.rep, sizeof(w.rep)) != sizeof(w.rep))
		return 2;
	return w.rep.mismatches ? 1 : 0;
}

static unsigned long long mem_total_kib(void)
{
	unsigned long long kib = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s (-s MIB | -x FACTOR | -g) [-n NPROC] [-p PASSES] [-S SEED]\n"
		"          [-o linear|random] [-m rw|ro]\n"
		"  -s MIB     total size in MiB (split across processes)\n"
		"  -x FACTOR  total size as a multiple of MemTotal\n"
		"  -n NPROC   processes (default 1)\n"
		"  -p PASSES  passes (default 3)\n"
		"  -S SEED    pattern seed (default: time-based, printed)\n"
		"  -o ORDER   page visit order within a pass (default linear)\n"
		"  -m MODE    rw: rewrite every pass; ro: write once, verify\n"
		"  -g         Gorman preset: 8 x CPUs procs, 4 x MemTotal, linear\n",
		prog);
	exit(2);
}

static long long parse_ll(const char *s, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s || *end || v < 0) {
		fprintf(stderr, "memstress: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long long memtotal, size_mib = 0, total_pages, base, rem;
	double factor = 0, elapsed, wr_s, rd_s;
	int have_size = 0, have_n = 0, have_o = 0, preset = 0;
	int have_seed = 0, failed = 0, nrep = 0, opt, i, pfd[2];
	uint64_t bytes_w = 0, bytes_v = 0, pages_v = 0, errors = 0;
	int64_t sum_w_ns = 0, sum_v_ns = 0, t_start;
	struct child_report rep;
	sigset_t usr1;
	pid_t *pids;
	char *end;
	ssize_t r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	page_words = page_size / 8;

	while ((opt = getopt(argc, argv, "s:x:n:p:S:o:m:gC:Th")) != -1) {
		switch (opt) {
		case 's':
			size_mib = parse_ll(optarg, "size");
			factor = 0;
			have_size = 1;
			break;
		case 'x':
			factor = strtod(optarg, &end);
			if (end == optarg || *end || factor <= 0) {
				fprintf(stderr, "memstress: bad factor '%s'\n",
					optarg);
				return 2;
			}
			have_size = 1;
			break;
		case 'n':
			nproc = parse_ll(optarg, "nproc");
			have_n = 1;
			break;
		case 'p':
			passes = parse_ll(optarg, "passes");
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			have_seed = 1;
			break;
		case 'o':
			if (!strcmp(optarg, "linear"))
				order = ORDER_LINEAR;
			else if (!strcmp(optarg, "random"))
				order = ORDER_RANDOM;
			else
				usage(argv[0]);
			have_o = 1;
			break;
		case 'm':
			if (!strcmp(optarg, "rw"))
				mode = MODE_RW;
			else if (!strcmp(optarg, "ro"))
				mode = MODE_RO;
			else
				usage(argv[0]);
			break;
		case 'g':
			preset = 1;
			break;
		case 'C':	/* hidden: corrupt page N after pass 0 */
			corrupt_page = parse_ll(optarg, "page");
			break;
		case 'T':	/* hidden: -C's page reads bad once, then intact */
			corrupt_transient = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc)
		usage(argv[0]);
	if (corrupt_transient && corrupt_page < 0) {
		fprintf(stderr, "memstress: -T needs -C PAGE\n");
		return 2;
	}

	memtotal = mem_total_kib();
	/* -g sets defaults; explicit -n/-s/-x/-o still win */
	if (preset) {
		if (!have_n) {
			long cpus = sysconf(_SC_NPROCESSORS_ONLN);

			nproc = 8 * (cpus > 0 ? cpus : 1);
		}
		if (!have_size)
			factor = 4.0;
		if (!have_o)
			order = ORDER_LINEAR;
		have_size = 1;
	}
	if (!have_size)
		usage(argv[0]);
	if (factor > 0) {
		if (!memtotal) {
			fprintf(stderr, "memstress: cannot read MemTotal\n");
			return 2;
		}
		size_mib = (unsigned long long)(memtotal * factor / 1024.0);
	}
	if (nproc < 1 || passes < 1 || size_mib < 1) {
		fprintf(stderr, "memstress: nproc, passes and size must be > 0\n");
		return 2;
	}
	if (!have_seed)
		seed = splitmix64((uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));

	total_pages = size_mib * (1024 * 1024 / page_size);
	if (corrupt_page >= 0 && (unsigned long long)corrupt_page >= total_pages) {
		fprintf(stderr, "memstress: -C page %lld out of range (%llu pages)\n",
			corrupt_page, total_pages);
		return 2;
	}
	base = total_pages / nproc;
	rem = total_pages % nproc;
	if (base + (rem ? 1 : 0) > UINT32_MAX) {
		fprintf(stderr, "memstress: too many pages per process\n");
		return 2;
	}

	out("START procs=%d size_mib=%llu pages=%llu passes=%d order=%s mode=%s seed=0x%llx page_size=%zu memtotal_kib=%llu corrupt=%lld\n",
	    nproc, size_mib, total_pages, passes,
	    order == ORDER_RANDOM ? "random" : "linear",
	    mode == MODE_RO ? "ro" : "rw", (unsigned long long)seed,
	    page_size, memtotal, corrupt_page);

	if (pipe(pfd)) {
		perror("pipe");
		return 2;
	}
	pids = calloc(nproc, sizeof(*pids));
	if (!pids) {
		perror("calloc");
		return 2;
	}
	fflush(stdout);
	/* SIGUSR1 held until every child is in children[] */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	signal(SIGUSR1, on_usr1);
	children = pids;
	t_start = now_ns();
	for (i = 0; i < nproc; i++) {
		uint64_t first = i * base + ((unsigned long long)i < rem ?
					     (unsigned long long)i : rem);
		uint64_t n = base + ((unsigned long long)i < rem ? 1 : 0);

		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			failed = 1;
			nproc = i;
			break;
		}
		if (pids[i] == 0) {
			nchildren = 0;
			sigprocmask(SIG_UNBLOCK, &usr1, NULL);
			close(pfd[0]);
			_exit(child_main(i, first, n, pfd[1]));
		}
		nchildren = i + 1;
	}
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	close(pfd[1]);

	/* reports are < PIPE_BUF, so each write(2) arrives whole */
	for (;;) {
		r = read(pfd[0], &rep, sizeof(rep));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (r != sizeof(rep)) {
			out("ERROR short report from child\n");
			failed = 1;
			break;
		}
		nrep++;
		bytes_w += rep.bytes_written;
		bytes_v += rep.bytes_verified;
		pages_v += rep.pages_verified;
		errors += rep.mismatches;
		sum_w_ns += rep.write_ns;
		sum_v_ns += rep.verify_ns;
	}

	for (i = 0; i < nproc; i++) {
		int st;

		while (waitpid(pids[i], &st, 0) < 0) {
			if (errno != EINTR) {
				st = -1;
				break;
			}
		}
		if (st == -1) {
			failed = 1;
		} else if (WIFSIGNALED(st)) {
			out("CHILD pid=%d died signal=%d\n", (int)pids[i],
			    WTERMSIG(st));
			failed = 1;
		} else if (WEXITSTATUS(st) != 0) {
			out("CHILD pid=%d exit=%d\n", (int)pids[i],
			    WEXITSTATUS(st));
			failed = 1;
		}
	}
	elapsed = (now_ns() - t_start) / 1e9;

	/*
	 * Throughput aggregation: every child measures CLOCK_MONOTONIC wall
	 * time spent in its write phases and in its verify phases (a verify
	 * phase includes the swap-in faults it takes; a write phase includes
	 * first-touch/COW faults and direct reclaim).  The children run
	 * concurrently, so the aggregate rate is total bytes over the *mean*
	 * per-child phase time: rate = sum(bytes) / (sum(phase_ns) / nrep).
	 * With N identical children that equals N * per-child rate; it does
	 * not reward a child for being descheduled.
	 */
	wr_s = nrep ? sum_w_ns / 1e9 / nrep : 0;
	rd_s = nrep ? sum_v_ns / 1e9 / nrep : 0;
	out("RESULT procs=%d size_mib=%llu passes=%d order=%s mode=%s elapsed_s=%.2f write_mib_s=%.2f read_mib_s=%.2f pages_verified=%llu verify_errors=%llu\n",
	    nproc, size_mib, passes,
	    order == ORDER_RANDOM ? "random" : "linear",
	    mode == MODE_RO ? "ro" : "rw", elapsed,
	    wr_s > 0 ? bytes_w / 1048576.0 / wr_s : 0.0,
	    rd_s > 0 ? bytes_v / 1048576.0 / rd_s : 0.0,
	    (unsigned long long)pages_v, (unsigned long long)errors);

	if (nrep != nproc)
		failed = 1;
	return (failed || errors) ? 1 : 0;
}
