/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_protocols end to end: the real binary against test servers
 * restricted by GnuTLS priority strings to one version, all of them, a
 * cipher no default client offers, or resetting what they refuse.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define ARGS_MAX	32

static struct ts_server srv;
static struct ts_run run;
static char plugin[512];

static void
start(const char *const *server_args)
{
	ck_assert_ptr_nonnull(ts_plugin_path(plugin, sizeof(plugin),
	    "check_tls_protocols"));
	ck_assert_int_eq(ts_server_start(&srv, server_args), 0);
}

static void
teardown(void)
{
	ts_server_stop(&srv);
	memset(&srv, 0, sizeof(srv));
}

static void
proto_run(const char *const *args)
{
	const char *argv[ARGS_MAX];
	int n = 0;

	argv[n++] = plugin;
	argv[n++] = "-H";
	argv[n++] = "localhost";
	argv[n++] = "-I";
	argv[n++] = "127.0.0.1";
	argv[n++] = "-p";
	argv[n++] = ts_fmt("%d", srv.port);
	for (; *args != NULL && n < ARGS_MAX - 1; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	ck_assert_int_eq(ts_run(&run, 15, argv), 0);
	ck_assert_msg(!run.timed_out, "plugin hung: %s", run.out);
	ck_assert_int_eq(run.signal, 0);
}

#define HAS(s)	ck_assert_msg(strstr(run.first_line, (s)) != NULL, \
		    "first line '%s' lacks '%s'", run.first_line, (s))
#define OUT_HAS(s) ck_assert_msg(strstr(run.out, (s)) != NULL, \
		    "output '%s' lacks '%s'", run.out, (s))
#define NOARGS	(const char *const[]){ NULL }
#define PRIO(p)	(const char *const[]){ "--priority", (p), NULL }

START_TEST(test_tls10_only)
{
	start(PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.0"));
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS(ts_fmt("TLS-PROTOCOLS CRITICAL: localhost:%d modern clients cannot "
	    "connect: server accepts only TLS 1.0 (and 1 more problem); "
	    "accepted: TLS 1.0 | ssl3=0;;;0;1 tls1_0=1;;;0;1 tls1_1=0;;;0;1 "
	    "tls1_2=0;;;0;1 tls1_3=0;;;0;1 scan_time=", srv.port));
	OUT_HAS("\nWARNING: accepts TLS 1.0\n");
	OUT_HAS("\nTLS 1.0: accepted (TLS_");
	OUT_HAS("\nTLS 1.2: refused (");
}
END_TEST

START_TEST(test_tls11_only)
{
	start(PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.1"));
	proto_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("modern clients cannot connect: server accepts only TLS 1.1");
	HAS("tls1_1=1;;;0;1 tls1_2=0;;;0;1");
}
END_TEST

START_TEST(test_tls12_only)
{
	start(PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2"));
	proto_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 0);
	HAS(ts_fmt("TLS-PROTOCOLS OK: localhost:%d accepts TLS 1.2 | ssl3=0;;;"
	    "0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 tls1_2=1;;;0;1 tls1_3=0;;;0;1 ",
	    srv.port));
	proto_run((const char *const[]){ "--require", "tls1.3", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("TLS 1.3 is required but refused (");
}
END_TEST

START_TEST(test_tls13_only)
{
	start(PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.3"));
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("accepts TLS 1.3 | ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 "
	    "tls1_2=0;;;0;1 tls1_3=1;;;0;1 ");
	OUT_HAS("\nTLS 1.3: accepted (TLS_AES_");
}
END_TEST

START_TEST(test_all_versions)
{
	start(PRIO("NORMAL"));
	proto_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 1);
	HAS("accepts TLS 1.0 (and 1 more problem); accepted: TLS 1.0, TLS 1.1, "
	    "TLS 1.2, TLS 1.3 |");
	proto_run((const char *const[]){ "-w", "none", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	proto_run((const char *const[]){ "-c", "tls1.0", "-w", "tls1.1",
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("accepts TLS 1.0");
}
END_TEST

START_TEST(test_cipher_no_default_client_offers)
{
	start(PRIO("NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CAMELLIA-128-CBC:"
	    "+CAMELLIA-256-CBC:+SHA256:+SHA384:+SHA1"));
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("TLS 1.2 accepted, but no cipher in common with modern clients "
	    "(server chose TLS_ECDHE_ECDSA_CAMELLIA_");
	OUT_HAS("\nTLS 1.2: accepted only with legacy ciphers (TLS_ECDHE_ECDSA_"
	    "CAMELLIA_");
}
END_TEST

START_TEST(test_reset_on_refused_versions)
{
	start((const char *const[]){ "--priority",
	    "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1", "--reset-on-fail", NULL });
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("accepts TLS 1.2, TLS 1.3 |");
	OUT_HAS("\nTLS 1.0: refused (connection reset by the server");
	OUT_HAS("\nSSL 3.0: refused (connection reset by the server");
}
END_TEST

START_TEST(test_ssl3_refused_by_gnutls_server)
{
	start(NOARGS);
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(run.exit_code, 1);
	OUT_HAS("\nSSL 3.0: refused (");
	HAS("ssl3=0;;;0;1");
}
END_TEST

START_TEST(test_not_tls)
{
	start((const char *const[]){ "--mode", "http", NULL });
	proto_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("speaks plaintext HTTP, not TLS: answered the ClientHello with "
	    "'HTTP/1.1 400 Bad Request'");
}
END_TEST

START_TEST(test_silent_within_deadline)
{
	start((const char *const[]){ "--mode", "silent", NULL });
	proto_run((const char *const[]){ "-t", "2", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("no reply to the ClientHello within 2 s");
	/* Eight probes at once: one deadline, not eight. */
	ck_assert_msg(run.elapsed >= 1.9 && run.elapsed < 3.5, "took %.2f s",
	    run.elapsed);
}
END_TEST

START_TEST(test_json)
{
	start(PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3"));
	proto_run((const char *const[]){ "-o", "json", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	OUT_HAS("\"plugin\":\"check_tls_protocols\"");
	OUT_HAS("\"metrics\":{\"ssl3\":0,\"tls1_0\":0,\"tls1_1\":0,\"tls1_2\":1,"
	    "\"tls1_3\":1,\"scan_time\":");
	OUT_HAS("{\"version\":\"TLS 1.0\",\"result\":\"refused\"");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_protocols");
	TCase *tc = tcase_create("protocols");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, test_tls10_only);
	tcase_add_test(tc, test_tls11_only);
	tcase_add_test(tc, test_tls12_only);
	tcase_add_test(tc, test_tls13_only);
	tcase_add_test(tc, test_all_versions);
	tcase_add_test(tc, test_cipher_no_default_client_offers);
	tcase_add_test(tc, test_reset_on_refused_versions);
	tcase_add_test(tc, test_ssl3_refused_by_gnutls_server);
	tcase_add_test(tc, test_not_tls);
	tcase_add_test(tc, test_silent_within_deadline);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
