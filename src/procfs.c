/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

struct procfs {
	int dirfd;	/* <host_root>/proc */
};

int procfs_open(const char *host_root, struct procfs **ret_p)
{
	struct procfs *p;
	char path[4096];
	int n, fd;

	n = snprintf(path, sizeof(path), "%s/proc", host_root);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	p = malloc(sizeof(*p));
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	p->dirfd = fd;
	*ret_p = p;
	return 0;
}

void procfs_close(struct procfs *p)
{
	if (!p)
		return;
	close(p->dirfd);
	free(p);
}

/* "PID/@name" into @rel (at least 12 + strlen(@name) + 1 bytes). */
static void rel_path(char *rel, pid_t pid, const char *name)
{
	char digits[12];
	unsigned int v = (unsigned int)pid;
	size_t n = 0, i;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < sizeof(digits));
	for (i = 0; i < n; i++)
		rel[i] = digits[n - 1 - i];
	rel[n++] = '/';
	strcpy(rel + n, name);
}

/*
 * Read a whole small file relative to the proc dir into @buf, bounded
 * by @size - 1 bytes. Returns the length or a negative errno.
 */
static ssize_t read_small(int dirfd, const char *rel, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, r;

	if (size < 2)
		return -EINVAL;
	fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	for (;;) {
		size_t want = size - 1 - len;

		n = read(fd, buf + len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		/*
		 * Short: the end. The kernel makes these files whole in one
		 * go (single_open), and a regular file (a fixture) reads
		 * short only at its end. Saves a read per file.
		 */
		if ((size_t)n < want)
			break;
		if (len == size - 1) {
			char probe;

			/* Full: is there more? */
			do
				n = read(fd, &probe, 1);
			while (n < 0 && errno == EINTR);
			if (n != 0) {
				r = n < 0 ? -errno : -EFBIG;
				goto out;
			}
			break;
		}
	}
	buf[len] = '\0';
	r = 0;
out:
	close(fd);
	return r < 0 ? r : (ssize_t)len;
}

ssize_t procfs_read_cgroup(struct procfs *p, pid_t pid, char *buf,
			   size_t size)
{
	char rel[32];

	if (pid <= 0)
		return -EINVAL;
	rel_path(rel, pid, "cgroup");
	return read_small(p->dirfd, rel, buf, size);
}

int procfs_parse_stat(const char *text, size_t len, struct procfs_stat *ret_st)
{
	struct procfs_stat st;
	const char *open, *close, *p, *end = text + len;
	unsigned long long v;
	size_t n;
	int field;

	open = memchr(text, '(', len);
	if (!open)
		return -EBADMSG;
	/* comm may hold ')' and spaces: the last ')' closes it */
	for (close = end; close > open && close[-1] != ')'; close--)
		;
	if (close <= open + 1)
		return -EBADMSG;
	close--;
	memset(&st, 0, sizeof(st));
	n = (size_t)(close - open - 1);
	if (n >= sizeof(st.comm))
		n = sizeof(st.comm) - 1;
	memcpy(st.comm, open + 1, n);
	/* fields after comm: 3 state, 4 ppid, ..., 22 starttime */
	p = close + 1;
	for (field = 3; field <= 22; field++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			return -EBADMSG;
		if (field == 4 || field == 22) {
			v = 0;
			if (*p < '0' || *p > '9')
				return -EBADMSG;
			while (p < end && *p >= '0' && *p <= '9') {
				if (v > (~0ULL - 9) / 10)
					return -EBADMSG;
				v = v * 10 + (unsigned long long)(*p++ - '0');
			}
			if (field == 4) {
				if (v > 0x7fffffffULL)
					return -EBADMSG;
				st.ppid = (pid_t)v;
			} else {
				st.start = v;
			}
		}
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	*ret_st = st;
	return 0;
}

int procfs_read_stat(struct procfs *p, pid_t pid, struct procfs_stat *ret_st)
{
	char rel[32], buf[1024];
	ssize_t n;

	if (pid <= 0)
		return -EINVAL;
	rel_path(rel, pid, "stat");
	n = read_small(p->dirfd, rel, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return procfs_parse_stat(buf, (size_t)n, ret_st);
}

ssize_t procfs_read_exe(struct procfs *p, pid_t pid, char *buf, size_t size)
{
	char rel[32];
	ssize_t n;

	if (pid <= 0 || size < 2)
		return -EINVAL;
	rel_path(rel, pid, "exe");
	n = readlinkat(p->dirfd, rel, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

int procfs_read_sessionid(struct procfs *p, pid_t pid, uint32_t *ret_ses)
{
	char rel[32], buf[32], *end;
	unsigned long v;
	ssize_t n;

	if (pid <= 0)
		return -EINVAL;
	rel_path(rel, pid, "sessionid");
	n = read_small(p->dirfd, rel, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || v > UINT32_MAX)
		return -EBADMSG;
	*ret_ses = (uint32_t)v;
	return 0;
}
