/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_sni's judge on hand-built handshake triples. */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#define SNI_NO_MAIN
#include "../../plugins/check_tls_sni.c"

static unsigned char fake_der[1];	/* marks a parsed certificate; never freed */
static struct probe_result res[HS_COUNT];
static struct probe_result *rp[HS_COUNT] = { &res[0], &res[1], &res[2] };
static char out[16384];

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
	snprintf(r->chain[0].subject, sizeof(r->chain[0].subject), "CN=%s",
	    cert);
	snprintf(r->chain[0].sha256, sizeof(r->chain[0].sha256),
	    "%064zx", strlen(cert) * 7919 + (size_t)cert[0]);
	r->chain[0].der = fake_der;
	r->name_checked = true;
	r->name_matches = covers;
}

static void
failed(int i, const char *sni, enum probe_err err, int alert,
    const char *reason)
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
static const char *const base_args[] = { "-H", "www.example.org", "--unknown-sni",
	    "nope.example.org", NULL };

static enum state
judge(const char *const *extra, int verbose)
{
	static struct sni_args sa;
	static struct verdict v;
	char *argv[CKTEST_ARGV_MAX];
	int argc;

	argc = cktest_argv(argv, PROG, base_args, extra);
	ck_assert_int_eq(sni_parse_args(argc, argv, &sa), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	sni_judge(&sa, rp, &v);
	out_render(&v, OUT_NAGIOS, verbose, out, sizeof(out));
	return v.state;
}

#define FIRST(want) ck_assert_msg(strncmp(out, (want), strlen(want)) == 0, \
		    "got '%s', want '%s'", out, (want))
#define HAS(s)	ck_assert_msg(strstr(out, (s)) != NULL, "'%s' lacks '%s'", \
		    out, (s))

START_TEST(test_all_good)
{
	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "www.example.org", true);
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112,
	    "TLS handshake failed: the server sent fatal alert "
	    "unrecognized_name");
	ck_assert_int_eq(judge(NULL, 1), STATE_OK);
	FIRST("TLS-SNI OK: www.example.org:443 SNI 'www.example.org' gets "
	    "'www.example.org', which covers it; without SNI: "
	    "'www.example.org' | sni_match=1;;;0;1 nosni_match=1;;;0;1 "
	    "handshake_time=0.003s;;;0;\n");
	HAS("\nnote: unknown name 'nope.example.org': handshake fails with "
	    "alert unrecognized_name\n");
}
END_TEST

START_TEST(test_ignores_sni)
{
	got(HS_SNI, "www.example.org", "default.example", false);
	got(HS_NOSNI, "", "default.example", false);
	got(HS_UNKNOWN, "nope.example.org", "default.example", false);
	ck_assert_int_eq(judge(NULL, 1), STATE_CRITICAL);
	FIRST("TLS-SNI CRITICAL: www.example.org:443 server ignores SNI: serves "
	    "'default.example' for every name, 'www.example.org' included | "
	    "sni_match=0;;;0;1 nosni_match=0;;;0;1 ");
	HAS("\nnote: clients without SNI get the same certificate "
	    "'default.example'\n");
}
END_TEST

START_TEST(test_wrong_cert_for_name)
{
	got(HS_SNI, "www.example.org", "other.example", false);
	got(HS_NOSNI, "", "www.example.org", true);
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-SNI CRITICAL: www.example.org:443 server selects "
	    "certificates by SNI but serves 'other.example' for "
	    "'www.example.org', which does not cover it | sni_match=0;");
}
END_TEST

START_TEST(test_no_vhost_for_name)
{
	got(HS_SNI, "www.example.org", "default.example", false);
	failed(HS_NOSNI, "", PROBE_E_ALERT, 40, "x");
	got(HS_UNKNOWN, "nope.example.org", "default.example", false);
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-SNI CRITICAL: www.example.org:443 server has no certificate "
	    "for 'www.example.org': serves 'default.example', the same as for "
	    "an unknown name (and 1 more problem) |");
}
END_TEST

START_TEST(test_nosni_gets_default)
{
	static const char *const crit[] = { "--no-sni-state", "critical",
	    NULL };
	static const char *const ok[] = { "--no-sni-state", "ok", NULL };

	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "default.example", false);
	got(HS_UNKNOWN, "nope.example.org", "default.example", false);
	ck_assert_int_eq(judge(NULL, 1), STATE_WARNING);
	FIRST("TLS-SNI WARNING: www.example.org:443 clients without SNI get "
	    "'default.example', which does not cover 'www.example.org' | "
	    "sni_match=1;;;0;1 nosni_match=0;;;0;1 ");
	HAS("\nnote: unknown name 'nope.example.org' gets 'default.example' "
	    "(the certificate for clients without SNI)\n");
	ck_assert_int_eq(judge(crit, 0), STATE_CRITICAL);
	ck_assert_int_eq(judge(ok, 0), STATE_OK);
}
END_TEST

START_TEST(test_requires_sni)
{
	got(HS_SNI, "www.example.org", "www.example.org", true);
	failed(HS_NOSNI, "", PROBE_E_ALERT, 112, "x");
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(judge(NULL, 0), STATE_WARNING);
	FIRST("TLS-SNI WARNING: www.example.org:443 server requires SNI: "
	    "handshake without SNI fails with alert unrecognized_name | "
	    "sni_match=1;;;0;1 nosni_match=0;;;0;1 ");
	failed(HS_NOSNI, "", PROBE_E_EOF, -1, "connection closed by the "
	    "server after our ClientHello, with no reply");
	ck_assert_int_eq(judge(NULL, 0), STATE_WARNING);
	HAS("server requires SNI: handshake without SNI fails: connection "
	    "closed by the server after our ClientHello, with no reply |");
}
END_TEST

START_TEST(test_unknown_state)
{
	static const char *const warn[] = { "--unknown-sni-state", "warning",
	    NULL };

	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "www.example.org", true);
	got(HS_UNKNOWN, "nope.example.org", "www.example.org", true);
	ck_assert_int_eq(judge(NULL, 0), STATE_OK);
	ck_assert_int_eq(judge(warn, 0), STATE_WARNING);
	HAS("unknown name 'nope.example.org' gets 'www.example.org' (the "
	    "certificate for clients without SNI)");
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(judge(warn, 0), STATE_OK);
}
END_TEST

START_TEST(test_sni_handshake_fails)
{
	failed(HS_SNI, "www.example.org", PROBE_E_ALERT, 112, "TLS handshake "
	    "failed: the server sent fatal alert unrecognized_name");
	got(HS_NOSNI, "", "default.example", false);
	failed(HS_UNKNOWN, "nope.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-SNI CRITICAL: www.example.org:443 server does not know "
	    "'www.example.org': handshake with SNI fails with alert "
	    "unrecognized_name |");
	failed(HS_SNI, "www.example.org", PROBE_E_REFUSED, -1, "connection "
	    "refused by 192.0.2.1 port 443");
	res[HS_SNI].stage = PROBE_S_CONNECT;
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-SNI CRITICAL: www.example.org:443 connection refused by "
	    "192.0.2.1 port 443\n");
}
END_TEST

START_TEST(test_json)
{
	static struct sni_args sa;
	static struct verdict v;
	static char js[65536];
	char *argv[] = { (char *)"check_tls_sni", (char *)"-H",
	    (char *)"www.example.org", NULL };

	got(HS_SNI, "www.example.org", "www.example.org", true);
	got(HS_NOSNI, "", "default.example", false);
	failed(HS_UNKNOWN, "x.example.org", PROBE_E_ALERT, 112, "x");
	ck_assert_int_eq(sni_parse_args(3, argv, &sa), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	sni_judge(&sa, rp, &v);
	out_render(&v, OUT_JSON, 0, js, sizeof(js));
	ck_assert_msg(strstr(js, "\"handshakes\":[{\"handshake\":\"sni\","
	    "\"sni\":\"www.example.org\",\"result\":\"ok\"") != NULL, "%s", js);
	ck_assert_msg(strstr(js, "{\"handshake\":\"no_sni\",\"sni\":\"\","
	    "\"result\":\"ok\",\"reason\":\"\",\"covers_name\":false,"
	    "\"certificate\":{\"name\":\"default.example\"") != NULL, "%s", js);
	ck_assert_msg(strstr(js, "{\"handshake\":\"unknown_sni\",\"sni\":"
	    "\"x.example.org\",\"result\":\"alert\"") != NULL, "%s", js);
	ck_assert_msg(strstr(js, "\"metrics\":{\"sni_match\":1,"
	    "\"nosni_match\":0,") != NULL, "%s", js);
}
END_TEST

START_TEST(test_args)
{
	struct sni_args sa;
	char *ip[] = { (char *)"x", (char *)"-H", (char *)"192.0.2.1", NULL };
	char *ipsni[] = { (char *)"x", (char *)"-H", (char *)"192.0.2.1",
	    (char *)"--sni", (char *)"www.example.org", NULL };
	char *nosni[] = { (char *)"x", (char *)"-H", (char *)"a.example",
	    (char *)"--no-sni", NULL };
	char *badstate[] = { (char *)"x", (char *)"-H", (char *)"a.example",
	    (char *)"--no-sni-state", (char *)"unknown", NULL };
	char *single[] = { (char *)"x", (char *)"-H", (char *)"localhost",
	    NULL };
	char *deep[] = { (char *)"x", (char *)"-H", (char *)"www.example.org",
	    NULL };

	ck_assert_int_eq(sni_parse_args(3, ip, &sa), ARGS_ERROR);
	ck_assert_msg(strstr(sa.c.why, "no name to test") != NULL, "%s",
	    sa.c.why);
	ck_assert_int_eq(sni_parse_args(5, ipsni, &sa), ARGS_OK);
	ck_assert_str_eq(sa.name, "www.example.org");
	ck_assert_int_eq(sni_parse_args(4, nosni, &sa), ARGS_ERROR);
	ck_assert_int_eq(sni_parse_args(5, badstate, &sa), ARGS_ERROR);
	ck_assert_msg(strstr(sa.c.why, "--no-sni-state: 'unknown'") != NULL,
	    "%s", sa.c.why);
	ck_assert_int_eq(sni_parse_args(3, single, &sa), ARGS_OK);
	ck_assert_msg(strncmp(sa.unknown, "tlsmp-unknown-", 14) == 0 &&
	    strstr(sa.unknown, ".invalid") != NULL, "%s", sa.unknown);
	ck_assert_int_eq(sni_parse_args(3, deep, &sa), ARGS_OK);
	ck_assert_msg(strstr(sa.unknown, ".example.org") != NULL &&
	    strstr(sa.unknown, ".www.") == NULL, "%s", sa.unknown);
	ck_assert(sa.c.probe.insecure_noverify);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("judge_sni");
	TCase *tc = tcase_create("judge");

	tcase_add_test(tc, test_all_good);
	tcase_add_test(tc, test_ignores_sni);
	tcase_add_test(tc, test_wrong_cert_for_name);
	tcase_add_test(tc, test_no_vhost_for_name);
	tcase_add_test(tc, test_nosni_gets_default);
	tcase_add_test(tc, test_requires_sni);
	tcase_add_test(tc, test_unknown_state);
	tcase_add_test(tc, test_sni_handshake_fails);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_args);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
