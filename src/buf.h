/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * buf.h - a growable byte buffer, reused across events so the hot path
 * does not allocate once it has warmed up.
 *
 * A buf owns its data; buf_free() releases it and accepts NULL. The data
 * is always NUL-terminated after a successful append.
 */
#ifndef AUDISP_CGROUP_BUF_H
#define AUDISP_CGROUP_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for @extra more bytes plus a NUL. 0 or -ENOMEM. */
int buf_reserve(struct buf *b, size_t extra);
/* Append @len bytes. 0 or -ENOMEM (the buffer is unchanged then). */
int buf_append(struct buf *b, const void *data, size_t len);
/* Append a NUL-terminated string. 0 or -ENOMEM. */
int buf_puts(struct buf *b, const char *s);
/* Append one byte. 0 or -ENOMEM. */
int buf_putc(struct buf *b, char c);
/* Forget the contents, keep the memory. */
void buf_reset(struct buf *b);
/* Release the memory; @b may be NULL. */
void buf_free(struct buf *b);

#endif
