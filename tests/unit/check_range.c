/* SPDX-License-Identifier: GPL-3.0-or-later */
/* range_parse, range_alerts and range_strerror on tables of thresholds. */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "range.h"

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

/* 10 and 70 digits: longer than any number the parser keeps. */
#define D10 "1111111111"
#define D70 D10 D10 D10 D10 D10 D10 D10

#define STD RANGE_BARE_STANDARD
#define ATL RANGE_BARE_AT_LEAST

/* A row's input, escaped, for failure messages. */
static const char *
show(char *buf, size_t bufsz, const char *s)
{
	if (s == NULL)
		return "(null)";
	out_escape(buf, bufsz, s, strlen(s));
	return buf;
}

/* Accepted ranges: every form, in both bare-number modes. */
static const struct parse_ok_row {
	const char     *in;
	enum range_bare bare;
	double		start, end;
	bool		start_inf, end_inf, inside;
	const char     *text;
} parse_ok[] = {
    /* bare N: 0:N as in monitoring-plugins, or N: (at least N) */
    {"10", STD, 0, 10, false, false, false, "10"},
    {"10", ATL, 10, 0, false, true, false, "10:"},
    {"0", STD, 0, 0, false, false, false, "0"},
    {"0", ATL, 0, 0, false, true, false, "0:"},
    {"7.5", STD, 0, 7.5, false, false, false, "7.5"},
    {"7.5", ATL, 7.5, 0, false, true, false, "7.5:"},
    {"0.25", ATL, 0.25, 0, false, true, false, "0.25:"},
    {".5", ATL, 0.5, 0, false, true, false, "0.5:"},
    {"+10", ATL, 10, 0, false, true, false, "10:"},
    {"10.0", ATL, 10, 0, false, true, false, "10:"},
    {"007", ATL, 7, 0, false, true, false, "7:"},
    {"1e1", ATL, 10, 0, false, true, false, "10:"},
    /* N: */
    {"10:", STD, 10, 0, false, true, false, "10:"},
    {"10:", ATL, 10, 0, false, true, false, "10:"},
    {"-5:", STD, -5, 0, false, true, false, "-5:"},
    {"-5:", ATL, -5, 0, false, true, false, "-5:"},
    {"7.5:", ATL, 7.5, 0, false, true, false, "7.5:"},
    /* ~:N */
    {"~:10", STD, 0, 10, true, false, false, "~:10"},
    {"~:10", ATL, 0, 10, true, false, false, "~:10"},
    {"~:-2.5", ATL, 0, -2.5, true, false, false, "~:-2.5"},
    {"~:", STD, 0, 0, true, true, false, "~:"},
    /* N:M */
    {"10:20", STD, 10, 20, false, false, false, "10:20"},
    {"10:20", ATL, 10, 20, false, false, false, "10:20"},
    {"-5:5", ATL, -5, 5, false, false, false, "-5:5"},
    {"-10:-5", STD, -10, -5, false, false, false, "-10:-5"},
    {"10:10", ATL, 10, 10, false, false, false, "10:10"},
    {"0:20", ATL, 0, 20, false, false, false, "20"},
    {"1.5:2.25", STD, 1.5, 2.25, false, false, false, "1.5:2.25"},
    /* @N:M, @N, @~:N, @N: */
    {"@10:20", STD, 10, 20, false, false, true, "@10:20"},
    {"@10:20", ATL, 10, 20, false, false, true, "@10:20"},
    {"@10", STD, 0, 10, false, false, true, "@0:10"},
    {"@10", ATL, 0, 10, false, false, true, "@0:10"},
    {"@~:0", ATL, 0, 0, true, false, true, "@~:0"},
    {"@10:", STD, 10, 0, false, true, true, "@10:"},
    {"@-5:7.5", ATL, -5, 7.5, false, false, true, "@-5:7.5"},
    /* large and small numbers stay perfdata numbers: [-0-9.] only */
    {"1000000", ATL, 1000000, 0, false, true, false, "1000000:"},
    {"0.0001", ATL, 0.0001, 0, false, true, false, "0.0001:"},
};

START_TEST(test_parse_ok)
{
	const struct parse_ok_row *t = &parse_ok[_i];
	struct range		   r;
	enum range_err		   e;
	char			   sb[OUT_FIELD_SIZE];

	memset(&r, 0xa5, sizeof(r));
	e = range_parse(&r, t->in, t->bare);
	ck_assert_msg(e == RANGE_OK, "row %d '%s': got error %d (%s)", _i,
	    show(sb, sizeof(sb), t->in), (int)e, range_strerror(e));
	ck_assert_msg(
	    r.start_inf == t->start_inf, "row %d '%s': start_inf", _i, t->in);
	ck_assert_msg(
	    r.end_inf == t->end_inf, "row %d '%s': end_inf", _i, t->in);
	ck_assert_msg(r.inside == t->inside, "row %d '%s': inside", _i, t->in);
	if (!t->start_inf)
		ck_assert_msg(r.start == t->start,
		    "row %d '%s': start %g, "
		    "want %g",
		    _i, t->in, r.start, t->start);
	if (!t->end_inf)
		ck_assert_msg(r.end == t->end, "row %d '%s': end %g, want %g",
		    _i, t->in, r.end, t->end);
	ck_assert_msg(memchr(r.text, '\0', sizeof(r.text)) != NULL,
	    "row %d '%s': text not terminated", _i, t->in);
	ck_assert_msg(strcmp(r.text, t->text) == 0,
	    "row %d '%s': text '%s', "
	    "want '%s'",
	    _i, t->in, r.text, t->text);
}
END_TEST

/* Rejected ranges and their typed error, hostile bytes included. */
static const struct parse_bad_row {
	const char    *in;
	enum range_err want;
} parse_bad[] = {
    {NULL, RANGE_E_EMPTY},
    {"", RANGE_E_EMPTY},
    {"@", RANGE_E_EMPTY},
    {"\0"
     "10",
	RANGE_E_EMPTY}, /* NUL ends the C string */
    {"abc", RANGE_E_NUMBER},
    {"10x", RANGE_E_NUMBER},
    {"x10", RANGE_E_NUMBER},
    {"10:x", RANGE_E_NUMBER},
    {"1:2:3", RANGE_E_NUMBER},
    {"10::", RANGE_E_NUMBER},
    {"~", RANGE_E_NUMBER},
    {"~10:", RANGE_E_NUMBER},
    {"~:~", RANGE_E_NUMBER},
    {"@@10", RANGE_E_NUMBER},
    {"10@", RANGE_E_NUMBER},
    {"20:10", RANGE_E_ORDER},
    {"@20:10", RANGE_E_ORDER},
    {"-1:-2", RANGE_E_ORDER},
    {"7.6:7.5", RANGE_E_ORDER},
    {"inf", RANGE_E_NUMBER},
    {"-inf:", RANGE_E_NUMBER},
    {"~:inf", RANGE_E_NUMBER},
    {"infinity", RANGE_E_NUMBER},
    {"nan", RANGE_E_NUMBER},
    {"NAN:", RANGE_E_NUMBER},
    {"1e400", RANGE_E_NUMBER},
    {"-1e400:", RANGE_E_NUMBER},
    {"0x10", RANGE_E_NUMBER},
    {"0x10:", RANGE_E_NUMBER},
    {" 10", RANGE_E_NUMBER},
    {"10 ", RANGE_E_NUMBER},
    {"10: 20", RANGE_E_NUMBER},
    {"\t10", RANGE_E_NUMBER},
    {"-", RANGE_E_NUMBER},
    {".", RANGE_E_NUMBER},
    {"1e", RANGE_E_NUMBER},
    {"--5", RANGE_E_NUMBER},
    {"5-", RANGE_E_NUMBER},
    {"1,5", RANGE_E_NUMBER},
    {"10|20", RANGE_E_NUMBER},
    {"10:20|x=1", RANGE_E_NUMBER},
    {"10\n", RANGE_E_NUMBER},
    {"\n10", RANGE_E_NUMBER},
    {"10\r", RANGE_E_NUMBER},
    {"10:\n20", RANGE_E_NUMBER},
    {"\xff", RANGE_E_NUMBER},
    {"1\xc3\xa9", RANGE_E_NUMBER},
    {"@\x80:10", RANGE_E_NUMBER},
    {"\xef\xbc\x91\xef\xbc\x90", RANGE_E_NUMBER}, /* fullwidth "10" */
    {D70, RANGE_E_NUMBER},
    {D70 ":", RANGE_E_NUMBER},
    {"1:" D70, RANGE_E_NUMBER},
    {"@" D70 ":" D70, RANGE_E_NUMBER},
};

START_TEST(test_parse_bad)
{
	const struct parse_bad_row *t = &parse_bad[_i];
	struct range		    r, before;
	enum range_err		    e;
	char			    sb[OUT_FIELD_SIZE];

	/* A good range first: a failed parse must leave its numbers alone. */
	ck_assert_int_eq(range_parse(&r, "@3:4", STD), RANGE_OK);
	before = r;
	e = range_parse(&r, t->in, STD);
	ck_assert_msg(e == t->want, "row %d '%s': got %d, want %d", _i,
	    show(sb, sizeof(sb), t->in), (int)e, (int)t->want);
	ck_assert_msg(r.start == before.start && r.end == before.end &&
		r.start_inf == before.start_inf &&
		r.end_inf == before.end_inf && r.inside == before.inside,
	    "row %d '%s': range changed on error", _i,
	    show(sb, sizeof(sb), t->in));
	/* The same error whichever meaning a bare number has. */
	e = range_parse(&r, t->in, ATL);
	ck_assert_msg(e == t->want, "row %d '%s' (at least): got %d, want %d",
	    _i, show(sb, sizeof(sb), t->in), (int)e, (int)t->want);
}
END_TEST

/* range_alerts at and around each form's boundaries. */
static const struct alert_row {
	const char     *range;
	enum range_bare bare;
	double		value;
	bool		want;
} alert[] = {
    /* "10" standard: alert outside 0..10 */
    {"10", STD, -0.01, true},
    {"10", STD, 0, false},
    {"10", STD, 5, false},
    {"10", STD, 10, false},
    {"10", STD, 10.01, true},
    {"10", STD, 1e9, true},
    /* "10" at least: alert below 10 */
    {"10", ATL, -1e9, true},
    {"10", ATL, -5, true},
    {"10", ATL, 0, true},
    {"10", ATL, 9.99, true},
    {"10", ATL, 10, false},
    {"10", ATL, 10.01, false},
    {"10", ATL, 1e9, false},
    /* "10:" either way */
    {"10:", STD, 9.999, true},
    {"10:", STD, 10, false},
    {"10:", STD, 1e300, false},
    {"10:", ATL, 9.999, true},
    {"10:", ATL, 10, false},
    /* "~:10": alert above 10 */
    {"~:10", STD, -1e300, false},
    {"~:10", STD, -10, false},
    {"~:10", STD, 10, false},
    {"~:10", STD, 10.001, true},
    {"~:10", ATL, 10.001, true},
    /* "10:20" */
    {"10:20", STD, 9.999, true},
    {"10:20", STD, 10, false},
    {"10:20", STD, 15, false},
    {"10:20", STD, 20, false},
    {"10:20", STD, 20.001, true},
    {"10:20", ATL, -15, true},
    /* "@10:20": alert inside, ends included */
    {"@10:20", STD, 9.999, false},
    {"@10:20", STD, 10, true},
    {"@10:20", STD, 15, true},
    {"@10:20", STD, 20, true},
    {"@10:20", STD, 20.001, false},
    {"@10:20", ATL, 10, true},
    /* fractional */
    {"7.5", STD, -0.1, true},
    {"7.5", STD, 7.5, false},
    {"7.5", STD, 7.51, true},
    {"7.5", ATL, 7.49, true},
    {"7.5", ATL, 7.5, false},
    {"7.5", ATL, 7.51, false},
    /* negative start: days left after expiry */
    {"-5:", STD, -5.01, true},
    {"-5:", STD, -5, false},
    {"-5:", STD, 0, false},
    {"-5:", ATL, -100, true},
    {"14:", ATL, -3, true},
    /* "@10" at least falls back to 0..10, alert inside */
    {"@10", ATL, -1, false},
    {"@10", ATL, 0, true},
    {"@10", ATL, 10, true},
    {"@10", ATL, 11, false},
    /* "@~:0": alert at or below zero */
    {"@~:0", ATL, -1e300, true},
    {"@~:0", ATL, 0, true},
    {"@~:0", ATL, 0.001, false},
    /* "~:" never alerts, "@~:" always does */
    {"~:", STD, -1e300, false},
    {"~:", STD, 1e300, false},
    {"@~:", STD, 0, true},
    /* "10:10": only 10 passes */
    {"10:10", STD, 9.999, true},
    {"10:10", STD, 10, false},
    {"10:10", STD, 10.001, true},
};

START_TEST(test_alerts)
{
	const struct alert_row *t = &alert[_i];
	struct range		r;
	bool			got;

	ck_assert_int_eq(range_parse(&r, t->range, t->bare), RANGE_OK);
	got = range_alerts(&r, t->value);
	ck_assert_msg(got == t->want,
	    "row %d: range '%s' (%s) value %g: "
	    "alerts %d, want %d",
	    _i, t->range, t->bare == STD ? "standard" : "at least", t->value,
	    got, t->want);
}
END_TEST

/* Hand-built ranges behave as documented without going through the parser. */
START_TEST(test_alerts_struct)
{
	struct range r;

	memset(&r, 0, sizeof(r));
	r.start = 1;
	r.end = 2;
	ck_assert(range_alerts(&r, 0.5));
	ck_assert(!range_alerts(&r, 1.5));
	r.inside = true;
	ck_assert(!range_alerts(&r, 0.5));
	ck_assert(range_alerts(&r, 1.5));
	r.inside = false;
	r.start_inf = true;
	ck_assert(!range_alerts(&r, -1e308));
	ck_assert(range_alerts(&r, 2.5));
	r.end_inf = true;
	ck_assert(!range_alerts(&r, 1e308));
}
END_TEST

/* The text of each parsed range parses back to the same range. */
START_TEST(test_text_round_trip)
{
	const struct parse_ok_row *t = &parse_ok[_i];
	struct range		   r, again;

	ck_assert_int_eq(range_parse(&r, t->in, t->bare), RANGE_OK);
	ck_assert_msg(
	    range_parse(&again, r.text, RANGE_BARE_STANDARD) == RANGE_OK,
	    "row %d: text '%s' does not parse", _i, r.text);
	ck_assert_msg(again.start_inf == r.start_inf &&
		again.end_inf == r.end_inf && again.inside == r.inside &&
		(r.start_inf || again.start == r.start) &&
		(r.end_inf || again.end == r.end),
	    "row %d: '%s' -> '%s' is another range", _i, t->in, r.text);
	ck_assert_str_eq(again.text, r.text);
}
END_TEST

START_TEST(test_strerror)
{
	static const enum range_err errs[] = {
	    RANGE_E_EMPTY, RANGE_E_NUMBER, RANGE_E_ORDER};
	size_t i, j;

	ck_assert_str_eq(range_strerror(RANGE_OK), "no error");
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const char *s = range_strerror(errs[i]);

		ck_assert_ptr_nonnull(s);
		ck_assert_uint_gt(strlen(s), 0);
		ck_assert_ptr_null(strpbrk(s, "|\r\n"));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(s, range_strerror(errs[j]));
	}
	ck_assert_str_eq(range_strerror((enum range_err)99), "invalid range");
}
END_TEST

static Suite *
range_suite(void)
{
	Suite *s = suite_create("range");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_ok, 0, NROWS(parse_ok));
	tcase_add_loop_test(tc, test_parse_bad, 0, NROWS(parse_bad));
	tcase_add_loop_test(tc, test_text_round_trip, 0, NROWS(parse_ok));
	tcase_add_test(tc, test_strerror);
	suite_add_tcase(s, tc);

	tc = tcase_create("alerts");
	tcase_add_loop_test(tc, test_alerts, 0, NROWS(alert));
	tcase_add_test(tc, test_alerts_struct);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return cktest_run(range_suite());
}
