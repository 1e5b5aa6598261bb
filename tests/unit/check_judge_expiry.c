/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_expiry's judge on hand-built probe results: state, words, perfdata. */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPIRY_NO_MAIN
#include "../../plugins/check_tls_expiry.c"

#define NOW	((time_t)1790000000)	/* a fixed clock: judges take now from the result */
#define DAY	86400.0

static unsigned char fake_der[1];	/* marks a parsed certificate; never freed */

static void
parse(struct expiry_args *e, const char *const *args)
{
	char *argv[CKTEST_ARGV_MAX];
	int argc = cktest_argv(argv, PROG, NULL, args);

	ck_assert_int_eq(expiry_parse_args(argc, argv, e), ARGS_OK);
}

static void
add_cert(struct probe_result *res, const char *name, double days_from,
    double days_to, bool self_signed)
{
	struct cert_info *c = &res->chain[res->nchain++];

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->subject, sizeof(c->subject), "CN=%s", name);
	c->not_before = NOW + (time_t)(days_from * DAY);
	c->not_after = NOW + (time_t)(days_to * DAY);
	c->self_signed = self_signed;
	c->is_ca = self_signed;
	c->der = fake_der;
	res->nchain_sent = res->nchain;
}

static void
ok_result(struct probe_result *res)
{
	memset(res, 0, sizeof(*res));
	res->err = PROBE_OK;
	res->stage = PROBE_S_DONE;
	res->now = NOW;
	res->alert = -1;
	res->handshake_time = 0.004;
	snprintf(res->address, sizeof(res->address), "192.0.2.1");
}

/* Judge and render the first line (without its newline). */
static enum state
judge(const char *const *args, const struct probe_result *res, char *line,
    size_t linesz)
{
	static struct expiry_args e;
	static struct verdict v;
	char buf[8192], *nl;

	parse(&e, args);
	out_verdict_init(&v, LABEL, PROG);
	expiry_judge(&e, res, &v);
	out_render(&v, OUT_NAGIOS, 0, buf, sizeof(buf));
	nl = strchr(buf, '\n');
	ck_assert_ptr_nonnull(nl);
	ck_assert_ptr_null(strchr(nl + 1, '\n'));	/* exactly one line */
	*nl = '\0';
	snprintf(line, linesz, "%s", buf);
	return v.state;
}

static const char *
date_in(double days, char *buf, size_t sz)
{
	return cert_time_str(NOW + (time_t)(days * DAY), buf, sz);
}

struct row {
	const char	*args[8];
	double		 leaf_days;	/* notAfter of the leaf, days from now */
	enum state	 want;
	const char	*want_words;	/* e.g. "expires in 9 days" */
	double		 want_days;	/* date in the text */
	const char	*want_perf;
};

static const struct row rows[] = {
	{ { "-H", "www.example.org", NULL }, 89, STATE_OK,
	  "expires in 89 days", 89,
	  "days_left=89.00;30:;14:;; chain_days_left=89.00;;;; handshake_time=0.004s;;;0;" },
	{ { "-H", "www.example.org", NULL }, 30.5, STATE_OK,
	  "expires in 30 days", 30.5, "days_left=30.50;30:;14:;;" },
	{ { "-H", "www.example.org", NULL }, 29.9, STATE_WARNING,
	  "expires in 29 days", 29.9, "days_left=29.90;30:;14:;;" },
	{ { "-H", "www.example.org.", NULL }, 9.42, STATE_CRITICAL,
	  "expires in 9 days", 9.42, "days_left=9.42;30:;14:;;" },
	{ { "-H", "www.example.org", "-w", "7.5", "-c", "2", NULL }, 7.4,
	  STATE_WARNING, "expires in 7 days", 7.4, "days_left=7.40;7.5:;2:;;" },
	{ { "-H", "www.example.org", "-w", "7.5", "-c", "2", NULL }, 8,
	  STATE_OK, "expires in 8 days", 8, "days_left=8.00;7.5:;2:;;" },
	{ { "-H", "www.example.org", "-w", "@10:20", "-c", "5", NULL },
	  15, STATE_WARNING, "expires in 15 days", 15,
	  "days_left=15.00;@10:20;5:;;" },
	{ { "-H", "www.example.org", "-w", "@10:20", "-c", "~:5", NULL },
	  25, STATE_CRITICAL, "expires in 25 days", 25,
	  "days_left=25.00;@10:20;~:5;;" },
	{ { "-H", "www.example.org", NULL }, 0.25, STATE_CRITICAL,
	  "expires in 6 hours", 0.25, "days_left=0.25;" },
	{ { "-H", "www.example.org", NULL }, -3.2, STATE_CRITICAL,
	  "expired 3 days ago", -3.2, "days_left=-3.20;30:;14:;;" },
	{ { "-H", "www.example.org", "-w", "0", "-c", "0", NULL }, -1.5,
	  STATE_CRITICAL, "expired 1 day ago", -1.5, "days_left=-1.50;0:;0:;;" },
};

START_TEST(test_leaf_rows)
{
	const struct row *r = &rows[_i];
	struct probe_result res;
	char line[2048], want[512], date[32];

	ok_result(&res);
	add_cert(&res, "www.example.org", -10, r->leaf_days, false);
	ck_assert_int_eq(judge(r->args, &res, line, sizeof(line)), r->want);
	snprintf(want, sizeof(want), "TLS-EXPIRY %s: www.example.org:443 "
	    "certificate 'www.example.org' %s (%s) | ", state_name(r->want),
	    r->want_words, date_in(r->want_days, date, sizeof(date)));
	ck_assert_msg(strncmp(line, want, strlen(want)) == 0,
	    "got '%s', want prefix '%s'", line, want);
	ck_assert_msg(strstr(line, r->want_perf) != NULL,
	    "got '%s', want perfdata '%s'", line, r->want_perf);
}
END_TEST

START_TEST(test_not_yet_valid)
{
	static const char *const args[] = { "-H", "new.example", NULL };
	struct probe_result res;
	char line[2048], want[512], date[32];

	ok_result(&res);
	add_cert(&res, "new.example", 3, 90, false);
	ck_assert_int_eq(judge(args, &res, line, sizeof(line)),
	    STATE_CRITICAL);
	snprintf(want, sizeof(want), "TLS-EXPIRY CRITICAL: new.example:443 "
	    "certificate 'new.example' is not yet valid: valid from %s (in 3 "
	    "days); if that date looks wrong, check this host's clock | ",
	    date_in(3, date, sizeof(date)));
	ck_assert_msg(strncmp(line, want, strlen(want)) == 0, "got '%s'",
	    line);
}
END_TEST

START_TEST(test_chain_picks_earliest_not_root)
{
	static const char *const leaf_args[] = { "-H", "a.example", NULL };
	static const char *const chain_args[] = { "-H", "a.example",
	    "--chain", NULL };
	struct probe_result res;
	char line[2048];

	ok_result(&res);
	add_cert(&res, "a.example", -1, 80, false);
	add_cert(&res, "Example Intermediate", -100, 12, false);
	/* A root sent along that expires first is ignored: clients use theirs. */
	add_cert(&res, "Example Root", -1000, 2, true);

	ck_assert_int_eq(judge(leaf_args, &res, line, sizeof(line)),
	    STATE_OK);
	ck_assert_msg(strstr(line, "days_left=80.00;30:;14:;; "
	    "chain_days_left=12.00;;;;") != NULL, "got '%s'", line);

	ck_assert_int_eq(judge(chain_args, &res, line, sizeof(line)),
	    STATE_CRITICAL);
	ck_assert_msg(strstr(line, "chain certificate #1 'Example "
	    "Intermediate' expires in 12 days") != NULL, "got '%s'", line);
	ck_assert_msg(strstr(line, "days_left=80.00;;;; "
	    "chain_days_left=12.00;30:;14:;;") != NULL, "got '%s'", line);
	ck_assert_ptr_null(strstr(line, "Example Root"));
}
END_TEST

START_TEST(test_chain_not_yet_valid_intermediate)
{
	static const char *const args[] = { "-H", "a.example", "--chain",
	    NULL };
	struct probe_result res;
	char line[2048];

	ok_result(&res);
	add_cert(&res, "a.example", -1, 80, false);
	add_cert(&res, "Future Intermediate", 2, 800, false);
	ck_assert_int_eq(judge(args, &res, line, sizeof(line)),
	    STATE_CRITICAL);
	ck_assert_msg(strstr(line, "chain certificate #1 'Future "
	    "Intermediate' is not yet valid") != NULL, "got '%s'", line);
}
END_TEST

START_TEST(test_self_signed_leaf_alone)
{
	static const char *const args[] = { "-H", "self.example", "--chain",
	    NULL };
	struct probe_result res;
	char line[2048];

	ok_result(&res);
	add_cert(&res, "self.example", -1, 5, true);
	ck_assert_int_eq(judge(args, &res, line, sizeof(line)),
	    STATE_CRITICAL);
	ck_assert_msg(strstr(line, "certificate 'self.example' expires in 5 "
	    "days") != NULL, "got '%s'", line);
}
END_TEST

struct fail_row {
	const char	*args[6];
	enum probe_err	 err;
	enum probe_stage stage;
	const char	*reason;
	enum state	 want;
	bool		 has_time;
};

static const struct fail_row fail_rows[] = {
	{ { "-H", "x.example", NULL }, PROBE_E_REFUSED, PROBE_S_CONNECT,
	  "connection refused by 192.0.2.1 port 443", STATE_CRITICAL, false },
	{ { "-H", "x.example", NULL }, PROBE_E_TIMEOUT, PROBE_S_HELLO,
	  "no reply to the ClientHello within 10 s", STATE_CRITICAL, true },
	{ { "-H", "x.example", "-t", "5:warning", NULL }, PROBE_E_TIMEOUT,
	  PROBE_S_HELLO, "no reply to the ClientHello within 5 s",
	  STATE_WARNING, true },
	{ { "-H", "x.example", "-t", "5:unknown", NULL }, PROBE_E_TIMEOUT,
	  PROBE_S_CONNECT, "no answer to TCP connect", STATE_UNKNOWN, false },
	{ { "-H", "x.example", NULL }, PROBE_E_NOT_TLS, PROBE_S_HELLO,
	  "speaks plaintext HTTP, not TLS: answered the ClientHello with "
	  "'HTTP/1.1 400 Bad Request'", STATE_CRITICAL, true },
	{ { "-H", "x.example", NULL }, PROBE_E_RESOLVE, PROBE_S_RESOLVE,
	  "cannot resolve 'x.example': Name or service not known",
	  STATE_UNKNOWN, false },
	{ { "-H", "x.example", NULL }, PROBE_E_CAFILE, PROBE_S_SETUP,
	  "cannot read CA file '/nonexistent': No such file or directory",
	  STATE_UNKNOWN, false },
	{ { "-H", "x.example", NULL }, PROBE_E_POLICY, PROBE_S_SETUP,
	  "local GnuTLS refuses priority string 'X'", STATE_UNKNOWN, false },
	{ { "-H", "x.example", NULL }, PROBE_E_ALERT, PROBE_S_HANDSHAKE,
	  "TLS handshake failed: the server sent fatal alert "
	  "handshake_failure", STATE_CRITICAL, true },
	{ { "-H", "x.example", NULL }, PROBE_E_NO_CERT, PROBE_S_DONE,
	  "the server sent no certificate", STATE_CRITICAL, true },
};

START_TEST(test_failure_rows)
{
	const struct fail_row *r = &fail_rows[_i];
	struct probe_result res;
	char line[2048], want[512];

	ok_result(&res);
	res.err = r->err;
	res.stage = r->stage;
	snprintf(res.reason, sizeof(res.reason), "%s", r->reason);
	ck_assert_int_eq(judge(r->args, &res, line, sizeof(line)), r->want);
	snprintf(want, sizeof(want), "TLS-EXPIRY %s: x.example:443 %s",
	    state_name(r->want), r->reason);
	ck_assert_msg(strncmp(line, want, strlen(want)) == 0,
	    "got '%s', want '%s'", line, want);
	ck_assert_int_eq(strstr(line, "handshake_time=") != NULL,
	    r->has_time);
}
END_TEST

START_TEST(test_unparseable_leaf)
{
	static const char *const args[] = { "-H", "x.example", NULL };
	struct probe_result res;
	char line[2048];

	ok_result(&res);
	add_cert(&res, "(unparseable)", 0, 0, false);
	res.chain[0].der = NULL;
	ck_assert_int_eq(judge(args, &res, line, sizeof(line)),
	    STATE_CRITICAL);
	ck_assert_msg(strstr(line, "cannot be parsed") != NULL, "got '%s'",
	    line);
}
END_TEST

struct bad_args {
	const char	*args[6];
	const char	*words;
};

static const struct bad_args bad[] = {
	{ { "-H", "x", "-w", "abc", NULL }, "invalid value for -w/--warning: 'abc'" },
	{ { "-H", "x", "-c", "20:10", NULL }, "invalid value for -c/--critical: '20:10'" },
	{ { "-H", "x", "-w", "", NULL }, "invalid value for -w/--warning" },
	{ { "-H", "x", "-c", "5|x=1", NULL }, "'5\\x7cx=1'" },
	{ { "-H", "x", "--chain=yes", NULL }, "'--chain=yes'" },
};

START_TEST(test_bad_thresholds)
{
	const struct bad_args *b = &bad[_i];
	struct expiry_args e;
	char *argv[CKTEST_ARGV_MAX];
	int argc = cktest_argv(argv, PROG, NULL, b->args);
	ck_assert_int_eq(expiry_parse_args(argc, argv, &e), ARGS_ERROR);
	ck_assert_msg(strstr(e.c.why, b->words) != NULL, "why '%s', want '%s'",
	    e.c.why, b->words);
	ck_assert_ptr_null(strchr(e.c.why, '|'));
}
END_TEST

START_TEST(test_defaults_skip_trust)
{
	static const char *const plain[] = { "-H", "x", NULL };
	static const char *const ca[] = { "-H", "x", "--ca-file",
	    "check_judge_expiry-ca.pem", NULL };
	struct expiry_args e;

	/* The expiry check never loads the system trust store. */
	parse(&e, plain);
	ck_assert(e.c.probe.insecure_noverify);
	ck_assert_str_eq(e.warn.text, "30:");
	ck_assert_str_eq(e.crit.text, "14:");
	parse(&e, ca);
	ck_assert(!e.c.probe.insecure_noverify);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("judge_expiry");
	TCase *tc = tcase_create("judge");
	int failed;

	tcase_add_loop_test(tc, test_leaf_rows, 0,
	    sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_not_yet_valid);
	tcase_add_test(tc, test_chain_picks_earliest_not_root);
	tcase_add_test(tc, test_chain_not_yet_valid_intermediate);
	tcase_add_test(tc, test_self_signed_leaf_alone);
	tcase_add_loop_test(tc, test_failure_rows, 0,
	    sizeof(fail_rows) / sizeof(fail_rows[0]));
	tcase_add_test(tc, test_unparseable_leaf);
	tcase_add_loop_test(tc, test_bad_thresholds, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_defaults_skip_trust);
	suite_add_tcase(s, tc);
	if (cktest_pem_fixture("check_judge_expiry-ca.pem") == -1)
		return EXIT_FAILURE;
	failed = cktest_run(s);
	remove("check_judge_expiry-ca.pem");
	return failed;
}
