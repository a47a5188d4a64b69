/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "autoconf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "text.h"

void jsonw_init(struct jsonw *w, struct buf *out)
{
	/* the levels are set as they open: only the top needs it now */
	w->out = out;
	w->err = 0;
	w->depth = 0;
	w->escaped = 0;
	w->keyed = false;
	w->level[0].empty = true;
	w->level[0].parent_empty = true;
	w->level[0].at = 0;
	w->level[0].close = '\0';
}

/* Room for @n more bytes; false (the error kept) when there is none. */
static inline bool room(struct jsonw *w, size_t n)
{
	int r;

	if (w->err)
		return false;
	if (w->out->cap > w->out->len + n)
		return true;
	r = buf_reserve(w->out, n);
	if (r < 0) {
		w->err = r;
		return false;
	}
	return true;
}

static inline void put(struct jsonw *w, const char *s, size_t n)
{
	if (!room(w, n))
		return;
	memcpy(w->out->data + w->out->len, s, n);
	w->out->len += n;
	w->out->data[w->out->len] = '\0';
}

static inline void putc1(struct jsonw *w, char c)
{
	if (!room(w, 1))
		return;
	w->out->data[w->out->len++] = c;
	w->out->data[w->out->len] = '\0';
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Has any byte of @v the value 0? */
static inline uint64_t zero_byte(uint64_t v)
{
	return (v - ONES) & ~v & HIGHS;
}

/*
 * Does any of the eight bytes of @v need more than a copy in a JSON
 * string: a control character, a byte of 0x80 or more (UTF-8 to check),
 * a quote or a backslash?
 */
static inline bool needs_care(uint64_t v)
{
	return ((v - ONES * 0x20) | v | zero_byte(v ^ (ONES * '"')) |
		zero_byte(v ^ (ONES * '\\'))) & HIGHS;
}

/*
 * A string literal; @value: count it in ->escaped (keys are not); @raw:
 * already under the encoding rule, escape for JSON only. Plain ASCII is
 * copied here; the first byte that needs more hands the rest over.
 */
static void quoted(struct jsonw *w, const void *s, size_t len, bool value,
		   bool raw)
{
	const unsigned char *p = s, *end = p + len;
	char *o;
	int r;

	if (!room(w, len + 2))
		return;
	o = w->out->data + w->out->len;
	*o++ = '"';
	/* eight bytes a step while none of them needs care */
	while (end - p >= 8) {
		uint64_t v;

		memcpy(&v, p, 8);
		if (needs_care(v))
			break;
		memcpy(o, p, 8);
		o += 8;
		p += 8;
	}
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		*o++ = (char)*p++;
	w->out->len = (size_t)(o - w->out->data);
	if (p < end) {
		r = raw ? text_json_quote((const char *)p, (size_t)(end - p),
					  w->out) :
			  text_json_escape(p, (size_t)(end - p), w->out);
		if (r < 0) {
			w->err = r;
			return;
		}
		if (value)
			w->escaped += (unsigned long long)r;
	}
	putc1(w, '"');
}

/* The comma and key before a value; @raw: the key is already encoded. */
static void member_key(struct jsonw *w, const char *key, bool raw)
{
	if (w->err)
		return;
	if (w->keyed) {
		/* jsonw_key() wrote it */
		w->keyed = false;
		return;
	}
	if (!w->level[w->depth].empty)
		putc1(w, ',');
	w->level[w->depth].empty = false;
	if (key) {
		quoted(w, key, strlen(key), false, raw);
		putc1(w, ':');
	}
}

static void member(struct jsonw *w, const char *key)
{
	member_key(w, key, false);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	member_key(w, key, false);
	w->keyed = true;
}

void jsonw_key_plain(struct jsonw *w, const char *key, size_t len)
{
	char *o;

	if (w->err)
		return;
	if (!room(w, len + 4))
		return;
	o = w->out->data + w->out->len;
	if (!w->level[w->depth].empty)
		*o++ = ',';
	w->level[w->depth].empty = false;
	*o++ = '"';
	memcpy(o, key, len);
	o += len;
	*o++ = '"';
	*o++ = ':';
	*o = '\0';
	w->out->len = (size_t)(o - w->out->data);
	w->keyed = true;
}

static void open_level(struct jsonw *w, const char *key, bool raw_key,
		       const char *brace, char close)
{
	size_t at = w->out->len;
	bool parent_empty = w->level[w->depth].empty;

	if (w->err)
		return;
	if (w->depth + 1 >= JSONW_MAX_DEPTH) {
		w->err = -E2BIG;
		return;
	}
	member_key(w, key, raw_key);
	put(w, brace, 1);
	w->depth++;
	w->level[w->depth].empty = true;
	w->level[w->depth].parent_empty = parent_empty;
	w->level[w->depth].at = at;
	w->level[w->depth].close = close;
}

void jsonw_object(struct jsonw *w, const char *key)
{
	open_level(w, key, false, "{", '}');
}

void jsonw_array(struct jsonw *w, const char *key)
{
	open_level(w, key, false, "[", ']');
}

void jsonw_close(struct jsonw *w)
{
	if (w->err || !w->depth)
		return;
	put(w, &w->level[w->depth].close, 1);
	w->depth--;
}

void jsonw_close_or_drop(struct jsonw *w)
{
	if (w->err || !w->depth)
		return;
	if (!w->level[w->depth].empty) {
		jsonw_close(w);
		return;
	}
	w->out->len = w->level[w->depth].at;
	w->out->data[w->out->len] = '\0';
	w->level[w->depth - 1].empty = w->level[w->depth].parent_empty;
	w->depth--;
}

void jsonw_string(struct jsonw *w, const char *key, const void *s, size_t len)
{
	member(w, key);
	quoted(w, s, len, true, false);
}

void jsonw_cstring(struct jsonw *w, const char *key, const char *s)
{
	jsonw_string(w, key, s, strlen(s));
}

void jsonw_nonempty(struct jsonw *w, const char *key, const char *s)
{
	if (s && *s)
		jsonw_string(w, key, s, strlen(s));
}

void jsonw_int(struct jsonw *w, const char *key, int64_t v)
{
	char num[24], *p = num + sizeof(num);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	member(w, key);
	put(w, p, (size_t)(num + sizeof(num) - p));
}

void jsonw_bool(struct jsonw *w, const char *key, bool v)
{
	member(w, key);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jsonw_null(struct jsonw *w, const char *key)
{
	member(w, key);
	put(w, "null", 4);
}

void jsonw_raw(struct jsonw *w, const char *key, const char *json, size_t len)
{
	member(w, key);
	put(w, json, len);
}

void jsonw_key_encoded(struct jsonw *w, const char *key)
{
	member_key(w, key, true);
	w->keyed = true;
}

void jsonw_string_encoded(struct jsonw *w, const char *key, const char *s)
{
	member_key(w, key, true);
	quoted(w, s, strlen(s), false, true);
}
