/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_text.c - value decoding and the lossless string encoding rule. */
#include "autoconf.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "jsonw.h"
#include "text.h"

struct escape_case {
	const char *in;
	size_t len;
	const char *out;
	int escaped;
};

#define E(s, o, e) { s, sizeof(s) - 1, o, e }

static const struct escape_case escape_cases[] = {
	E("", "", 0),
	E("plain ascii", "plain ascii", 0),
	E("tab\there\nnewline", "tab\there\nnewline", 0),	/* JSON escapes these */
	E("caf\xc3\xa9", "caf\xc3\xa9", 0),			/* é */
	E("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87", 0),
	E("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", 0),		/* emoji */
	E("back\\slash", "back\\\\slash", 0),
	E("\\x41", "\\\\x41", 0),		/* literal text stays distinct */
	E("\xff\xfe", "\\xff\\xfe", 1),
	E("a\xe2\x82", "a\\xe2\\x82", 1),	/* truncated sequence */
	E("\xe2\x82z", "\\xe2\\x82z", 1),
	E("\xc0\xaf", "\\xc0\\xaf", 1),		/* overlong '/' */
	E("\xed\xa0\x80", "\\xed\\xa0\\x80", 1),	/* surrogate */
	E("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", 1), /* > U+10FFFF */
	E("nul\0byte", "nul\\x00byte", 1),
	E("\x1d", "\x1d", 0),			/* control: JSON escapes it */
	E("\x7f", "\x7f", 0),
};

static void test_escape_table(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;
	int r, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(escape_cases) / sizeof(escape_cases[0]); i++) {
		const struct escape_case *c = &escape_cases[i];

		buf_reset(&b);
		r = text_escape((const unsigned char *)c->in, c->len, &b);
		if (r != c->escaped || strcmp(b.data, c->out) != 0) {
			print_error("case %zu: -> '%s' (%d), expected '%s' (%d)\n",
				    i, b.data, r, c->out, c->escaped);
			failed++;
		}
	}
	buf_free(&b);
	assert_int_equal(failed, 0);
}

/* Undo the encoding rule, as a consumer would. */
static size_t unescape(const char *s, unsigned char *out)
{
	size_t n = 0;
	unsigned int v;

	while (*s) {
		if (s[0] == '\\' && s[1] == '\\') {
			out[n++] = '\\';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 'x' &&
			   sscanf(s + 2, "%2x", &v) == 1) {
			out[n++] = (unsigned char)v;
			s += 4;
		} else {
			out[n++] = (unsigned char)*s++;
		}
	}
	return n;
}

/*
 * @len pseudo-random bytes from *@seed, one in @one_in of them taken from
 * the eight @interesting ones.
 */
static void random_bytes(unsigned char *in, size_t len, unsigned int *seed,
			 const char *interesting, unsigned int one_in)
{
	size_t i;

	for (i = 0; i < len; i++) {
		*seed = *seed * 1103515245u + 12345u;
		in[i] = (unsigned char)((*seed >> 16) & 0xff);
		if ((*seed >> 8) % one_in == 0)
			in[i] = (unsigned char)interesting[(*seed >> 3) % 8];
	}
}

/* Every byte string survives escape + unescape. */
static void test_escape_roundtrip(void **state)
{
	unsigned char in[64], back[256];
	struct buf b = BUF_INIT;
	unsigned int seed = 12345;
	size_t len, n;
	int iter;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		len = (size_t)(iter % 40);
		random_bytes(in, len, &seed, "\\x\xc3\xa9\xe2\x82\xac\xf0", 4);
		buf_reset(&b);
		assert_true(text_escape(in, len, &b) >= 0);
		n = unescape(b.data, back);
		assert_int_equal(n, len);
		assert_memory_equal(back, in, len);
	}
	buf_free(&b);
}

/*
 * The one-pass JSON escaper writes what cJSON prints for the string
 * text_escape() makes, for any bytes: the streamed events and the ones
 * cut through cJSON read the same.
 */
static void test_json_escape_is_cjson(void **state)
{
	unsigned char in[64];
	struct buf esc = BUF_INIT, out = BUF_INIT;
	unsigned int seed = 777;
	size_t len, i;
	int iter, r1, r2;
	struct jsonw w;
	cJSON *s;
	char *printed;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		len = (size_t)(iter % 40);
		random_bytes(in, len, &seed, "\\\"\n\t\x1d\x7f\xc3\xa9", 3);
		/* every other string plain but for one byte, so that runs of
		 * eight plain bytes come up */
		for (i = 0; (iter & 1) && i < len; i++)
			in[i] = (unsigned char)('a' + (i * 7 + seed) % 26);
		if ((iter & 1) && len)
			in[seed % len] = "\\\"\n\x80\xc3\xff\x01z"[(seed >> 9) % 8];
		buf_reset(&esc);
		buf_reset(&out);
		r1 = text_escape(in, len, &esc);
		r2 = text_json_escape(in, len, &out);
		assert_int_equal(r1, r2);
		s = cJSON_CreateString(esc.data ? esc.data : "");
		assert_non_null(s);
		printed = cJSON_PrintUnformatted(s);
		assert_non_null(printed);
		/* cJSON's has the quotes */
		assert_int_equal(strlen(printed), out.len + 2);
		assert_memory_equal(printed + 1, out.data ? out.data : "", out.len);
		/* and the writer's own fast path writes the same */
		buf_reset(&esc);
		jsonw_init(&w, &esc);
		jsonw_string(&w, NULL, in, len);
		assert_int_equal(jsonw_error(&w), 0);
		assert_string_equal(esc.data, printed);
		assert_int_equal(w.escaped, (unsigned long long)r1);
		cJSON_free(printed);
		cJSON_Delete(s);
	}
	buf_free(&esc);
	buf_free(&out);
}

/* The writer: nesting, commas, empty objects dropped, integers exact. */
static void test_jsonw(void **state)
{
	static const int64_t nums[] = { 0, -1, 7, 4294967295LL,
		TEXT_NUMBER_MAX, -TEXT_NUMBER_MAX, 1234567890123456LL };
	struct buf b = BUF_INIT;
	struct jsonw w;
	char want[64];
	size_t i;
	cJSON *n;
	int k;

	(void)state;
	jsonw_init(&w, &b);
	jsonw_object(&w, NULL);
	jsonw_cstring(&w, "a", "x");
	jsonw_object(&w, "empty");
	jsonw_nonempty(&w, "no", "");
	jsonw_close_or_drop(&w);
	jsonw_array(&w, "l");
	jsonw_int(&w, NULL, 1);
	jsonw_object(&w, NULL);
	jsonw_close_or_drop(&w);
	jsonw_bool(&w, NULL, false);
	jsonw_null(&w, NULL);
	jsonw_close(&w);
	jsonw_object(&w, "o{[");
	jsonw_raw(&w, "r", "[1]", 3);
	jsonw_close_or_drop(&w);
	jsonw_close(&w);
	assert_int_equal(jsonw_error(&w), 0);
	assert_string_equal(b.data,
			    "{\"a\":\"x\",\"l\":[1,false,null],\"o{[\":{\"r\":[1]}}");

	/* an object dropped first in its parent leaves no comma behind */
	buf_reset(&b);
	jsonw_init(&w, &b);
	jsonw_object(&w, NULL);
	jsonw_object(&w, "e");
	jsonw_close_or_drop(&w);
	jsonw_bool(&w, "t", true);
	jsonw_close(&w);
	assert_string_equal(b.data, "{\"t\":true}");

	/*
	 * integers exactly, all digits (cJSON would print 2^53 as
	 * 9.00719925474099e+15), and read back exactly; trees printed for
	 * ECS and cutting do too (test_replay, test_big_numbers)
	 */
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		buf_reset(&b);
		jsonw_init(&w, &b);
		jsonw_int(&w, NULL, nums[i]);
		snprintf(want, sizeof(want), "%lld", (long long)nums[i]);
		assert_string_equal(b.data, want);
		n = cJSON_Parse(b.data);
		assert_non_null(n);
		assert_true(n->valuedouble == (double)nums[i]);
		cJSON_Delete(n);
		assert_string_equal(b.data, want);
	}

	/* too deep is an error, not an overflow */
	buf_reset(&b);
	jsonw_init(&w, &b);
	for (k = 0; k < JSONW_MAX_DEPTH + 2; k++)
		jsonw_array(&w, NULL);
	assert_int_equal(jsonw_error(&w), -E2BIG);
	buf_free(&b);
}

static void test_decode_value(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(text_decode_value("\"quoted\"", 8, &b), 0);
	assert_string_equal(b.data, "quoted");
	buf_reset(&b);
	assert_int_equal(text_decode_value("68656C6C6F", 10, &b), 1);
	assert_string_equal(b.data, "hello");
	buf_reset(&b);
	/* odd length or non-hex: copied as sent */
	assert_int_equal(text_decode_value("ABC", 3, &b), 0);
	assert_string_equal(b.data, "ABC");
	buf_reset(&b);
	assert_int_equal(text_decode_value("12G4", 4, &b), 0);
	assert_string_equal(b.data, "12G4");
	buf_reset(&b);
	assert_int_equal(text_decode_value("\"\"", 2, &b), 0);
	assert_int_equal(b.len, 0);
	buf_reset(&b);
	assert_int_equal(text_hex_decode("00ff", 4, &b), 0);
	assert_int_equal(b.len, 2);
	assert_int_equal((unsigned char)b.data[1], 0xff);
	assert_int_equal(text_hex_decode("0", 1, &b), -EINVAL);
	buf_free(&b);
}

struct number_case {
	const char *in;
	int ok;
	int64_t value;
};

/* The hot path's snprintf() stand-ins. */
static void test_copy_and_digits(void **state)
{
	char small[4], out[32], *e;

	(void)state;
	assert_int_equal(text_copy(small, sizeof(small), "abcdef"), 3);
	assert_string_equal(small, "abc");
	assert_int_equal(text_copy(small, sizeof(small), ""), 0);
	assert_string_equal(small, "");
	e = text_put_uint(out, 7, 3);
	*e = '\0';
	assert_string_equal(out, "007");
	e = text_put_uint(out, 1234, 3);
	*e = '\0';
	assert_string_equal(out, "1234");
	e = text_put_uint(out, 18446744073709551615ULL, 1);
	*e = '\0';
	assert_string_equal(out, "18446744073709551615");
	e = text_put_uint(out, 0, 1);
	*e = '\0';
	assert_string_equal(out, "0");
}

static void test_numbers(void **state)
{
	static const struct number_case cases[] = {
		{ "0", 1, 0 }, { "42", 1, 42 }, { "-1", 1, -1 },
		{ "4294967295", 1, 4294967295LL },
		{ "9007199254740992", 1, 9007199254740992LL },
		{ "9007199254740993", 0, 0 },	/* not exact in a double */
		{ "18446744073709551615", 0, 0 },
		{ "0100644", 0, 0 },		/* octal mode: a string */
		{ "007", 0, 0 }, { "-0", 0, 0 }, { "", 0, 0 }, { "-", 0, 0 },
		{ "12a", 0, 0 }, { "1.5", 0, 0 }, { "+1", 0, 0 },
		{ "c000003e", 0, 0 },
	};
	size_t i;
	int64_t v;
	bool ok;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -12345;
		ok = text_parse_number(cases[i].in, strlen(cases[i].in), &v);
		if (ok != (bool)cases[i].ok ||
		    (ok && v != cases[i].value) || (!ok && v != -12345)) {
			print_error("'%s' -> %d %lld, expected %d %lld\n",
				    cases[i].in, ok, (long long)v,
				    cases[i].ok, (long long)cases[i].value);
			fail();
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_escape_roundtrip),
		cmocka_unit_test(test_json_escape_is_cjson),
		cmocka_unit_test(test_jsonw),
		cmocka_unit_test(test_decode_value),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_copy_and_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
