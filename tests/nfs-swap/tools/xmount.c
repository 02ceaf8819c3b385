// SPDX-License-Identifier: GPL-2.0
/*
 * xmount - mount(2) with a text option string, as the kernel parses it.
 *
 * busybox mount cannot pass NFSv4 options through; the kernel's NFS client
 * takes text options (vers=, addr=, clientaddr=, ...) without mount.nfs.
 *
 * usage: xmount [-r] -t TYPE [-o OPTIONS] SOURCE TARGET
 *   -r: remount (MS_REMOUNT)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	const char *type = NULL, *opts = NULL;
	unsigned long flags = 0;
	int c;

	while ((c = getopt(argc, argv, "rt:o:")) != -1) {
		switch (c) {
		case 'r':
			flags |= MS_REMOUNT;
			break;
		case 't':
			type = optarg;
			break;
		case 'o':
			opts = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!type || argc - optind != 2)
		goto usage;
	if (mount(argv[optind], argv[optind + 1], type, flags, opts)) {
		fprintf(stderr, "xmount: %s on %s (%s, %s): %s\n",
			argv[optind], argv[optind + 1], type,
			opts ? opts : "", strerror(errno));
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: xmount [-r] -t TYPE [-o OPTIONS] SOURCE TARGET\n");
	return 2;
}
