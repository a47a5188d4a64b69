/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * text.h - decoding audit field values and encoding bytes as JSON-safe
 * UTF-8 text. Pure: no I/O, no logging.
 *
 * The encoding rule (docs/schema.md, "Strings"): bytes that form valid
 * UTF-8 are copied; every other byte, NUL included, becomes the four
 * characters \xHH (lowercase hex); a backslash becomes \\. The original
 * bytes are recovered by reading \\ as \ and \xHH as the byte HH.
 */
#ifndef AUDISP_CGROUP_TEXT_H
#define AUDISP_CGROUP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Largest integer written as a JSON number (2^53: exact in a double). */
#define TEXT_NUMBER_MAX 9007199254740992LL

/* True when @s[0..len) is non-empty, even-length and all hex digits. */
bool text_is_hex(const char *s, size_t len);

/*
 * Decode @len hex digits of @hex into bytes appended to @out.
 * Returns 0, -EINVAL when @hex is not even-length hex (@out unchanged),
 * or -ENOMEM.
 */
int text_hex_decode(const char *hex, size_t len, struct buf *out);

/*
 * Decode one audit field value as the kernel writes it: "quoted" text
 * loses its quotes, unquoted hex is decoded, anything else is copied.
 * Appends the raw bytes to @out. Returns 1 when the value was hex,
 * 0 when quoted or plain, -ENOMEM on allocation failure.
 */
int text_decode_value(const char *val, size_t len, struct buf *out);

/*
 * Append @len bytes of @in to @out under the encoding rule above.
 * Returns 1 when any byte had to be escaped as \xHH, 0 otherwise,
 * -ENOMEM on allocation failure. The rule in its plain form: output goes
 * through text_json_escape(), which the tests hold against this.
 */
int text_escape(const unsigned char *in, size_t len, struct buf *out);

/*
 * text_escape() and then JSON string escaping in one pass: appends the
 * inside of a JSON string literal (no quotes) whose value is @in under
 * the encoding rule. Control characters are written as cJSON writes
 * them (\n, \u001d, ...). Returns as text_escape() does.
 */
int text_json_escape(const unsigned char *in, size_t len, struct buf *out);

/*
 * JSON string escaping alone, as cJSON prints strings, for text already
 * under the encoding rule (a NUL-free string read back from our JSON).
 * Returns 0 or -ENOMEM.
 */
int text_json_quote(const char *in, size_t len, struct buf *out);

/*
 * Copy the string @src into @dst of @size bytes (at least 1), cut to
 * fit, always NUL-terminated: snprintf(dst, size, "%s", src) without
 * the format machinery, for the hot path. Returns the length copied.
 */
size_t text_copy(char *dst, size_t size, const char *src);

/*
 * Write @v in decimal, at least @min_digits with leading zeros, at @p
 * (room for 20 digits); returns the end.
 */
char *text_put_uint(char *p, unsigned long long v, int min_digits);

/*
 * Parse @s as an unambiguous decimal integer: optional '-', digits, no
 * leading zero (except "0"), magnitude at most TEXT_NUMBER_MAX.
 * Returns true and sets *ret_value, or false (then *ret_value untouched).
 */
bool text_parse_number(const char *s, size_t len, int64_t *ret_value);

#endif
