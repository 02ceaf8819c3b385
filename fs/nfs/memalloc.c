// SPDX-License-Identifier: GPL-2.0
/*
 * Swap over NFS: the setups that are refused, and the memalloc mount option.
 *
 * Swap over NFS is safe only where a swap-out can always complete: the
 * transport must be able to reconnect and receive the server's replies from
 * the emergency reserve alone. Some setups cannot, and are refused with an
 * errno of their own and one line in the kernel log:
 *
 * - soft and softerr mounts (swapon only): a swap-in whose READ times out
 *   fails the fault and kills the process;
 * - xprtsec=tls|mtls: every reconnect needs tlshd in user space;
 * - RDMA transports: they have no emergency reserve.
 *
 * A mount with -o memalloc gives its transports their emergency reserves
 * (rpc_clnt_swap_activate()) from mount time to umount, as a swapon on it
 * would: for diskless clients whose root, and whatever swap file or
 * writeback it carries, lives on the mount. It cannot be changed by a
 * remount, and a mount that carries swap (or is mounted memalloc) cannot be
 * remounted soft or softerr: both refused with EINVAL, as nfs_reconfigure()
 * refuses other changes, but with the reason in the kernel log.
 */

#include <linux/nfs_fs.h>
#include <linux/nfs_mount.h>
#include <linux/printk.h>
#include <linux/sunrpc/clnt.h>
#include <linux/sunrpc/xprt.h>

#include "memalloc.h"

/**
 * nfs_swap_refused - is swap over this mount refused, and why
 * @server: the mount
 * @swapon: for a swapon (soft mounts are refused too); false for a memalloc
 *	mount
 *
 * Logs one line naming the server and the reason when it refuses.
 *
 * Return: 0 if accepted; -EPERM for a soft or softerr mount (swapon only),
 * -EPROTONOSUPPORT for xprtsec=tls|mtls, -EOPNOTSUPP for RDMA.
 */
int nfs_swap_refused(struct nfs_server *server, bool swapon)
{
	struct nfs_client *cl = server->nfs_client;
	const char *what = swapon ? "swapon" : "memalloc";

	if (swapon && (server->flags & (NFS_MOUNT_SOFT | NFS_MOUNT_SOFTERR))) {
		pr_warn("NFS: swapon refused (%s): soft or softerr mount: a timed-out swap-in kills the process; mount with hard\n",
			cl->cl_hostname);
		return -EPERM;
	}
	if (cl->cl_xprtsec.policy != RPC_XPRTSEC_NONE) {
		pr_warn("NFS: %s refused (%s): xprtsec=tls|mtls: each reconnect needs tlshd in user space, which cannot run without memory\n",
			what, cl->cl_hostname);
		return -EPROTONOSUPPORT;
	}
	if (cl->cl_proto == XPRT_TRANSPORT_RDMA) {
		pr_warn("NFS: %s refused (%s): RDMA transport: it has no emergency reserve\n",
			what, cl->cl_hostname);
		return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * nfs_remount_refused - is a remount refused for swap's sake, and why
 * @server: the mounted filesystem
 * @flags: the NFS_MOUNT_* flags the remount asks for
 *
 * Only the refusals that concern swap; nfs_reconfigure() goes on to refuse
 * other changes (among them soft or hard, for every mount) without a word.
 * Logs one line naming the server and the reason when it refuses.
 *
 * Return: 0, or -EINVAL if the remount would change memalloc, or would make
 * soft or softerr a mount whose transports carry swap or memalloc.
 */
int nfs_remount_refused(struct nfs_server *server, unsigned int flags)
{
	const char *host = server->nfs_client->cl_hostname;
	struct rpc_clnt *clnt = server->client;

	/* rpc_clnt_swap_activate() counts swappers at the root client */
	while (clnt != clnt->cl_parent)
		clnt = clnt->cl_parent;

	if ((flags ^ server->flags) & NFS_MOUNT_MEMALLOC) {
		pr_warn("NFS: remount refused (%s): memalloc cannot change on remount\n",
			host);
		return -EINVAL;
	}
	if ((flags & ~server->flags & (NFS_MOUNT_SOFT | NFS_MOUNT_SOFTERR)) &&
	    atomic_read(&clnt->cl_swapper)) {
		pr_warn("NFS: remount refused (%s): soft or softerr on a mount that carries swap or memalloc: a timed-out swap-in kills the process\n",
			host);
		return -EINVAL;
	}
	return 0;
}

/**
 * nfs_server_memalloc_start - reserves for a memalloc mount's transports
 * @server: a new mount, its rpc_clnt created
 *
 * Nothing unless the mount asked for memalloc. Undone by
 * nfs_server_memalloc_stop(). May sleep.
 *
 * Return: 0, or an errno of nfs_swap_refused(), or -EINVAL if the kernel
 * cannot swap over NFS (CONFIG_NFS_SWAP).
 */
int nfs_server_memalloc_start(struct nfs_server *server)
{
	int err;

	if (!(server->flags & NFS_MOUNT_MEMALLOC) || server->memalloc_active)
		return 0;
	if (!IS_ENABLED(CONFIG_NFS_SWAP)) {
		pr_warn("NFS: memalloc refused (%s): this kernel cannot swap over NFS (CONFIG_NFS_SWAP)\n",
			server->nfs_client->cl_hostname);
		return -EINVAL;
	}
	err = nfs_swap_refused(server, false);
	if (err)
		return err;
	err = rpc_clnt_swap_activate(server->client);
	if (err)
		return err;
	server->memalloc_active = true;
	return 0;
}
EXPORT_SYMBOL_GPL(nfs_server_memalloc_start);

/**
 * nfs_server_memalloc_stop - a memalloc mount goes away
 * @server: the mount, its rpc_clnt not yet shut down
 *
 * Returns its transports' reserves, unless swap files on the mount still
 * hold them. Nothing if nfs_server_memalloc_start() did nothing. May sleep.
 */
void nfs_server_memalloc_stop(struct nfs_server *server)
{
	if (!server->memalloc_active)
		return;
	rpc_clnt_swap_deactivate(server->client);
	server->memalloc_active = false;
}
