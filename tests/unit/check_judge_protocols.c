/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_protocols' judge on hand-built scans: policy, ciphers, failures. */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#define PROTO_NO_MAIN
#include "../../plugins/check_tls_protocols.c"

static struct probe_result res[P_COUNT];
static struct probe_result *rp[P_COUNT];
static char out[16384];

static int
def(enum ver v)
{
	return P_DEFAULT + v - V_TLS10;
}

static int
wide(enum ver v)
{
	return P_WIDE + v - V_TLS10;
}

static void
accept_probe(int i, const char *suite)
{
	res[i].err = PROBE_OK;
	res[i].stage = PROBE_S_DONE;
	res[i].hello_only = true;
	snprintf(res[i].suite, sizeof(res[i].suite), "%s", suite);
}

static void
alert_probe(int i, int desc)
{
	res[i].err = PROBE_E_ALERT;
	res[i].stage = PROBE_S_HANDSHAKE;
	res[i].alert = desc;
	snprintf(res[i].reason, sizeof(res[i].reason), "TLS handshake failed: "
	    "the server sent fatal alert %s", cls_alert_name(desc));
}

/* The SSL 3.0 probe's raw answer. */
static void
ssl3_answer(const char *bytes, size_t len)
{
	res[P_SSL3].err = PROBE_OK;
	res[P_SSL3].stage = PROBE_S_DONE;
	cls_classify((const unsigned char *)bytes, len, &res[P_SSL3].reply);
	if (res[P_SSL3].reply.kind == CLS_TLS_ALERT)
		res[P_SSL3].alert = res[P_SSL3].reply.alert_desc;
}

/* A modern server: TLS 1.2 and 1.3, everything else refused. */
static void
modern(void)
{
	int i;

	memset(res, 0, sizeof(res));
	for (i = 0; i < P_COUNT; i++) {
		rp[i] = &res[i];
		res[i].alert = -1;
		alert_probe(i, 70);
	}
	ssl3_answer("\x15\x03\x00\x00\x02\x02\x28", 7);
	accept_probe(def(V_TLS12), "TLS_ECDHE_ECDSA_AES_256_GCM_SHA384");
	accept_probe(wide(V_TLS12), "TLS_ECDHE_ECDSA_AES_256_GCM_SHA384");
	accept_probe(def(V_TLS13), "TLS_AES_256_GCM_SHA384");
}

/* What every judged run is given before its own options. */
static const char *const base_args[] = { "-H", "www.example.org", NULL };

static enum state
judge(const char *const *extra, int verbose)
{
	static struct proto_args pa;
	static struct verdict v;
	char *argv[CKTEST_ARGV_MAX];
	int argc;

	argc = cktest_argv(argv, PROG, base_args, extra);
	ck_assert_int_eq(proto_parse_args(argc, argv, &pa), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	proto_judge(&pa, rp, 0.042, &v);
	out_render(&v, OUT_NAGIOS, verbose, out, sizeof(out));
	return v.state;
}

#define FIRST(want) ck_assert_msg(strncmp(out, (want), strlen(want)) == 0, \
		    "got '%s', want '%s'", out, (want))
#define HAS(s)	ck_assert_msg(strstr(out, (s)) != NULL, "'%s' lacks '%s'", \
		    out, (s))

START_TEST(test_modern_ok)
{
	modern();
	ck_assert_int_eq(judge(NULL, 1), STATE_OK);
	FIRST("TLS-PROTOCOLS OK: www.example.org:443 accepts TLS 1.2, TLS 1.3 "
	    "| ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 tls1_2=1;;;0;1 "
	    "tls1_3=1;;;0;1 scan_time=0.042s;;;0;\n");
	HAS("\nSSL 3.0: refused (alert handshake_failure)\n");
	HAS("\nTLS 1.0: refused (alert protocol_version)\n");
	HAS("\nTLS 1.2: accepted (TLS_ECDHE_ECDSA_AES_256_GCM_SHA384)\n");
}
END_TEST

START_TEST(test_old_versions_warn)
{
	static const char *const none[] = { "-w", "none", NULL };
	static const char *const crit10[] = { "-c", "tls1.0,ssl3", NULL };

	modern();
	accept_probe(def(V_TLS10), "TLS_ECDHE_ECDSA_AES_256_CBC_SHA1");
	ck_assert_int_eq(judge(NULL, 0), STATE_WARNING);
	FIRST("TLS-PROTOCOLS WARNING: www.example.org:443 accepts TLS 1.0; "
	    "accepted: TLS 1.0, TLS 1.2, TLS 1.3 | ssl3=0;;;0;1 tls1_0=1;;;0;1 ");
	ck_assert_int_eq(judge(none, 0), STATE_OK);
	ck_assert_int_eq(judge(crit10, 0), STATE_CRITICAL);
}
END_TEST

START_TEST(test_ssl3_critical)
{
	modern();
	ssl3_answer("\x16\x03\x00\x00\x4a\x02\x00\x00\x46\x03\x00", 11);
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-PROTOCOLS CRITICAL: www.example.org:443 accepts SSL 3.0; "
	    "accepted: SSL 3.0, TLS 1.2, TLS 1.3 | ssl3=1;;;0;1 ");
}
END_TEST

START_TEST(test_only_old)
{
	modern();
	alert_probe(def(V_TLS12), 70);
	alert_probe(wide(V_TLS12), 70);
	alert_probe(def(V_TLS13), 70);
	accept_probe(def(V_TLS10), "TLS_ECDHE_ECDSA_AES_256_CBC_SHA1");
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-PROTOCOLS CRITICAL: www.example.org:443 modern clients "
	    "cannot connect: server accepts only TLS 1.0 (and 1 more problem); "
	    "accepted: TLS 1.0 |");
}
END_TEST

START_TEST(test_cipher_not_version)
{
	modern();
	alert_probe(def(V_TLS12), 40);
	accept_probe(wide(V_TLS12), "TLS_RSA_NULL_SHA256");
	alert_probe(def(V_TLS13), 70);
	ck_assert_int_eq(judge(NULL, 1), STATE_CRITICAL);
	FIRST("TLS-PROTOCOLS CRITICAL: www.example.org:443 TLS 1.2 accepted, "
	    "but no cipher in common with modern clients (server chose "
	    "TLS_RSA_NULL_SHA256); accepted: TLS 1.2 | ");
	HAS("\nTLS 1.2: accepted only with legacy ciphers "
	    "(TLS_RSA_NULL_SHA256)\n");
}
END_TEST

START_TEST(test_legacy_cipher_note)
{
	modern();
	alert_probe(def(V_TLS10), 40);
	accept_probe(wide(V_TLS10), "TLS_RSA_3DES_EDE_CBC_SHA1");
	ck_assert_int_eq(judge(NULL, 1), STATE_WARNING);
	HAS("\nnote: TLS 1.0 accepted only with legacy ciphers (server chose "
	    "TLS_RSA_3DES_EDE_CBC_SHA1)\n");
}
END_TEST

START_TEST(test_require)
{
	static const char *const req[] = { "--require", "tls1.3,tls1.2",
	    NULL };

	modern();
	alert_probe(def(V_TLS13), 70);
	ck_assert_int_eq(judge(req, 0), STATE_CRITICAL);
	FIRST("TLS-PROTOCOLS CRITICAL: www.example.org:443 TLS 1.3 is required "
	    "but refused (alert protocol_version); accepted: TLS 1.2 |");
	ck_assert_int_eq(judge(NULL, 0), STATE_OK);
}
END_TEST

START_TEST(test_local_policy)
{
	modern();
	res[def(V_TLS10)].err = PROBE_E_POLICY;
	res[wide(V_TLS10)].err = PROBE_E_POLICY;
	ck_assert_int_eq(judge(NULL, 1), STATE_UNKNOWN);
	FIRST("TLS-PROTOCOLS UNKNOWN: www.example.org:443 TLS 1.0 cannot be "
	    "probed: the local GnuTLS policy forbids it; accepted: TLS 1.2, "
	    "TLS 1.3 |");
	HAS("\nTLS 1.0: not testable here (");
}
END_TEST

START_TEST(test_reset_is_a_refusal)
{
	modern();
	res[def(V_TLS10)].err = PROBE_E_RESET;
	res[def(V_TLS10)].stage = PROBE_S_HELLO;
	snprintf(res[def(V_TLS10)].reason, sizeof(res[0].reason),
	    "connection reset by the server after our ClientHello, with no "
	    "reply");
	res[wide(V_TLS10)] = res[def(V_TLS10)];
	ck_assert_int_eq(judge(NULL, 1), STATE_OK);
	HAS("\nTLS 1.0: refused (connection reset by the server after our "
	    "ClientHello, with no reply)\n");
}
END_TEST

START_TEST(test_nothing_completes)
{
	int i;

	modern();
	for (i = P_DEFAULT; i < P_COUNT; i++)
		alert_probe(i, 40);
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-PROTOCOLS CRITICAL: www.example.org:443 no TLS version "
	    "completes: the server refuses every version and cipher offered "
	    "(TLS 1.2: alert handshake_failure) | ssl3=0;");
}
END_TEST

START_TEST(test_not_tls)
{
	int i;

	modern();
	for (i = 0; i < P_COUNT; i++) {
		res[i].err = PROBE_E_NOT_TLS;
		res[i].stage = PROBE_S_HANDSHAKE;
		snprintf(res[i].reason, sizeof(res[i].reason), "speaks "
		    "plaintext HTTP, not TLS: answered the ClientHello with "
		    "'HTTP/1.1 400 Bad Request'");
	}
	ssl3_answer("HTTP/1.1 400 Bad Request\r\n", 26);
	ck_assert_int_eq(judge(NULL, 0), STATE_CRITICAL);
	FIRST("TLS-PROTOCOLS CRITICAL: www.example.org:443 speaks plaintext "
	    "HTTP, not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad "
	    "Request' |");
}
END_TEST

START_TEST(test_json)
{
	static struct proto_args pa;
	static struct verdict v;
	static char js[65536];
	char *argv[] = { (char *)"x", (char *)"-H", (char *)"a.example", NULL };

	modern();
	ck_assert_int_eq(proto_parse_args(3, argv, &pa), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	proto_judge(&pa, rp, 0.01, &v);
	out_render(&v, OUT_JSON, 0, js, sizeof(js));
	ck_assert_msg(strstr(js, "\"metrics\":{\"ssl3\":0,\"tls1_0\":0,"
	    "\"tls1_1\":0,\"tls1_2\":1,\"tls1_3\":1,\"scan_time\":0.010}") !=
	    NULL, "%s", js);
	ck_assert_msg(strstr(js, "{\"version\":\"TLS 1.3\",\"result\":"
	    "\"accepted\",\"detail\":\"TLS_AES_256_GCM_SHA384\"}") != NULL, "%s",
	    js);
}
END_TEST

START_TEST(test_lists)
{
	unsigned int bits;
	char why[256];

	ck_assert_int_eq(proto_list("ssl3,TLS1.0,tls1_1,tlsv1.2,tls1.3", &bits,
	    "-w", why, sizeof(why)), 0);
	ck_assert_uint_eq(bits, 0x1f);
	ck_assert_int_eq(proto_list("none", &bits, "-w", why, sizeof(why)), 0);
	ck_assert_uint_eq(bits, 0);
	ck_assert_int_eq(proto_list("tls1.0,tls9", &bits, "-c/--critical",
	    why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "invalid value for -c/--critical: 'tls9'")
	    != NULL, "%s", why);
	ck_assert_int_eq(proto_list("tls1.0|x", &bits, "-w", why,
	    sizeof(why)), -1);
	ck_assert_ptr_null(strchr(why, '|'));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("judge_protocols");
	TCase *tc = tcase_create("judge");

	tcase_add_test(tc, test_modern_ok);
	tcase_add_test(tc, test_old_versions_warn);
	tcase_add_test(tc, test_ssl3_critical);
	tcase_add_test(tc, test_only_old);
	tcase_add_test(tc, test_cipher_not_version);
	tcase_add_test(tc, test_legacy_cipher_note);
	tcase_add_test(tc, test_require);
	tcase_add_test(tc, test_local_policy);
	tcase_add_test(tc, test_reset_is_a_refusal);
	tcase_add_test(tc, test_nothing_completes);
	tcase_add_test(tc, test_not_tls);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_lists);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
