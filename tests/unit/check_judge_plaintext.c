/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_plaintext's judge on hand-built replies, in both --expect modes. */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#define PLAIN_NO_MAIN
#include "../../plugins/check_tls_plaintext.c"

static struct probe_result hello, http;
static char out[16384];

/* A reply the server sent: bytes kept and classified, as the probe does. */
static void
reply(struct probe_result *r, enum probe_err err, const char *bytes,
    size_t len, const char *reason)
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

/* What every judged run is given before its own options. */
static const char *const base_args[] = { "-H", "www.example.org", NULL };

static enum state
judge(const char *const *extra, bool with_http, int verbose)
{
	static struct plain_args pa;
	static struct verdict v;
	char *argv[CKTEST_ARGV_MAX];
	int argc;

	argc = cktest_argv(argv, PROG, base_args, extra);
	ck_assert_int_eq(plain_parse_args(argc, argv, &pa), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	plain_judge(&pa, &hello, with_http ? &http : NULL, 0.25, &v);
	out_render(&v, OUT_NAGIOS, verbose, out, sizeof(out));
	return v.state;
}

#define FIRST(want) ck_assert_msg(strncmp(out, (want), strlen(want)) == 0, \
		    "got '%s', want '%s'", out, (want))
#define HAS(s)	ck_assert_msg(strstr(out, (s)) != NULL, "'%s' lacks '%s'", \
		    out, (s))
#define PLAIN	(const char *const[]){ "--expect", "plain", NULL }
#define HTTP400	"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n"

START_TEST(test_tls_server_hello)
{
	tls13(&hello);
	ck_assert_int_eq(judge(NULL, false, 0), STATE_OK);
	FIRST("TLS-PLAINTEXT OK: www.example.org:443 speaks TLS: answered the "
	    "ClientHello with a TLS 1.3 ServerHello | time=0.250s;;;0;\n");
}
END_TEST

START_TEST(test_tls_alert_is_tls)
{
	reply(&hello, PROBE_E_ALERT, "\x15\x03\x03\x00\x02\x02\x28", 7,
	    "TLS handshake failed: the server sent fatal alert "
	    "handshake_failure");
	ck_assert_int_eq(judge(NULL, false, 0), STATE_OK);
	FIRST("TLS-PLAINTEXT OK: www.example.org:443 speaks TLS: answered the "
	    "ClientHello with TLS alert handshake_failure |");
}
END_TEST

START_TEST(test_stray_tls_bytes_are_not_tls)
{
	/* One 0x16 byte and a close proves nothing; nor does a cut header. */
	reply(&hello, PROBE_E_EOF, "\x16", 1, "connection closed by the "
	    "server during the TLS handshake, after 1 bytes");
	ck_assert_int_eq(judge(NULL, false, 0), STATE_CRITICAL);
	FIRST("TLS-PLAINTEXT CRITICAL: www.example.org:443 connection closed by "
	    "the server during the TLS handshake, after 1 bytes |");
	ck_assert_int_eq(judge(PLAIN, false, 0), STATE_CRITICAL);
	reply(&hello, PROBE_E_TIMEOUT, "\x17\x03\x00", 3, "TLS handshake "
	    "stalled: the server sent 3 bytes, then nothing until the 10 s "
	    "timeout");
	ck_assert_int_eq(judge((const char *const[]){ "-t", "10:warning",
	    NULL }, false, 0), STATE_WARNING);
	/* A TLS alert before we spoke is not how TLS servers behave. */
	reply(&hello, PROBE_E_TLS, "\x15\x03\x03\x00\x02\x02\x28", 7,
	    "the server sent TLS data before our ClientHello");
	hello.spoke_first = true;
	ck_assert_int_eq(judge(NULL, false, 0), STATE_CRITICAL);
}
END_TEST

START_TEST(test_plain_http_on_tls_port)
{
	reply(&hello, PROBE_E_NOT_TLS, HTTP400, strlen(HTTP400), "speaks "
	    "plaintext HTTP, not TLS: answered the ClientHello with "
	    "'HTTP/1.1 400 Bad Request'");
	ck_assert_int_eq(judge(NULL, false, 1), STATE_CRITICAL);
	FIRST("TLS-PLAINTEXT CRITICAL: www.example.org:443 speaks plaintext "
	    "HTTP, not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad "
	    "Request' | time=0.250s;;;0;\n");
	HAS("\n  first bytes: 48 54 54 50 2f 31 2e 31 20 34 30 30 20 42 61 64\n");
}
END_TEST

START_TEST(test_banner_on_tls_port)
{
	reply(&hello, PROBE_E_NOT_TLS, "SSH-2.0-OpenSSH_9.2p1\r\n", 23,
	    "speaks SSH, not TLS: banner 'SSH-2.0-OpenSSH_9.2p1'");
	hello.spoke_first = true;
	ck_assert_int_eq(judge(NULL, false, 1), STATE_CRITICAL);
	FIRST("TLS-PLAINTEXT CRITICAL: www.example.org:443 speaks SSH, not TLS: "
	    "banner 'SSH-2.0-OpenSSH_9.2p1' |");
	HAS("(sent before we spoke)");
}
END_TEST

START_TEST(test_failures)
{
	static const char *const warn[] = { "-t", "5:warning", NULL };

	reply(&hello, PROBE_E_REFUSED, "", 0, "connection refused by "
	    "192.0.2.1 port 443");
	hello.stage = PROBE_S_CONNECT;
	ck_assert_int_eq(judge(NULL, false, 0), STATE_CRITICAL);
	FIRST("TLS-PLAINTEXT CRITICAL: www.example.org:443 connection refused "
	    "by 192.0.2.1 port 443 | time=0.250s;;;0;\n");
	reply(&hello, PROBE_E_TIMEOUT, "", 0, "no reply to the ClientHello "
	    "within 5 s");
	hello.stage = PROBE_S_HELLO;
	ck_assert_int_eq(judge(warn, false, 0), STATE_WARNING);
	reply(&hello, PROBE_E_EOF, "", 0, "connection closed at once, before "
	    "the ClientHello was sent");
	ck_assert_int_eq(judge(PLAIN, false, 0), STATE_CRITICAL);
	HAS("connection closed at once");
}
END_TEST

START_TEST(test_plain_port_speaks_tls)
{
	tls13(&hello);
	ck_assert_int_eq(judge(PLAIN, false, 0), STATE_CRITICAL);
	FIRST("TLS-PLAINTEXT CRITICAL: www.example.org:443 speaks TLS on a port "
	    "expected to be plaintext: a TLS profile or listener is attached "
	    "(answered the ClientHello with a TLS 1.3 ServerHello) |");
}
END_TEST

START_TEST(test_plain_http_answered_with_tls_alert)
{
	reply(&hello, PROBE_E_EOF, "", 0, "connection closed by the server "
	    "after our ClientHello, with no reply");
	reply(&http, PROBE_OK, "\x15\x03\x03\x00\x02\x02\x0a", 7, "");
	ck_assert_int_eq(judge(PLAIN, true, 0), STATE_CRITICAL);
	FIRST("TLS-PLAINTEXT CRITICAL: www.example.org:443 answered a plain "
	    "HTTP request with TLS alert unexpected_message: the port expects "
	    "TLS |");
}
END_TEST

START_TEST(test_plain_http_says_https_port)
{
	static const char body[] = "HTTP/1.1 400 Bad Request\r\n\r\n<html>"
	    "<center>The plain HTTP request was sent to HTTPS port</center>";

	tls13(&hello);
	reply(&http, PROBE_OK, body, sizeof(body) - 1, "");
	ck_assert_int_eq(judge(PLAIN, true, 1), STATE_CRITICAL);
	FIRST("TLS-PLAINTEXT CRITICAL: www.example.org:443 answered plain HTTP "
	    "with 'HTTP/1.1 400 Bad Request', saying the port expects TLS (a "
	    "TLS listener that answers plain HTTP) |");
	HAS("\nplain HTTP request: plaintext HTTP: HTTP/1.1 400 Bad Request\n");
}
END_TEST

START_TEST(test_plain_ok)
{
	reply(&hello, PROBE_E_NOT_TLS, HTTP400, strlen(HTTP400), "x");
	reply(&http, PROBE_OK, "HTTP/1.1 200 OK\r\n", 17, "");
	ck_assert_int_eq(judge(PLAIN, true, 0), STATE_OK);
	FIRST("TLS-PLAINTEXT OK: www.example.org:443 speaks plaintext HTTP: "
	    "'HTTP/1.1 200 OK' |");
	reply(&hello, PROBE_E_NOT_TLS, "SSH-2.0-dropbear\r\n", 18, "x");
	ck_assert_int_eq(judge(PLAIN, false, 0), STATE_OK);
	FIRST("TLS-PLAINTEXT OK: www.example.org:443 speaks SSH: "
	    "'SSH-2.0-dropbear' |");
}
END_TEST

START_TEST(test_json)
{
	static struct plain_args pa;
	static struct verdict v;
	static char js[65536];
	char *argv[] = { (char *)"x", (char *)"-H", (char *)"a.example", NULL };

	reply(&hello, PROBE_E_NOT_TLS, "HTTP/1.1 400 |Bad\r\n", 19, "x");
	ck_assert_int_eq(plain_parse_args(3, argv, &pa), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	plain_judge(&pa, &hello, NULL, 0.1, &v);
	out_render(&v, OUT_JSON, 0, js, sizeof(js));
	ck_assert_msg(strstr(js, "\"probes\":[{\"sent\":\"client_hello\","
	    "\"result\":\"not_tls\"") != NULL, "%s", js);
	ck_assert_msg(strstr(js, "\"classification\":\"plaintext HTTP\"") !=
	    NULL, "%s", js);
	ck_assert_msg(strstr(js, "\"first_bytes_text\":\"HTTP/1.1 400 "
	    "\\\\x7cBad\\\\x0d\\\\x0a\"") != NULL, "%s", js);
	ck_assert_msg(strstr(js, "\"first_bytes_hex\":\"48 54 54 50") != NULL,
	    "%s", js);
}
END_TEST

START_TEST(test_args)
{
	struct plain_args pa;
	char *p80[] = { (char *)"x", (char *)"-H", (char *)"a", (char *)"-p",
	    (char *)"80", (char *)"--expect", (char *)"plain", NULL };
	char *p443[] = { (char *)"x", (char *)"-H", (char *)"a",
	    (char *)"--expect", (char *)"plain", NULL };
	char *tlshttp[] = { (char *)"x", (char *)"-H", (char *)"a",
	    (char *)"--send", (char *)"http", NULL };
	char *wait[] = { (char *)"x", (char *)"-H", (char *)"a", (char *)"-t",
	    (char *)"1", (char *)"--banner-wait", (char *)"2", NULL };
	char *bad[] = { (char *)"x", (char *)"-H", (char *)"a",
	    (char *)"--expect", (char *)"ssl", NULL };

	ck_assert_int_eq(plain_parse_args(7, p80, &pa), ARGS_OK);
	ck_assert_int_eq(pa.send, SEND_HTTP);
	ck_assert_int_eq(plain_parse_args(5, p443, &pa), ARGS_OK);
	ck_assert_int_eq(pa.send, SEND_NONE);
	ck_assert_uint_eq(pa.c.probe.preread_ms, 200);
	ck_assert(pa.c.probe.stop_after_hello);
	ck_assert_int_eq(plain_parse_args(5, tlshttp, &pa), ARGS_ERROR);
	ck_assert_int_eq(plain_parse_args(7, wait, &pa), ARGS_ERROR);
	ck_assert_int_eq(plain_parse_args(5, bad, &pa), ARGS_ERROR);
	ck_assert_msg(strstr(pa.c.why, "--expect: 'ssl'") != NULL, "%s",
	    pa.c.why);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("judge_plaintext");
	TCase *tc = tcase_create("judge");

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
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_args);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
