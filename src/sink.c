/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sink.c - file, syslog and stdout outputs.
 *
 * State is split by lifetime (rsyslog's omprog): what the config said is
 * copied at open, the live handles are reopened at will. Writes retry on
 * EINTR and finish partial writes; errors are counted and logged at most
 * once a minute per output.
 *
 * syslog is spoken directly on the local socket (not syslog(3), which
 * drops messages silently when the socket is missing or full): a
 * failure is seen, retried once after reconnecting, and counted.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "sink.h"

/* How long a full syslog socket may hold us before the line counts lost. */
#define SYSLOG_WAIT_MS 200
/* How often a broken output is retried. */
#define RETRY_SECONDS 5

struct sink {
	/* from the config */
	unsigned int outputs;	/* 1 << enum config_output */
	char *path;
	mode_t mode;
	unsigned long long max_size;
	unsigned int rotate;
	char *ident;
	char *socket_path;
	char *prefix;
	bool split;		/* format = text: one message per record */
	int facility;
	int priority;
	/* live */
	int fd;			/* the file, or -1 */
	unsigned long long size; /* of the file, for rotation */
	time_t file_retry_at;
	int sock;		/* the syslog socket, or -1 */
	time_t sock_retry_at;
	struct buf msg;		/* the syslog message being built */
	struct buf pending;	/* lines for the file, not written yet */
	unsigned long long pending_lines;
	struct sink_stats stats;
	struct log_limit file_limit, syslog_limit, stdout_limit;
};

static time_t now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int open_file(struct sink *s)
{
	struct stat st;
	int fd, r;

	fd = open(s->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
		  s->mode);
	if (fd < 0) {
		r = -errno;
		s->file_retry_at = now_mono() + RETRY_SECONDS;
		log_limited(&s->file_limit, 60, LOG_ERR,
			    "cannot open output file %s: %s%s", s->path,
			    strerror(-r), r == -ENOENT ?
			    " (does its directory exist?)" : "");
		return r;
	}
	s->fd = fd;
	s->size = fstat(fd, &st) == 0 ? (unsigned long long)st.st_size : 0;
	return 0;
}

static void close_file(struct sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* file -> file.1 -> ... -> file.N, then a new file. */
static int rotate_file(struct sink *s)
{
	char from[4200], to[4200];
	unsigned int i;

	close_file(s);
	for (i = s->rotate; i > 0; i--) {
		if (i == 1)
			snprintf(from, sizeof(from), "%s", s->path);
		else
			snprintf(from, sizeof(from), "%s.%u", s->path, i - 1);
		snprintf(to, sizeof(to), "%s.%u", s->path, i);
		if (rename(from, to) < 0 && errno != ENOENT)
			log_limited(&s->file_limit, 60, LOG_WARNING,
				    "cannot rotate %s to %s: %s", from, to,
				    strerror(errno));
	}
	if (s->rotate == 0 && unlink(s->path) < 0 && errno != ENOENT)
		return -errno;
	s->stats.rotations++;
	return open_file(s);
}

static int connect_syslog(struct sink *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	if (s->sock >= 0)
		close(s->sock);
	s->sock = -1;
	if (strlen(s->socket_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, s->socket_path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = -errno;
		close(fd);
		s->sock_retry_at = now_mono() + 1;
		return r;
	}
	s->sock = fd;
	return 0;
}

int sink_open(const struct config *cfg, struct sink **ret_s)
{
	struct sink *s;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->outputs = cfg->outputs;
	s->mode = cfg->file_mode;
	s->max_size = cfg->file_max_size;
	s->rotate = cfg->file_rotate;
	s->facility = cfg->syslog_facility;
	s->priority = cfg->syslog_priority;
	s->fd = s->sock = -1;
	s->split = cfg->format == CONFIG_FORMAT_TEXT;
	s->path = strdup(cfg->file);
	s->ident = strdup(cfg->syslog_ident);
	s->socket_path = strdup(cfg->syslog_socket);
	s->prefix = strdup(cfg->syslog_prefix);
	if (!s->path || !s->ident || !s->socket_path || !s->prefix) {
		sink_close(s);
		return -ENOMEM;
	}
	if (s->outputs & (1u << CONFIG_OUTPUT_FILE))
		open_file(s);
	if (s->outputs & (1u << CONFIG_OUTPUT_SYSLOG)) {
		int r = connect_syslog(s);

		if (r < 0)
			log_limited(&s->syslog_limit, 60, LOG_ERR,
				    "cannot reach syslog at %s: %s; will retry",
				    s->socket_path, strerror(-r));
	}
	*ret_s = s;
	return 0;
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

static int write_line(int fd, const char *line, size_t len)
{
	struct iovec iov[2] = {
		{ .iov_base = (void *)line, .iov_len = len },
		{ .iov_base = (void *)"\n", .iov_len = 1 },
	};

	return write_all(fd, iov, 2);
}

/*
 * Write the lines gathered for the file. On failure the lines not
 * written whole move from delivered to errors: a write that stopped
 * part way still delivered the lines before it.
 */
static int flush_file(struct sink *s)
{
	unsigned long long written = 0;
	size_t off = 0;
	ssize_t n;
	int r = 0;

	if (!s->pending.len)
		return 0;
	if (s->fd < 0)
		r = -EBADF;
	while (r == 0 && off < s->pending.len) {
		n = write(s->fd, s->pending.data + off, s->pending.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = -errno;
		else if (n == 0)
			r = -EIO;
		else
			off += (size_t)n;
	}
	s->size += off;
	if (r < 0) {
		const char *p = s->pending.data, *end = p + off;

		while ((p = memchr(p, '\n', (size_t)(end - p)))) {
			written++;
			p++;
		}
		s->stats.lines -= s->pending_lines - written;
		s->stats.errors += s->pending_lines - written;
		log_limited(&s->file_limit, 60, LOG_ERR,
			    "cannot write to %s: %s (%llu lines lost so far)",
			    s->path, strerror(-r), s->stats.errors);
	}
	buf_reset(&s->pending);
	s->pending_lines = 0;
	return r;
}

/*
 * Gather a line for the file: counted delivered now, and moved to the
 * errors if writing it fails later (flush_file()).
 */
static int write_file(struct sink *s, const char *line, size_t len)
{
	int r;

	if (s->fd < 0) {
		r = now_mono() < s->file_retry_at ? -EBADF : open_file(s);
		if (r < 0)
			goto lost;
	}
	if (s->max_size && s->size + s->pending.len &&
	    s->size + s->pending.len + len + 1 > s->max_size) {
		flush_file(s);
		r = rotate_file(s);
		if (r < 0)
			goto lost;
	}
	if (buf_reserve(&s->pending, len + 1) < 0) {
		r = -ENOMEM;
		goto lost;
	}
	buf_append(&s->pending, line, len);
	buf_putc(&s->pending, '\n');
	s->pending_lines++;
	s->stats.lines++;
	if (s->pending.len >= SINK_FILE_BATCH)
		return flush_file(s);
	return 0;
lost:
	s->stats.errors++;
	return r;
}

/* "<PRI>Mmm dd hh:mm:ss ident[pid]: prefix" + line, as syslog(3) writes. */
static int build_syslog(struct sink *s, const char *line, size_t len)
{
	char head[512], stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	int n;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	n = snprintf(head, sizeof(head), "<%d>%s %s[%d]: %s",
		     s->facility | s->priority, stamp, s->ident, (int)getpid(),
		     s->prefix);
	if (n < 0 || (size_t)n >= sizeof(head))
		return -ENAMETOOLONG;
	buf_reset(&s->msg);
	if (buf_append(&s->msg, head, (size_t)n) < 0 ||
	    buf_append(&s->msg, line, len) < 0)
		return -ENOMEM;
	return 0;
}

static int send_syslog(struct sink *s)
{
	struct pollfd pfd;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		if (s->sock < 0) {
			if (tries == 0 && now_mono() < s->sock_retry_at)
				return -ENOTCONN;
			if (connect_syslog(s) < 0)
				return -ENOTCONN;
		}
		if (send(s->sock, s->msg.data, s->msg.len,
			 MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return 0;
		s->stats.retries++;
		switch (errno) {
		case EINTR:
			continue;
		case EAGAIN:
			/* the reader is slow: wait a little, bounded */
			pfd.fd = s->sock;
			pfd.events = POLLOUT;
			poll(&pfd, 1, SYSLOG_WAIT_MS);
			continue;
		case EMSGSIZE:
			return -EMSGSIZE;
		default:
			/* the daemon restarted, or went: reconnect */
			close(s->sock);
			s->sock = -1;
			continue;
		}
	}
	return -EAGAIN;
}

static int write_syslog(struct sink *s, const char *line, size_t len)
{
	const char *nl;
	size_t n;
	int r;

	/* text: each record its own message, as audit's syslog plugin does */
	while (s->split && (nl = memchr(line, '\n', len))) {
		n = (size_t)(nl - line);
		r = build_syslog(s, line, n);
		if (r == 0)
			r = send_syslog(s);
		if (r < 0)
			goto fail;
		line += n + 1;
		len -= n + 1;
	}
	r = build_syslog(s, line, len);
	if (r == 0)
		r = send_syslog(s);
fail:
	if (r < 0)
		log_limited(&s->syslog_limit, 60, LOG_ERR,
			    "cannot send to syslog at %s: %s (%llu lines lost so far)",
			    s->socket_path, strerror(-r), s->stats.errors + 1);
	return r;
}

int sink_write(struct sink *s, const char *line, size_t len,
	       const char *fit, size_t fit_len)
{
	int r, ret = 0;

	if (s->outputs & (1u << CONFIG_OUTPUT_FILE)) {
		r = write_file(s, line, len);
		if (r < 0)
			ret = r;
	}
	if (s->outputs & (1u << CONFIG_OUTPUT_STDOUT)) {
		r = write_line(STDOUT_FILENO, line, len);
		if (r < 0) {
			s->stats.errors++;
			log_limited(&s->stdout_limit, 60, LOG_ERR,
				    "cannot write to stdout: %s", strerror(-r));
			ret = r;
		} else {
			s->stats.lines++;
		}
	}
	if (s->outputs & (1u << CONFIG_OUTPUT_SYSLOG)) {
		r = write_syslog(s, fit, fit_len);
		if (r < 0) {
			s->stats.errors++;
			ret = r;
		} else {
			s->stats.lines++;
		}
	}
	return ret;
}

int sink_flush(struct sink *s)
{
	return flush_file(s);
}

int sink_reopen(struct sink *s)
{
	int r = 0;

	if (s->outputs & (1u << CONFIG_OUTPUT_FILE)) {
		flush_file(s);
		close_file(s);
		r = open_file(s);
	}
	if (s->outputs & (1u << CONFIG_OUTPUT_SYSLOG))
		connect_syslog(s);
	return r;
}

const struct sink_stats *sink_get_stats(const struct sink *s)
{
	return &s->stats;
}

void sink_close(struct sink *s)
{
	if (!s)
		return;
	flush_file(s);
	close_file(s);
	if (s->sock >= 0)
		close(s->sock);
	buf_free(&s->msg);
	buf_free(&s->pending);
	free(s->path);
	free(s->ident);
	free(s->socket_path);
	free(s->prefix);
	free(s);
}
