// SPDX-License-Identifier: GPL-2.0
/*
 * ringparam - read or set a NIC's receive ring size (ethtool -g / -G rx).
 *
 *   ringparam IFACE          print the ring sizes
 *   ringparam IFACE RX       set rx_pending to RX, then print them
 *
 * Through the SIOCETHTOOL ioctl (ETHTOOL_GRINGPARAM, ETHTOOL_SRINGPARAM),
 * which every kernel has, ethtool's netlink or not; the rig's userland has
 * no ethtool. Prints
 *
 *   ringparam IFACE rx=N rx_max=M tx=N tx_max=M
 *
 * On failure: "ringparam: IFACE: <what>: <strerror>", exit status the errno.
 */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int ring(int fd, const char *name, struct ethtool_ringparam *rp)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	ifr.ifr_data = (void *)rp;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

static int fail(const char *name, const char *what)
{
	int err = errno;

	fprintf(stderr, "ringparam: %s: %s: %s\n", name, what, strerror(err));
	return err ? err : 1;
}

int main(int argc, char **argv)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };
	const char *name;
	char *end;
	int fd;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s IFACE [RX]\n", argv[0]);
		return 2;
	}
	name = argv[1];
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fail(name, "socket");
	if (ring(fd, name, &rp))
		return fail(name, "ETHTOOL_GRINGPARAM");
	if (argc == 3) {
		unsigned long rx = strtoul(argv[2], &end, 0);

		if (*end || !*argv[2] || rx > 0xffffffffUL) {
			fprintf(stderr, "ringparam: %s: bad ring size '%s'\n", name, argv[2]);
			return 2;
		}
		rp.cmd = ETHTOOL_SRINGPARAM;
		rp.rx_pending = rx;
		if (ring(fd, name, &rp))
			return fail(name, "ETHTOOL_SRINGPARAM");
		memset(&rp, 0, sizeof(rp));
		rp.cmd = ETHTOOL_GRINGPARAM;
		if (ring(fd, name, &rp))
			return fail(name, "ETHTOOL_GRINGPARAM");
	}
	printf("ringparam %s rx=%u rx_max=%u tx=%u tx_max=%u\n", name,
	       rp.rx_pending, rp.rx_max_pending, rp.tx_pending,
	       rp.tx_max_pending);
	close(fd);
	return 0;
}
