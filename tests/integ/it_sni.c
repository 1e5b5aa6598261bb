/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_sni end to end: the real binary against virtual-hosting
 * scenarios of our test server (vhosts, a default certificate, alerts).
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "itest.h"

#define PLUGIN	"check_tls_sni"

/* Run the plugin against it_srv (-I 127.0.0.1 -p PORT) plus args. */
static void
sni_run(const char *const *args)
{
	it_exec(15, (const char *const[]){ "-I", "127.0.0.1", "-p", IT_PORT,
	    NULL }, args);
}

#define VHOSTS	"--vhost", "www.example.test=www.example.test", \
		"--vhost", "api.example.test=api.example.test"

START_TEST(test_vhosts_with_default)
{
	it_start(PLUGIN, (const char *const[]){ VHOSTS, "--default-cert",
	    "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test",
	    "--unknown-sni", "nope.example.test", "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_HAS(ts_fmt("TLS-SNI WARNING: www.example.test:%d clients without "
	    "SNI get 'default.example.test', which does not cover "
	    "'www.example.test' | sni_match=1;;;0;1 nosni_match=0;;;0;1 ",
	    it_srv.port));
	IT_OUT_HAS("\nnote: unknown name 'nope.example.test' gets "
	    "'default.example.test' (the certificate for clients without "
	    "SNI)\n");
	IT_OUT_HAS("\nwith SNI 'www.example.test': 'www.example.test' "
	    "(sha256 ");
	/* The unknown-name state applies only when asked for. */
	sni_run((const char *const[]){ "-H", "api.example.test",
	    "--unknown-sni-state", "critical", "--no-sni-state", "ok", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("gets 'default.example.test' (the certificate for clients "
	    "without SNI)");
}
END_TEST

START_TEST(test_ignores_sni)
{
	it_start(PLUGIN, (const char *const[]){ "--name",
	    "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS(ts_fmt("TLS-SNI CRITICAL: www.example.test:%d server ignores "
	    "SNI: serves 'default.example.test' for every name, "
	    "'www.example.test' included | sni_match=0;;;0;1 "
	    "nosni_match=0;;;0;1 ", it_srv.port));
	/* The one name it has is fine, with or without SNI. */
	sni_run((const char *const[]){ "-H", "default.example.test", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("SNI 'default.example.test' gets 'default.example.test', which "
	    "covers it; without SNI: 'default.example.test' | sni_match=1;;;0;1"
	    " nosni_match=1;;;0;1 ");
}
END_TEST

START_TEST(test_requires_sni)
{
	it_start(PLUGIN, (const char *const[]){ VHOSTS, "--no-sni-alert",
	    "handshake_failure", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_HAS("server requires SNI: handshake without SNI fails with alert "
	    "handshake_failure | sni_match=1;;;0;1 nosni_match=0;;;0;1 ");
	sni_run((const char *const[]){ "-H", "www.example.test",
	    "--no-sni-state", "critical", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
}
END_TEST

START_TEST(test_unrecognized_name)
{
	it_start(PLUGIN, (const char *const[]){ VHOSTS, "--default-cert",
	    "www.example.test", "--unknown-sni-alert", "unrecognized_name",
	    NULL });
	sni_run((const char *const[]){ "-H", "www.example.test",
	    "--unknown-sni-state", "critical", "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_OUT_HAS("\nnote: unknown name 'tlsmp-unknown-");
	IT_OUT_HAS(".example.test': handshake fails with alert "
	    "unrecognized_name\n");
	/* A name the server does not know, asked for directly. */
	sni_run((const char *const[]){ "-H", "shop.example.test", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS(ts_fmt("TLS-SNI CRITICAL: shop.example.test:%d server does not "
	    "know 'shop.example.test': handshake with SNI fails with alert "
	    "unrecognized_name", it_srv.port));
}
END_TEST

START_TEST(test_wrong_cert_for_name)
{
	it_start(PLUGIN, (const char *const[]){ "--vhost",
	    "www.example.test=other.example.test", "--vhost",
	    "api.example.test=api.example.test", "--default-cert",
	    "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("server selects certificates by SNI but serves "
	    "'other.example.test' for 'www.example.test', which does not "
	    "cover it (and 1 more problem)");
}
END_TEST

START_TEST(test_ip_host_needs_sni)
{
	it_start(PLUGIN, (const char *const[]){ VHOSTS, NULL });
	sni_run((const char *const[]){ "-H", "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_HAS("TLS-SNI UNKNOWN: no name to test: -H is an IP address");
	sni_run((const char *const[]){ "-H", "127.0.0.1", "--sni",
	    "api.example.test", "--no-sni-state", "ok", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("SNI 'api.example.test' gets 'api.example.test', which covers "
	    "it");
}
END_TEST

START_TEST(test_silent_stays_in_deadline)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "silent", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", "-t", "2",
	    NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("no reply to the ClientHello within 2 s");
	/* Three handshakes at once: one deadline, not three. */
	ck_assert_msg(it_run.elapsed >= 1.9 && it_run.elapsed < 3.5, "took "
	    "%.2f s", it_run.elapsed);
}
END_TEST

START_TEST(test_refused)
{
	int port;

	it_start(PLUGIN, (const char *const[]){ NULL });
	port = it_srv.port;
	ts_server_stop(&it_srv);
	it_srv.port = port;
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS(ts_fmt("connection refused by 127.0.0.1 port %d", port));
}
END_TEST

START_TEST(test_json)
{
	it_start(PLUGIN, (const char *const[]){ VHOSTS, "--default-cert",
	    "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", "-o", "json",
	    NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_OUT_HAS("\"plugin\":\"check_tls_sni\"");
	IT_OUT_HAS("\"handshakes\":[{\"handshake\":\"sni\",\"sni\":"
	    "\"www.example.test\",\"result\":\"ok\"");
	IT_OUT_HAS("{\"handshake\":\"no_sni\",\"sni\":\"\",\"result\":\"ok\","
	    "\"reason\":\"\",\"covers_name\":false,\"certificate\":{\"name\":"
	    "\"default.example.test\"");
	IT_OUT_HAS("\"metrics\":{\"sni_match\":1,\"nosni_match\":0,");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_sni");
	TCase *tc = tcase_create("sni");

	tcase_add_checked_fixture(tc, NULL, it_teardown);
	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, test_vhosts_with_default);
	tcase_add_test(tc, test_ignores_sni);
	tcase_add_test(tc, test_requires_sni);
	tcase_add_test(tc, test_unrecognized_name);
	tcase_add_test(tc, test_wrong_cert_for_name);
	tcase_add_test(tc, test_ip_host_needs_sni);
	tcase_add_test(tc, test_silent_stays_in_deadline);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
