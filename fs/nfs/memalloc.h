/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Swap over NFS: what is refused, and the memalloc mount option. See
 * fs/nfs/memalloc.c and Documentation/filesystems/nfs/swap.rst.
 */
#ifndef _FS_NFS_MEMALLOC_H
#define _FS_NFS_MEMALLOC_H

#include <linux/nfs_fs_sb.h>

int nfs_swap_refused(struct nfs_server *server, bool swapon);
int nfs_remount_refused(struct nfs_server *server, unsigned int flags);
int nfs_server_memalloc_start(struct nfs_server *server);
void nfs_server_memalloc_stop(struct nfs_server *server);

#endif /* _FS_NFS_MEMALLOC_H */
