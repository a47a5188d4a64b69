/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonw.h - write JSON straight into a buf, for the hot path: no tree,
 * no allocation once the buf has grown. Strings are written as cJSON
 * prints them (under the encoding rule of text.h), integers with all
 * their digits.
 *
 * Errors are sticky: calls after a failure do nothing, and jsonw_error()
 * returns the first one (-ENOMEM, or -E2BIG past JSONW_MAX_DEPTH).
 */
#ifndef AUDISP_CGROUP_JSONW_H
#define AUDISP_CGROUP_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JSONW_MAX_DEPTH 16

struct jsonw {
	struct buf *out;
	int err;
	unsigned int depth;
	unsigned long long escaped;	/* strings that needed \xHH */
	bool keyed;			/* a key is written, its value next */
	struct {
		bool empty;		/* nothing written in it yet */
		bool parent_empty;	/* the parent's, before this opened */
		char close;		/* '}' or ']' */
		size_t at;		/* out->len before it (and its key) */
	} level[JSONW_MAX_DEPTH];
};

/* Start writing at the end of @out (not reset). */
void jsonw_init(struct jsonw *w, struct buf *out);

/*
 * Open an object or array as member @key of the open object, or as the
 * next item of the open array (@key NULL), or at the top.
 */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
/* Close the innermost one. */
void jsonw_close(struct jsonw *w);
/* Close it, or take it out again, key and all, when nothing went in. */
void jsonw_close_or_drop(struct jsonw *w);

/*
 * Write the key of the next member alone (the value follows with key
 * NULL): @key escaped, or @len bytes of a key known to need no escaping.
 */
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_key_plain(struct jsonw *w, const char *key, size_t len);

/* Scalars, as member @key or array item (@key NULL). */
void jsonw_string(struct jsonw *w, const char *key, const void *s, size_t len);
void jsonw_cstring(struct jsonw *w, const char *key, const char *s);
/* A string member only when @s is not NULL or empty. */
void jsonw_nonempty(struct jsonw *w, const char *key, const char *s);
void jsonw_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_bool(struct jsonw *w, const char *key, bool v);
void jsonw_null(struct jsonw *w, const char *key);
/* @len bytes of ready JSON as the value. */
void jsonw_raw(struct jsonw *w, const char *key, const char *json, size_t len);

/*
 * For text already under the encoding rule (read back from our own
 * output): the key of the next member, or a string member, escaped for
 * JSON only.
 */
void jsonw_key_encoded(struct jsonw *w, const char *key);
void jsonw_string_encoded(struct jsonw *w, const char *key, const char *s);

static inline int jsonw_error(const struct jsonw *w)
{
	return w->err;
}

#endif
