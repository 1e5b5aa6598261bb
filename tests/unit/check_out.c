/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The escaper, the bounded buffer, the JSON writer and the rendered status
 * line: hostile bytes never add a line, a '|' or a broken JSON document.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsoncheck.h"
#include "out.h"
#include "report.h"
#include "state.h"

#define NROWS(t)   ((int)(sizeof(t) / sizeof((t)[0])))
#define GUARD	   16
#define GUARD_BYTE 0x5a

/* Repeated characters, for fields at and past the cap. */
#define A8   "aaaaaaaa"
#define A32  A8 A8 A8 A8
#define A64  A32 A32
#define A124 A64 A32 A8 A8 A8 "aaaa"
#define A125 A124 "a"
#define A127 A124 "aaa"
#define A128 A64 A64
#define A129 A128 "a"
#define P8   "||||||||"
#define P32  P8 P8 P8 P8
#define E8   "\\x7c\\x7c\\x7c\\x7c\\x7c\\x7c\\x7c\\x7c"
#define E32  E8 E8 E8 E8

/* The first line of a rendering, without its newline. */
static void
first_line(const char *s, char *dst, size_t dstsz)
{
	size_t l = strcspn(s, "\n");

	ck_assert_uint_lt(l, dstsz);
	memcpy(dst, s, l);
	dst[l] = '\0';
}

static size_t
count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (*s == c)
			n++;
	return n;
}

/* out_escape: one row per byte class, and the cap. */
static const struct esc_row {
	const char *src;
	size_t	    len;
	const char *want;
} esc[] = {
    {"", 0, ""},
    {NULL, 0, ""},
    {"www.example.org", 15, "www.example.org"},
    {" !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{}~", 37,
	" !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{}~"},
    {"hello", 3, "hel"}, /* only srclen bytes */
    {"a|b", 3, "a\\x7cb"},
    {"a\\b", 3, "a\\x5cb"},
    {"\\x41", 4, "\\x5cx41"}, /* no fake escapes */
    {"a\nb", 3, "a\\x0ab"},
    {"a\rb", 3, "a\\x0db"},
    {"\r\n", 2, "\\x0d\\x0a"},
    {"\t", 1, "\\x09"},
    {"\0", 1, "\\x00"},
    {"a\0b", 3, "a\\x00b"},
    {"\0\0", 2, "\\x00\\x00"},
    {"\x1b[31m", 5, "\\x1b[31m"},
    {"\x1f", 1, "\\x1f"},
    {"\x7f", 1, "\\x7f"},
    {"\x80", 1, "\\x80"},
    {"\xff", 1, "\\xff"},
    {"caf\xc3\xa9", 5, "caf\\xc3\\xa9"}, /* UTF-8 is escaped too */
    {"\xc3\x28", 2, "\\xc3("},		 /* invalid UTF-8 */
    {"x | y=1;2;3;4", 13, "x \\x7c y=1;2;3;4"},
    {"CN=a\nTLS-EXPIRY OK: b", 21, "CN=a\\x0aTLS-EXPIRY OK: b"},
    /* the cap: 128 bytes stay, more are cut and marked */
    {A128, 128, A128},
    {A129, 129, A128 "..."},
    {A128 A128 A128, 384, A128 "..."},
    /* an escape is never split by the cap */
    {A124 "|", 125, A124 "\\x7c"},
    {A125 "|", 126, A125 "..."},
    {A127 "|", 128, A127 "..."},
    {A124 "|b", 126, A124 "\\x7c..."},
    {P32, 32, E32},
    {P32 "|", 33, E32 "..."},
    {P32 "a", 33, E32 "..."},
};

START_TEST(test_escape_table)
{
	const struct esc_row *t = &esc[_i];
	char		      dst[OUT_FIELD_SIZE + GUARD];
	size_t		      n, i;

	memset(dst, GUARD_BYTE, sizeof(dst));
	n = out_escape(dst, OUT_FIELD_SIZE, t->src, t->len);
	ck_assert_msg(strcmp(dst, t->want) == 0, "row %d: got '%s', want '%s'",
	    _i, dst, t->want);
	ck_assert_uint_eq(n, strlen(t->want));
	ck_assert_uint_le(n, OUT_FIELD_MAX + 3);
	for (i = OUT_FIELD_SIZE; i < sizeof(dst); i++)
		ck_assert_int_eq((unsigned char)dst[i], GUARD_BYTE);
	/* A bigger buffer does not lift the cap. */
	{
		char big[1024];

		ck_assert_uint_eq(
		    out_escape(big, sizeof(big), t->src, t->len), n);
		ck_assert_str_eq(big, t->want);
	}
}
END_TEST

/* Every byte value: kept exactly when printable and not '|' or '\'. */
START_TEST(test_escape_every_byte)
{
	unsigned char c = (unsigned char)_i;
	char	      dst[OUT_FIELD_SIZE], want[8];
	bool	      keep = c >= 0x20 && c <= 0x7e && c != '|' && c != '\\';

	if (keep)
		snprintf(want, sizeof(want), "%c", c);
	else
		snprintf(want, sizeof(want), "\\x%02x", c);
	ck_assert_uint_eq(out_escape(dst, sizeof(dst), &c, 1), strlen(want));
	ck_assert_str_eq(dst, want);
}
END_TEST

/* Every '\' in s starts a whole "\xHH" (no escape was split). */
static bool
whole_escapes(const char *s)
{
	for (s = strchr(s, '\\'); s != NULL; s = strchr(s + 1, '\\'))
		if (s[1] != 'x' || json_hexval(s[2]) < 0 ||
		    json_hexval(s[3]) < 0)
			return false;
	return true;
}

/*
 * Tiny and small buffers: the result fits, is NUL-terminated, returns its
 * length, writes nothing past dstsz, and is a whole-escape prefix of the
 * full escape, possibly followed by "..." (no source here has a dot).
 */
START_TEST(test_escape_small_dst)
{
	static const struct {
		const char *src;
		size_t	    len;
	} srcs[] = {
	    {"abc", 3},
	    {"|", 1},
	    {"a|b\n", 4},
	    {"\0\xff", 2},
	    {"abcdefghijklmnopqrstuvwxyz", 26},
	    {A129, 129},
	    {"", 0},
	};
	size_t dstsz = (size_t)_i + 1; /* 1 .. */
	size_t k;

	for (k = 0; k < sizeof(srcs) / sizeof(srcs[0]); k++) {
		char   full[1024], cut[OUT_FIELD_SIZE + 1];
		char  *heap, guarded[64 + GUARD];
		size_t n, l, i;

		out_escape(full, sizeof(full), srcs[k].src, srcs[k].len);

		/* A guarded stack buffer: an overflow fails here first. */
		memset(guarded, GUARD_BYTE, sizeof(guarded));
		n = out_escape(guarded, dstsz, srcs[k].src, srcs[k].len);
		for (i = dstsz; i < sizeof(guarded); i++)
			ck_assert_msg((unsigned char)guarded[i] == GUARD_BYTE,
			    "dstsz %zu src %zu: byte %zu written", dstsz, k, i);
		ck_assert_uint_lt(n, dstsz);
		ck_assert_uint_eq(strlen(guarded), n);

		/* Exactly dstsz bytes on the heap, for ASan. */
		heap = malloc(dstsz);
		ck_assert_ptr_nonnull(heap);
		n = out_escape(heap, dstsz, srcs[k].src, srcs[k].len);
		ck_assert_msg(
		    n < dstsz, "dstsz %zu src %zu: returned %zu", dstsz, k, n);
		ck_assert_msg(memchr(heap, '\0', dstsz) != NULL,
		    "dstsz %zu src %zu: not NUL-terminated", dstsz, k);
		ck_assert_uint_eq(strlen(heap), n);
		free(heap);

		/* What is left once the cut mark is gone is a clean prefix. */
		snprintf(cut, sizeof(cut), "%s", guarded);
		l = strlen(cut);
		while (l > 0 && cut[l - 1] == '.')
			cut[--l] = '\0';
		ck_assert_msg(strncmp(full, cut, l) == 0,
		    "dstsz %zu src %zu: '%s' is no prefix of '%s'", dstsz, k,
		    guarded, full);
		ck_assert_msg(whole_escapes(cut),
		    "dstsz %zu src %zu: split "
		    "escape in '%s'",
		    dstsz, k, guarded);
		if (l < strlen(full) && dstsz >= 4)
			ck_assert_msg(
			    n >= 3 && strcmp(guarded + n - 3, "...") == 0,
			    "dstsz %zu src %zu: cut '%s' not marked", dstsz, k,
			    guarded);
		if (dstsz >= strlen(full) + 4)
			ck_assert_str_eq(guarded, full);
	}
}
END_TEST

START_TEST(test_escape_zero_dst)
{
	char c = GUARD_BYTE;

	ck_assert_uint_eq(out_escape(&c, 0, "abc", 3), 0);
	ck_assert_int_eq(c, GUARD_BYTE);
	ck_assert_uint_eq(out_escape(NULL, 0, "abc", 3), 0);
}
END_TEST

/* out_buf: appends, cuts at size - 1, remembers the cut, never overflows. */
START_TEST(test_buf_basic)
{
	char	       mem[8 + GUARD];
	struct out_buf b;
	size_t	       i;

	memset(mem, GUARD_BYTE, sizeof(mem));
	out_buf_init(&b, mem, 8);
	ck_assert_str_eq(mem, "");
	ck_assert_uint_eq(b.len, 0);
	ck_assert(!b.truncated);
	out_buf_add(&b, "%s", "abc");
	ck_assert_str_eq(mem, "abc");
	ck_assert_uint_eq(b.len, 3);
	out_buf_add(&b, "%d%c", 12, '3');
	ck_assert_str_eq(mem, "abc123");
	out_buf_add(&b, "x");
	ck_assert_str_eq(mem, "abc123x"); /* exactly full: 7 + NUL */
	ck_assert_uint_eq(b.len, 7);
	ck_assert(!b.truncated);
	out_buf_add(&b, "y");
	ck_assert_str_eq(mem, "abc123x");
	ck_assert_uint_eq(b.len, 7);
	ck_assert(b.truncated);
	out_buf_add(&b, "%s", "more");
	ck_assert_str_eq(mem, "abc123x");
	ck_assert(b.truncated);
	for (i = 8; i < sizeof(mem); i++)
		ck_assert_int_eq((unsigned char)mem[i], GUARD_BYTE);
}
END_TEST

START_TEST(test_buf_cut_in_one_add)
{
	char	       mem[8 + GUARD];
	struct out_buf b;
	size_t	       i;

	memset(mem, GUARD_BYTE, sizeof(mem));
	out_buf_init(&b, mem, 8);
	out_buf_add(&b, "%s", "0123456789abcdef");
	ck_assert_str_eq(mem, "0123456");
	ck_assert_uint_eq(b.len, 7);
	ck_assert(b.truncated);
	for (i = 8; i < sizeof(mem); i++)
		ck_assert_int_eq((unsigned char)mem[i], GUARD_BYTE);
}
END_TEST

START_TEST(test_buf_tiny)
{
	char	       mem[1 + GUARD], none = GUARD_BYTE;
	struct out_buf b;
	size_t	       i;

	memset(mem, GUARD_BYTE, sizeof(mem));
	out_buf_init(&b, mem, 1);
	out_buf_add(&b, "x");
	ck_assert_str_eq(mem, "");
	ck_assert_uint_eq(b.len, 0);
	ck_assert(b.truncated);
	out_buf_add_escaped(&b, "|", 1);
	ck_assert_str_eq(mem, "");
	for (i = 1; i < sizeof(mem); i++)
		ck_assert_int_eq((unsigned char)mem[i], GUARD_BYTE);

	out_buf_init(&b, &none, 0);
	out_buf_add(&b, "x");
	ck_assert(b.truncated);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(none, GUARD_BYTE);
}
END_TEST

START_TEST(test_buf_escaped)
{
	char	       mem[512];
	struct out_buf b;

	out_buf_init(&b, mem, sizeof(mem));
	out_buf_add(&b, "cn '");
	out_buf_add_escaped(&b, "a|b\nc\0d\xff", 8);
	out_buf_add(&b, "'");
	ck_assert_str_eq(mem, "cn 'a\\x7cb\\x0ac\\x00d\\xff'");
	ck_assert(!b.truncated);

	out_buf_init(&b, mem, sizeof(mem));
	out_buf_add_escaped(&b, A128 A128, 256);
	ck_assert_str_eq(mem, A128 "...");
	ck_assert(!b.truncated);

	/* Escaped data into a small buffer is cut, not overflowed. */
	{
		char   small[10 + GUARD];
		size_t i;

		memset(small, GUARD_BYTE, sizeof(small));
		out_buf_init(&b, small, 10);
		out_buf_add_escaped(&b, "||||", 4);
		ck_assert_uint_eq(strlen(small), 9);
		ck_assert(b.truncated);
		for (i = 10; i < sizeof(small); i++)
			ck_assert_int_eq((unsigned char)small[i], GUARD_BYTE);
	}
}
END_TEST

/* The JSON writer: members, nesting, commas. */
START_TEST(test_json_nesting)
{
	char		mem[1024], why[128];
	struct out_buf	b;
	struct out_json j;

	out_buf_init(&b, mem, sizeof(mem));
	out_buf_add(&b, "{");
	out_json_init(&j, &b);
	out_json_str(&j, "a", "x");
	out_json_num(&j, "n", 1.5, 2);
	out_json_num(&j, "neg", -3.25, 2);
	out_json_int(&j, "i", -3);
	out_json_int(&j, "big", 1234567890123LL);
	out_json_bool(&j, "t", true);
	out_json_bool(&j, "f", false);
	out_json_null(&j, "z");
	out_json_obj_begin(&j, "o");
	out_json_str(&j, "k", "v");
	out_json_arr_begin(&j, "l");
	out_json_int(&j, NULL, 1);
	out_json_int(&j, NULL, 2);
	out_json_obj_begin(&j, NULL);
	out_json_obj_end(&j);
	out_json_arr_begin(&j, NULL);
	out_json_arr_end(&j);
	out_json_str(&j, NULL, "s");
	out_json_arr_end(&j);
	out_json_obj_end(&j);
	out_json_obj_begin(&j, "empty");
	out_json_obj_end(&j);
	out_json_arr_begin(&j, "none");
	out_json_arr_end(&j);
	out_json_str(&j, "last", "");
	out_buf_add(&b, "}");
	ck_assert(!b.truncated);
	ck_assert_str_eq(mem,
	    "{\"a\":\"x\",\"n\":1.50,\"neg\":-3.25,\"i\":-3,"
	    "\"big\":1234567890123,\"t\":true,\"f\":false,\"z\":null,"
	    "\"o\":{\"k\":\"v\",\"l\":[1,2,{},[],\"s\"]},\"empty\":{},"
	    "\"none\":[],\"last\":\"\"}");
	ck_assert_msg(json_valid(mem, why, sizeof(why)), "%s: %s", why, mem);
}
END_TEST

START_TEST(test_json_deep)
{
	char		mem[1024], why[128];
	struct out_buf	b;
	struct out_json j;
	int		d;

	/* As deep as the writer tracks, with siblings at every level. */
	out_buf_init(&b, mem, sizeof(mem));
	out_buf_add(&b, "{");
	out_json_init(&j, &b);
	for (d = 0; d < OUT_JSON_DEPTH - 1; d++) {
		out_json_int(&j, "d", d);
		out_json_obj_begin(&j, "in");
	}
	out_json_int(&j, "d", d);
	for (d = 0; d < OUT_JSON_DEPTH - 1; d++) {
		out_json_obj_end(&j);
		out_json_bool(&j, "after", true);
	}
	out_buf_add(&b, "}");
	ck_assert(!b.truncated);
	ck_assert_msg(json_valid(mem, why, sizeof(why)),
	    "invalid JSON (%s): %s", why, mem);
	ck_assert_int_eq(j.depth, 0);

	/* Past the limit: no crash, no write outside first[], braces kept. */
	out_buf_init(&b, mem, sizeof(mem));
	out_json_init(&j, &b);
	for (d = 0; d < OUT_JSON_DEPTH + 4; d++)
		out_json_obj_begin(&j, "in");
	ck_assert_int_lt(j.depth, OUT_JSON_DEPTH);
	for (d = 0; d < OUT_JSON_DEPTH + 4; d++)
		out_json_obj_end(&j);
	ck_assert_int_eq(j.depth, 0);
	ck_assert_uint_eq(count_char(mem, '{'), count_char(mem, '}'));
}
END_TEST

/* JSON strings: quotes, backslashes and control bytes are escaped. */
static const struct json_str_row {
	const char *val;
	const char *want; /* decoded back */
} json_str[] = {
    {"plain", "plain"}, {"", ""}, {"say \"hi\"", "say \"hi\""},
    {"back\\slash", "back\\slash"}, {"\\\"", "\\\""}, {"a\nb", "a\nb"},
    {"a\rb", "a\rb"}, {"\t", "\t"}, {"\x01\x1f", "\x01\x1f"}, {"\x7f", "\x7f"},
    {"caf\xc3\xa9", "caf\xc3\xa9"}, /* bytes survive as \u00XX */
    {"\xff\xfe", "\xff\xfe"}, {"a|b", "a|b"}, {"}],\"x\":1", "}],\"x\":1"},
    {"</script>", "</script>"},
    {"\\x7c", "\\x7c"}, /* an escaped field stays as is */
};

START_TEST(test_json_strings)
{
	const struct json_str_row *t = &json_str[_i];
	char			   mem[512], got[256], why[128];
	struct out_buf		   b;
	struct out_json		   j;
	const unsigned char	  *p;

	out_buf_init(&b, mem, sizeof(mem));
	out_buf_add(&b, "{");
	out_json_init(&j, &b);
	out_json_str(&j, t->val, t->val); /* as key and as value */
	out_json_str(&j, "k", t->val);
	out_buf_add(&b, "}");
	ck_assert_msg(json_valid(mem, why, sizeof(why)),
	    "row %d: invalid JSON (%s): %s", _i, why, mem);
	for (p = (const unsigned char *)mem; *p != '\0'; p++)
		ck_assert_msg(*p >= 0x20 && *p < 0x7f,
		    "row %d: raw byte 0x%02x in JSON", _i, *p);
	ck_assert(json_get_str(mem, "k", got, sizeof(got)));
	ck_assert_msg(
	    strcmp(got, t->want) == 0, "row %d: decoded '%s'", _i, got);
	ck_assert(json_get_str(mem, t->want, got, sizeof(got)));
	ck_assert_str_eq(got, t->want);
}
END_TEST

START_TEST(test_json_null_and_nonfinite)
{
	char		mem[256], why[128];
	struct out_buf	b;
	struct out_json j;

	out_buf_init(&b, mem, sizeof(mem));
	out_buf_add(&b, "{");
	out_json_init(&j, &b);
	out_json_str(&j, "s", NULL);
	out_json_num(&j, "nan", NAN, 2);
	out_json_num(&j, "inf", INFINITY, 2);
	out_json_num(&j, "ninf", -INFINITY, 0);
	out_json_num(&j, "zero", 0, 0);
	out_buf_add(&b, "}");
	ck_assert_str_eq(mem,
	    "{\"s\":\"\",\"nan\":null,\"inf\":null,"
	    "\"ninf\":null,\"zero\":0}");
	ck_assert_msg(json_valid(mem, why, sizeof(why)), "%s: %s", why, mem);
}
END_TEST

START_TEST(test_json_truncated)
{
	char		mem[24 + GUARD];
	struct out_buf	b;
	struct out_json j;
	size_t		i;
	int		k;

	memset(mem, GUARD_BYTE, sizeof(mem));
	out_buf_init(&b, mem, 24);
	out_json_init(&j, &b);
	for (k = 0; k < 20; k++)
		out_json_str(&j, "key", "a long value \"quoted\" \x01");
	ck_assert(b.truncated);
	ck_assert_uint_eq(strlen(mem), 23);
	for (i = 24; i < sizeof(mem); i++)
		ck_assert_int_eq((unsigned char)mem[i], GUARD_BYTE);
}
END_TEST

/* A verdict like DESIGN.md section 5's first example. */
static void
expiry_verdict(struct verdict *v, const char *text)
{
	struct out_perf *p;

	out_verdict_init(v, "TLS-EXPIRY", "check_tls_expiry");
	v->state = STATE_WARNING;
	snprintf(v->host, sizeof(v->host), "www.example.org");
	snprintf(v->port, sizeof(v->port), "443");
	snprintf(v->address, sizeof(v->address), "192.0.2.1");
	out_text(v, "%s", text);
	p = out_perf_add(v, "days_left", 9.42, 2, "");
	snprintf(p->warn, sizeof(p->warn), "30:");
	snprintf(p->crit, sizeof(p->crit), "14:");
	out_perf_add(v, "chain_days_left", 9.42, 2, "");
	p = out_perf_add(v, "handshake_time", 0.004, 3, "s");
	p->has_min = true;
	p->min = 0;
}

#define EXPIRY_TEXT                                                            \
	"www.example.org:443 certificate 'www.example.org' "                   \
	"expires in 9 days (2026-12-07 12:00 UTC)"
#define EXPIRY_PERF                                                            \
	"days_left=9.42;30:;14:;; chain_days_left=9.42;;;; "                   \
	"handshake_time=0.004s;;;0;"

START_TEST(test_render_design_example)
{
	static struct verdict v;
	char		      buf[4096];
	size_t		      n;

	expiry_verdict(&v, EXPIRY_TEXT);
	n = out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));
	ck_assert_str_eq(
	    buf, "TLS-EXPIRY WARNING: " EXPIRY_TEXT " | " EXPIRY_PERF "\n");
	ck_assert_uint_eq(n, strlen(buf));
}
END_TEST

START_TEST(test_render_no_perfdata)
{
	static struct verdict v;
	char		      buf[1024];

	out_verdict_init(&v, "TLS-CHAIN", "check_tls_chain");
	v.state = STATE_OK;
	out_text(&v, "www.example.org:443 chain of 3 is trusted");
	out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));
	ck_assert_str_eq(
	    buf, "TLS-CHAIN OK: www.example.org:443 chain of 3 is trusted\n");
}
END_TEST

/* Perfdata fields: units, signs, min and max. */
START_TEST(test_render_perf_fields)
{
	static struct verdict v;
	struct out_perf	     *p;
	char		      buf[1024], line[1024];

	out_verdict_init(&v, "TLS-EXPIRY", "check_tls_expiry");
	v.state = STATE_CRITICAL;
	out_text(&v, "expired");
	out_perf_add(&v, "days_left", -3.25, 2, "");
	p = out_perf_add(&v, "chain_length", 3, 0, NULL);
	p->has_min = true;
	p->min = 0;
	p->has_max = true;
	p->max = 16;
	p = out_perf_add(&v, "time", 1.5, 1, "ms");
	snprintf(p->warn, sizeof(p->warn), "~:10");
	snprintf(p->crit, sizeof(p->crit), "@20:30");
	p = out_perf_add(&v, "ratio", 50, 0, "%");
	p->has_max = true;
	p->max = 100;
	out_perf_add(&v, "size", 2048, 0, "B");
	/* A value not known is "U", as the plugin guidelines allow. */
	p = out_perf_add(&v, "tls1_0", NAN, 0, "");
	p->has_min = p->has_max = true;
	p->max = 1;
	out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));
	first_line(buf, line, sizeof(line));
	ck_assert_str_eq(line,
	    "TLS-EXPIRY CRITICAL: expired | "
	    "days_left=-3.25;;;; chain_length=3;;;0;16 "
	    "time=1.5ms;~:10;@20:30;; ratio=50%;;;;100 size=2048B;;;; "
	    "tls1_0=U;;;0;1");
}
END_TEST

START_TEST(test_render_state_names)
{
	static struct verdict v;
	static const struct {
		enum state  st;
		const char *want;
	} rows[] = {
	    {STATE_OK, "TLS-SNI OK: t\n"},
	    {STATE_WARNING, "TLS-SNI WARNING: t\n"},
	    {STATE_CRITICAL, "TLS-SNI CRITICAL: t\n"},
	    {STATE_UNKNOWN, "TLS-SNI UNKNOWN: t\n"},
	};
	char   buf[256];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		out_verdict_init(&v, "TLS-SNI", "check_tls_sni");
		ck_assert_int_eq(v.state, STATE_UNKNOWN);
		v.state = rows[i].st;
		out_text(&v, "t");
		out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));
		ck_assert_str_eq(buf, rows[i].want);
	}
}
END_TEST

/*
 * Text and long lines that carry '|', LF and CR (a bug upstream of the
 * renderer) still give one status line whose only '|' starts the perfdata.
 */
static const char *const hostile_text[] = {
    "a | fake=1;2;3;4;5",
    "a\nTLS-EXPIRY OK: forged | days_left=999",
    "a\r\nTLS-EXPIRY OK: forged",
    "trailing newline\n",
    "\n",
    "|",
    "||||\r\r\n\n",
    "\r",
    "caf\xc3\xa9 \xff| x",
    "",
};

START_TEST(test_render_hostile_text)
{
	static struct verdict v;
	char		      buf[4096], line[4096];
	const char	     *bar;

	expiry_verdict(&v, hostile_text[_i]);
	out_line(&v, "chain: CN=x|y\nTLS-EXPIRY OK: z | a=1");
	out_line(&v, "\r\n|");
	out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));

	/* verbose 0: exactly one line */
	ck_assert_uint_eq(count_char(buf, '\n'), 1);
	ck_assert_uint_eq(buf[strlen(buf) - 1], '\n');
	ck_assert_ptr_null(strchr(buf, '\r'));
	first_line(buf, line, sizeof(line));
	ck_assert_msg(count_char(line, '|') == 1, "row %d: '%s'", _i, line);
	ck_assert(strncmp(line, "TLS-EXPIRY WARNING: ", 20) == 0);
	bar = strchr(line, '|');
	ck_assert_str_eq(bar - 1, " | " EXPIRY_PERF);
}
END_TEST

START_TEST(test_render_hostile_long_lines)
{
	static struct verdict v;
	char		      buf[8192], line[4096];
	const char	     *p;
	int		      verbose, k;

	expiry_verdict(&v, "text | with\nbar");
	out_line(&v, "subject CN=a|b\nc");
	out_line(&v, "issuer \r\nO=evil | x=1");
	out_line(&v, "%s", "");
	out_line(&v, "|");
	for (verbose = 1; verbose <= 3; verbose++) {
		out_render(&v, OUT_NAGIOS, verbose, buf, sizeof(buf));
		ck_assert_uint_eq(count_char(buf, '\n'), 1 + (size_t)v.nlines);
		ck_assert_ptr_null(strchr(buf, '\r'));
		first_line(buf, line, sizeof(line));
		ck_assert_uint_eq(count_char(line, '|'), 1);
		ck_assert_str_eq(strchr(line, '|') - 1, " | " EXPIRY_PERF);
		/* No '|' at all after the first line. */
		p = strchr(buf, '\n') + 1;
		ck_assert_ptr_null(strchr(p, '|'));
		/* Each long line is on its own line, in order. */
		ck_assert(strncmp(p, "subject CN=a", 12) == 0);
		for (k = 0; k < 2; k++)
			p = strchr(p, '\n') + 1;
		ck_assert_int_eq(p[0], '\n'); /* the empty third line */
	}
}
END_TEST

START_TEST(test_render_long_output)
{
	static struct verdict v;
	static char	      buf[65536];
	int		      i;

	expiry_verdict(&v, EXPIRY_TEXT);
	for (i = 0; i < OUT_LONG_MAX + 5; i++)
		out_line(&v, "line %d", i);
	ck_assert_int_eq(v.nlines, OUT_LONG_MAX);
	out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));
	ck_assert_uint_eq(count_char(buf, '\n'), 1);
	out_render(&v, OUT_NAGIOS, 1, buf, sizeof(buf));
	ck_assert_uint_eq(count_char(buf, '\n'), 1 + OUT_LONG_MAX);
	ck_assert_ptr_nonnull(strstr(buf, "\nline 0\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nline 29\n"));
	ck_assert_ptr_null(strstr(buf, "line 30"));
}
END_TEST

START_TEST(test_render_perf_max)
{
	static struct verdict v;
	static char	      buf[8192];
	struct out_perf	     *p;
	int		      i;

	out_verdict_init(&v, "TLS-PROTOCOLS", "check_tls_protocols");
	out_text(&v, "t");
	for (i = 0; i < OUT_PERF_MAX + 3; i++) {
		p = out_perf_add(&v, "x", i, 0, "");
		ck_assert_ptr_nonnull(p);
		snprintf(p->warn, sizeof(p->warn), "1:");
	}
	ck_assert_int_eq(v.nperf, OUT_PERF_MAX);
	out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));
	ck_assert_uint_eq(count_char(buf, '='), OUT_PERF_MAX);
	ck_assert_uint_eq(count_char(buf, '\n'), 1);
}
END_TEST

/* A buffer too small for the line: cut, still one line, never overflowed. */
START_TEST(test_render_small_buffer)
{
	static struct verdict v;
	char		      buf[64 + GUARD];
	size_t		      bufsz = (size_t)_i + 2, n, i; /* 2 .. */

	expiry_verdict(&v, "a|b\nc " EXPIRY_TEXT);
	out_line(&v, "long line");
	memset(buf, GUARD_BYTE, sizeof(buf));
	n = out_render(&v, OUT_NAGIOS, 3, buf, bufsz);
	ck_assert_uint_lt(n, bufsz);
	ck_assert_uint_eq(strlen(buf), n);
	ck_assert_uint_eq(buf[n - 1], '\n');
	ck_assert_uint_eq(count_char(buf, '\n'), 1);
	ck_assert_ptr_null(strchr(buf, '\r'));
	ck_assert_uint_le(count_char(buf, '|'), 1);
	for (i = bufsz; i < sizeof(buf); i++)
		ck_assert_int_eq((unsigned char)buf[i], GUARD_BYTE);
}
END_TEST

START_TEST(test_render_json)
{
	static struct verdict v;
	static char	      buf[65536];
	char		      s[1024], m[1024], why[128];
	const char	     *val;

	expiry_verdict(&v, EXPIRY_TEXT);
	out_line(&v, "leaf CN=www.example.org");
	out_render(&v, OUT_JSON, 0, buf, sizeof(buf));
	ck_assert_uint_eq(count_char(buf, '\n'), 1);
	ck_assert_uint_eq(buf[strlen(buf) - 1], '\n');
	ck_assert_msg(json_valid(buf, why, sizeof(why)),
	    "invalid JSON (%s): %s", why, buf);

	ck_assert(json_get_str(buf, "plugin", s, sizeof(s)));
	ck_assert_str_eq(s, "check_tls_expiry");
	ck_assert(json_get_str(buf, "host", s, sizeof(s)));
	ck_assert_str_eq(s, "www.example.org");
	ck_assert(json_get_str(buf, "port", s, sizeof(s)));
	ck_assert_str_eq(s, "443");
	ck_assert(json_get_str(buf, "address", s, sizeof(s)));
	ck_assert_str_eq(s, "192.0.2.1");
	ck_assert(json_get_str(buf, "state", s, sizeof(s)));
	ck_assert_str_eq(s, "WARNING");
	ck_assert(json_get_raw(buf, "exit_code", s, sizeof(s)));
	ck_assert_str_eq(s, "1");
	ck_assert(json_get_str(buf, "summary", s, sizeof(s)));
	ck_assert_str_eq(s, EXPIRY_TEXT);
	ck_assert(json_get_raw(buf, "metrics", m, sizeof(m)));
	ck_assert(json_member(m, "days_left", &val) != NULL);
	ck_assert(json_get_raw(m, "days_left", s, sizeof(s)));
	ck_assert_double_eq_tol(strtod(s, NULL), 9.42, 1e-9);
	ck_assert(json_get_raw(m, "chain_days_left", s, sizeof(s)));
	ck_assert_double_eq_tol(strtod(s, NULL), 9.42, 1e-9);
	ck_assert(json_get_raw(m, "handshake_time", s, sizeof(s)));
	ck_assert_double_eq_tol(strtod(s, NULL), 0.004, 1e-9);
}
END_TEST

/* Facts bigger than their buffer, or than the output: valid JSON anyway. */
START_TEST(test_render_json_facts_overflow)
{
	char		      why[128];
	static struct verdict v;
	static char	      buf[300000], small[4096];
	struct out_buf	      b;
	struct out_json	      j;
	int		      i;

	out_verdict_init(&v, "TLS-X", "check_x");
	v.state = STATE_OK;
	out_text(&v, "fine");
	out_facts_begin(&v, &b, &j);
	out_json_arr_begin(&j, "big");
	for (i = 0; i < 5000; i++)
		out_json_str(
		    &j, NULL, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	out_json_arr_end(&j);
	out_facts_end(&v, &b);
	ck_assert(v.facts_truncated);
	out_render(&v, OUT_JSON, 0, buf, sizeof(buf));
	ck_assert_msg(
	    json_valid(buf, why, sizeof(why)), "%s: %.200s", why, buf);
	ck_assert_ptr_nonnull(strstr(buf, "\"facts_truncated\":true"));

	/* Facts that fit the verdict but not the caller's buffer. */
	out_facts_begin(&v, &b, &j);
	for (i = 0; i < 200; i++)
		out_json_str(
		    &j, "k", "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv");
	out_facts_end(&v, &b);
	ck_assert(!v.facts_truncated);
	out_render(&v, OUT_JSON, 0, small, sizeof(small));
	ck_assert_msg(
	    json_valid(small, why, sizeof(why)), "%s: %.200s", why, small);
	ck_assert_ptr_nonnull(strstr(small, "\"facts_truncated\":true"));
}
END_TEST

START_TEST(test_short)
{
	char   buf[OUT_SHORT + 4], tiny[6], escd[OUT_FIELD_SIZE];
	char   long_name[200];
	size_t i;

	ck_assert_str_eq(
	    out_short("www.example.org", buf, sizeof(buf)), "www.example.org");
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	out_short(long_name, buf, sizeof(buf));
	ck_assert_uint_eq(strlen(buf), OUT_SHORT);
	ck_assert_str_eq(buf + OUT_SHORT - 3, "...");
	/* An escape at the cut goes whole or not at all. */
	for (i = 0; i < 59; i++)
		long_name[i] = 'b';
	long_name[59] = '|';
	long_name[60] = 'c';
	long_name[61] = 'c';
	long_name[62] = '\0';
	out_escape(escd, sizeof(escd), long_name, strlen(long_name));
	out_short(escd, buf, sizeof(buf));
	/* 65 escaped bytes: the "\x7c" would end past 61, so it goes whole. */
	ck_assert_uint_eq(strlen(buf), 59 + 3);
	ck_assert_str_eq(buf + 59, "...");
	ck_assert_ptr_null(strchr(buf, '\\'));
	/* Tiny buffers stay terminated and inside their bounds. */
	out_short(long_name, tiny, sizeof(tiny));
	ck_assert_str_eq(tiny, "bb...");
	out_short(long_name, tiny, 3);
	ck_assert_str_eq(tiny, "");
}
END_TEST

START_TEST(test_render_json_hostile)
{
	static struct verdict v;
	static char	      buf[65536];
	char		      s[1024], m[1024], why[128];
	struct out_buf	      b;
	struct out_json	      j;
	const unsigned char  *p;

	expiry_verdict(&v, "a | b\nc\r\"d\"\\e");
	v.state = STATE_CRITICAL;
	snprintf(v.host, sizeof(v.host), "evil\"host\\\n|");
	snprintf(v.address, sizeof(v.address), "%s", "");
	v.perf[0].value = -12.5;
	out_line(&v, "line \"1\"\n|");
	out_facts_begin(&v, &b, &j);
	out_json_str(&j, "cn", "x\"y\n\xff");
	out_json_arr_begin(&j, "sans");
	out_json_str(&j, NULL, "a|b");
	out_json_arr_end(&j);
	out_facts_end(&v, &b);

	out_render(&v, OUT_JSON, 3, buf, sizeof(buf));
	ck_assert_uint_eq(count_char(buf, '\n'), 1);
	ck_assert_ptr_null(strchr(buf, '\r'));
	for (p = (const unsigned char *)buf; *p != '\n'; p++)
		ck_assert_msg(*p >= 0x20 && *p < 0x7f, "raw byte 0x%02x", *p);
	ck_assert_msg(json_valid(buf, why, sizeof(why)),
	    "invalid JSON (%s): %s", why, buf);
	ck_assert(json_get_str(buf, "state", s, sizeof(s)));
	ck_assert_str_eq(s, "CRITICAL");
	ck_assert(json_get_raw(buf, "exit_code", s, sizeof(s)));
	ck_assert_str_eq(s, "2");
	ck_assert(json_get_str(buf, "host", s, sizeof(s)));
	ck_assert_str_eq(s, "evil\"host\\\n|");
	ck_assert(json_get_str(buf, "address", s, sizeof(s)));
	ck_assert_str_eq(s, "");
	ck_assert(json_get_str(buf, "summary", s, sizeof(s)));
	ck_assert_ptr_null(strpbrk(s, "\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\"d\"\\e"));
	ck_assert(json_get_str(buf, "cn", s, sizeof(s)));
	ck_assert_str_eq(s, "x\"y\n\xff");
	ck_assert(json_get_raw(buf, "metrics", m, sizeof(m)));
	ck_assert(json_get_raw(m, "days_left", s, sizeof(s)));
	ck_assert_double_eq_tol(strtod(s, NULL), -12.5, 1e-9);
}
END_TEST

/* state_worst: CRITICAL > WARNING > UNKNOWN > OK, every pair. */
static const struct worst_row {
	enum state a, b, want;
} worst[] = {
    {STATE_OK, STATE_OK, STATE_OK},
    {STATE_OK, STATE_WARNING, STATE_WARNING},
    {STATE_OK, STATE_CRITICAL, STATE_CRITICAL},
    {STATE_OK, STATE_UNKNOWN, STATE_UNKNOWN},
    {STATE_WARNING, STATE_OK, STATE_WARNING},
    {STATE_WARNING, STATE_WARNING, STATE_WARNING},
    {STATE_WARNING, STATE_CRITICAL, STATE_CRITICAL},
    {STATE_WARNING, STATE_UNKNOWN, STATE_WARNING},
    {STATE_CRITICAL, STATE_OK, STATE_CRITICAL},
    {STATE_CRITICAL, STATE_WARNING, STATE_CRITICAL},
    {STATE_CRITICAL, STATE_CRITICAL, STATE_CRITICAL},
    {STATE_CRITICAL, STATE_UNKNOWN, STATE_CRITICAL},
    {STATE_UNKNOWN, STATE_OK, STATE_UNKNOWN},
    {STATE_UNKNOWN, STATE_WARNING, STATE_WARNING},
    {STATE_UNKNOWN, STATE_CRITICAL, STATE_CRITICAL},
    {STATE_UNKNOWN, STATE_UNKNOWN, STATE_UNKNOWN},
};

START_TEST(test_state_worst)
{
	const struct worst_row *t = &worst[_i];

	ck_assert_int_eq(state_worst(t->a, t->b), t->want);
}
END_TEST

/*
 * Findings rank by state, then by where their cause stands in an expert's
 * walk; the first line's cause is the judge's own first of the worst.
 */
START_TEST(test_findings_rank)
{
	static struct report_findings fs;

	memset(&fs, 0, sizeof(fs));
	ck_assert_int_eq(report_findings_root(&fs), -1);
	report_finding_add(&fs, STATE_OK, CAUSE_CHAIN_SUPERFLUOUS, "a", "a");
	ck_assert_int_eq(report_findings_root(&fs), -1);
	ck_assert_str_eq(cause_id(report_findings_cause(&fs, STATE_OK)), "ok");
	report_finding_add(&fs, STATE_CRITICAL, CAUSE_CERT_EXPIRED, "b", "b");
	report_finding_add(&fs, STATE_WARNING, CAUSE_DNS_FAILURE, "c", "c");
	report_finding_add(
	    &fs, STATE_CRITICAL, CAUSE_HOSTNAME_MISMATCH, "d", "d");
	report_finding_add(&fs, STATE_CRITICAL, CAUSE_WEAK_KEY, "e", "e");
	/* Names come before lifetime and trust in the walk. */
	ck_assert_int_eq(report_findings_root(&fs), 3);
	ck_assert_int_lt(fs.f[3].priority, fs.f[1].priority);
	ck_assert_int_eq(fs.f[1].priority, cause_rank(CAUSE_CERT_EXPIRED));
	/* The first line names the judge's first of the worst state. */
	ck_assert_str_eq(cause_id(report_findings_cause(&fs, STATE_CRITICAL)),
	    "cert-expired");
	ck_assert_str_eq(
	    cause_id(report_findings_cause(&fs, STATE_WARNING)), "dns-failure");
	ck_assert_str_eq(
	    cause_id(report_findings_cause(&fs, STATE_UNKNOWN)), "local-error");
	/* Local trouble and usage rank first; ok last. */
	ck_assert_int_lt(
	    cause_rank(CAUSE_USAGE), cause_rank(CAUSE_DNS_FAILURE));
	ck_assert_int_lt(
	    cause_rank(CAUSE_LOCAL_ERROR), cause_rank(CAUSE_DNS_FAILURE));
	ck_assert_int_gt(cause_rank(CAUSE_OK), cause_rank(CAUSE_CLOCK_SKEW));
}
END_TEST

/*
 * Spans from seconds: minutes under 2 hours, hours under 2 days, then
 * whole days as the perfdata rounds them (20.00 never reads 19 days).
 */
START_TEST(test_report_span)
{
	static const struct {
		double	    secs;
		const char *want;
	} rows[] = {
	    {0, "under a minute"},
	    {59, "under a minute"},
	    {60, "1 minute"},
	    {3 * 60 + 10, "3 minutes"},
	    {14 * 60 + 59, "14 minutes"},
	    {119 * 60 + 59, "119 minutes"},
	    {2 * 3600, "2 hours"},
	    {6 * 3600, "6 hours"},
	    {24 * 3600 + 30, "24 hours"},
	    {36 * 3600, "36 hours"},
	    {47 * 3600, "47 hours"},
	    /* 1.9999 days: the perfdata says 2.00, and so do the words. */
	    {47 * 3600 + 3599, "2 days"},
	    {2 * 86400, "2 days"},
	    {20 * 86400 - 60, "20 days"},
	    {90.4 * 86400, "90 days"},
	};
	char   buf[32];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ck_assert_str_eq(
		    report_span(rows[i].secs / 86400.0, buf, sizeof(buf)),
		    rows[i].want);
		/* The past reads the same: the words carry no sign. */
		ck_assert_str_eq(
		    report_span(-rows[i].secs / 86400.0, buf, sizeof(buf)),
		    rows[i].want);
	}
}
END_TEST

/* Every cause has its DESIGN.md id, and the id leads back to it. */
START_TEST(test_cause_ids)
{
	int c;

	for (c = 0; c < CAUSE_COUNT; c++) {
		ck_assert_ptr_nonnull(cause_id((enum cause)c));
		ck_assert_int_eq(cause_from_id(cause_id((enum cause)c)), c);
	}
	ck_assert_str_eq(cause_id(CAUSE_CHAIN_INCOMPLETE), "chain-incomplete");
	ck_assert_str_eq(cause_id(CAUSE_COUNT), "local-error");
	ck_assert_int_eq(cause_from_id("no-such-cause"), -1);
}
END_TEST

START_TEST(test_state_name)
{
	ck_assert_int_eq(STATE_OK, 0);
	ck_assert_int_eq(STATE_WARNING, 1);
	ck_assert_int_eq(STATE_CRITICAL, 2);
	ck_assert_int_eq(STATE_UNKNOWN, 3);
	ck_assert_str_eq(state_name(STATE_OK), "OK");
	ck_assert_str_eq(state_name(STATE_WARNING), "WARNING");
	ck_assert_str_eq(state_name(STATE_CRITICAL), "CRITICAL");
	ck_assert_str_eq(state_name(STATE_UNKNOWN), "UNKNOWN");
	ck_assert_str_eq(state_name((enum state)4), "UNKNOWN");
	ck_assert_str_eq(state_name((enum state) - 1), "UNKNOWN");
	ck_assert_str_eq(state_name((enum state)1000), "UNKNOWN");
}
END_TEST

static Suite *
out_suite(void)
{
	Suite *s = suite_create("out");
	TCase *tc;

	tc = tcase_create("escape");
	tcase_add_loop_test(tc, test_escape_table, 0, NROWS(esc));
	tcase_add_loop_test(tc, test_escape_every_byte, 0, 256);
	tcase_add_loop_test(tc, test_escape_small_dst, 0, 40);
	tcase_add_test(tc, test_escape_zero_dst);
	suite_add_tcase(s, tc);

	tc = tcase_create("buf");
	tcase_add_test(tc, test_buf_basic);
	tcase_add_test(tc, test_buf_cut_in_one_add);
	tcase_add_test(tc, test_buf_tiny);
	tcase_add_test(tc, test_buf_escaped);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_test(tc, test_json_nesting);
	tcase_add_test(tc, test_json_deep);
	tcase_add_loop_test(tc, test_json_strings, 0, NROWS(json_str));
	tcase_add_test(tc, test_json_null_and_nonfinite);
	tcase_add_test(tc, test_json_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("render");
	tcase_add_test(tc, test_render_design_example);
	tcase_add_test(tc, test_render_no_perfdata);
	tcase_add_test(tc, test_render_perf_fields);
	tcase_add_test(tc, test_render_state_names);
	tcase_add_loop_test(
	    tc, test_render_hostile_text, 0, NROWS(hostile_text));
	tcase_add_test(tc, test_render_hostile_long_lines);
	tcase_add_test(tc, test_render_long_output);
	tcase_add_test(tc, test_render_perf_max);
	tcase_add_loop_test(tc, test_render_small_buffer, 0, 60);
	tcase_add_test(tc, test_render_json);
	tcase_add_test(tc, test_render_json_hostile);
	tcase_add_test(tc, test_short);
	tcase_add_test(tc, test_render_json_facts_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_loop_test(tc, test_state_worst, 0, NROWS(worst));
	tcase_add_test(tc, test_state_name);
	tcase_add_test(tc, test_findings_rank);
	tcase_add_test(tc, test_cause_ids);
	tcase_add_test(tc, test_report_span);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return cktest_run(out_suite());
}
