// SPDX-License-Identifier: GPL-2.0
/*
 * A test consumer of the reserve core, for the rig (not a user ABI):
 * /sys/kernel/debug/reserve_test/
 *   pages    write N: declare N pages and connect under the root (0:
 *            disconnect and declare nothing); read: the pages declared
 *   charge   write N: charge N pages without waiting (-ENOMEM if refused);
 *            write -N: uncharge N; read: pages charged through this file
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/mutex.h>
#include <linux/reserve.h>

static struct mem_reserve test_reserve;
static unsigned long test_charged;
static DEFINE_MUTEX(test_mutex);

static int test_pages_get(void *data, u64 *val)
{
	*val = READ_ONCE(test_reserve.own);
	return 0;
}

static int test_pages_set(void *data, u64 val)
{
	int ret;

	mutex_lock(&test_mutex);
	if (!val && test_charged) {
		ret = -EBUSY;
	} else if (!val) {
		mem_reserve_disconnect(&test_reserve);
		ret = mem_reserve_set_pages(&test_reserve, 0);
	} else if (test_reserve.parent) {
		ret = mem_reserve_set_pages(&test_reserve, val);
	} else {
		ret = mem_reserve_set_pages(&test_reserve, val);
		if (!ret)
			ret = mem_reserve_connect(&test_reserve,
						  &mem_reserve_root);
		if (ret)
			mem_reserve_set_pages(&test_reserve, 0);
	}
	mutex_unlock(&test_mutex);
	return ret;
}
DEFINE_DEBUGFS_ATTRIBUTE(test_pages_fops, test_pages_get, test_pages_set,
			 "%llu\n");

static int test_charge_get(void *data, u64 *val)
{
	*val = READ_ONCE(test_charged);
	return 0;
}

static int test_charge_set(void *data, u64 val)
{
	long nr = (long)val;
	int ret = 0;

	mutex_lock(&test_mutex);
	if (nr >= 0) {
		ret = mem_reserve_charge(&test_reserve, nr);
		if (!ret)
			test_charged += nr;
	} else if (-nr <= test_charged) {
		mem_reserve_uncharge(&test_reserve, -nr);
		test_charged += nr;
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&test_mutex);
	return ret;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(test_charge_fops, test_charge_get,
				test_charge_set,
			 "%lld\n");

static int __init mem_reserve_test_init(void)
{
	struct dentry *dir;

	mem_reserve_init(&test_reserve, "reserve_test");
	dir = debugfs_create_dir("reserve_test", NULL);
	debugfs_create_file_unsafe("pages", 0600, dir, NULL, &test_pages_fops);
	debugfs_create_file_unsafe("charge", 0600, dir, NULL, &test_charge_fops);
	return 0;
}
late_initcall(mem_reserve_test_init);
