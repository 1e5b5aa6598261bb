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

#define ARGS_MAX	32

static struct ts_server srv;
static struct ts_run run;
static char plugin[512];

static void
start(const char *const *server_args)
{
	ck_assert_ptr_nonnull(ts_plugin_path(plugin, sizeof(plugin),
	    "check_tls_sni"));
	ck_assert_int_eq(ts_server_start(&srv, server_args), 0);
}

static void
teardown(void)
{
	ts_server_stop(&srv);
	memset(&srv, 0, sizeof(srv));
}

/* Run the plugin against srv (-I 127.0.0.1 -p PORT) plus args. */
static void
sni_run(const char *const *args)
{
	const char *argv[ARGS_MAX];
	int n = 0;

	argv[n++] = plugin;
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

#define VHOSTS	"--vhost", "www.example.test=www.example.test", \
		"--vhost", "api.example.test=api.example.test"

START_TEST(test_vhosts_with_default)
{
	start((const char *const[]){ VHOSTS, "--default-cert",
	    "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test",
	    "--unknown-sni", "nope.example.test", "-v", NULL });
	ck_assert_int_eq(run.exit_code, 1);
	HAS(ts_fmt("TLS-SNI WARNING: www.example.test:%d clients without SNI "
	    "get 'default.example.test', which does not cover "
	    "'www.example.test' | sni_match=1;;;0;1 nosni_match=0;;;0;1 ",
	    srv.port));
	OUT_HAS("\nnote: unknown name 'nope.example.test' gets "
	    "'default.example.test' (the certificate for clients without "
	    "SNI)\n");
	OUT_HAS("\nwith SNI 'www.example.test': 'www.example.test' (sha256 ");
	/* The unknown-name state applies only when asked for. */
	sni_run((const char *const[]){ "-H", "api.example.test",
	    "--unknown-sni-state", "critical", "--no-sni-state", "ok", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("gets 'default.example.test' (the certificate for clients without "
	    "SNI)");
}
END_TEST

START_TEST(test_ignores_sni)
{
	start((const char *const[]){ "--name", "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS(ts_fmt("TLS-SNI CRITICAL: www.example.test:%d server ignores SNI: "
	    "serves 'default.example.test' for every name, 'www.example.test' "
	    "included | sni_match=0;;;0;1 nosni_match=0;;;0;1 ", srv.port));
	/* The one name it has is fine, with or without SNI. */
	sni_run((const char *const[]){ "-H", "default.example.test", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("SNI 'default.example.test' gets 'default.example.test', which "
	    "covers it; without SNI: 'default.example.test' | sni_match=1;;;0;1"
	    " nosni_match=1;;;0;1 ");
}
END_TEST

START_TEST(test_requires_sni)
{
	start((const char *const[]){ VHOSTS, "--no-sni-alert",
	    "handshake_failure", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(run.exit_code, 1);
	HAS("server requires SNI: handshake without SNI fails with alert "
	    "handshake_failure | sni_match=1;;;0;1 nosni_match=0;;;0;1 ");
	sni_run((const char *const[]){ "-H", "www.example.test",
	    "--no-sni-state", "critical", NULL });
	ck_assert_int_eq(run.exit_code, 2);
}
END_TEST

START_TEST(test_unrecognized_name)
{
	start((const char *const[]){ VHOSTS, "--default-cert",
	    "www.example.test", "--unknown-sni-alert", "unrecognized_name",
	    NULL });
	sni_run((const char *const[]){ "-H", "www.example.test",
	    "--unknown-sni-state", "critical", "-v", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	OUT_HAS("\nnote: unknown name 'tlsmp-unknown-");
	OUT_HAS(".example.test': handshake fails with alert "
	    "unrecognized_name\n");
	/* A name the server does not know, asked for directly. */
	sni_run((const char *const[]){ "-H", "shop.example.test", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS(ts_fmt("TLS-SNI CRITICAL: shop.example.test:%d server does not know "
	    "'shop.example.test': handshake with SNI fails with alert "
	    "unrecognized_name", srv.port));
}
END_TEST

START_TEST(test_wrong_cert_for_name)
{
	start((const char *const[]){ "--vhost",
	    "www.example.test=other.example.test", "--vhost",
	    "api.example.test=api.example.test", "--default-cert",
	    "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("server selects certificates by SNI but serves "
	    "'other.example.test' for 'www.example.test', which does not "
	    "cover it (and 1 more problem)");
}
END_TEST

START_TEST(test_ip_host_needs_sni)
{
	start((const char *const[]){ VHOSTS, NULL });
	sni_run((const char *const[]){ "-H", "127.0.0.1", NULL });
	ck_assert_int_eq(run.exit_code, 3);
	HAS("TLS-SNI UNKNOWN: no name to test: -H is an IP address");
	sni_run((const char *const[]){ "-H", "127.0.0.1", "--sni",
	    "api.example.test", "--no-sni-state", "ok", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("SNI 'api.example.test' gets 'api.example.test', which covers it");
}
END_TEST

START_TEST(test_silent_stays_in_deadline)
{
	start((const char *const[]){ "--mode", "silent", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", "-t", "2",
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("no reply to the ClientHello within 2 s");
	/* Three handshakes at once: one deadline, not three. */
	ck_assert_msg(run.elapsed >= 1.9 && run.elapsed < 3.5, "took %.2f s",
	    run.elapsed);
}
END_TEST

START_TEST(test_refused)
{
	int port;

	start((const char *const[]){ NULL });
	port = srv.port;
	ts_server_stop(&srv);
	srv.port = port;
	sni_run((const char *const[]){ "-H", "www.example.test", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS(ts_fmt("connection refused by 127.0.0.1 port %d", port));
}
END_TEST

START_TEST(test_json)
{
	start((const char *const[]){ VHOSTS, "--default-cert",
	    "default.example.test", NULL });
	sni_run((const char *const[]){ "-H", "www.example.test", "-o", "json",
	    NULL });
	ck_assert_int_eq(run.exit_code, 1);
	OUT_HAS("\"plugin\":\"check_tls_sni\"");
	OUT_HAS("\"handshakes\":[{\"handshake\":\"sni\",\"sni\":"
	    "\"www.example.test\",\"result\":\"ok\"");
	OUT_HAS("{\"handshake\":\"no_sni\",\"sni\":\"\",\"result\":\"ok\","
	    "\"reason\":\"\",\"covers_name\":false,\"certificate\":{\"name\":"
	    "\"default.example.test\"");
	OUT_HAS("\"metrics\":{\"sni_match\":1,\"nosni_match\":0,");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_sni");
	TCase *tc = tcase_create("sni");

	tcase_add_checked_fixture(tc, NULL, teardown);
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
