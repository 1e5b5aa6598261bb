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
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "itest.h"

#define PLUGIN	"check_tls_protocols"

/* Run the plugin against it_srv (-H localhost -I 127.0.0.1 -p PORT). */
static void
proto_run(const char *const *args)
{
	it_exec(15, (const char *const[]){ "-H", "localhost", "-I",
	    "127.0.0.1", "-p", IT_PORT, NULL }, args);
}

#define NOARGS	(const char *const[]){ NULL }
#define PRIO(p)	(const char *const[]){ "--priority", (p), NULL }

START_TEST(test_tls10_only)
{
	it_start(PLUGIN, PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.0"));
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS(ts_fmt("TLS-PROTOCOLS CRITICAL: localhost:%d modern clients "
	    "cannot connect: server accepts only TLS 1.0 (and 1 more problem); "
	    "accepted: TLS 1.0 | ssl3=0;;;0;1 tls1_0=1;;;0;1 tls1_1=0;;;0;1 "
	    "tls1_2=0;;;0;1 tls1_3=0;;;0;1 scan_time=", it_srv.port));
	IT_OUT_HAS("\nWARNING: accepts TLS 1.0\n");
	IT_OUT_HAS("\nTLS 1.0: accepted (TLS_");
	IT_OUT_HAS("\nTLS 1.2: refused (");
}
END_TEST

START_TEST(test_tls11_only)
{
	it_start(PLUGIN, PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.1"));
	proto_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("modern clients cannot connect: server accepts only TLS 1.1");
	IT_HAS("tls1_1=1;;;0;1 tls1_2=0;;;0;1");
}
END_TEST

START_TEST(test_tls12_only)
{
	it_start(PLUGIN, PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2"));
	proto_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS(ts_fmt("TLS-PROTOCOLS OK: localhost:%d accepts TLS 1.2 | "
	    "ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 tls1_2=1;;;0;1 "
	    "tls1_3=0;;;0;1 ", it_srv.port));
	proto_run((const char *const[]){ "--require", "tls1.3", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("TLS 1.3 is required but refused (");
}
END_TEST

START_TEST(test_tls13_only)
{
	it_start(PLUGIN, PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.3"));
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("accepts TLS 1.3 | ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 "
	    "tls1_2=0;;;0;1 tls1_3=1;;;0;1 ");
	IT_OUT_HAS("\nTLS 1.3: accepted (TLS_AES_");
}
END_TEST

START_TEST(test_all_versions)
{
	it_start(PLUGIN, PRIO("NORMAL"));
	proto_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_HAS("accepts TLS 1.0 (and 1 more problem); accepted: TLS 1.0, TLS "
	    "1.1, TLS 1.2, TLS 1.3 |");
	proto_run((const char *const[]){ "-w", "none", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	proto_run((const char *const[]){ "-c", "tls1.0", "-w", "tls1.1",
	    NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("accepts TLS 1.0");
}
END_TEST

START_TEST(test_cipher_no_default_client_offers)
{
	it_start(PLUGIN,
	    PRIO("NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CAMELLIA-128-CBC:"
	    "+CAMELLIA-256-CBC:+SHA256:+SHA384:+SHA1"));
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("TLS 1.2 accepted, but no cipher in common with modern clients "
	    "(server chose TLS_ECDHE_ECDSA_CAMELLIA_");
	IT_OUT_HAS("\nTLS 1.2: accepted only with legacy ciphers "
	    "(TLS_ECDHE_ECDSA_CAMELLIA_");
}
END_TEST

START_TEST(test_reset_on_refused_versions)
{
	it_start(PLUGIN, (const char *const[]){ "--priority",
	    "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1", "--reset-on-fail", NULL });
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("accepts TLS 1.2, TLS 1.3 |");
	IT_OUT_HAS("\nTLS 1.0: refused (connection reset by the server");
	IT_OUT_HAS("\nSSL 3.0: refused (connection reset by the server");
}
END_TEST

START_TEST(test_ssl3_refused_by_gnutls_server)
{
	it_start(PLUGIN, NOARGS);
	proto_run((const char *const[]){ "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_OUT_HAS("\nSSL 3.0: refused (");
	IT_HAS("ssl3=0;;;0;1");
}
END_TEST

START_TEST(test_not_tls)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "http", NULL });
	proto_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("speaks plaintext HTTP, not TLS: answered the ClientHello with "
	    "'HTTP/1.1 400 Bad Request'");
}
END_TEST

START_TEST(test_silent_within_deadline)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "silent", NULL });
	proto_run((const char *const[]){ "-t", "2", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("no reply to the ClientHello within 2 s");
	/* Eight probes at once: one deadline, not eight. */
	ck_assert_msg(it_run.elapsed >= 1.9 && it_run.elapsed < 3.5, "took "
	    "%.2f s", it_run.elapsed);
}
END_TEST

START_TEST(test_local_policy_is_unknown)
{
	char conf[512];
	FILE *f;

	/* A system crypto policy, as Fedora/RHEL ship, forbidding TLS 1.0/1.1. */
	it_start(PLUGIN, PRIO("NORMAL"));
	snprintf(conf, sizeof(conf), "%s/gnutls-policy.conf", it_srv.dir);
	f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fputs("[overrides]\ndisabled-version = tls1.0\n"
	    "disabled-version = tls1.1\n", f);
	fclose(f);
	/* Read by GnuTLS at the plugin's start; the server already runs. */
	ck_assert_int_eq(setenv("GNUTLS_SYSTEM_PRIORITY_FILE", conf, 1), 0);
	proto_run((const char *const[]){ "-v", NULL });
	unsetenv("GNUTLS_SYSTEM_PRIORITY_FILE");
	remove(conf);
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_HAS("TLS 1.0 cannot be probed: the local GnuTLS policy forbids it "
	    "(and 1 more problem); accepted: TLS 1.2, TLS 1.3 |");
	IT_OUT_HAS("\nTLS 1.1: not testable here (");
}
END_TEST

START_TEST(test_json)
{
	it_start(PLUGIN, PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3"));
	proto_run((const char *const[]){ "-o", "json", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_OUT_HAS("\"plugin\":\"check_tls_protocols\"");
	IT_OUT_HAS("\"metrics\":{\"ssl3\":0,\"tls1_0\":0,\"tls1_1\":0,"
	    "\"tls1_2\":1,\"tls1_3\":1,\"scan_time\":");
	IT_OUT_HAS("{\"version\":\"TLS 1.0\",\"result\":\"refused\"");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_protocols");
	TCase *tc = tcase_create("protocols");

	tcase_add_checked_fixture(tc, NULL, it_teardown);
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
	tcase_add_test(tc, test_local_policy_is_unknown);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
