// SPDX-License-Identifier: GPL-2.0
/*
 * flood - the rig's source of unrelated traffic: UDP datagrams to a
 * client VM at a fixed rate, from the host's side of the rig's link.
 *
 *   flood -i SRCIP [-F] -D DSTIP -u UDPPORT -r PPS -l PAYLOAD_BYTES -t SECS
 *   flood -d 127.0.0.1:PORT -m DSTMAC -M SRCMAC -s SRCIP -D DSTIP
 *         -u UDPPORT -r PPS -l PAYLOAD_BYTES -t SECS
 *
 * -i: a host on the client's LAN (the tap link): a UDP socket bound to
 * SRCIP (an address of the rig's bridge, in the rig's network namespace)
 * sends to DSTIP:UDPPORT through the host's own stack, TTL 1. With -F each
 * datagram is instead the first fragment (more-fragments set, offset 0, a
 * new IP id each) of a UDP datagram whose other fragments never come: it
 * waits in the receiver's reassembly queue until that times out (a raw
 * IPv4 socket, IP_HDRINCL, still TTL 1).
 * -d: the dgram link: whole Ethernet + IPv4 + UDP frames (IPv4 header
 * checksum, UDP checksum 0) written as UDP datagrams into the client
 * QEMU's "-netdev dgram" socket (each datagram it receives is one frame).
 *
 * Sends at PPS packets/s (0 = idle) for SECS seconds or until
 * SIGTERM/SIGINT.  Prints "flood sent=N pps=F" every second and a final
 * "RESULT sent=N secs=F pps=F mib_s=F" (sent counts datagrams the kernel
 * took, mib_s counts whole Ethernet frames; failed sends are counted on
 * stderr).
 *
 * Safety: every IPv4 address in play must be in 198.18.0.0/15 (RFC 2544
 * benchmarking range), and a -d destination in 127.0.0.0/8; anything else
 * is refused before a socket is opened.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NSEC		1000000000LL
#define ETH_HLEN	14
#define IP_HLEN		20
#define UDP_HLEN	8
#define MAX_PAYLOAD	1472	/* 1500-byte MTU */
#define SRC_UDP_PORT	40000

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

/* Returns non-zero if interrupted by a signal. */
static int sleep_until(int64_t t)
{
	struct timespec ts = { .tv_sec = t / NSEC, .tv_nsec = t % NSEC };

	return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "flood: %s%s%s\n", msg, arg ? ": " : "",
		arg ? arg : "");
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: flood -i SRCIP [-F] -D DSTIP -u UDPPORT -r PPS -l PAYLOAD_BYTES -t SECS\n"
		"       flood -d 127.0.0.1:PORT -m DSTMAC -M SRCMAC -s SRCIP -D DSTIP\n"
		"             -u UDPPORT -r PPS -l PAYLOAD_BYTES -t SECS\n"
		"  every IPv4 address must be in 198.18.0.0/15; -d in 127.0.0.0/8\n");
	exit(2);
}

static void parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	char c;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &c) != 6)
		die("bad MAC address", s);
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			die("bad MAC address", s);
		mac[i] = b[i];
	}
}

/* Parse an IPv4 address that must lie in 198.18.0.0/15. */
static uint32_t parse_bench_ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		die("bad IPv4 address", s);
	if ((ntohl(a.s_addr) & 0xfffe0000U) != 0xc6120000U)
		die("refusing frame address outside 198.18.0.0/15", s);
	return a.s_addr;
}

/* Parse "A.B.C.D:PORT"; the address must lie in 127.0.0.0/8. */
static void parse_dest(const char *s, struct sockaddr_in *sa)
{
	const char *colon = strrchr(s, ':');
	char host[64], *end;
	size_t n;
	long port;

	if (!colon)
		die("destination must be 127.x.x.x:PORT", s);
	n = colon - s;
	if (n == 0 || n >= sizeof(host))
		die("bad destination", s);
	memcpy(host, s, n);
	host[n] = 0;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		die("destination must be a numeric IPv4 address", s);
	if ((ntohl(sa->sin_addr.s_addr) >> 24) != 127)
		die("refusing destination outside 127.0.0.0/8", s);
	port = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end || port < 1 || port > 65535)
		die("bad destination port", s);
	sa->sin_port = htons(port);
}

static double parse_num(const char *s, double max)
{
	char *end;
	double v;

	v = strtod(s, &end);
	if (end == s || *end || !(v >= 0) || v > max)
		die("bad number", s);
	return v;
}

static uint16_t ip_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* What one send puts on the wire, either way. */
struct flood {
	int fd;
	int raw;		/* 1: -d, whole frames; 2: -F, IPv4 packets */
	uint8_t frame[ETH_HLEN + IP_HLEN + UDP_HLEN + MAX_PAYLOAD];
	uint8_t *ip, *data;	/* in frame */
	size_t len;		/* bytes per send() */
	size_t payload;
	uint16_t ip_id;
};

/* -d: an Ethernet + IPv4 + UDP frame, sent whole to QEMU's socket. */
static void flood_raw_init(struct flood *f, const char *dest, const char *dmac,
			   const char *smac, uint32_t sip, uint32_t dip,
			   uint16_t udp_port)
{
	struct sockaddr_in sa;
	uint8_t *udp;

	parse_dest(dest, &sa);
	parse_mac(dmac, f->frame);
	parse_mac(smac, f->frame + 6);
	put16(f->frame + 12, 0x0800);
	f->ip = f->frame + ETH_HLEN;
	f->ip[0] = 0x45;
	put16(f->ip + 2, IP_HLEN + UDP_HLEN + f->payload);
	f->ip[8] = 64;		/* TTL */
	f->ip[9] = IPPROTO_UDP;
	memcpy(f->ip + 12, &sip, 4);
	memcpy(f->ip + 16, &dip, 4);
	udp = f->ip + IP_HLEN;	/* UDP checksum 0 = none */
	put16(udp, SRC_UDP_PORT);
	put16(udp + 2, udp_port);
	put16(udp + 4, UDP_HLEN + f->payload);
	f->data = udp + UDP_HLEN;
	f->len = ETH_HLEN + IP_HLEN + UDP_HLEN + f->payload;
	f->raw = 1;
	f->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (f->fd < 0 || connect(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("flood: socket");
		exit(1);
	}
}

/*
 * -i -F: first fragments, built whole (IPv4 + UDP headers), sent through a
 * raw socket of a host on the client's LAN.
 */
static void flood_frag_init(struct flood *f, uint32_t sip, uint32_t dip,
			    uint16_t udp_port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	uint8_t *udp;

	f->ip = f->frame;
	f->ip[0] = 0x45;
	put16(f->ip + 2, IP_HLEN + UDP_HLEN + f->payload);
	put16(f->ip + 6, 0x2000);	/* more fragments, offset 0 */
	f->ip[8] = 1;			/* TTL */
	f->ip[9] = IPPROTO_UDP;
	memcpy(f->ip + 12, &sip, 4);
	memcpy(f->ip + 16, &dip, 4);
	udp = f->ip + IP_HLEN;
	put16(udp, SRC_UDP_PORT);
	put16(udp + 2, udp_port);
	put16(udp + 4, UDP_HLEN + 8 * 1024);	/* the whole datagram's */
	f->data = udp + UDP_HLEN;
	f->len = IP_HLEN + UDP_HLEN + f->payload;
	f->raw = 2;
	f->fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (f->fd < 0) {
		perror("flood: raw socket (root in the rig's namespace?)");
		exit(1);
	}
	sa.sin_addr.s_addr = sip;
	if (bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("flood: bind to the source address (is it on this host's LAN?)");
		exit(1);
	}
	sa.sin_addr.s_addr = dip;
	if (connect(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("flood: connect");
		exit(1);
	}
}

/* -i: a UDP socket of a host on the client's LAN; TTL 1, never routed. */
static void flood_udp_init(struct flood *f, uint32_t sip, uint32_t dip,
			   uint16_t udp_port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int ttl = 1;

	f->data = f->frame;
	f->len = f->payload;
	f->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (f->fd < 0) {
		perror("flood: socket");
		exit(1);
	}
	sa.sin_addr.s_addr = sip;
	sa.sin_port = htons(SRC_UDP_PORT);
	if (bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("flood: bind to the source address (is it on this host's LAN?)");
		exit(1);
	}
	if (setsockopt(f->fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0) {
		perror("flood: IP_TTL");
		exit(1);
	}
	sa.sin_addr.s_addr = dip;
	sa.sin_port = htons(udp_port);
	if (connect(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("flood: connect");
		exit(1);
	}
}

static int flood_send(struct flood *f, unsigned long long seq)
{
	if (f->raw) {
		/* a new datagram each time: -F's never completes */
		put16(f->ip + 4, ++f->ip_id ? f->ip_id : ++f->ip_id);
		put16(f->ip + 10, 0);
		put16(f->ip + 10, ip_checksum(f->ip, IP_HLEN));
	}
	if (f->payload >= 8)
		memcpy(f->data, &seq, 8);
	return send(f->fd, f->raw ? f->frame : f->data, f->len, 0);
}

int main(int argc, char **argv)
{
	const char *dest = NULL, *dmac = NULL, *smac = NULL;
	const char *sip_s = NULL, *dip_s = NULL, *lan_s = NULL;
	double pps = -1, secs = -1, elapsed;
	long udp_port = -1, payload = -1;
	unsigned long long tx = 0, sent = 0, errors = 0, last_sent = 0;
	int64_t start, end, next_report, last_report, t;
	static struct flood f;
	struct sigaction act;
	uint32_t dip;
	long batch = 1;
	int opt, frags = 0;

	while ((opt = getopt(argc, argv, "i:Fd:m:M:s:D:u:r:l:t:")) != -1) {
		switch (opt) {
		case 'i':
			lan_s = optarg;
			break;
		case 'F':
			frags = 1;
			break;
		case 'd':
			dest = optarg;
			break;
		case 'm':
			dmac = optarg;
			break;
		case 'M':
			smac = optarg;
			break;
		case 's':
			sip_s = optarg;
			break;
		case 'D':
			dip_s = optarg;
			break;
		case 'u':
			udp_port = parse_num(optarg, 65535);
			break;
		case 'r':
			pps = parse_num(optarg, 10000000);
			break;
		case 'l':
			payload = parse_num(optarg, MAX_PAYLOAD);
			break;
		case 't':
			secs = parse_num(optarg, 1e7);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !dip_s || udp_port < 1 || pps < 0 ||
	    payload < 0 || secs < 0 || !lan_s == !dest || (frags && !lan_s) ||
	    (dest && (!dmac || !smac || !sip_s)) || (lan_s && (dmac || smac || sip_s)))
		usage();

	/* safety checks first, before anything is built or opened */
	dip = parse_bench_ip(dip_s);
	f.payload = payload;
	if (lan_s && frags)
		flood_frag_init(&f, parse_bench_ip(lan_s), dip, udp_port);
	else if (lan_s)
		flood_udp_init(&f, parse_bench_ip(lan_s), dip, udp_port);
	else
		flood_raw_init(&f, dest, dmac, smac, parse_bench_ip(sip_s), dip,
			       udp_port);
	memset(f.data, 0x5a, payload);

	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;	/* no SA_RESTART: wake the sleeps */
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);

	/* send in batches of ~1 ms worth of packets */
	if (pps > 1000)
		batch = pps / 1000;

	start = now_ns();
	end = start + (int64_t)(secs * NSEC);
	last_report = start;
	next_report = start + NSEC;
	while (!stop) {
		int64_t due_at, wake;
		unsigned long long due;
		int last = 0;
		long i;

		t = now_ns();
		if (t >= end) {
			/* send the remainder so a full run sends secs * pps */
			t = end;
			last = 1;
		} else if (t >= next_report) {
			printf("flood sent=%llu pps=%.1f\n", sent,
			       (sent - last_sent) * (double)NSEC /
			       (t - last_report));
			fflush(stdout);
			last_sent = sent;
			last_report = t;
			next_report += NSEC;
			if (next_report <= t)
				next_report = t + NSEC;
			continue;
		}

		/* packets that should have gone out by now */
		due = pps > 0 ?
			(unsigned long long)((t - start) * pps / NSEC + 1e-6) : 0;
		for (i = 0; i < 4 * batch && tx < due && !stop; i++) {
			/* failures (QEMU not listening, buffer full) are
			 * counted but not retried, to keep the schedule
			 */
			if (flood_send(&f, tx++) < 0)
				errors++;
			else
				sent++;
		}
		if (last)
			break;
		if (tx < due)
			continue;	/* behind schedule, keep going */

		/* sleep until the next batch is due */
		wake = next_report < end ? next_report : end;
		if (pps > 0) {
			due_at = start + (int64_t)((tx + batch) / pps * NSEC);
			if (due_at < wake)
				wake = due_at;
		}
		sleep_until(wake);
	}

	/* mib_s counts whole Ethernet frames whichever way they were sent */
	elapsed = (now_ns() - start) / (double)NSEC;
	printf("RESULT sent=%llu secs=%.3f pps=%.1f mib_s=%.3f\n", sent,
	       elapsed, elapsed > 0 ? sent / elapsed : 0.0,
	       elapsed > 0 ? sent * (double)(ETH_HLEN + IP_HLEN + UDP_HLEN + payload) /
			     1048576.0 / elapsed : 0.0);
	if (errors)
		fprintf(stderr, "flood: %llu of %llu sends failed\n", errors,
			tx);
	fflush(stdout);
	return 0;
}
