/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_expiry end to end: the real binary against our own test server
 * on loopback, one scenario per test, certificates minted at server start.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define ARGS_MAX	32

static struct ts_server srv;
static struct ts_run run;
static char plugin[512];

static void
start(const char *const *server_args)
{
	ck_assert_ptr_nonnull(ts_plugin_path(plugin, sizeof(plugin),
	    "check_tls_expiry"));
	ck_assert_int_eq(ts_server_start(&srv, server_args), 0);
}

static void
teardown(void)
{
	ts_server_stop(&srv);
	memset(&srv, 0, sizeof(srv));
}

/* Run the plugin with args (NULL-terminated) against srv; limit in s. */
static void
check_run(double limit, const char *const *args)
{
	const char *argv[ARGS_MAX];
	int n = 0;

	argv[n++] = plugin;
	for (; *args != NULL && n < ARGS_MAX - 1; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	ck_assert_int_eq(ts_run(&run, limit, argv), 0);
	ck_assert_msg(!run.timed_out, "plugin hung: %s", run.out);
	ck_assert_int_eq(run.signal, 0);
}

#define PORT	ts_fmt("%d", srv.port)
#define HAS(s)	ck_assert_msg(strstr(run.first_line, (s)) != NULL, \
		    "first line '%s' lacks '%s'", run.first_line, (s))
#define STARTS(s) ck_assert_msg(strncmp(run.first_line, (s), strlen(s)) \
		    == 0, "first line '%s' does not start '%s'", \
		    run.first_line, (s))

/* Exactly one status line's worth of '|' in all output, no raw CR. */
static void
assert_clean_output(void)
{
	const char *p;
	int pipes = 0;

	for (p = run.out; *p != '\0'; p++) {
		if (*p == '|')
			pipes++;
		ck_assert_msg(*p != '\r', "raw CR in output");
	}
	ck_assert_msg(pipes <= 1, "%d '|' in output: %s", pipes, run.out);
}

START_TEST(test_ecdsa_ok)
{
	start((const char *const[]){ NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-I",
	    "127.0.0.1", "-p", PORT, NULL });
	ck_assert_int_eq(run.exit_code, 0);
	STARTS(ts_fmt("TLS-EXPIRY OK: localhost:%d certificate 'localhost' "
	    "expires in 90 days (", srv.port));
	HAS(" | days_left=90.00;30:;14:;; chain_days_left=");
	HAS(" handshake_time=");
	ck_assert_ptr_null(strchr(run.out + strlen(run.first_line) + 1, '\n'));
}
END_TEST

START_TEST(test_rsa_ok_verbose)
{
	start((const char *const[]){ "--key", "rsa", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-v", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("TLS-EXPIRY OK: ");
	ck_assert_msg(strstr(run.out, "RSA 2048 bits") != NULL, "%s", run.out);
	ck_assert_msg(strstr(run.out, "issuer 'CN=TLS Test Intermediate CA")
	    != NULL, "%s", run.out);
	assert_clean_output();
}
END_TEST

START_TEST(test_ipv6)
{
	start((const char *const[]){ "--ipv6", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-I", "::1",
	    "-p", PORT, "-6", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	STARTS(ts_fmt("TLS-EXPIRY OK: localhost:%d certificate 'localhost'",
	    srv.port));
	/* An IP literal as the host: no SNI, brackets in the output. */
	check_run(10, (const char *const[]){ "-H", "::1", "-p", PORT, "-v",
	    NULL });
	ck_assert_int_eq(run.exit_code, 0);
	STARTS(ts_fmt("TLS-EXPIRY OK: [::1]:%d certificate 'localhost'",
	    srv.port));
	ck_assert_msg(strstr(run.out, "SNI (none)") != NULL, "%s", run.out);
}
END_TEST

START_TEST(test_ipv4_only_refuses_v6_literal)
{
	start((const char *const[]){ NULL });
	check_run(10, (const char *const[]){ "-H", "::1", "-4", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 3);
	HAS("cannot resolve '::1' (IPv4)");
}
END_TEST

START_TEST(test_warning)
{
	start((const char *const[]){ "--expires-in", "20", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 1);
	STARTS(ts_fmt("TLS-EXPIRY WARNING: localhost:%d certificate "
	    "'localhost' expires in 20 days (", srv.port));
}
END_TEST

START_TEST(test_critical_and_custom_thresholds)
{
	start((const char *const[]){ "--expires-in", "9.5", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("expires in 9 days (");
	HAS("days_left=9.50;30:;14:;;");
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-w", "10", "-c", "5.5", NULL });
	ck_assert_int_eq(run.exit_code, 1);
	HAS("days_left=9.50;10:;5.5:;;");
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-w", "5", "-c", "2", NULL });
	ck_assert_int_eq(run.exit_code, 0);
}
END_TEST

START_TEST(test_expired)
{
	start((const char *const[]){ "--expires-in", "-3", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	STARTS(ts_fmt("TLS-EXPIRY CRITICAL: localhost:%d certificate "
	    "'localhost' expired 3 days ago (", srv.port));
	HAS("days_left=-3.00;");
}
END_TEST

START_TEST(test_not_yet_valid)
{
	start((const char *const[]){ "--not-before", "3", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("certificate 'localhost' is not yet valid: valid from ");
	HAS("(in 3 days); if that date looks wrong, check this host's clock");
}
END_TEST

START_TEST(test_chain_intermediate_first)
{
	start((const char *const[]){ "--int-expires-in", "5", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("chain_days_left=5.00;;;;");
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "--chain", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("chain certificate #1 'TLS Test Intermediate CA' expires in 5 "
	    "days");
}
END_TEST

START_TEST(test_chain_ignores_sent_root)
{
	start((const char *const[]){ "--send-root", "--root-expires-in", "3",
	    NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "--chain", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("certificate 'localhost' expires in 90 days");
}
END_TEST

START_TEST(test_untrusted_still_judged)
{
	/* Lifetime is judged without trust: self-signed, leaf only. */
	start((const char *const[]){ "--self-signed", "--expires-in", "40",
	    NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("expires in 40 days");
	ts_server_stop(&srv);
	/* A server that forgets its intermediate: lifetime still judged. */
	start((const char *const[]){ "--omit-intermediate", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 0);
	HAS("expires in 90 days");
}
END_TEST

START_TEST(test_ca_file)
{
	char empty[512];
	FILE *f;

	start((const char *const[]){ NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "--ca-file", srv.ca_file, "-v", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	ck_assert_msg(strstr(run.out, "trust: chain verifies (1 trust "
	    "anchors)") != NULL, "%s", run.out);

	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "--ca-file", "/nonexistent/ca.pem", NULL });
	ck_assert_int_eq(run.exit_code, 3);
	STARTS("TLS-EXPIRY UNKNOWN: ");
	HAS("cannot read CA file '/nonexistent/ca.pem': No such file");

	snprintf(empty, sizeof(empty), "%s/empty.pem", srv.dir);
	f = fopen(empty, "w");
	ck_assert_ptr_nonnull(f);
	fputs("not a certificate\n", f);
	fclose(f);
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "--ca-file", empty, NULL });
	unlink(empty);
	ck_assert_int_eq(run.exit_code, 3);
	HAS("holds no usable PEM certificate");
}
END_TEST

START_TEST(test_plaintext_http)
{
	start((const char *const[]){ "--mode", "http", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	STARTS(ts_fmt("TLS-EXPIRY CRITICAL: localhost:%d speaks plaintext "
	    "HTTP, not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad "
	    "Request'", srv.port));
}
END_TEST

START_TEST(test_ssh_banner)
{
	start((const char *const[]){ "--mode", "ssh", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("speaks SSH, not TLS: banner 'SSH-2.0-OpenSSH_9.2p1 "
	    "Debian-2+deb12u3'");
}
END_TEST

START_TEST(test_smtp_banner)
{
	start((const char *const[]){ "--mode", "smtp", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("speaks SMTP, not TLS: banner '220 mail.example.test ESMTP "
	    "Postfix (Debian/GNU)' (the service may need STARTTLS)");
}
END_TEST

START_TEST(test_garbage)
{
	start((const char *const[]){ "--mode", "garbage", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("does not speak TLS: answered the ClientHello with ");
	HAS("bytes of non-TLS data (a8 ");
}
END_TEST

START_TEST(test_alert)
{
	start((const char *const[]){ "--mode", "alert", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("TLS handshake failed: the server sent fatal alert "
	    "handshake_failure");
}
END_TEST

START_TEST(test_reset_after_hello)
{
	start((const char *const[]){ "--mode", "reset", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("connection reset by the server after our ClientHello, with no "
	    "reply");
}
END_TEST

START_TEST(test_close_at_once)
{
	start((const char *const[]){ "--mode", "close", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    NULL });
	ck_assert_int_eq(run.exit_code, 2);
	/* Whether the FIN beat our ClientHello depends on scheduling. */
	ck_assert_msg(strstr(run.first_line, "connection closed at once, "
	    "before the ClientHello was sent") != NULL ||
	    strstr(run.first_line, "connection closed by the server after our "
	    "ClientHello, with no reply") != NULL, "%s", run.first_line);
}
END_TEST

START_TEST(test_refused)
{
	int port;

	start((const char *const[]){ NULL });
	port = srv.port;
	ts_server_stop(&srv);
	check_run(10, (const char *const[]){ "-H", "localhost", "-I",
	    "127.0.0.1", "-p", ts_fmt("%d", port), NULL });
	ck_assert_int_eq(run.exit_code, 2);
	STARTS(ts_fmt("TLS-EXPIRY CRITICAL: localhost:%d connection refused "
	    "by 127.0.0.1 port %d", port, port));
}
END_TEST

START_TEST(test_silent_times_out)
{
	start((const char *const[]){ "--mode", "silent", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-t", "2", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	HAS("no reply to the ClientHello within 2 s");
	/* The deadline holds: ends within the timeout plus a margin. */
	ck_assert_msg(run.elapsed >= 1.9 && run.elapsed < 3.5,
	    "took %.2f s", run.elapsed);
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-t", "1:warning", NULL });
	ck_assert_int_eq(run.exit_code, 1);
	STARTS("TLS-EXPIRY WARNING: ");
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-t", "1:unknown", NULL });
	ck_assert_int_eq(run.exit_code, 3);
}
END_TEST

START_TEST(test_slow_server_times_out)
{
	/* One byte a second of a handshake that never completes. */
	start((const char *const[]){ "--mode", "slow", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-t", "3", NULL });
	ck_assert_int_eq(run.exit_code, 2);
	ck_assert_msg(run.elapsed < 4.5, "took %.2f s", run.elapsed);
	ck_assert_msg(strstr(run.first_line, "TLS handshake stalled") != NULL ||
	    strstr(run.first_line, "within 3 s") != NULL, "%s",
	    run.first_line);
}
END_TEST

START_TEST(test_hostile_names)
{
	start((const char *const[]){ "--evil-names", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-vvv", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	STARTS(ts_fmt("TLS-EXPIRY OK: localhost:%d certificate 'evil\\x7cname"
	    "\\x0aINJECT\\x7cx=1", srv.port));
	ck_assert_msg(strlen(run.first_line) < 400, "first line %zu bytes",
	    strlen(run.first_line));
	assert_clean_output();
	ck_assert_msg(strstr(run.out, "evil\\x7csan\\x0ainject.example") !=
	    NULL, "%s", run.out);
	/* The 1000-character SAN is capped with "...". */
	ck_assert_msg(strstr(run.out, "aaaa...") != NULL, "%s", run.out);

	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-o", "json", NULL });
	ck_assert_int_eq(run.exit_code, 0);
	ck_assert_msg(run.out[0] == '{' && strchr(run.out, '\n') ==
	    run.out + strlen(run.out) - 1, "%s", run.out);
}
END_TEST

START_TEST(test_json)
{
	start((const char *const[]){ "--expires-in", "20", NULL });
	check_run(10, (const char *const[]){ "-H", "localhost", "-p", PORT,
	    "-o", "json", NULL });
	ck_assert_int_eq(run.exit_code, 1);
#undef HAS
#define HAS(s)	ck_assert_msg(strstr(run.out, (s)) != NULL, "'%s' lacks '%s'", \
		    run.out, (s))
	HAS("{\"plugin\":\"check_tls_expiry\",\"host\":\"localhost\",");
	HAS("\"state\":\"WARNING\",\"exit_code\":1,");
	HAS("\"metrics\":{\"days_left\":20.00,\"chain_days_left\":");
	HAS("\"chain\":[{\"position\":0,\"name\":\"localhost\"");
	HAS("\"expiry\":{\"judged\":\"leaf\"");
}
END_TEST

START_TEST(test_usage_errors)
{
	ck_assert_ptr_nonnull(ts_plugin_path(plugin, sizeof(plugin),
	    "check_tls_expiry"));
	check_run(5, (const char *const[]){ NULL });
	ck_assert_int_eq(run.exit_code, 3);
	ck_assert_str_eq(run.out, "TLS-EXPIRY UNKNOWN: missing -H/--hostname\n");
	check_run(5, (const char *const[]){ "-H", "x", "-w", "soon", NULL });
	ck_assert_int_eq(run.exit_code, 3);
	HAS("invalid value for -w/--warning: 'soon'");
	check_run(5, (const char *const[]){ "-H", "x\n|y=1", NULL });
	ck_assert_int_eq(run.exit_code, 3);
	ck_assert_str_eq(run.out, "TLS-EXPIRY UNKNOWN: invalid value for "
	    "-H/--hostname: 'x\\x0a\\x7cy=1' is not a host name or IP address\n");
	check_run(5, (const char *const[]){ "-H", "x", "-t", "0", NULL });
	ck_assert_int_eq(run.exit_code, 3);
	check_run(5, (const char *const[]){ "--help", NULL });
	ck_assert_int_eq(run.exit_code, 3);
	ck_assert_msg(strstr(run.out, "--chain") != NULL, "%s", run.out);
	check_run(5, (const char *const[]){ "-V", NULL });
	ck_assert_int_eq(run.exit_code, 3);
	HAS("GnuTLS 3.");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_expiry");
	TCase *tc = tcase_create("expiry");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ecdsa_ok);
	tcase_add_test(tc, test_rsa_ok_verbose);
	tcase_add_test(tc, test_ipv6);
	tcase_add_test(tc, test_ipv4_only_refuses_v6_literal);
	tcase_add_test(tc, test_warning);
	tcase_add_test(tc, test_critical_and_custom_thresholds);
	tcase_add_test(tc, test_expired);
	tcase_add_test(tc, test_not_yet_valid);
	tcase_add_test(tc, test_chain_intermediate_first);
	tcase_add_test(tc, test_chain_ignores_sent_root);
	tcase_add_test(tc, test_untrusted_still_judged);
	tcase_add_test(tc, test_ca_file);
	tcase_add_test(tc, test_plaintext_http);
	tcase_add_test(tc, test_ssh_banner);
	tcase_add_test(tc, test_smtp_banner);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_alert);
	tcase_add_test(tc, test_reset_after_hello);
	tcase_add_test(tc, test_close_at_once);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_silent_times_out);
	tcase_add_test(tc, test_slow_server_times_out);
	tcase_add_test(tc, test_hostile_names);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_usage_errors);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
