/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_sni's judge on hand-built handshake triples. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "jtest.h"
#include "judge_sni.h"

static struct probe_result res[HS_COUNT];

/* Handshake i got a certificate named cert (fingerprint derived from it). */
static void
got(int i, const char *sni, const char *cert, bool covers)
{
	struct probe_result *r = &res[i];

	memset(r, 0, sizeof(*r));
	r->err = PROBE_OK;
	r->stage = PROBE_S_DONE;
	r->alert = -1;
	r->handshake_time = 0.003;
	snprintf(r->sni, sizeof(r->sni), "%s", sni);
	r->nchain = r->nchain_sent = 1;
	snprintf(r->chain[0].name, sizeof(r->chain[0].name), "%s", cert);
	snprintf(
	    r->chain[0].subject, sizeof(r->chain[0].subject), "CN=%s", cert);
	snprintf(r->chain[0].sha256, sizeof(r->chain[0].sha256), "%064zx",
	    strlen(cert) * 7919 + (size_t)cert[0]);
	r->chain[0].der = jtest_der;
	r->name_checked = true;
	r->name_matches = covers;
}

static void
failed(
    int i, const char *sni, enum probe_err err, int alert, const char *reason)
{
	struct probe_result *r = &res[i];

	memset(r, 0, sizeof(*r));
	r->err = err;
	r->stage = PROBE_S_HANDSHAKE;
	r->alert = alert;
	snprintf(r->sni, sizeof(r->sni), "%s", sni);
	snprintf(r->reason, sizeof(r->reason), "%s", reason);
}

/* What every judged run is given before its own options. */
static const char *const base_args[] = {
    "-H", "www.example.org", "--unknown-sni", "nope.example.org", NULL};

static struct sni_args sa;
static struct jtest    jt = {
       .judge = &judge_sni,
       .args = &sa,
       .base = base_args,
       .res = res,
       .nres = HS_COUNT,
};

START_TEST(test_all_good)
{
	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "www.example.org", true);
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112,
	    "TLS handshake failed: the server sent fatal alert "
	    "unrecognized_name");
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-SNI OK: www.example.org:443 SNI 'www.example.org' gets "
	    "'www.example.org', which covers it; without SNI: "
	    "'www.example.org' | sni_match=1;;;0;1 nosni_match=1;;;0;1 "
	    "handshake_time=0.003s;;;0;\n");
	JTEST_HAS(&jt,
	    "\nnote: unknown name 'nope.example.org': handshake fails with "
	    "alert unrecognized_name\n");
	JTEST_HAS(&jt,
	    "\nnote: clients without SNI get 'www.example.org', "
	    "which covers 'www.example.org'\n");
	JTEST_LACKS(&jt, "the same certificate");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_ignores_sni)
{
	got(HS_SNI, "www.example.org", "default.example", false);
	got(HS_NOSNI, "", "default.example", false);
	got(HS_UNKNOWN, "nope.example.org", "default.example", false);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-SNI CRITICAL: www.example.org:443 serves 'default.example' "
	    "for this name, the same certificate as without SNI: no "
	    "certificate for 'www.example.org' is configured, or the server "
	    "ignores SNI | sni_match=0;;;0;1 nosni_match=0;;;0;1 ");
	JTEST_LACKS(&jt, "for every name");
	JTEST_HAS(&jt,
	    "\nnote: clients without SNI get the same certificate "
	    "'default.example'\n");
	JTEST_CAUSE(&jt, "sni-ignored");
}
END_TEST

START_TEST(test_wrong_cert_for_name)
{
	got(HS_SNI, "www.example.org", "other.example", false);
	got(HS_NOSNI, "", "www.example.org", true);
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-SNI CRITICAL: www.example.org:443 server selects "
	    "certificates by SNI but serves 'other.example' for "
	    "'www.example.org', which does not cover it | sni_match=0;");
	JTEST_CAUSE(&jt, "hostname-mismatch");
}
END_TEST

START_TEST(test_no_vhost_for_name)
{
	got(HS_SNI, "www.example.org", "default.example", false);
	failed(HS_NOSNI, "", PROBE_E_ALERT, 40, "x");
	got(HS_UNKNOWN, "nope.example.org", "default.example", false);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-SNI CRITICAL: www.example.org:443 server has no certificate "
	    "for 'www.example.org': serves 'default.example', the same as for "
	    "an unknown name (and 1 more problem) |");
	JTEST_CAUSE(&jt, "sni-ignored");
}
END_TEST

START_TEST(test_nosni_gets_default)
{
	static const char *const crit[] = {"--no-sni-state", "critical", NULL};
	static const char *const ok[] = {"--no-sni-state", "ok", NULL};

	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "default.example", false);
	got(HS_UNKNOWN, "nope.example.org", "default.example", false);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_WARNING);
	JTEST_FIRST(&jt,
	    "TLS-SNI WARNING: www.example.org:443 clients without SNI get "
	    "'default.example', which does not cover 'www.example.org' | "
	    "sni_match=1;;;0;1 nosni_match=0;;;0;1 ");
	JTEST_HAS(&jt,
	    "\nnote: unknown name 'nope.example.org' gets 'default.example' "
	    "(the certificate for clients without SNI)\n");
	JTEST_CAUSE(&jt, "sni-required");
	ck_assert_int_eq(jtest_run(&jt, crit, 0), STATE_CRITICAL);
	JTEST_CAUSE(&jt, "sni-required");
	ck_assert_int_eq(jtest_run(&jt, ok, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_requires_sni)
{
	got(HS_SNI, "www.example.org", "www.example.org", true);
	failed(HS_NOSNI, "", PROBE_E_ALERT, 112, "x");
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_WARNING);
	JTEST_FIRST(&jt,
	    "TLS-SNI WARNING: www.example.org:443 server requires SNI: "
	    "handshake without SNI fails with alert unrecognized_name | "
	    "sni_match=1;;;0;1 nosni_match=0;;;0;1 ");
	JTEST_CAUSE(&jt, "sni-required");
	failed(HS_NOSNI, "", PROBE_E_EOF, -1,
	    "connection closed by the "
	    "server after our ClientHello, with no reply");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_WARNING);
	JTEST_HAS(&jt,
	    "server requires SNI: handshake without SNI fails: connection "
	    "closed by the server after our ClientHello, with no reply |");
	JTEST_CAUSE(&jt, "sni-required");
}
END_TEST

START_TEST(test_unknown_state)
{
	static const char *const warn[] = {
	    "--unknown-sni-state", "warning", NULL};

	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "www.example.org", true);
	got(HS_UNKNOWN, "nope.example.org", "www.example.org", true);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
	ck_assert_int_eq(jtest_run(&jt, warn, 0), STATE_WARNING);
	JTEST_HAS(&jt,
	    "unknown name 'nope.example.org' gets 'www.example.org' (the "
	    "certificate for clients without SNI)");
	JTEST_CAUSE(&jt, "sni-ignored");
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(jtest_run(&jt, warn, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_sni_handshake_fails)
{
	failed(HS_SNI, "www.example.org", PROBE_E_ALERT, 112,
	    "TLS handshake failed: the server sent fatal alert "
	    "unrecognized_name");
	got(HS_NOSNI, "", "default.example", false);
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-SNI CRITICAL: www.example.org:443 server does not know "
	    "'www.example.org': handshake with SNI fails with alert "
	    "unrecognized_name |");
	JTEST_CAUSE(&jt, "sni-ignored");
	failed(HS_SNI, "www.example.org", PROBE_E_REFUSED, -1,
	    "connection refused by 192.0.2.1 port 443");
	res[HS_SNI].stage = PROBE_S_CONNECT;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-SNI CRITICAL: www.example.org:443 connection refused by "
	    "192.0.2.1 port 443\n");
	JTEST_CAUSE(&jt, "connection-refused");
	failed(HS_SNI, "www.example.org", PROBE_E_TIMEOUT, -1,
	    "no reply to the ClientHello within 10 s");
	res[HS_SNI].stage = PROBE_S_HELLO;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-SNI CRITICAL: www.example.org:443 no reply to the "
	    "ClientHello within 10 s |");
	JTEST_CAUSE(&jt, "timeout");
}
END_TEST

START_TEST(test_json)
{
	static const char *const json[] = {"-o", "json", NULL};

	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "default.example", false);
	failed(HS_UNKNOWN, "x.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(jtest_run(&jt, json, 0), STATE_WARNING);
	JTEST_HAS(&jt,
	    "\"handshakes\":[{\"handshake\":\"sni\",\"sni\":\"www."
	    "example.org\",\"result\":\"ok\"");
	JTEST_HAS(&jt,
	    "{\"handshake\":\"no_sni\",\"sni\":\"\",\"result\":"
	    "\"ok\",\"reason\":\"\",\"covers_name\":false,"
	    "\"certificate\":{\"name\":\"default.example\"");
	JTEST_HAS(&jt,
	    "{\"handshake\":\"unknown_sni\",\"sni\":\"x.example."
	    "org\",\"result\":\"alert\"");
	JTEST_HAS(&jt, "\"metrics\":{\"sni_match\":1,\"nosni_match\":0,");
	JTEST_CAUSE(&jt, "sni-required");
}
END_TEST

/*
 * Which note says what clients without SNI get: "the same certificate"
 * only when the SNI handshake got a certificate not covering the name and
 * the one without SNI got that very certificate. Each row: the two
 * certificates and whether they cover the name, then the state, the long
 * line about clients without SNI, what must not be said, and the cause.
 */
struct nosni_row {
	const char *sni_cert;
	bool	    sni_covers;
	const char *nosni_cert;
	bool	    nosni_covers;
	enum state  want;
	const char *line;
	const char *not_line;
	const char *cause;
};

static const struct nosni_row nosni_rows[] = {
    /* Covering, and the same for everyone. */
    {"www.example.org", true, "www.example.org", true, STATE_OK,
	"\nnote: clients without SNI get 'www.example.org', which covers "
	"'www.example.org'\n",
	"the same certificate", "ok"},
    /* Covering; without SNI another that covers too. */
    {"www.example.org", true, "*.example.org", true, STATE_OK,
	"\nnote: clients without SNI get '*.example.org', which covers "
	"'www.example.org'\n",
	"the same certificate", "ok"},
    /* Covering; without SNI another that does not. */
    {"www.example.org", true, "default.example", false, STATE_WARNING,
	"\nWARNING: clients without SNI get 'default.example', which does "
	"not cover 'www.example.org'\n",
	"the same certificate", "sni-required"},
    /* Not covering, and the same without SNI. */
    {"default.example", false, "default.example", false, STATE_CRITICAL,
	"\nnote: clients without SNI get the same certificate "
	"'default.example'\n",
	"clients without SNI get 'default.example', which",
	"hostname-mismatch"},
    /* Not covering; without SNI another that covers. */
    {"other.example", false, "www.example.org", true, STATE_CRITICAL,
	"\nnote: clients without SNI get 'www.example.org', which covers "
	"'www.example.org'\n",
	"the same certificate", "hostname-mismatch"},
    /* Not covering; without SNI another that does not either. */
    {"other.example", false, "default.example", false, STATE_CRITICAL,
	"\nWARNING: clients without SNI get 'default.example', which does "
	"not cover 'www.example.org'\n",
	"the same certificate", "hostname-mismatch"},
};

START_TEST(test_nosni_note)
{
	const struct nosni_row *r = &nosni_rows[_i];

	got(HS_SNI, "www.example.org", r->sni_cert, r->sni_covers);
	got(HS_NOSNI, "", r->nosni_cert, r->nosni_covers);
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), r->want);
	JTEST_HAS(&jt, r->line);
	JTEST_LACKS(&jt, r->not_line);
	JTEST_CAUSE(&jt, r->cause);
}
END_TEST

START_TEST(test_args)
{
	static const char *const ip[] = {"-H", "192.0.2.1", NULL};
	static const char *const ipsni[] = {
	    "-H", "192.0.2.1", "--sni", "www.example.org", NULL};
	static const char *const nosni[] = {
	    "-H", "a.example", "--no-sni", NULL};
	static const char *const badstate[] = {
	    "-H", "a.example", "--no-sni-state", "unknown", NULL};
	static const char *const single[] = {"-H", "localhost", NULL};
	static const char *const deep[] = {"-H", "www.example.org", NULL};

	jtest_parse(&judge_sni, &sa, ARGS_ERROR, NULL, ip);
	ck_assert_msg(
	    strstr(sa.c.why, "no name to test") != NULL, "%s", sa.c.why);
	jtest_parse(&judge_sni, &sa, ARGS_OK, NULL, ipsni);
	ck_assert_str_eq(sa.name, "www.example.org");
	jtest_parse(&judge_sni, &sa, ARGS_ERROR, NULL, nosni);
	jtest_parse(&judge_sni, &sa, ARGS_ERROR, NULL, badstate);
	ck_assert_msg(strstr(sa.c.why, "--no-sni-state: 'unknown'") != NULL,
	    "%s", sa.c.why);
	jtest_parse(&judge_sni, &sa, ARGS_OK, NULL, single);
	ck_assert_msg(strncmp(sa.unknown, "tlsmp-unknown-", 14) == 0 &&
		strstr(sa.unknown, ".invalid") != NULL,
	    "%s", sa.unknown);
	jtest_parse(&judge_sni, &sa, ARGS_OK, NULL, deep);
	ck_assert_msg(strstr(sa.unknown, ".example.org") != NULL &&
		strstr(sa.unknown, ".www.") == NULL,
	    "%s", sa.unknown);
	ck_assert(sa.c.probe.insecure_noverify);
}
END_TEST

int
main(void)
{
	TCase *tc = tcase_create("judge");

	tcase_add_test(tc, test_all_good);
	tcase_add_test(tc, test_ignores_sni);
	tcase_add_test(tc, test_wrong_cert_for_name);
	tcase_add_test(tc, test_no_vhost_for_name);
	tcase_add_test(tc, test_nosni_gets_default);
	tcase_add_test(tc, test_requires_sni);
	tcase_add_test(tc, test_unknown_state);
	tcase_add_test(tc, test_sni_handshake_fails);
	tcase_add_loop_test(
	    tc, test_nosni_note, 0, sizeof(nosni_rows) / sizeof(nosni_rows[0]));
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_args);
	return jtest_main("judge_sni", tc);
}
