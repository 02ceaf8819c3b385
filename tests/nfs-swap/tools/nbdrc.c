// SPDX-License-Identifier: GPL-2.0
/*
 * nbdrc - connect /dev/nbdN through the NBD netlink interface and keep it
 * connected across server restarts.
 *
 *   nbdrc [-t DEAD_CONN_TIMEOUT_S] [-T IO_TIMEOUT_S] [-b BLOCKSIZE]
 *         [-e EXPORT] [-r RETRY_S] HOST PORT INDEX
 *   nbdrc -c [-e EXPORT] HOST PORT
 *
 * Connects to the nbd-server at HOST:PORT (an IPv4 dotted quad), does the
 * fixed-newstyle handshake for EXPORT (default "swap"; NBD_OPT_GO, falling
 * back to NBD_OPT_EXPORT_NAME) and hands the socket to the kernel with
 * NBD_CMD_CONNECT for /dev/nbdINDEX, with a dead-connection timeout of -t
 * seconds (default 120), an I/O timeout of -T seconds (default 0: none
 * sent) and a block size of -b bytes (default 4096).  Then it stays in the
 * foreground (start it with &) listening to the nbd multicast group: when
 * the kernel reports NBD_CMD_LINK_DEAD for INDEX, it reconnects every -r
 * seconds (default 1) and hands the new socket over with
 * NBD_CMD_RECONFIGURE, so that I/O held for the dead-connection timeout
 * (swap to the device, say) resumes once the server is back.
 *
 * Events, one line each on stdout:
 *   nbdrc connected index=N size=BYTES flags=0xF
 *   nbdrc link-dead index=N
 *   nbdrc reconnected index=N after=SECSs attempts=K
 * "connected" is printed only once the kernel has accepted NBD_CMD_CONNECT.
 * Errors go to stderr; a failure before "connected" exits 1.  While
 * reconnecting, each distinct failure is reported once, and the attempt
 * count every 10 attempts.  A reconnect that fails (server still down,
 * export size changed, NBD_CMD_RECONFIGURE refused) is retried for ever.
 * If the multicast socket overflows (ENOBUFS), notifications may have been
 * lost: nbdrc then reconnects anyway if the kernel has shut the current
 * socket down (POLLHUP on nbdrc's copy of it).  SIGTERM and SIGINT exit 0
 * and leave the device as it is (still connected, or waiting for a
 * reconnect nobody will do).  SIGHUP is ignored.
 *
 * -c only does the handshake, prints
 *   nbdrc handshake ok size=BYTES flags=0xF
 * and exits 0 (1 on failure): a check that needs no nbd module.
 *
 * The device may be the guest's swap, so nbdrc locks itself in memory,
 * allocates nothing after setup, sets its oom_score_adj to -1000 and
 * marks itself PR_SET_IO_FLUSHER: reclaim from its own allocations (the
 * reconnect's socket) must not write to the device it is reconnecting.
 * Stop nbdrc before disconnecting the device on purpose.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/nbd-netlink.h>
#include <linux/netlink.h>

/* NBD handshake (doc/proto.md in the nbd repository); all big-endian */
#define NBD_MAGIC_INIT		0x4e42444d41474943ULL	/* "NBDMAGIC" */
#define NBD_MAGIC_OPT		0x49484156454f5054ULL	/* "IHAVEOPT" */
#define NBD_MAGIC_OLDSTYLE	0x0000420281861253ULL
#define NBD_MAGIC_REP		0x0003e889045565a9ULL

#define NBD_HS_FIXED_NEWSTYLE	(1 << 0)	/* handshake flags */
#define NBD_HS_NO_ZEROES	(1 << 1)
#define NBD_HS_C_FIXED_NEWSTYLE	(1 << 0)	/* client flags */
#define NBD_HS_C_NO_ZEROES	(1 << 1)

#define NBD_OPT_EXPORT_NAME	1
#define NBD_OPT_GO		7

#define NBD_REP_ACK		1
#define NBD_REP_INFO		3
#define NBD_REP_FLAG_ERROR	(1U << 31)
#define NBD_REP_ERR_UNSUP	(NBD_REP_FLAG_ERROR | 1)

#define NBD_INFO_EXPORT		0

#define NBD_REQUEST_MAGIC	0x25609513
#define NBD_CMD_DISC		2

#define NBD_MAX_NAME		4096	/* longest export name allowed */

#define HS_TIMEOUT_MS		10000	/* TCP connect + handshake */
#define NL_TIMEOUT_S		10	/* waiting for a netlink ack */

/* from the command line */
static struct sockaddr_in server;
static const char *export_name = "swap";
static uint32_t nbd_index;
static unsigned long dead_timeout = 120, io_timeout, blocksize = 4096;
static unsigned long retry_s = 1;

/* what the first handshake found */
static uint64_t export_size;
static uint16_t export_flags;

static char errmsg[512];	/* why the last nbd_open() failed */
static char optbuf[16 + 4 + NBD_MAX_NAME + 2];
static char scratch[4096];
static char outbuf[4096];	/* stdout's buffer, so stdio never allocates */

/* netlink */
static union {
	struct nlmsghdr h;
	char b[4096];
} nltx;
static union {
	struct nlmsghdr h;
	char b[8192];
} nlrx;
static int nl_cmd = -1, nl_mc = -1;
static uint32_t nl_seq;
static uint16_t nbd_family;
static uint32_t nbd_mcgrp;
static int nbd_mcgrp_found;
static char nl_extack[256];	/* kernel's message for the last failure */

static void usage(void)
{
	fprintf(stderr,
		"usage: nbdrc [-t DEAD_CONN_TIMEOUT_S] [-T IO_TIMEOUT_S] [-b BLOCKSIZE]\n"
		"             [-e EXPORT] [-r RETRY_S] HOST PORT INDEX\n"
		"       nbdrc -c [-e EXPORT] HOST PORT\n");
	exit(2);
}

static unsigned long parse_ulong(const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v > max)
		usage();
	return v;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_until_ms(int64_t t)
{
	struct timespec ts = { .tv_sec = t / 1000,
			       .tv_nsec = (t % 1000) * 1000000 };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

__attribute__((format(printf, 1, 2)))
static void seterr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errmsg, sizeof(errmsg), fmt, ap);
	va_end(ap);
}

/* copy a string from the network, at most dstlen - 1 bytes, printable */
static void copy_text(char *dst, size_t dstlen, const char *src, size_t len)
{
	size_t i;

	if (len > dstlen - 1)
		len = dstlen - 1;
	for (i = 0; i < len && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = 0;
}

static uint64_t get_be64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return be64toh(v);
}

static uint32_t get_be32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return be32toh(v);
}

static uint16_t get_be16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return be16toh(v);
}

static char *put_be64(char *p, uint64_t v)
{
	v = htobe64(v);
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

static char *put_be32(char *p, uint32_t v)
{
	v = htobe32(v);
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

static char *put_be16(char *p, uint16_t v)
{
	v = htobe16(v);
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

/*
 * Handshake.  The socket is blocking (the kernel will use it as such), so
 * every read and write waits with poll() for a deadline instead.  No socket
 * timeouts: the kernel's receive thread would inherit SO_RCVTIMEO.
 */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int n;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (n > 0)
			return 0;	/* errors show in the recv/send */
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

static int read_full(int fd, void *buf, size_t len, int64_t deadline,
		     const char *what)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		if (wait_fd(fd, POLLIN, deadline) < 0) {
			seterr("reading %s: %s", what, strerror(errno));
			return -1;
		}
		n = recv(fd, p, len, MSG_DONTWAIT);
		if (n == 0) {
			seterr("reading %s: server closed the connection",
			       what);
			return -1;
		}
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			seterr("reading %s: %s", what, strerror(errno));
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int skip_bytes(int fd, size_t len, int64_t deadline, const char *what)
{
	size_t n;

	while (len) {
		n = len < sizeof(scratch) ? len : sizeof(scratch);
		if (read_full(fd, scratch, n, deadline, what) < 0)
			return -1;
		len -= n;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len, int64_t deadline,
		      const char *what)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		if (wait_fd(fd, POLLOUT, deadline) < 0) {
			seterr("sending %s: %s", what, strerror(errno));
			return -1;
		}
		n = send(fd, p, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			seterr("sending %s: %s", what, strerror(errno));
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int tcp_connect(int64_t deadline)
{
	char addr[INET_ADDRSTRLEN];
	socklen_t len;
	int fd, err, one = 1;

	inet_ntop(AF_INET, &server.sin_addr, addr, sizeof(addr));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		seterr("socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&server, sizeof(server)) < 0) {
		if (errno != EINPROGRESS) {
			err = errno;
			goto fail;
		}
		if (wait_fd(fd, POLLOUT, deadline) < 0) {
			err = errno;
			goto fail;
		}
		err = 0;
		len = sizeof(err);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err)
			goto fail;
	}
	/* blocking from now on: this is what the kernel gets */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		err = errno;
		goto fail;
	}
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0) {
		err = errno;
		goto fail;
	}
	return fd;
fail:
	seterr("connect to %s:%u: %s", addr, ntohs(server.sin_port),
	       strerror(err));
	close(fd);
	return -1;
}

static const char *rep_err_name(uint32_t type)
{
	switch (type & ~NBD_REP_FLAG_ERROR) {
	case 1:	return "unsupported option (NBD_REP_ERR_UNSUP)";
	case 2:	return "denied by policy (NBD_REP_ERR_POLICY)";
	case 3:	return "invalid option (NBD_REP_ERR_INVALID)";
	case 4:	return "unsupported on this platform (NBD_REP_ERR_PLATFORM)";
	case 5:	return "TLS required (NBD_REP_ERR_TLS_REQD)";
	case 6:	return "unknown export (NBD_REP_ERR_UNKNOWN)";
	case 7:	return "server shutting down (NBD_REP_ERR_SHUTDOWN)";
	case 8:	return "block size required (NBD_REP_ERR_BLOCK_SIZE_REQD)";
	case 9:	return "request too big (NBD_REP_ERR_TOO_BIG)";
	}
	return "unknown error reply";
}

static int send_option(int fd, uint32_t opt, const char *name, int go,
		       int64_t deadline)
{
	size_t nlen = strlen(name);
	char *p = optbuf;

	p = put_be64(p, NBD_MAGIC_OPT);
	p = put_be32(p, opt);
	if (go) {
		p = put_be32(p, 4 + nlen + 2);
		p = put_be32(p, nlen);
	} else {
		p = put_be32(p, nlen);
	}
	memcpy(p, name, nlen);
	p += nlen;
	if (go)
		p = put_be16(p, 0);	/* no information requests */
	return write_full(fd, optbuf, p - optbuf, deadline,
			  go ? "NBD_OPT_GO" : "NBD_OPT_EXPORT_NAME");
}

/* 0: done, 1: server does not know NBD_OPT_GO, -1: failed */
static int opt_go(int fd, int64_t deadline, uint64_t *size, uint16_t *flags)
{
	char hdr[20], info[12], text[256];
	uint32_t opt, type, len;
	int got_export = 0;

	if (send_option(fd, NBD_OPT_GO, export_name, 1, deadline) < 0)
		return -1;
	for (;;) {
		if (read_full(fd, hdr, sizeof(hdr), deadline,
			      "NBD_OPT_GO reply") < 0)
			return -1;
		opt = get_be32(hdr + 8);
		type = get_be32(hdr + 12);
		len = get_be32(hdr + 16);
		if (get_be64(hdr) != NBD_MAGIC_REP) {
			seterr("bad option reply magic 0x%016llx",
			       (unsigned long long)get_be64(hdr));
			return -1;
		}
		if (opt != NBD_OPT_GO) {
			seterr("reply to option %u, expected NBD_OPT_GO", opt);
			return -1;
		}
		if (type == NBD_REP_ACK) {
			if (skip_bytes(fd, len, deadline, "NBD_REP_ACK") < 0)
				return -1;
			break;
		}
		if (type & NBD_REP_FLAG_ERROR) {
			size_t n = len < sizeof(text) ? len : sizeof(text) - 1;

			if (read_full(fd, scratch, n, deadline,
				      "NBD_OPT_GO error") < 0 ||
			    skip_bytes(fd, len - n, deadline,
				       "NBD_OPT_GO error") < 0)
				return -1;
			if (type == NBD_REP_ERR_UNSUP)
				return 1;
			copy_text(text, sizeof(text), scratch, n);
			seterr("export \"%s\": %s%s%s", export_name,
			       rep_err_name(type), *text ? ": " : "", text);
			return -1;
		}
		if (type == NBD_REP_INFO && len >= 2) {
			if (read_full(fd, info, 2, deadline,
				      "NBD_REP_INFO") < 0)
				return -1;
			len -= 2;
			if (get_be16(info) == NBD_INFO_EXPORT &&
			    len == sizeof(info) - 2) {
				if (read_full(fd, info + 2, len, deadline,
					      "NBD_INFO_EXPORT") < 0)
					return -1;
				*size = get_be64(info + 2);
				*flags = get_be16(info + 10);
				got_export = 1;
				continue;
			}
		}
		/* other information, or another reply: not needed */
		if (skip_bytes(fd, len, deadline, "option reply") < 0)
			return -1;
	}
	if (!got_export) {
		seterr("server acknowledged NBD_OPT_GO without NBD_INFO_EXPORT");
		return -1;
	}
	return 0;
}

static int opt_export_name(int fd, int no_zeroes, int64_t deadline,
			   uint64_t *size, uint16_t *flags)
{
	char rep[10];

	if (send_option(fd, NBD_OPT_EXPORT_NAME, export_name, 0, deadline) < 0)
		return -1;
	/* an unknown export makes the server just hang up */
	if (read_full(fd, rep, sizeof(rep), deadline,
		      "NBD_OPT_EXPORT_NAME reply (unknown export?)") < 0 ||
	    (!no_zeroes && skip_bytes(fd, 124, deadline,
				      "NBD_OPT_EXPORT_NAME padding") < 0))
		return -1;
	*size = get_be64(rep);
	*flags = get_be16(rep + 8);
	return 0;
}

static int handshake(int fd, int64_t deadline, uint64_t *size,
		     uint16_t *flags)
{
	char hello[18], cflags[4];
	uint16_t hflags;
	uint32_t c = 0;
	int ret;

	if (read_full(fd, hello, sizeof(hello), deadline, "server greeting") < 0)
		return -1;
	if (get_be64(hello) != NBD_MAGIC_INIT) {
		seterr("not an NBD server (magic 0x%016llx)",
		       (unsigned long long)get_be64(hello));
		return -1;
	}
	if (get_be64(hello + 8) == NBD_MAGIC_OLDSTYLE) {
		seterr("server uses the oldstyle handshake, not supported");
		return -1;
	}
	if (get_be64(hello + 8) != NBD_MAGIC_OPT) {
		seterr("bad newstyle magic 0x%016llx",
		       (unsigned long long)get_be64(hello + 8));
		return -1;
	}
	hflags = get_be16(hello + 16);
	if (hflags & NBD_HS_FIXED_NEWSTYLE)
		c |= NBD_HS_C_FIXED_NEWSTYLE;
	if (hflags & NBD_HS_NO_ZEROES)
		c |= NBD_HS_C_NO_ZEROES;
	put_be32(cflags, c);
	if (write_full(fd, cflags, sizeof(cflags), deadline,
		       "client flags") < 0)
		return -1;

	/* plain newstyle servers know NBD_OPT_EXPORT_NAME only */
	if (hflags & NBD_HS_FIXED_NEWSTYLE) {
		ret = opt_go(fd, deadline, size, flags);
		if (ret <= 0)
			return ret;
	}
	return opt_export_name(fd, !!(hflags & NBD_HS_NO_ZEROES), deadline,
			       size, flags);
}

/* connected socket in transmission phase, or -1 with errmsg set */
static int nbd_open(uint64_t *size, uint16_t *flags)
{
	int64_t deadline = now_ms() + HS_TIMEOUT_MS;
	int fd;

	errmsg[0] = 0;
	fd = tcp_connect(deadline);
	if (fd < 0)
		return -1;
	if (handshake(fd, deadline, size, flags) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* end the transmission phase politely (-c): NBD_CMD_DISC, no reply */
static void nbd_close(int fd)
{
	char req[28], *p = req;

	p = put_be32(p, NBD_REQUEST_MAGIC);
	p = put_be32(p, NBD_CMD_DISC);		/* no command flags */
	p = put_be64(p, 0);			/* cookie */
	p = put_be64(p, 0);			/* offset */
	put_be32(p, 0);				/* length */
	write_full(fd, req, sizeof(req), now_ms() + HS_TIMEOUT_MS,
		   "NBD_CMD_DISC");
	shutdown(fd, SHUT_WR);
	close(fd);
}

/*
 * Generic netlink.  One request at a time is built in nltx; attributes are
 * appended at the (aligned) end of the message, nla_len counting the header
 * but not the padding, nests ending where the message ends (like the
 * kernel's nla_nest_end()).
 */
static void msg_start(uint16_t type, uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *g;

	memset(&nltx, 0, sizeof(nltx));
	nltx.h.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	nltx.h.nlmsg_type = type;
	nltx.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nltx.h.nlmsg_seq = ++nl_seq;
	g = NLMSG_DATA(&nltx.h);
	g->cmd = cmd;
	g->version = version;
}

static struct nlattr *attr_put(uint16_t type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(nltx.h.nlmsg_len);
	struct nlattr *a = (struct nlattr *)(nltx.b + off);

	/* all messages here are a few dozen bytes */
	if (off + NLA_ALIGN(NLA_HDRLEN + len) > sizeof(nltx)) {
		fprintf(stderr, "nbdrc: netlink message too long\n");
		exit(1);
	}
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	nltx.h.nlmsg_len = off + NLA_ALIGN(NLA_HDRLEN + len);
	return a;
}

static void attr_put_u32(uint16_t type, uint32_t v)
{
	attr_put(type, &v, sizeof(v));
}

static void attr_put_u64(uint16_t type, uint64_t v)
{
	attr_put(type, &v, sizeof(v));
}

static void nest_end(struct nlattr *a)
{
	a->nla_len = nltx.b + nltx.h.nlmsg_len - (char *)a;
}

/* NBD_ATTR_SOCKETS { NBD_SOCK_ITEM { NBD_SOCK_FD } } */
static void attr_put_socket(int fd)
{
	struct nlattr *socks, *item;

	socks = attr_put(NBD_ATTR_SOCKETS, NULL, 0);
	item = attr_put(NBD_SOCK_ITEM, NULL, 0);
	attr_put_u32(NBD_SOCK_FD, fd);
	nest_end(item);
	nest_end(socks);
}

/* next attribute in buf[0..len), from *off on; NULL at the end */
static const struct nlattr *attr_next(const char *buf, size_t len,
				      size_t *off)
{
	const struct nlattr *a;

	if (*off + NLA_HDRLEN > len)
		return NULL;
	a = (const struct nlattr *)(buf + *off);
	if (a->nla_len < NLA_HDRLEN || (size_t)a->nla_len > len - *off)
		return NULL;
	*off += NLA_ALIGN((size_t)a->nla_len);
	return a;
}

static const char *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static size_t attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static int attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static int attr_get_u32(const struct nlattr *a, uint32_t *v)
{
	if (attr_len(a) < sizeof(*v))
		return -1;
	memcpy(v, attr_data(a), sizeof(*v));
	return 0;
}

/* the attributes of a generic netlink message */
static const char *genl_attrs(const struct nlmsghdr *h, size_t *len)
{
	if (h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return NULL;
	*len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (const char *)NLMSG_DATA(h) + GENL_HDRLEN;
}

static const struct genlmsghdr *genl_hdr(const struct nlmsghdr *h)
{
	if (h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return NULL;
	return NLMSG_DATA(h);
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, one = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("nbdrc: netlink socket");
		exit(1);
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("nbdrc: netlink bind");
		exit(1);
	}
	/* short acks, with the kernel's error message if it has one */
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

static void parse_extack(const struct nlmsghdr *h, const struct nlmsgerr *e)
{
	const struct nlattr *a;
	size_t off, len, aoff = 0;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* the TLVs follow the error, and the request unless capped */
	off = NLMSG_LENGTH(sizeof(*e));
	if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (off >= h->nlmsg_len)
		return;
	len = h->nlmsg_len - off;
	while ((a = attr_next((const char *)h + off, len, &aoff)))
		if (attr_type(a) == NLMSGERR_ATTR_MSG)
			copy_text(nl_extack, sizeof(nl_extack), attr_data(a),
				  attr_len(a));
}

/*
 * Send nltx on fd and wait for its ack, passing any other message answering
 * it to fn.  Returns 0 or -errno.
 */
static int nl_transact(int fd, void (*fn)(const struct nlmsghdr *))
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq = nltx.h.nlmsg_seq;
	const struct nlmsghdr *h;
	const struct nlmsgerr *e;
	size_t off, len;
	ssize_t n;

	nl_extack[0] = 0;
	while (sendto(fd, nltx.b, nltx.h.nlmsg_len, 0, (struct sockaddr *)&sa,
		      sizeof(sa)) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	for (;;) {
		n = recv(fd, nlrx.b, sizeof(nlrx), MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return -ETIMEDOUT;
			return -errno;
		}
		len = (size_t)n < sizeof(nlrx) ? (size_t)n : sizeof(nlrx);
		for (off = 0; off + NLMSG_HDRLEN <= len;
		     off += NLMSG_ALIGN(h->nlmsg_len)) {
			h = (const struct nlmsghdr *)(nlrx.b + off);
			if (h->nlmsg_len < NLMSG_HDRLEN ||
			    h->nlmsg_len > len - off)
				break;
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EPROTO;
				e = NLMSG_DATA(h);
				parse_extack(h, e);
				return e->error;
			}
			if (fn && h->nlmsg_type >= NLMSG_MIN_TYPE)
				fn(h);
		}
	}
}

/* CTRL_CMD_GETFAMILY reply: family id and multicast group id */
static void parse_family(const struct nlmsghdr *h)
{
	static const char grp[] = NBD_GENL_MCAST_GROUP_NAME;
	const struct nlattr *a, *g, *ga;
	size_t len = 0, off = 0, goff, gaoff;
	const char *p = genl_attrs(h, &len);
	uint32_t id;
	int match;

	if (h->nlmsg_type != GENL_ID_CTRL || !p)
		return;
	while ((a = attr_next(p, len, &off))) {
		switch (attr_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (attr_len(a) >= sizeof(nbd_family))
				memcpy(&nbd_family, attr_data(a),
				       sizeof(nbd_family));
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			goff = 0;
			while ((g = attr_next(attr_data(a), attr_len(a),
					      &goff))) {
				match = 0;
				id = 0;
				gaoff = 0;
				while ((ga = attr_next(attr_data(g),
						       attr_len(g), &gaoff))) {
					if (attr_type(ga) ==
					    CTRL_ATTR_MCAST_GRP_NAME &&
					    attr_len(ga) >= sizeof(grp) &&
					    !memcmp(attr_data(ga), grp,
						    sizeof(grp)))
						match = 1;
					if (attr_type(ga) ==
					    CTRL_ATTR_MCAST_GRP_ID)
						attr_get_u32(ga, &id);
				}
				if (match && id) {
					nbd_mcgrp = id;
					nbd_mcgrp_found = 1;
				}
			}
			break;
		}
	}
}

static void nl_error(const char *what, int err)
{
	fprintf(stderr, "nbdrc: %s: %s%s%s\n", what, strerror(-err),
		*nl_extack ? ": " : "", nl_extack);
}

static void genl_resolve(void)
{
	int ret;

	msg_start(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	attr_put(CTRL_ATTR_FAMILY_NAME, NBD_GENL_FAMILY_NAME,
		 sizeof(NBD_GENL_FAMILY_NAME));
	ret = nl_transact(nl_cmd, parse_family);
	if (ret == -ENOENT) {
		fprintf(stderr,
			"nbdrc: no \"%s\" generic netlink family (nbd module not loaded?)\n",
			NBD_GENL_FAMILY_NAME);
		exit(1);
	}
	if (ret < 0) {
		nl_error("CTRL_CMD_GETFAMILY nbd", ret);
		exit(1);
	}
	if (!nbd_family || !nbd_mcgrp_found) {
		fprintf(stderr,
			"nbdrc: nbd family %s, multicast group \"%s\" %s\n",
			nbd_family ? "found" : "missing",
			NBD_GENL_MCAST_GROUP_NAME,
			nbd_mcgrp_found ? "found" : "missing");
		exit(1);
	}
}

static void parse_connect(const struct nlmsghdr *h)
{
	const struct genlmsghdr *g = genl_hdr(h);
	const struct nlattr *a;
	size_t len = 0, off = 0;
	const char *p = genl_attrs(h, &len);
	uint32_t idx;

	if (h->nlmsg_type != nbd_family || !g || g->cmd != NBD_CMD_CONNECT)
		return;
	while ((a = attr_next(p, len, &off)))
		if (attr_type(a) == NBD_ATTR_INDEX &&
		    !attr_get_u32(a, &idx) && idx != nbd_index)
			fprintf(stderr,
				"nbdrc: kernel connected index %u, asked for %u\n",
				idx, nbd_index);
}

static int nbd_connect(int fd)
{
	msg_start(nbd_family, NBD_CMD_CONNECT, NBD_GENL_VERSION);
	attr_put_u32(NBD_ATTR_INDEX, nbd_index);
	attr_put_u64(NBD_ATTR_SIZE_BYTES, export_size);
	attr_put_u64(NBD_ATTR_BLOCK_SIZE_BYTES, blocksize);
	attr_put_u64(NBD_ATTR_SERVER_FLAGS, export_flags);
	attr_put_u64(NBD_ATTR_DEAD_CONN_TIMEOUT, dead_timeout);
	if (io_timeout)
		attr_put_u64(NBD_ATTR_TIMEOUT, io_timeout);
	attr_put_socket(fd);
	return nl_transact(nl_cmd, parse_connect);
}

static int nbd_reconfigure(int fd)
{
	msg_start(nbd_family, NBD_CMD_RECONFIGURE, NBD_GENL_VERSION);
	attr_put_u32(NBD_ATTR_INDEX, nbd_index);
	attr_put_socket(fd);
	return nl_transact(nl_cmd, NULL);
}

/*
 * Multicast.  Returns 1 if what was received holds NBD_CMD_LINK_DEAD for
 * our index, 0 if not, -1 with errno set if recv failed.
 */
static int mc_recv(int flags)
{
	const struct genlmsghdr *g;
	const struct nlmsghdr *h;
	const struct nlattr *a;
	size_t off, aoff, alen = 0, len;
	const char *p;
	uint32_t idx;
	int dead = 0;
	ssize_t n;

	n = recv(nl_mc, nlrx.b, sizeof(nlrx), flags | MSG_TRUNC);
	if (n < 0)
		return -1;
	len = (size_t)n < sizeof(nlrx) ? (size_t)n : sizeof(nlrx);
	for (off = 0; off + NLMSG_HDRLEN <= len;
	     off += NLMSG_ALIGN(h->nlmsg_len)) {
		h = (const struct nlmsghdr *)(nlrx.b + off);
		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > len - off)
			break;
		g = genl_hdr(h);
		if (h->nlmsg_type != nbd_family || !g ||
		    g->cmd != NBD_CMD_LINK_DEAD)
			continue;
		p = genl_attrs(h, &alen);
		aoff = 0;
		while ((a = attr_next(p, alen, &aoff)))
			if (attr_type(a) == NBD_ATTR_INDEX &&
			    !attr_get_u32(a, &idx) && idx == nbd_index)
				dead = 1;
	}
	return dead;
}

/* throw away queued notifications: they are about the socket we replace */
static void mc_drain(void)
{
	while (mc_recv(MSG_DONTWAIT) >= 0 || errno == EINTR ||
	       errno == ENOBUFS)
		;
}

/* has the kernel shut our (its) socket down? */
static int sock_hung_up(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP);
}

static int reconnect(int old_fd)
{
	static char last[sizeof(errmsg)];
	int64_t start = now_ms(), next;
	unsigned long attempts = 0;
	int fd, ret, flags_warned = 0;
	uint16_t flags;
	uint64_t size;

	last[0] = 0;
	for (;;) {
		attempts++;
		next = now_ms() + retry_s * 1000;
		fd = nbd_open(&size, &flags);
		if (fd >= 0 && size != export_size) {
			seterr("export size changed from %llu to %llu bytes",
			       (unsigned long long)export_size,
			       (unsigned long long)size);
			close(fd);
			fd = -1;
		}
		if (fd >= 0) {
			if (flags != export_flags && !flags_warned) {
				fprintf(stderr,
					"nbdrc: warning: transmission flags changed from 0x%x to 0x%x, the kernel keeps the old ones\n",
					export_flags, flags);
				flags_warned = 1;
			}
			mc_drain();
			ret = nbd_reconfigure(fd);
			if (!ret) {
				printf("nbdrc reconnected index=%u after=%llds attempts=%lu\n",
				       nbd_index,
				       (long long)(now_ms() - start) / 1000,
				       attempts);
				fflush(stdout);
				close(old_fd);
				return fd;
			}
			seterr("NBD_CMD_RECONFIGURE: %s%s%s", strerror(-ret),
			       *nl_extack ? ": " : "", nl_extack);
			close(fd);
		}
		if (strcmp(errmsg, last)) {
			fprintf(stderr, "nbdrc: reconnect index=%u attempt %lu: %s\n",
				nbd_index, attempts, errmsg);
			memcpy(last, errmsg, sizeof(last));
		} else if (attempts % 10 == 0) {
			fprintf(stderr, "nbdrc: reconnect index=%u: %lu attempts so far, %llds\n",
				nbd_index, attempts,
				(long long)(now_ms() - start) / 1000);
		}
		sleep_until_ms(next);
	}
}

static void oom_protect(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, "-1000", 5) < 0) {
		/* not allowed: never mind */
	}
	close(fd);
}

/* fault the stack in now so that mlockall() covers what the loop uses */
__attribute__((noinline))
static void prefault_stack(void)
{
	volatile char buf[64 * 1024];
	size_t i;

	for (i = 0; i < sizeof(buf); i += 256)
		buf[i] = 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	int opt, check = 0, fd, ret, last_err = 0;
	struct timeval tv = { .tv_sec = NL_TIMEOUT_S };
	unsigned long port;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	while ((opt = getopt(argc, argv, "ct:T:b:e:r:")) != -1) {
		switch (opt) {
		case 'c':
			check = 1;
			break;
		case 't':
			dead_timeout = parse_ulong(optarg, UINT32_MAX);
			break;
		case 'T':
			io_timeout = parse_ulong(optarg, UINT32_MAX);
			break;
		case 'b':
			blocksize = parse_ulong(optarg, 1UL << 30);
			if (blocksize < 512 || (blocksize & (blocksize - 1)))
				usage();
			break;
		case 'e':
			export_name = optarg;
			if (strlen(export_name) > NBD_MAX_NAME)
				usage();
			break;
		case 'r':
			retry_s = parse_ulong(optarg, 3600);
			if (!retry_s)
				usage();
			break;
		default:
			usage();
		}
	}
	if (argc - optind != (check ? 2 : 3))
		usage();
	memset(&server, 0, sizeof(server));
	server.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[optind], &server.sin_addr) != 1) {
		fprintf(stderr, "nbdrc: HOST must be an IPv4 address: %s\n",
			argv[optind]);
		return 2;
	}
	port = parse_ulong(argv[optind + 1], 65535);
	if (!port)
		usage();
	server.sin_port = htons(port);
	if (!check)
		nbd_index = parse_ulong(argv[optind + 2], 0xfffff);

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);

	if (check) {
		fd = nbd_open(&export_size, &export_flags);
		if (fd < 0) {
			fprintf(stderr, "nbdrc: %s\n", errmsg);
			return 1;
		}
		printf("nbdrc handshake ok size=%llu flags=0x%x\n",
		       (unsigned long long)export_size, export_flags);
		fflush(stdout);
		nbd_close(fd);
		return 0;
	}

	nl_cmd = nl_open();
	setsockopt(nl_cmd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	genl_resolve();
	/* subscribe before connecting, not to miss an early link death */
	nl_mc = nl_open();
	if (setsockopt(nl_mc, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &nbd_mcgrp,
		       sizeof(nbd_mcgrp)) < 0) {
		perror("nbdrc: NETLINK_ADD_MEMBERSHIP nbd_mc_group");
		return 1;
	}

	fd = nbd_open(&export_size, &export_flags);
	if (fd < 0) {
		fprintf(stderr, "nbdrc: %s\n", errmsg);
		return 1;
	}

	oom_protect();
	prefault_stack();
	if (mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		perror("nbdrc: warning: mlockall");
	/*
	 * Reconnecting allocates (the new socket, its SYN) while the device
	 * holds its I/O: reclaim from those allocations must not write pages
	 * back to it, or the reconnect waits for itself until the dead
	 * connection timeout fails the device's I/O. PR_SET_IO_FLUSHER makes
	 * this task's allocations GFP_NOIO, as for any userspace I/O helper.
	 */
	if (prctl(PR_SET_IO_FLUSHER, 1, 0, 0, 0) < 0)
		perror("nbdrc: warning: PR_SET_IO_FLUSHER");

	ret = nbd_connect(fd);
	if (ret < 0) {
		nl_error("NBD_CMD_CONNECT", ret);
		return 1;
	}
	printf("nbdrc connected index=%u size=%llu flags=0x%x\n", nbd_index,
	       (unsigned long long)export_size, export_flags);
	fflush(stdout);

	for (;;) {
		ret = mc_recv(0);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fprintf(stderr,
					"nbdrc: warning: multicast overrun, notifications lost\n");
				/* ours may have been one of them */
				if (!sock_hung_up(fd))
					continue;
				fprintf(stderr,
					"nbdrc: socket of index %u is shut down\n",
					nbd_index);
				ret = 1;
			} else {
				if (errno != last_err)
					perror("nbdrc: multicast recv");
				last_err = errno;
				sleep(1);
				continue;
			}
		}
		last_err = 0;
		if (!ret)
			continue;
		printf("nbdrc link-dead index=%u\n", nbd_index);
		fflush(stdout);
		fd = reconnect(fd);
	}
}
