/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sink.c - file, syslog and stdout outputs.
 *
 * State is split by lifetime (rsyslog's omprog): what the config said is
 * copied at open, the live handle is reopened at will. Writes retry on
 * EINTR and finish partial writes; errors are counted and logged at most
 * once a minute per kind.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "sink.h"

struct sink {
	/* from the config */
	enum config_output kind;
	char *path;
	mode_t mode;
	char *ident;
	int facility;
	int priority;
	/* live */
	int fd;
	struct sink_stats stats;
	struct log_limit write_limit;
};

static int open_file(struct sink *s)
{
	int fd;

	fd = open(s->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
		  s->mode);
	if (fd < 0) {
		int r = -errno;

		log_msg(LOG_ERR, "cannot open output file %s: %s", s->path,
			strerror(-r));
		return r;
	}
	s->fd = fd;
	return 0;
}

int sink_open(const struct config *cfg, struct sink **ret_s)
{
	struct sink *s;
	int r;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->kind = cfg->output;
	s->mode = cfg->file_mode;
	s->facility = cfg->syslog_facility;
	s->priority = cfg->syslog_priority;
	s->fd = -1;
	s->path = strdup(cfg->file);
	s->ident = strdup(cfg->syslog_ident);
	if (!s->path || !s->ident) {
		r = -ENOMEM;
		goto fail;
	}
	switch (s->kind) {
	case CONFIG_OUTPUT_FILE:
		r = open_file(s);
		if (r < 0)
			goto fail;
		break;
	case CONFIG_OUTPUT_STDOUT:
		s->fd = STDOUT_FILENO;
		break;
	case CONFIG_OUTPUT_SYSLOG:
		openlog(s->ident, LOG_PID | LOG_NDELAY, s->facility);
		break;
	default:
		r = -EINVAL;
		goto fail;
	}
	*ret_s = s;
	return 0;
fail:
	sink_close(s);
	return r;
}

/* Write all of @iov, retrying EINTR and partial writes. */
static int write_all(int fd, struct iovec *iov, int cnt)
{
	ssize_t n;

	while (cnt) {
		n = writev(fd, iov, cnt);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		while (cnt && (size_t)n >= iov->iov_len) {
			n -= (ssize_t)iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

int sink_write(struct sink *s, const char *line, size_t len)
{
	struct iovec iov[2];
	int r;

	if (s->kind == CONFIG_OUTPUT_SYSLOG) {
		syslog(s->priority, "%.*s", (int)len, line);
		s->stats.lines++;
		return 0;
	}
	if (s->fd < 0) {
		r = -EBADF;
		goto fail;
	}
	iov[0].iov_base = (void *)line;
	iov[0].iov_len = len;
	iov[1].iov_base = (void *)"\n";
	iov[1].iov_len = 1;
	r = write_all(s->fd, iov, 2);
	if (r < 0)
		goto fail;
	s->stats.lines++;
	return 0;
fail:
	s->stats.errors++;
	log_limited(&s->write_limit, 60, LOG_ERR,
		    "cannot write to %s: %s (%llu lines lost so far)",
		    s->kind == CONFIG_OUTPUT_FILE ? s->path : "stdout",
		    strerror(-r), s->stats.errors);
	return r;
}

int sink_reopen(struct sink *s)
{
	if (s->kind != CONFIG_OUTPUT_FILE)
		return 0;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	return open_file(s);
}

const struct sink_stats *sink_get_stats(const struct sink *s)
{
	return &s->stats;
}

void sink_close(struct sink *s)
{
	if (!s)
		return;
	if (s->kind == CONFIG_OUTPUT_FILE && s->fd >= 0)
		close(s->fd);
	if (s->kind == CONFIG_OUTPUT_SYSLOG)
		closelog();
	free(s->path);
	free(s->ident);
	free(s);
}
