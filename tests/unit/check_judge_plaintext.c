/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_plaintext's judge on hand-built replies, in both --expect modes. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "jtest.h"
#include "judge_plaintext.h"

/* What every judged run is given before its own options. */
static const char *const base_args[] = {"-H", "www.example.org", NULL};

/* The ClientHello's reply, then the plain HTTP request's (with --send). */
static struct probe_result	  res[PT_COUNT];
static struct probe_result *const hello = &res[PT_HELLO];
static struct probe_result *const http = &res[PT_HTTP];
static struct plain_args	  pa;
static struct jtest		  jt = {
		  .judge = &judge_plaintext,
		  .args = &pa,
		  .base = base_args,
		  .res = res,
};

/* A reply the server sent: bytes kept and classified, as the probe does. */
static void
reply(struct probe_result *r, enum probe_err err, const char *bytes, size_t len,
    const char *reason)
{
	memset(r, 0, sizeof(*r));
	r->err = err;
	r->stage = err == PROBE_OK ? PROBE_S_DONE : PROBE_S_HANDSHAKE;
	r->alert = -1;
	memcpy(r->first, bytes, len);
	r->nfirst = r->nrecv = len;
	cls_classify(r->first, len, &r->reply);
	if (r->reply.kind == CLS_TLS_ALERT)
		r->alert = r->reply.alert_desc;
	snprintf(r->reason, sizeof(r->reason), "%s", reason);
}

static void
tls13(struct probe_result *r)
{
	reply(r, PROBE_OK, "\x16\x03\x03\x00\x7a\x02\x00\x00\x76\x03\x03", 11,
	    "");
	r->hello_only = true;
	snprintf(r->protocol, sizeof(r->protocol), "TLS1.3");
}

/*
 * The plugin on the replies: the ClientHello's, and with_http the plain
 * HTTP request's too (the options must ask for it: --send http).
 */
static enum state
judge(const char *const *extra, bool with_http, int verbose)
{
	jt.nres = with_http ? PT_COUNT : 1;
	return jtest_run(&jt, extra, verbose);
}

/* The whole check, banner wait included, took a quarter second. */
static void
setup(void)
{
	jt.elapsed = 0.25;
}

/* --expect plain, without and with the plain HTTP request. */
static const char *const plain[] = {"--expect", "plain", NULL};
static const char *const plain_http[] = {
    "--expect", "plain", "--send", "http", NULL};
#define HTTP400 "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n"

START_TEST(test_tls_server_hello)
{
	tls13(hello);
	ck_assert_int_eq(judge(NULL, false, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT OK: www.example.org:443 speaks TLS: answered the "
	    "ClientHello with a TLS 1.3 ServerHello | time=0.250s;;;0;\n");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_tls_alert_is_tls)
{
	reply(hello, PROBE_E_ALERT, "\x15\x03\x03\x00\x02\x02\x28", 7,
	    "TLS handshake failed: the server sent fatal alert "
	    "handshake_failure");
	ck_assert_int_eq(judge(NULL, false, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT OK: www.example.org:443 speaks TLS: answered the "
	    "ClientHello with TLS alert handshake_failure |");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_stray_tls_bytes_are_not_tls)
{
	/* One 0x16 byte and a close proves nothing; nor does a cut header. */
	reply(hello, PROBE_E_EOF, "\x16", 1,
	    "connection closed by the "
	    "server during the TLS handshake, after 1 bytes");
	ck_assert_int_eq(judge(NULL, false, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 connection closed by "
	    "the server during the TLS handshake, after 1 bytes |");
	JTEST_CAUSE(&jt, "connection-reset");
	ck_assert_int_eq(judge(plain, false, 0), STATE_CRITICAL);
	JTEST_CAUSE(&jt, "connection-reset");
	reply(hello, PROBE_E_TIMEOUT, "\x17\x03\x00", 3,
	    "TLS handshake stalled: the server sent 3 bytes, then nothing "
	    "until the 10 s timeout");
	ck_assert_int_eq(
	    judge((const char *const[]){"-t", "10:warning", NULL}, false, 0),
	    STATE_WARNING);
	JTEST_CAUSE(&jt, "timeout");
	/* A TLS alert before we spoke is not how TLS servers behave. */
	reply(hello, PROBE_E_TLS, "\x15\x03\x03\x00\x02\x02\x28", 7,
	    "the server sent TLS data before our ClientHello");
	hello->spoke_first = true;
	ck_assert_int_eq(judge(NULL, false, 0), STATE_CRITICAL);
	JTEST_CAUSE(&jt, "handshake-failed");
}
END_TEST

START_TEST(test_plain_http_on_tls_port)
{
	reply(hello, PROBE_E_NOT_TLS, HTTP400, strlen(HTTP400),
	    "speaks plaintext HTTP, not TLS: answered the ClientHello with "
	    "'HTTP/1.1 400 Bad Request'");
	ck_assert_int_eq(judge(NULL, false, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 speaks plaintext "
	    "HTTP, not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad "
	    "Request' | time=0.250s;;;0;\n");
	JTEST_HAS(&jt,
	    "\n  first bytes: 48 54 54 50 2f 31 2e 31 20 34 30 30 "
	    "20 42 61 64\n");
	JTEST_CAUSE(&jt, "plaintext-on-tls-port");
}
END_TEST

START_TEST(test_banner_on_tls_port)
{
	reply(hello, PROBE_E_NOT_TLS, "SSH-2.0-OpenSSH_9.2p1\r\n", 23,
	    "speaks SSH, not TLS: banner 'SSH-2.0-OpenSSH_9.2p1'");
	hello->spoke_first = true;
	ck_assert_int_eq(judge(NULL, false, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 speaks SSH, not TLS: "
	    "banner 'SSH-2.0-OpenSSH_9.2p1' |");
	JTEST_HAS(&jt, "(sent before we spoke)");
	JTEST_CAUSE(&jt, "not-tls-ssh");
}
END_TEST

START_TEST(test_failures)
{
	static const char *const warn[] = {"-t", "5:warning", NULL};

	reply(hello, PROBE_E_REFUSED, "", 0,
	    "connection refused by "
	    "192.0.2.1 port 443");
	hello->stage = PROBE_S_CONNECT;
	ck_assert_int_eq(judge(NULL, false, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 connection refused "
	    "by 192.0.2.1 port 443 | time=0.250s;;;0;\n");
	JTEST_CAUSE(&jt, "connection-refused");
	reply(hello, PROBE_E_TIMEOUT, "", 0,
	    "no reply to the ClientHello "
	    "within 5 s");
	hello->stage = PROBE_S_HELLO;
	ck_assert_int_eq(judge(warn, false, 0), STATE_WARNING);
	JTEST_CAUSE(&jt, "timeout");
	reply(hello, PROBE_E_EOF, "", 0,
	    "connection closed at once, before "
	    "the ClientHello was sent");
	ck_assert_int_eq(judge(plain, false, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "connection closed at once");
	JTEST_CAUSE(&jt, "connection-reset");
}
END_TEST

START_TEST(test_plain_port_speaks_tls)
{
	tls13(hello);
	ck_assert_int_eq(judge(plain, false, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 speaks TLS on a port "
	    "expected to be plaintext: a TLS profile or listener is attached "
	    "(answered the ClientHello with a TLS 1.3 ServerHello) |");
	JTEST_CAUSE(&jt, "tls-on-plaintext-port");
}
END_TEST

START_TEST(test_plain_http_answered_with_tls_alert)
{
	reply(hello, PROBE_E_EOF, "", 0,
	    "connection closed by the server "
	    "after our ClientHello, with no reply");
	reply(http, PROBE_OK, "\x15\x03\x03\x00\x02\x02\x0a", 7, "");
	ck_assert_int_eq(judge(plain_http, true, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 answered a plain "
	    "HTTP request with TLS alert unexpected_message: the port expects "
	    "TLS |");
	JTEST_CAUSE(&jt, "tls-on-plaintext-port");
}
END_TEST

START_TEST(test_plain_http_says_https_port)
{
	static const char body[] =
	    "HTTP/1.1 400 Bad Request\r\n\r\n<html>"
	    "<center>The plain HTTP request was sent to HTTPS port</center>";

	tls13(hello);
	reply(http, PROBE_OK, body, sizeof(body) - 1, "");
	ck_assert_int_eq(judge(plain_http, true, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 answered plain HTTP "
	    "with 'HTTP/1.1 400 Bad Request', saying the port expects TLS (a "
	    "TLS listener that answers plain HTTP) |");
	JTEST_HAS(&jt,
	    "\nplain HTTP request: plaintext HTTP: HTTP/1.1 400 Bad Request\n");
	JTEST_CAUSE(&jt, "tls-on-plaintext-port");
}
END_TEST

START_TEST(test_plain_ok)
{
	reply(hello, PROBE_E_NOT_TLS, HTTP400, strlen(HTTP400), "x");
	reply(http, PROBE_OK, "HTTP/1.1 200 OK\r\n", 17, "");
	ck_assert_int_eq(judge(plain_http, true, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT OK: www.example.org:443 speaks plaintext HTTP: "
	    "'HTTP/1.1 200 OK' |");
	JTEST_CAUSE(&jt, "ok");
	reply(hello, PROBE_E_NOT_TLS, "SSH-2.0-dropbear\r\n", 18, "x");
	ck_assert_int_eq(judge(plain, false, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT OK: www.example.org:443 speaks SSH: "
	    "'SSH-2.0-dropbear' |");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

/*
 * A failure's long output is the plugin's own probe lines, not the
 * connection lines report_failure() wrote for the status line's sake.
 */
START_TEST(test_failure_long_output_is_ours)
{
	reply(hello, PROBE_E_NOT_TLS, HTTP400, strlen(HTTP400),
	    "speaks plaintext HTTP, not TLS: answered the ClientHello with "
	    "'HTTP/1.1 400 Bad Request'");
	snprintf(hello->address, sizeof(hello->address), "192.0.2.1");
	ck_assert_int_eq(judge(NULL, false, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PLAINTEXT CRITICAL: www.example.org:443 speaks "
	    "plaintext HTTP, not TLS: answered the ClientHello "
	    "with 'HTTP/1.1 400 Bad Request' | time=0.250s;;;0;\n");
	ck_assert_str_eq(jt.out + strcspn(jt.out, "\n") + 1,
	    "ClientHello: plaintext HTTP: speaks plaintext HTTP, not TLS: "
	    "answered the ClientHello with 'HTTP/1.1 400 Bad Request'\n"
	    "  first bytes: 48 54 54 50 2f 31 2e 31 20 34 30 30 20 42 61 64\n");
	JTEST_CAUSE(&jt, "plaintext-on-tls-port");
}
END_TEST

START_TEST(test_json)
{
	static const char *const json[] = {"-o", "json", NULL};

	reply(hello, PROBE_E_NOT_TLS, "HTTP/1.1 400 |Bad\r\n", 19, "x");
	jt.elapsed = 0.1;
	ck_assert_int_eq(judge(json, false, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "\"probes\":[{\"sent\":\"client_hello\",\"result\":\"not_tls\"");
	JTEST_HAS(&jt, "\"classification\":\"plaintext HTTP\"");
	JTEST_HAS(&jt,
	    "\"first_bytes_text\":\"HTTP/1.1 400 \\\\x7cBad\\\\x0d\\\\x0a\"");
	JTEST_HAS(&jt, "\"first_bytes_hex\":\"48 54 54 50");
	JTEST_HAS(&jt, "\"metrics\":{\"time\":0.100}");
	JTEST_CAUSE(&jt, "plaintext-on-tls-port");
}
END_TEST

START_TEST(test_args)
{
	static const char *const p80[] = {
	    "-H", "a", "-p", "80", "--expect", "plain", NULL};
	static const char *const p443[] = {
	    "-H", "a", "--expect", "plain", NULL};
	static const char *const tlshttp[] = {
	    "-H", "a", "--send", "http", NULL};
	static const char *const wait[] = {
	    "-H", "a", "-t", "1", "--banner-wait", "2", NULL};
	static const char *const bad[] = {"-H", "a", "--expect", "ssl", NULL};

	jtest_parse(&judge_plaintext, &pa, ARGS_OK, NULL, p80);
	ck_assert_int_eq(pa.send, SEND_HTTP);
	jtest_parse(&judge_plaintext, &pa, ARGS_OK, NULL, p443);
	ck_assert_int_eq(pa.send, SEND_NONE);
	ck_assert_uint_eq(pa.c.probe.preread_ms, 200);
	ck_assert(pa.c.probe.stop_after_hello);
	jtest_parse(&judge_plaintext, &pa, ARGS_ERROR, NULL, tlshttp);
	jtest_parse(&judge_plaintext, &pa, ARGS_ERROR, NULL, wait);
	jtest_parse(&judge_plaintext, &pa, ARGS_ERROR, NULL, bad);
	ck_assert_msg(
	    strstr(pa.c.why, "--expect: 'ssl'") != NULL, "%s", pa.c.why);
}
END_TEST

int
main(void)
{
	TCase *tc = tcase_create("judge");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_tls_server_hello);
	tcase_add_test(tc, test_tls_alert_is_tls);
	tcase_add_test(tc, test_stray_tls_bytes_are_not_tls);
	tcase_add_test(tc, test_plain_http_on_tls_port);
	tcase_add_test(tc, test_banner_on_tls_port);
	tcase_add_test(tc, test_failures);
	tcase_add_test(tc, test_plain_port_speaks_tls);
	tcase_add_test(tc, test_plain_http_answered_with_tls_alert);
	tcase_add_test(tc, test_plain_http_says_https_port);
	tcase_add_test(tc, test_plain_ok);
	tcase_add_test(tc, test_failure_long_output_is_ours);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_args);
	return jtest_main("judge_plaintext", tc);
}
