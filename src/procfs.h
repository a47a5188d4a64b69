/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procfs.h - the only reader of <host_root>/proc.
 *
 * The root is a parameter so the plugin can run with the host's root
 * mounted elsewhere, and tests can point it at a fixture tree.
 */
#ifndef AUDISP_CGROUP_PROCFS_H
#define AUDISP_CGROUP_PROCFS_H

#include <stdint.h>
#include <sys/types.h>

/* Largest /proc/PID/cgroup we read; a larger one is -EFBIG. */
#define PROCFS_CGROUP_MAX 16384

struct procfs;

/*
 * Open <host_root>/proc. The caller owns *ret_p and frees it with
 * procfs_close(). Returns 0 or a negative errno from open(2).
 */
int procfs_open(const char *host_root, struct procfs **ret_p);

/* Close; @p may be NULL. */
void procfs_close(struct procfs *p);

/*
 * Read /proc/@pid/cgroup into @buf (@size bytes, NUL-terminated).
 * Returns the length read, -ENOENT/-ESRCH when the process is gone,
 * -EFBIG when the file does not fit, -EINVAL for pid <= 0, or another
 * negative errno.
 */
ssize_t procfs_read_cgroup(struct procfs *p, pid_t pid, char *buf,
			   size_t size);

/* What /proc/PID/stat says of a process that we use. */
struct procfs_stat {
	pid_t ppid;
	unsigned long long start;	/* clock ticks after boot (field 22) */
	char comm[16];			/* truncated by the kernel to 15 */
};

/*
 * Read and parse /proc/@pid/stat. Returns 0 and fills *ret_st, -ENOENT or
 * -ESRCH when the process is gone, -EBADMSG when the file does not parse
 * (*ret_st untouched then), or another negative errno.
 */
int procfs_read_stat(struct procfs *p, pid_t pid, struct procfs_stat *ret_st);

/*
 * Parse the text of a /proc/PID/stat file (pure; for procfs_read_stat()
 * and the tests). Returns 0 or -EBADMSG.
 */
int procfs_parse_stat(const char *text, size_t len, struct procfs_stat *ret_st);

/*
 * Readlink /proc/@pid/exe into @buf (NUL-terminated, cut to @size - 1).
 * Returns the length or a negative errno.
 */
ssize_t procfs_read_exe(struct procfs *p, pid_t pid, char *buf, size_t size);

/*
 * Read /proc/@pid/sessionid (the audit session, as in "ses=").
 * Returns 0 and *ret_ses, or a negative errno.
 */
int procfs_read_sessionid(struct procfs *p, pid_t pid, uint32_t *ret_ses);

#endif
