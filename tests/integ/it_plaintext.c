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
#include "itest.h"

#define PLUGIN	"check_tls_plaintext"

/* Run the plugin against it_srv (-H localhost -p PORT) plus args. */
static void
plain_run(const char *const *args)
{
	it_exec(15, (const char *const[]){ "-H", "localhost", "-p", IT_PORT,
	    NULL }, args);
}

#define MODE(m)	(const char *const[]){ "--mode", (m), NULL }
#define NOARGS	(const char *const[]){ NULL }
#define PLAIN	(const char *const[]){ "--expect", "plain", NULL }
#define PLAIN_HTTP (const char *const[]){ "--expect", "plain", "--send", \
		    "http", NULL }

START_TEST(test_tls)
{
	it_start(PLUGIN, NOARGS);
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS(ts_fmt("TLS-PLAINTEXT OK: localhost:%d speaks TLS: answered the "
	    "ClientHello with a TLS 1.3 ServerHello | time=", it_srv.port));
	plain_run(PLAIN);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("speaks TLS on a port expected to be plaintext: a TLS profile "
	    "or listener is attached (answered the ClientHello with a TLS 1.3 "
	    "ServerHello)");
}
END_TEST

START_TEST(test_tls12_and_alert)
{
	it_start(PLUGIN, (const char *const[]){ "--priority",
	    "NORMAL:-VERS-ALL:+VERS-TLS1.2", NULL });
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("answered the ClientHello with a TLS 1.2 ServerHello");
	ts_server_stop(&it_srv);
	it_start(PLUGIN, MODE("alert"));
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("speaks TLS: answered the ClientHello with TLS alert "
	    "handshake_failure");
}
END_TEST

START_TEST(test_plain_http)
{
	it_start(PLUGIN, MODE("http"));
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS(ts_fmt("TLS-PLAINTEXT CRITICAL: localhost:%d speaks plaintext "
	    "HTTP, not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad "
	    "Request' | time=", it_srv.port));
	plain_run(PLAIN);
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("speaks plaintext HTTP: 'HTTP/1.1 400 Bad Request'");
}
END_TEST

START_TEST(test_plain_http_ok)
{
	it_start(PLUGIN, MODE("http-ok"));
	plain_run((const char *const[]){ "--expect", "plain", "--send", "http",
	    "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("speaks plaintext HTTP: 'HTTP/1.1 200 OK'");
	IT_OUT_HAS("\nplain HTTP request: plaintext HTTP: HTTP/1.1 200 OK\n");
}
END_TEST

START_TEST(test_https_port_answering_plain_http)
{
	it_start(PLUGIN, MODE("https-port"));
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("speaks TLS: answered the ClientHello with a TLS 1.3 "
	    "ServerHello");
	plain_run(PLAIN_HTTP);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("answered plain HTTP with 'HTTP/1.1 400 Bad Request', saying "
	    "the port expects TLS (a TLS listener that answers plain HTTP)");
}
END_TEST

START_TEST(test_tls_port_answers_http_with_alert)
{
	it_start(PLUGIN, NOARGS);
	plain_run(PLAIN_HTTP);
	ck_assert_int_eq(it_run.exit_code, 2);
	/* Our GnuTLS server answers a plain request with this alert. */
	IT_HAS("answered a plain HTTP request with TLS alert "
	    "unexpected_message: the port expects TLS");
}
END_TEST

START_TEST(test_ssh)
{
	it_start(PLUGIN, MODE("ssh"));
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("speaks SSH, not TLS: banner 'SSH-2.0-OpenSSH_9.2p1 "
	    "Debian-2+deb12u3'");
	plain_run(PLAIN);
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("speaks SSH: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'");
}
END_TEST

START_TEST(test_smtp)
{
	it_start(PLUGIN, MODE("smtp"));
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("speaks SMTP, not TLS: banner '220 mail.example.test ESMTP "
	    "Postfix (Debian/GNU)' (the service may need STARTTLS)");
}
END_TEST

START_TEST(test_garbage)
{
	it_start(PLUGIN, MODE("garbage"));
	plain_run((const char *const[]){ "-o", "json", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_OUT_HAS("does not speak TLS: answered the ClientHello with 48 bytes "
	    "of non-TLS data (a8 ");
	IT_OUT_HAS("\"classification\":\"non-TLS binary data\"");
	IT_OUT_HAS("\"first_bytes_hex\":\"a8 ");
}
END_TEST

START_TEST(test_reset_close_refused)
{
	int port;

	it_start(PLUGIN, MODE("reset"));
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("connection reset by the server after our ClientHello");
	ts_server_stop(&it_srv);
	it_start(PLUGIN, MODE("close"));
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("connection closed");
	port = it_srv.port;
	ts_server_stop(&it_srv);
	it_srv.port = port;
	plain_run(NOARGS);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("connection refused");
}
END_TEST

START_TEST(test_silent)
{
	it_start(PLUGIN, MODE("silent"));
	plain_run((const char *const[]){ "-t", "2", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("no reply to the ClientHello within 2 s");
	ck_assert_msg(it_run.elapsed >= 1.9 && it_run.elapsed < 3.5, "took "
	    "%.2f s", it_run.elapsed);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_plaintext");
	TCase *tc = tcase_create("plaintext");

	tcase_add_checked_fixture(tc, NULL, it_teardown);
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
