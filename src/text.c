/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "autoconf.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool text_is_hex(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len % 2)
		return false;
	for (i = 0; i < len; i++)
		if (hexval((unsigned char)s[i]) < 0)
			return false;
	return true;
}

int text_hex_decode(const char *hex, size_t len, struct buf *out)
{
	size_t i;
	int r;

	if (!text_is_hex(hex, len))
		return -EINVAL;
	r = buf_reserve(out, len / 2);
	if (r < 0)
		return r;
	for (i = 0; i < len; i += 2)
		out->data[out->len++] = (char)(hexval((unsigned char)hex[i]) << 4 |
					       hexval((unsigned char)hex[i + 1]));
	out->data[out->len] = '\0';
	return 0;
}

int text_decode_value(const char *val, size_t len, struct buf *out)
{
	int r;

	if (len >= 2 && val[0] == '"' && val[len - 1] == '"')
		return buf_append(out, val + 1, len - 2);
	if (text_is_hex(val, len)) {
		r = text_hex_decode(val, len, out);
		return r < 0 ? r : 1;
	}
	return buf_append(out, val, len);
}

/*
 * Length of the valid UTF-8 sequence at @p (at most @left bytes), or 0
 * when the byte there does not start one. Rejects overlong forms,
 * surrogates and code points above U+10FFFF (RFC 3629).
 */
static size_t utf8_seq_len(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (left < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

int text_escape(const unsigned char *in, size_t len, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run = 0, n;
	int escaped = 0, r;

	/* Worst case is four output bytes per input byte. */
	r = buf_reserve(out, len);
	if (r < 0)
		return r;
	while (i < len) {
		n = in[i] ? utf8_seq_len(in + i, len - i) : 0;
		if (n && in[i] != '\\') {
			i += n;
			run += n;
			continue;
		}
		if (run) {
			r = buf_append(out, in + i - run, run);
			if (r < 0)
				return r;
			run = 0;
		}
		if (in[i] == '\\') {
			r = buf_append(out, "\\\\", 2);
		} else {
			char esc[4] = { '\\', 'x', hex[in[i] >> 4],
					hex[in[i] & 0xf] };

			r = buf_append(out, esc, sizeof(esc));
			escaped = 1;
		}
		if (r < 0)
			return r;
		i++;
	}
	if (run) {
		r = buf_append(out, in + i - run, run);
		if (r < 0)
			return r;
	}
	return escaped;
}

/* @lossless: under the encoding rule; else JSON escaping only. */
static int json_escape(const unsigned char *in, size_t len, struct buf *out,
		       bool lossless)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *end = in + len;
	unsigned char c;
	int escaped = 0, r;
	char *o;
	size_t n;

	/* at most six bytes out per byte in (\u00XX) */
	if (len > (SIZE_MAX - out->len - 1) / 6)
		return -ENOMEM;
	r = buf_reserve(out, len * 6);
	if (r < 0)
		return r;
	o = out->data + out->len;
	while (in < end) {
		c = *in;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			*o++ = (char)c;
			in++;
			continue;
		}
		if (c >= 0x80 && !lossless) {
			*o++ = (char)c;
			in++;
			continue;
		}
		if (c >= 0x80) {
			n = utf8_seq_len(in, (size_t)(end - in));
			if (n) {
				memcpy(o, in, n);
				o += n;
				in += n;
				continue;
			}
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\':
			if (lossless) {
				*o++ = '\\';
				*o++ = '\\';
			}
			*o++ = '\\';
			break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			if (c == 0 || c >= 0x80) {
				/* \xHH, its backslash escaped for JSON */
				*o++ = '\\';
				*o++ = 'x';
				escaped = 1;
			} else {
				*o++ = 'u';
				*o++ = '0';
				*o++ = '0';
			}
			*o++ = hex[c >> 4];
			*o++ = hex[c & 0xf];
		}
		in++;
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return escaped;
}

int text_json_escape(const unsigned char *in, size_t len, struct buf *out)
{
	return json_escape(in, len, out, true);
}

int text_json_quote(const char *in, size_t len, struct buf *out)
{
	return json_escape((const unsigned char *)in, len, out, false);
}

size_t text_copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

char *text_put_uint(char *p, unsigned long long v, int min_digits)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n < min_digits && n < (int)sizeof(digits))
		digits[n++] = '0';
	while (n)
		*p++ = digits[--n];
	return p;
}

bool text_parse_number(const char *s, size_t len, int64_t *ret_value)
{
	bool neg = false;
	int64_t v = 0;
	size_t i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len || len - i > 16)
		return false;
	if (s[i] == '0' && len - i > 1)
		return false;
	if (neg && s[i] == '0')
		return false;	/* "-0" is not how anyone writes zero */
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > TEXT_NUMBER_MAX)
		return false;
	*ret_value = neg ? -v : v;
	return true;
}
