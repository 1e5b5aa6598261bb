/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The expiry judge on hand-built probe results: state, words, perfdata. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cktest.h"
#include "jtest.h"
#include "judge_expiry.h"

#define NOW ((time_t)1790000000) /* a fixed clock: judges take now from res */
#define DAY 86400.0

static struct probe_result res;
static struct expiry_args  ea;
static struct jtest	   jt = {
	   .judge = &judge_expiry,
	   .args = &ea,
	   .res = &res,
	   .nres = 1,
};

/* A finished handshake with no certificate yet. */
static void
ok_result(void)
{
	memset(&res, 0, sizeof(res));
	res.err = PROBE_OK;
	res.stage = PROBE_S_DONE;
	res.now = NOW;
	res.alert = -1;
	res.handshake_time = 0.004;
	snprintf(res.address, sizeof(res.address), "192.0.2.1");
}

static void
add_cert(const char *name, double days_from, double days_to, bool self_signed)
{
	struct cert_info *c = &res.chain[res.nchain++];

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->subject, sizeof(c->subject), "CN=%s", name);
	c->not_before = NOW + (time_t)(days_from * DAY);
	c->not_after = NOW + (time_t)(days_to * DAY);
	c->self_signed = self_signed;
	c->is_ca = self_signed;
	c->der = jtest_der;
	res.nchain_sent = res.nchain;
}

static const char *
date_in(double days, char *buf, size_t sz)
{
	return cert_time_str(NOW + (time_t)(days * DAY), buf, sz);
}

static const char *const leaf_args[] = {"-H", "a.example", NULL};
static const char *const chain_args[] = {"-H", "a.example", "--chain", NULL};

struct row {
	const char *args[8];
	double	    leaf_days; /* notAfter of the leaf, days from now */
	enum state  want;
	const char *want_words; /* e.g. "expires in 9 days" */
	double	    want_days;	/* date in the text */
	const char *want_perf;
	const char *want_cause;
};

static const struct row rows[] = {
    {{"-H", "www.example.org", NULL}, 89, STATE_OK, "expires in 89 days", 89,
	"days_left=89.00;30:;14:;; chain_days_left=89.00;;;; "
	"handshake_time=0.004s;;;0;",
	"ok"},
    {{"-H", "www.example.org", NULL}, 30.5, STATE_OK, "expires in 30 days",
	30.5, "days_left=30.50;30:;14:;;", "ok"},
    {{"-H", "www.example.org", NULL}, 29.9, STATE_WARNING, "expires in 29 days",
	29.9, "days_left=29.90;30:;14:;;", "cert-expiring"},
    {{"-H", "www.example.org.", NULL}, 9.42, STATE_CRITICAL,
	"expires in 9 days", 9.42, "days_left=9.42;30:;14:;;", "cert-expiring"},
    {{"-H", "www.example.org", "-w", "7.5", "-c", "2", NULL}, 7.4,
	STATE_WARNING, "expires in 7 days", 7.4, "days_left=7.40;7.5:;2:;;",
	"cert-expiring"},
    {{"-H", "www.example.org", "-w", "7.5", "-c", "2", NULL}, 8, STATE_OK,
	"expires in 8 days", 8, "days_left=8.00;7.5:;2:;;", "ok"},
    {{"-H", "www.example.org", "-w", "@10:20", "-c", "5", NULL}, 15,
	STATE_WARNING, "expires in 15 days", 15, "days_left=15.00;@10:20;5:;;",
	"cert-expiring"},
    {{"-H", "www.example.org", "-w", "@10:20", "-c", "~:5", NULL}, 25,
	STATE_CRITICAL, "expires in 25 days", 25,
	"days_left=25.00;@10:20;~:5;;", "cert-expiring"},
    {{"-H", "www.example.org", NULL}, 0.25, STATE_CRITICAL,
	"expires in 6 hours", 0.25, "days_left=0.25;", "cert-expiring"},
    {{"-H", "www.example.org", NULL}, -3.2, STATE_CRITICAL,
	"expired 3 days ago", -3.2, "days_left=-3.20;30:;14:;;",
	"cert-expired"},
    {{"-H", "www.example.org", "-w", "0", "-c", "0", NULL}, -1.5,
	STATE_CRITICAL, "expired 36 hours ago", -1.5, "days_left=-1.50;0:;0:;;",
	"cert-expired"},
};

START_TEST(test_leaf_rows)
{
	const struct row *r = &rows[_i];
	char		  want[512], date[32];

	ok_result();
	add_cert("www.example.org", -10, r->leaf_days, false);
	ck_assert_int_eq(jtest_run(&jt, r->args, 0), r->want);
	snprintf(want, sizeof(want),
	    "TLS-EXPIRY %s: www.example.org:443 "
	    "certificate 'www.example.org' %s (%s) | ",
	    state_name(r->want), r->want_words,
	    date_in(r->want_days, date, sizeof(date)));
	JTEST_FIRST(&jt, want);
	JTEST_HAS(&jt, r->want_perf);
	JTEST_CAUSE(&jt, r->want_cause);
}
END_TEST

START_TEST(test_not_yet_valid)
{
	static const char *const args[] = {"-H", "new.example", NULL};
	char			 want[512], date[32];

	ok_result();
	add_cert("new.example", 3, 90, false);
	ck_assert_int_eq(jtest_run(&jt, args, 0), STATE_CRITICAL);
	snprintf(want, sizeof(want),
	    "TLS-EXPIRY CRITICAL: new.example:443 "
	    "certificate 'new.example' is not yet valid: valid from %s (in 3 "
	    "days); if that date looks wrong, check this host's clock | ",
	    date_in(3, date, sizeof(date)));
	JTEST_FIRST(&jt, want);
	JTEST_CAUSE(&jt, "cert-not-yet-valid");
}
END_TEST

START_TEST(test_chain_picks_earliest_not_root)
{
	ok_result();
	add_cert("a.example", -1, 80, false);
	add_cert("Example Intermediate", -100, 12, false);
	/* A root sent along that expires first is ignored: clients use theirs.
	 */
	add_cert("Example Root", -1000, 2, true);

	ck_assert_int_eq(jtest_run(&jt, leaf_args, 0), STATE_OK);
	JTEST_HAS(&jt, "days_left=80.00;30:;14:;; chain_days_left=12.00;;;;");
	JTEST_CAUSE(&jt, "ok");

	ck_assert_int_eq(jtest_run(&jt, chain_args, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "chain certificate #1 'Example Intermediate' expires "
	    "in 12 days");
	JTEST_HAS(&jt, "days_left=80.00;;;; chain_days_left=12.00;30:;14:;;");
	JTEST_LACKS(&jt, "Example Root");
	JTEST_CAUSE(&jt, "cert-expiring");
}
END_TEST

START_TEST(test_chain_expired_intermediate)
{
	ok_result();
	add_cert("a.example", -1, 80, false);
	add_cert("Example Intermediate", -100, -2, false);
	ck_assert_int_eq(jtest_run(&jt, leaf_args, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
	ck_assert_int_eq(jtest_run(&jt, chain_args, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    " chain certificate #1 'Example Intermediate' expired "
	    "2 days ago (");
	JTEST_CAUSE(&jt, "chain-cert-expired");
}
END_TEST

START_TEST(test_chain_not_yet_valid_intermediate)
{
	ok_result();
	add_cert("a.example", -1, 80, false);
	add_cert("Future Intermediate", 2, 800, false);
	ck_assert_int_eq(jtest_run(&jt, chain_args, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "chain certificate #1 'Future Intermediate' is not yet "
	    "valid");
	JTEST_CAUSE(&jt, "cert-not-yet-valid");
}
END_TEST

/*
 * A CA certificate sent before the leaf: the handshake failed, the probe
 * kept the chain and found the leaf at #2; that one is judged.
 */
static void
ca_first_result(void)
{
	ok_result();
	add_cert("Example Root", -1000, 3000, true);
	add_cert("Example Intermediate", -100, 12, false);
	res.chain[1].is_ca = true;
	add_cert("a.example", -1, 20, false);
	res.err = PROBE_E_TLS;
	res.stage = PROBE_S_HANDSHAKE;
	res.chain_on_failure = true;
	res.leaf = 2;
	snprintf(res.reason, sizeof(res.reason),
	    "chain misordered: certificate #0 'Example Root' is a CA "
	    "certificate; the leaf 'a.example' is sent at #2");
}

START_TEST(test_ca_first_judges_leaf_found)
{
	ca_first_result();
	ck_assert_int_eq(jtest_run(&jt, leaf_args, 1), STATE_WARNING);
	JTEST_FIRST(&jt,
	    "TLS-EXPIRY WARNING: a.example:443 certificate 'a.example' "
	    "expires in 20 days (");
	JTEST_HAS(&jt, "days_left=20.00;30:;14:;; chain_days_left=12.00;;;;");
	JTEST_HAS(&jt,
	    "\nnote: chain misordered: certificate #0 'Example Root' is a "
	    "CA certificate; the leaf 'a.example' is sent at #2: clients");
	JTEST_HAS(&jt, "\n[2] leaf: subject 'CN=a.example'");
	JTEST_CAUSE(&jt, "cert-expiring");

	ck_assert_int_eq(jtest_run(&jt, chain_args, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "chain certificate #1 'Example Intermediate' expires in 12 days");
	JTEST_HAS(&jt, "days_left=20.00;;;; chain_days_left=12.00;30:;14:;;");

	/* No leaf among them: the failure, as for any refused handshake. */
	ca_first_result();
	res.chain_on_failure = false;
	res.leaf = -1;
	ck_assert_int_eq(jtest_run(&jt, leaf_args, 0), STATE_CRITICAL);
	JTEST_LACKS(&jt, "days_left");
	JTEST_CAUSE(&jt, "handshake-failed");
}
END_TEST

START_TEST(test_self_signed_leaf_alone)
{
	static const char *const self_chain[] = {
	    "-H", "self.example", "--chain", NULL};
	static const char *const self_leaf[] = {"-H", "self.example", NULL};
	char			 want[512], date[32];

	/*
	 * Self-signed certificates beyond the leaf are left out, but a
	 * self-signed leaf is judged all the same: its lifetime, and (what
	 * only the exception for the leaf catches) its start date.
	 */
	ok_result();
	add_cert("self.example", -1, 5, true);
	ck_assert_int_eq(jtest_run(&jt, self_chain, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "certificate 'self.example' expires in 5 days");
	JTEST_CAUSE(&jt, "cert-expiring");

	ok_result();
	add_cert("self.example", 2, 90, true);
	snprintf(want, sizeof(want),
	    "TLS-EXPIRY CRITICAL: self.example:443 certificate 'self.example' "
	    "is not yet valid: valid from %s (in 2 days); ",
	    date_in(2, date, sizeof(date)));
	ck_assert_int_eq(jtest_run(&jt, self_chain, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt, want);
	JTEST_CAUSE(&jt, "cert-not-yet-valid");
	ck_assert_int_eq(jtest_run(&jt, self_leaf, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt, want);
	JTEST_CAUSE(&jt, "cert-not-yet-valid");
}
END_TEST

struct fail_row {
	const char	*args[6];
	enum probe_err	 err;
	enum probe_stage stage;
	const char	*reason;
	const char	*bytes; /* what the server sent, or NULL */
	enum state	 want;
	bool		 has_time;
	const char	*want_cause;
};

static const struct fail_row fail_rows[] = {
    {{"-H", "x.example", NULL}, PROBE_E_REFUSED, PROBE_S_CONNECT,
	"connection refused by 192.0.2.1 port 443", NULL, STATE_CRITICAL, false,
	"connection-refused"},
    {{"-H", "x.example", NULL}, PROBE_E_TIMEOUT, PROBE_S_HELLO,
	"no reply to the ClientHello within 10 s", NULL, STATE_CRITICAL, true,
	"timeout"},
    {{"-H", "x.example", "-t", "5:warning", NULL}, PROBE_E_TIMEOUT,
	PROBE_S_HELLO, "no reply to the ClientHello within 5 s", NULL,
	STATE_WARNING, true, "timeout"},
    {{"-H", "x.example", "-t", "5:unknown", NULL}, PROBE_E_TIMEOUT,
	PROBE_S_CONNECT, "no answer to TCP connect", NULL, STATE_UNKNOWN, false,
	"connection-timeout"},
    {{"-H", "x.example", NULL}, PROBE_E_NOT_TLS, PROBE_S_HELLO,
	"speaks plaintext HTTP, not TLS: answered the ClientHello with "
	"'HTTP/1.1 400 Bad Request'",
	"HTTP/1.1 400 Bad Request\r\n\r\n", STATE_CRITICAL, true,
	"plaintext-on-tls-port"},
    {{"-H", "x.example", NULL}, PROBE_E_RESOLVE, PROBE_S_RESOLVE,
	"cannot resolve 'x.example': Name or service not known", NULL,
	STATE_UNKNOWN, false, "dns-failure"},
    {{"-H", "x.example", NULL}, PROBE_E_CAFILE, PROBE_S_SETUP,
	"cannot read CA file '/nonexistent': No such file or directory", NULL,
	STATE_UNKNOWN, false, "local-error"},
    {{"-H", "x.example", NULL}, PROBE_E_POLICY, PROBE_S_SETUP,
	"local GnuTLS refuses priority string 'X'", NULL, STATE_UNKNOWN, false,
	"local-error"},
    {{"-H", "x.example", NULL}, PROBE_E_ALERT, PROBE_S_HANDSHAKE,
	"TLS handshake failed: the server sent fatal alert "
	"handshake_failure",
	NULL, STATE_CRITICAL, true, "handshake-failed"},
    {{"-H", "x.example", NULL}, PROBE_E_NO_CERT, PROBE_S_DONE,
	"the server sent no certificate", NULL, STATE_CRITICAL, true,
	"handshake-failed"},
};

START_TEST(test_failure_rows)
{
	const struct fail_row *r = &fail_rows[_i];
	char		       want[512];

	ok_result();
	res.err = r->err;
	res.stage = r->stage;
	snprintf(res.reason, sizeof(res.reason), "%s", r->reason);
	if (r->bytes != NULL) {
		res.nfirst = res.nrecv = strlen(r->bytes);
		memcpy(res.first, r->bytes, res.nfirst);
		cls_classify(res.first, res.nfirst, &res.reply);
	}
	ck_assert_int_eq(jtest_run(&jt, r->args, 0), r->want);
	snprintf(want, sizeof(want), "TLS-EXPIRY %s: x.example:443 %s",
	    state_name(r->want), r->reason);
	JTEST_FIRST(&jt, want);
	ck_assert_int_eq(
	    strstr(jt.out, "handshake_time=") != NULL, r->has_time);
	JTEST_CAUSE(&jt, r->want_cause);
}
END_TEST

/*
 * A timeout after a whole ServerHello is the lost certificate flight; a
 * ServerHello cut short (a server sending a byte a second) is a timeout.
 */
START_TEST(test_stall_cause)
{
	static const char *const args[] = {"-H", "x.example", NULL};
	/* Record header, ServerHello header (length 38), version, random. */
	static const unsigned char hello[5 + 4 + 38] = {
	    0x16, 0x03, 0x03, 0x00, 0x2a, 0x02, 0x00, 0x00, 0x26, 0x03, 0x03};
	static const struct {
		size_t	    n;
		const char *want;
	} cuts[] = {
	    {sizeof(hello), "stall-after-serverhello"},
	    {sizeof(hello) - 1, "timeout"},
	    {9, "timeout"},
	    {3, "timeout"},
	};
	size_t i;

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		ok_result();
		res.err = PROBE_E_TIMEOUT;
		res.stage = PROBE_S_HANDSHAKE;
		snprintf(
		    res.reason, sizeof(res.reason), "TLS handshake stalled");
		res.nfirst = res.nrecv = cuts[i].n;
		memcpy(res.first, hello, cuts[i].n);
		cls_classify(res.first, res.nfirst, &res.reply);
		ck_assert_int_eq(jtest_run(&jt, args, 0), STATE_CRITICAL);
		JTEST_CAUSE(&jt, cuts[i].want);
	}
}
END_TEST

START_TEST(test_unparseable_leaf)
{
	static const char *const args[] = {"-H", "x.example", NULL};

	ok_result();
	add_cert("(unparseable)", 0, 0, false);
	res.chain[0].der = NULL;
	ck_assert_int_eq(jtest_run(&jt, args, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "cannot be parsed");
	JTEST_CAUSE(&jt, "handshake-failed");
}
END_TEST

struct bad_args {
	const char *args[6];
	const char *words;
};

static const struct bad_args bad[] = {
    {{"-H", "x", "-w", "abc", NULL}, "invalid value for -w/--warning: 'abc'"},
    {{"-H", "x", "-c", "20:10", NULL},
	"invalid value for -c/--critical: '20:10'"},
    {{"-H", "x", "-w", "", NULL}, "invalid value for -w/--warning"},
    {{"-H", "x", "-c", "5|x=1", NULL}, "'5\\x7cx=1'"},
    {{"-H", "x", "--chain=yes", NULL}, "'--chain=yes'"},
};

START_TEST(test_bad_thresholds)
{
	const struct bad_args *b = &bad[_i];

	jtest_parse(&judge_expiry, &ea, ARGS_ERROR, NULL, b->args);
	ck_assert_msg(strstr(ea.c.why, b->words) != NULL, "why '%s', want '%s'",
	    ea.c.why, b->words);
	ck_assert_ptr_null(strchr(ea.c.why, '|'));
}
END_TEST

START_TEST(test_defaults_skip_trust)
{
	static const char *const plain[] = {"-H", "x", NULL};
	static const char *const ca[] = {
	    "-H", "x", "--ca-file", "check_judge_expiry-ca.pem", NULL};

	/* The expiry check never loads the system trust store. */
	jtest_parse(&judge_expiry, &ea, ARGS_OK, NULL, plain);
	ck_assert(ea.c.probe.insecure_noverify);
	ck_assert_str_eq(ea.warn.text, "30:");
	ck_assert_str_eq(ea.crit.text, "14:");
	jtest_parse(&judge_expiry, &ea, ARGS_OK, NULL, ca);
	ck_assert(!ea.c.probe.insecure_noverify);
}
END_TEST

int
main(void)
{
	TCase *tc = tcase_create("judge");
	int    failed;

	tcase_add_loop_test(
	    tc, test_leaf_rows, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_not_yet_valid);
	tcase_add_test(tc, test_chain_picks_earliest_not_root);
	tcase_add_test(tc, test_chain_expired_intermediate);
	tcase_add_test(tc, test_chain_not_yet_valid_intermediate);
	tcase_add_test(tc, test_ca_first_judges_leaf_found);
	tcase_add_test(tc, test_self_signed_leaf_alone);
	tcase_add_loop_test(
	    tc, test_failure_rows, 0, sizeof(fail_rows) / sizeof(fail_rows[0]));
	tcase_add_test(tc, test_stall_cause);
	tcase_add_test(tc, test_unparseable_leaf);
	tcase_add_loop_test(
	    tc, test_bad_thresholds, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_defaults_skip_trust);
	if (cktest_pem_fixture("check_judge_expiry-ca.pem") == -1)
		return EXIT_FAILURE;
	failed = jtest_main("judge_expiry", tc);
	remove("check_judge_expiry-ca.pem");
	return failed;
}
