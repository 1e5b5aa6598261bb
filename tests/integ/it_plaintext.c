/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_plaintext end to end, both --expect modes, against test
 * servers speaking TLS, plaintext HTTP, SSH, SMTP, garbage, or nothing.
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
	    "check_tls_plaintext"));
	ck_assert_int_eq(ts_server_start(&srv, server_args), 0);
}

static void
teardown(void)
{
	ts_server_stop(&srv);
	memset(&srv, 0, sizeof(srv));
}

static void
plain_run(const char *const *args)
{
	const char *argv[ARGS_MAX];
	int n = 0;

	argv[n++] = plugin;
	argv[n++] = "-H";
	argv[n++] = "localhost";
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
#define MODE(m)	(const char *const[]){ "--mode", (m), NULL }
#define NOARGS	(const char *const[]){ NULL }
#define PLAIN	(const char *const[]){ "--expect", "plain", NULL }
#define PLAIN_HTTP (const char *const[]){ "--expect", "plain", "--send", \
		    "http", NULL }

START_TEST(test_tls)
{
	start(NOARGS);
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 0);
	HAS(ts_fmt("TLS-PLAINTEXT OK: localhost:%d speaks TLS: answered the "
	    "ClientHello with a TLS 1.3 ServerHello | time=", srv.port));
	plain_run(PLAIN);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("speaks TLS on a port expected to be plaintext: a TLS profile or "
	    "listener is attached (answered the ClientHello with a TLS 1.3 "
	    "ServerHello)");
}
END_TEST

START_TEST(test_tls12_and_alert)
{
	start((const char *const[]){ "--priority",
	    "NORMAL:-VERS-ALL:+VERS-TLS1.2", NULL });
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 0);
	HAS("answered the ClientHello with a TLS 1.2 ServerHello");
	ts_server_stop(&srv);
	start(MODE("alert"));
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 0);
	HAS("speaks TLS: answered the ClientHello with TLS alert "
	    "handshake_failure");
}
END_TEST

START_TEST(test_plain_http)
{
	start(MODE("http"));
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS(ts_fmt("TLS-PLAINTEXT CRITICAL: localhost:%d speaks plaintext HTTP, "
	    "not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad Request' "
	    "| time=", srv.port));
	plain_run(PLAIN);
	ck_assert_int_eq(run.exit_code, 0);
	HAS("speaks plaintext HTTP: 'HTTP/1.1 400 Bad Request'");
}
END_TEST

START_TEST(test_plain_http_ok)
{
	start(MODE("http-ok"));
	plain_run((const char *const[]){ "--expect", "plain", "--send", "http",
	    "-v", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("speaks plaintext HTTP: 'HTTP/1.1 200 OK'");
	OUT_HAS("\nplain HTTP request: plaintext HTTP: HTTP/1.1 200 OK\n");
}
END_TEST

START_TEST(test_https_port_answering_plain_http)
{
	start(MODE("https-port"));
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 0);
	HAS("speaks TLS: answered the ClientHello with a TLS 1.3 ServerHello");
	plain_run(PLAIN_HTTP);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("answered plain HTTP with 'HTTP/1.1 400 Bad Request', saying the "
	    "port expects TLS (a TLS listener that answers plain HTTP)");
}
END_TEST

START_TEST(test_tls_port_answers_http_with_alert)
{
	start(NOARGS);
	plain_run(PLAIN_HTTP);
	ck_assert_int_eq(run.exit_code, 2);
	/* Our GnuTLS server answers a plain request with this alert. */
	HAS("answered a plain HTTP request with TLS alert unexpected_message: "
	    "the port expects TLS");
}
END_TEST

START_TEST(test_ssh)
{
	start(MODE("ssh"));
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("speaks SSH, not TLS: banner 'SSH-2.0-OpenSSH_9.2p1 "
	    "Debian-2+deb12u3'");
	plain_run(PLAIN);
	ck_assert_int_eq(run.exit_code, 0);
	HAS("speaks SSH: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'");
}
END_TEST

START_TEST(test_smtp)
{
	start(MODE("smtp"));
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("speaks SMTP, not TLS: banner '220 mail.example.test ESMTP Postfix "
	    "(Debian/GNU)' (the service may need STARTTLS)");
}
END_TEST

START_TEST(test_garbage)
{
	start(MODE("garbage"));
	plain_run((const char *const[]){ "-o", "json", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	OUT_HAS("does not speak TLS: answered the ClientHello with 48 bytes of "
	    "non-TLS data (a8 ");
	OUT_HAS("\"classification\":\"non-TLS binary data\"");
	OUT_HAS("\"first_bytes_hex\":\"a8 ");
}
END_TEST

START_TEST(test_reset_close_refused)
{
	int port;

	start(MODE("reset"));
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("connection reset by the server after our ClientHello");
	ts_server_stop(&srv);
	start(MODE("close"));
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("connection closed");
	port = srv.port;
	ts_server_stop(&srv);
	srv.port = port;
	plain_run(NOARGS);
	ck_assert_int_eq(run.exit_code, 2);
	HAS("connection refused");
}
END_TEST

START_TEST(test_silent)
{
	start(MODE("silent"));
	plain_run((const char *const[]){ "-t", "2", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("no reply to the ClientHello within 2 s");
	ck_assert_msg(run.elapsed >= 1.9 && run.elapsed < 3.5, "took %.2f s",
	    run.elapsed);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_plaintext");
	TCase *tc = tcase_create("plaintext");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, test_tls);
	tcase_add_test(tc, test_tls12_and_alert);
	tcase_add_test(tc, test_plain_http);
	tcase_add_test(tc, test_plain_http_ok);
	tcase_add_test(tc, test_https_port_answering_plain_http);
	tcase_add_test(tc, test_tls_port_answers_http_with_alert);
	tcase_add_test(tc, test_ssh);
	tcase_add_test(tc, test_smtp);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_reset_close_refused);
	tcase_add_test(tc, test_silent);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
