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
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
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
	snprintf(rel, sizeof(rel), "%d/cgroup", (int)pid);
	return read_small(p->dirfd, rel, buf, size);
}
