// SPDX-License-Identifier: GPL-2.0
/*
 * sysswapon - call swapon(2) on a file, with none of swapon(8)'s checks.
 *
 *   sysswapon FILE
 *
 * busybox's swapon refuses a file with holes itself, before the kernel
 * sees it; the rig checks what the kernel says. Prints
 * "sysswapon: FILE: <strerror>" on failure and exits with the errno
 * (0 on success: the file is then swap space, swapoff it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>

int main(int argc, char **argv)
{
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: sysswapon FILE\n");
		return 2;
	}
	if (swapon(argv[1], 0) == 0)
		return 0;
	err = errno;
	fprintf(stderr, "sysswapon: %s: %s\n", argv[1], strerror(err));
	return err;
}
