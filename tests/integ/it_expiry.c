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
#include "itest.h"

#define PLUGIN	"check_tls_expiry"

/* Exactly one status line's worth of '|' in all output, no raw CR. */
static void
assert_clean_output(void)
{
	const char *p;
	int pipes = 0;

	for (p = it_run.out; *p != '\0'; p++) {
		if (*p == '|')
			pipes++;
		ck_assert_msg(*p != '\r', "raw CR in output");
	}
	ck_assert_msg(pipes <= 1, "%d '|' in output: %s", pipes, it_run.out);
}

START_TEST(test_ecdsa_ok)
{
	it_start(PLUGIN, (const char *const[]){ NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-I",
	    "127.0.0.1", "-p", IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_STARTS(ts_fmt("TLS-EXPIRY OK: localhost:%d certificate 'localhost' "
	    "expires in 90 days (", it_srv.port));
	IT_HAS(" | days_left=90.00;30:;14:;; chain_days_left=");
	IT_HAS(" handshake_time=");
	ck_assert_ptr_null(strchr(it_run.out + strlen(it_run.first_line) + 1,
	    '\n'));
}
END_TEST

START_TEST(test_rsa_ok_verbose)
{
	it_start(PLUGIN, (const char *const[]){ "--key", "rsa", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("TLS-EXPIRY OK: ");
	ck_assert_msg(strstr(it_run.out, "RSA 2048 bits") != NULL, "%s",
	    it_run.out);
	ck_assert_msg(strstr(it_run.out, "issuer 'CN=TLS Test Intermediate CA")
	    != NULL, "%s", it_run.out);
	assert_clean_output();
}
END_TEST

START_TEST(test_ipv6)
{
	it_start(PLUGIN, (const char *const[]){ "--ipv6", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-I", "::1",
	    "-p", IT_PORT, "-6", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_STARTS(ts_fmt("TLS-EXPIRY OK: localhost:%d certificate 'localhost'",
	    it_srv.port));
	/* An IP literal as the host: no SNI, brackets in the output. */
	it_exec(10, NULL, (const char *const[]){ "-H", "::1", "-p", IT_PORT,
	    "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_STARTS(ts_fmt("TLS-EXPIRY OK: [::1]:%d certificate 'localhost'",
	    it_srv.port));
	ck_assert_msg(strstr(it_run.out, "SNI (none)") != NULL, "%s",
	    it_run.out);
}
END_TEST

START_TEST(test_ipv4_only_refuses_v6_literal)
{
	it_start(PLUGIN, (const char *const[]){ NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "::1", "-4", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_HAS("cannot resolve '::1' (IPv4)");
}
END_TEST

START_TEST(test_warning)
{
	it_start(PLUGIN, (const char *const[]){ "--expires-in", "20", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_STARTS(ts_fmt("TLS-EXPIRY WARNING: localhost:%d certificate "
	    "'localhost' expires in 20 days (", it_srv.port));
}
END_TEST

START_TEST(test_critical_and_custom_thresholds)
{
	it_start(PLUGIN, (const char *const[]){ "--expires-in", "9.5", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("expires in 9 days (");
	IT_HAS("days_left=9.50;30:;14:;;");
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-w", "10", "-c", "5.5", NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_HAS("days_left=9.50;10:;5.5:;;");
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-w", "5", "-c", "2", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
}
END_TEST

START_TEST(test_expired)
{
	it_start(PLUGIN, (const char *const[]){ "--expires-in", "-3", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_STARTS(ts_fmt("TLS-EXPIRY CRITICAL: localhost:%d certificate "
	    "'localhost' expired 3 days ago (", it_srv.port));
	IT_HAS("days_left=-3.00;");
}
END_TEST

START_TEST(test_not_yet_valid)
{
	it_start(PLUGIN, (const char *const[]){ "--not-before", "3", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("certificate 'localhost' is not yet valid: valid from ");
	IT_HAS("(in 3 days); if that date looks wrong, check this host's "
	    "clock");
}
END_TEST

START_TEST(test_chain_intermediate_first)
{
	it_start(PLUGIN, (const char *const[]){ "--int-expires-in", "5",
	    NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("chain_days_left=5.00;;;;");
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "--chain", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("chain certificate #1 'TLS Test Intermediate CA' expires in 5 "
	    "days");
}
END_TEST

START_TEST(test_chain_ignores_sent_root)
{
	it_start(PLUGIN, (const char *const[]){ "--send-root",
	    "--root-expires-in", "3", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "--chain", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("certificate 'localhost' expires in 90 days");
}
END_TEST

START_TEST(test_untrusted_still_judged)
{
	/* Lifetime is judged without trust: self-signed, leaf only. */
	it_start(PLUGIN, (const char *const[]){ "--self-signed", "--expires-in",
	    "40", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("expires in 40 days");
	ts_server_stop(&it_srv);
	/* A server that forgets its intermediate: lifetime still judged. */
	it_start(PLUGIN, (const char *const[]){ "--omit-intermediate", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("expires in 90 days");
}
END_TEST

START_TEST(test_ca_file)
{
	char empty[512];
	FILE *f;

	it_start(PLUGIN, (const char *const[]){ NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "--ca-file", it_srv.ca_file, "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	ck_assert_msg(strstr(it_run.out, "trust: chain verifies (1 trust "
	    "anchors)") != NULL, "%s", it_run.out);

	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "--ca-file", "/nonexistent/ca.pem", NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_STARTS("TLS-EXPIRY UNKNOWN: ");
	IT_HAS("cannot read CA file '/nonexistent/ca.pem': No such file");

	snprintf(empty, sizeof(empty), "%s/empty.pem", it_srv.dir);
	f = fopen(empty, "w");
	ck_assert_ptr_nonnull(f);
	fputs("not a certificate\n", f);
	fclose(f);
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "--ca-file", empty, NULL });
	unlink(empty);
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_HAS("holds no usable PEM certificate");
}
END_TEST

START_TEST(test_plaintext_http)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "http", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_STARTS(ts_fmt("TLS-EXPIRY CRITICAL: localhost:%d speaks plaintext "
	    "HTTP, not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad "
	    "Request'", it_srv.port));
}
END_TEST

START_TEST(test_ssh_banner)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "ssh", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("speaks SSH, not TLS: banner 'SSH-2.0-OpenSSH_9.2p1 "
	    "Debian-2+deb12u3'");
}
END_TEST

START_TEST(test_smtp_banner)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "smtp", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("speaks SMTP, not TLS: banner '220 mail.example.test ESMTP "
	    "Postfix (Debian/GNU)' (the service may need STARTTLS)");
}
END_TEST

START_TEST(test_garbage)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "garbage", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("does not speak TLS: answered the ClientHello with ");
	IT_HAS("bytes of non-TLS data (a8 ");
}
END_TEST

START_TEST(test_alert)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "alert", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("TLS handshake failed: the server sent fatal alert "
	    "handshake_failure");
}
END_TEST

START_TEST(test_reset_after_hello)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "reset", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("connection reset by the server after our ClientHello, with no "
	    "reply");
}
END_TEST

START_TEST(test_close_at_once)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "close", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	/* Whether the FIN beat our ClientHello depends on scheduling. */
	ck_assert_msg(strstr(it_run.first_line, "connection closed at once, "
	    "before the ClientHello was sent") != NULL ||
	    strstr(it_run.first_line, "connection closed by the server after "
	    "our ClientHello, with no reply") != NULL, "%s", it_run.first_line);
}
END_TEST

START_TEST(test_refused)
{
	int port;

	it_start(PLUGIN, (const char *const[]){ NULL });
	port = it_srv.port;
	ts_server_stop(&it_srv);
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-I",
	    "127.0.0.1", "-p", ts_fmt("%d", port), NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_STARTS(ts_fmt("TLS-EXPIRY CRITICAL: localhost:%d connection refused "
	    "by 127.0.0.1 port %d", port, port));
}
END_TEST

START_TEST(test_silent_times_out)
{
	it_start(PLUGIN, (const char *const[]){ "--mode", "silent", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-t", "2", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("no reply to the ClientHello within 2 s");
	/* The deadline holds: ends within the timeout plus a margin. */
	ck_assert_msg(it_run.elapsed >= 1.9 && it_run.elapsed < 3.5,
	    "took %.2f s", it_run.elapsed);
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-t", "1:warning", NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_STARTS("TLS-EXPIRY WARNING: ");
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-t", "1:unknown", NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
}
END_TEST

START_TEST(test_slow_server_times_out)
{
	/* One byte a second of a handshake that never completes. */
	it_start(PLUGIN, (const char *const[]){ "--mode", "slow", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-t", "3", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	ck_assert_msg(it_run.elapsed < 4.5, "took %.2f s", it_run.elapsed);
	ck_assert_msg(strstr(it_run.first_line, "TLS handshake stalled")
	    != NULL || strstr(it_run.first_line, "within 3 s") != NULL, "%s",
	    it_run.first_line);
}
END_TEST

START_TEST(test_hostile_names)
{
	it_start(PLUGIN, (const char *const[]){ "--evil-names", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-vvv", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_STARTS(ts_fmt("TLS-EXPIRY OK: localhost:%d certificate "
	    "'evil\\x7cname\\x0aINJECT\\x7cx=1", it_srv.port));
	ck_assert_msg(strlen(it_run.first_line) < 400, "first line %zu bytes",
	    strlen(it_run.first_line));
	assert_clean_output();
	ck_assert_msg(strstr(it_run.out, "evil\\x7csan\\x0ainject.example") !=
	    NULL, "%s", it_run.out);
	/* The 1000-character SAN is capped with "...". */
	ck_assert_msg(strstr(it_run.out, "aaaa...") != NULL, "%s", it_run.out);

	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-o", "json", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	ck_assert_msg(it_run.out[0] == '{' && strchr(it_run.out, '\n') ==
	    it_run.out + strlen(it_run.out) - 1, "%s", it_run.out);
}
END_TEST

START_TEST(test_json)
{
	it_start(PLUGIN, (const char *const[]){ "--expires-in", "20", NULL });
	it_exec(10, NULL, (const char *const[]){ "-H", "localhost", "-p",
	    IT_PORT, "-o", "json", NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_OUT_HAS("{\"plugin\":\"check_tls_expiry\",\"host\":\"localhost\",");
	IT_OUT_HAS("\"state\":\"WARNING\",\"exit_code\":1,");
	IT_OUT_HAS("\"metrics\":{\"days_left\":20.00,\"chain_days_left\":");
	IT_OUT_HAS("\"chain\":[{\"position\":0,\"name\":\"localhost\"");
	IT_OUT_HAS("\"expiry\":{\"judged\":\"leaf\"");
}
END_TEST

START_TEST(test_usage_errors)
{
	it_plugin(PLUGIN);
	it_exec(5, NULL, (const char *const[]){ NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	ck_assert_str_eq(it_run.out, "TLS-EXPIRY UNKNOWN: missing "
	    "-H/--hostname\n");
	it_exec(5, NULL, (const char *const[]){ "-H", "x", "-w", "soon",
	    NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_OUT_HAS("invalid value for -w/--warning: 'soon'");
	it_exec(5, NULL, (const char *const[]){ "-H", "x\n|y=1", NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	ck_assert_str_eq(it_run.out, "TLS-EXPIRY UNKNOWN: invalid value for "
	    "-H/--hostname: 'x\\x0a\\x7cy=1' is not a host name or IP "
	    "address\n");
	it_exec(5, NULL, (const char *const[]){ "-H", "x", "-t", "0", NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	it_exec(5, NULL, (const char *const[]){ "--help", NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	ck_assert_msg(strstr(it_run.out, "--chain") != NULL, "%s", it_run.out);
	it_exec(5, NULL, (const char *const[]){ "-V", NULL });
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_OUT_HAS("GnuTLS 3.");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_expiry");
	TCase *tc = tcase_create("expiry");

	tcase_add_checked_fixture(tc, NULL, it_teardown);
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
