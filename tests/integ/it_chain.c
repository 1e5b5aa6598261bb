/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_chain end to end: the real binary against our test server,
 * one chain scenario per test, trust anchors from the server's own files.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "itest.h"

static struct ts_server other;	/* a second server, for its CA only */
static char anchors[600];	/* --ca-file; it_srv's CA unless a test says */

static void
chain_start(const char *const *server_args)
{
	it_start("check_tls_chain", server_args);
	snprintf(anchors, sizeof(anchors), "%s", it_srv.ca_file);
}

static void
chain_teardown(void)
{
	it_teardown();
	ts_server_stop(&other);
	memset(&other, 0, sizeof(other));
}

/* Run the plugin against it_srv with --ca-file anchors plus args. */
static void
chain_run(const char *const *args)
{
	it_exec(10, (const char *const[]){ "-p", IT_PORT, "--ca-file",
	    anchors, NULL }, args);
}

#define LOCALHOST (const char *const[]){ "-H", "localhost", NULL }

#define INT_DN		"CN=TLS Test Intermediate CA,O=tls-monitoring-plugins test"
#define INT_CN		"TLS Test Intermediate CA"

START_TEST(test_good_chain)
{
	chain_start((const char *const[]){ NULL });
	chain_run((const char *const[]){ "-H", "localhost", "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS(ts_fmt("TLS-CHAIN OK: localhost:%d chain of 2 certificates "
	    "verifies to trusted root 'TLS Test Root CA'; name 'localhost' "
	    "covered | chain_length=2;;;0; handshake_time=", it_srv.port));
	IT_OUT_HAS("\n[0] leaf: subject 'CN=localhost', issuer '" INT_DN "'\n");
	IT_OUT_HAS("\n    sha256 ");
}
END_TEST

START_TEST(test_missing_intermediate)
{
	chain_start((const char *const[]){ "--omit-intermediate", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS(ts_fmt("TLS-CHAIN CRITICAL: localhost:%d chain incomplete: "
	    "server does not send the intermediate that issued leaf "
	    "'localhost' (issuer '" INT_CN "') | chain_length=1;",
	    it_srv.port));
}
END_TEST

START_TEST(test_missing_intermediate_hidden_locally)
{
	chain_start((const char *const[]){ "--omit-intermediate", NULL });
	snprintf(anchors, sizeof(anchors), "%s/ca-with-int.pem", it_srv.dir);
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_HAS("WARNING: ");
	IT_HAS("chain incomplete: server does not send the intermediate that "
	    "issued leaf 'localhost' (issuer '" INT_CN "'); it verifies here "
	    "only because the local store holds it, other clients will fail");
}
END_TEST

START_TEST(test_untrusted_root)
{
	chain_start((const char *const[]){ "--untrusted-root", "--send-root",
	    NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("untrusted root: the chain ends at 'TLS Test Untrusted Root', "
	    "which");
	IT_HAS("which is not a trusted root here");
}
END_TEST

START_TEST(test_untrusted_root_not_sent)
{
	chain_start((const char *const[]){ "--untrusted-root", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("chain incomplete or untrusted: nothing sent or trusted issued "
	    "intermediate 'TLS Test Intermediate CA' (issuer 'TLS Test "
	    "Untrusted Root'): a missing intermediate or an untrusted root");
}
END_TEST

START_TEST(test_cross_signed_root)
{
	/* Like Let's Encrypt's long chain: the root sent, cross-signed. */
	chain_start((const char *const[]){ "--cross-root", NULL });
	chain_run((const char *const[]){ "-H", "localhost", "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("chain of 3 certificates verifies to trusted root 'TLS Test "
	    "Root CA'; name 'localhost' covered |");
	IT_OUT_HAS("\nnote: the server also sends 'TLS Test Root CA' (issued "
	    "by 'TLS Test Old Root'), which clients trusting 'TLS Test Root CA' "
	    "do not need\n");
}
END_TEST

START_TEST(test_self_signed)
{
	/* Trust another server's root, not the self-signed leaf. */
	ck_assert_int_eq(ts_server_start(&other, NULL), 0);
	chain_start((const char *const[]){ "--self-signed", NULL });
	snprintf(anchors, sizeof(anchors), "%s", other.ca_file);
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("self-signed certificate 'localhost': no client trusts it "
	    "unless it is installed there");
	chain_run((const char *const[]){ "-H", "localhost",
	    "--allow-self-signed", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("self-signed certificate 'localhost' accepted "
	    "(--allow-self-signed)");
	/* Pinned: the self-signed certificate is itself the anchor. */
	snprintf(anchors, sizeof(anchors), "%s", it_srv.ca_file);
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 0);
}
END_TEST

START_TEST(test_expired_intermediate)
{
	chain_start((const char *const[]){ "--int-expires-in", "-1.5", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("intermediate 'TLS Test Intermediate CA' expired 1 day ago (");
}
END_TEST

START_TEST(test_not_yet_valid_intermediate)
{
	chain_start((const char *const[]){ "--int-not-before", "2", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("intermediate 'TLS Test Intermediate CA' is not yet valid: "
	    "valid from ");
	IT_HAS("check this host's clock");
}
END_TEST

START_TEST(test_expired_leaf)
{
	chain_start((const char *const[]){ "--expires-in", "-4", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("leaf 'localhost' expired 4 days ago (");
}
END_TEST

START_TEST(test_wrong_name)
{
	chain_start((const char *const[]){ "--name", "other.test",
	    "--no-ip-san", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS(ts_fmt("TLS-CHAIN CRITICAL: localhost:%d hostname mismatch: the "
	    "certificate does not cover 'localhost'; it covers 'other.test' |",
	    it_srv.port));
	/* --name checks another name; --no-hostname checks none. */
	chain_run((const char *const[]){ "-H", "localhost", "--name",
	    "other.test", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	chain_run((const char *const[]){ "-H", "localhost", "--no-hostname",
	    NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
}
END_TEST

START_TEST(test_wildcard)
{
	chain_start((const char *const[]){ "--name", "*.example.test", NULL });
	chain_run((const char *const[]){ "-H", "www.example.test", "-I",
	    "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("name 'www.example.test' covered");
	/* RFC 6125: the wildcard covers exactly one label. */
	chain_run((const char *const[]){ "-H", "a.b.example.test", "-I",
	    "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("hostname mismatch: the certificate does not cover "
	    "'a.b.example.test'; it covers '*.example.test'");
	chain_run((const char *const[]){ "-H", "example.test", "-I",
	    "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("hostname mismatch");
}
END_TEST

START_TEST(test_ip_san)
{
	chain_start((const char *const[]){ NULL });
	chain_run((const char *const[]){ "-H", "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	IT_HAS("name '127.0.0.1' covered");
	chain_run((const char *const[]){ "-H", "127.0.0.2", "-I",
	    "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("hostname mismatch: the certificate does not cover '127.0.0.2'; "
	    "it covers 'localhost', '127.0.0.1', '::1'");
}
END_TEST

START_TEST(test_cn_fallback)
{
	chain_start((const char *const[]){ "--name", "cn.example.test",
	    "--no-san", NULL });
	chain_run((const char *const[]){ "-H", "cn.example.test", "-I",
	    "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
	chain_run((const char *const[]){ "-H", "other.example.test", "-I",
	    "127.0.0.1", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("it covers only its subject CN 'cn.example.test'");
}
END_TEST

START_TEST(test_sha1_leaf)
{
	chain_start((const char *const[]){ "--leaf-hash", "sha1", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("weak signature: leaf 'localhost' is signed with SHA1 (");
}
END_TEST

START_TEST(test_rsa1024_leaf)
{
	chain_start((const char *const[]){ "--key", "rsa", "--key-bits", "1024",
	    NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("weak key: leaf 'localhost' has a 1024-bit RSA key (minimum "
	    "2048)");
	chain_run((const char *const[]){ "-H", "localhost", "--min-key-bits",
	    "1024", NULL });
	ck_assert_int_eq(it_run.exit_code, 0);
}
END_TEST

START_TEST(test_misordered)
{
	chain_start((const char *const[]){ "--order", "leaf,root,int", NULL });
	chain_run((const char *const[]){ "-H", "localhost", "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_HAS("chain misordered: a certificate is sent before the one it "
	    "signs (issuer path by position sent: #0, #2, #1)");
	IT_OUT_HAS("note: the server also sends the root 'TLS Test Root CA'");
}
END_TEST

START_TEST(test_superfluous)
{
	chain_start((const char *const[]){ "--order", "leaf,int,extra", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 1);
	IT_HAS("superfluous certificate #2 'Unrelated Certificate' is on no "
	    "path to the leaf");
}
END_TEST

START_TEST(test_combined)
{
	chain_start((const char *const[]){ "--expires-in", "-1", "--name",
	    "other.test", "--order", "leaf,root,int", NULL });
	chain_run((const char *const[]){ "-H", "localhost", "-v", NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("leaf 'other.test' expired 1 day ago");
	IT_HAS("(and 2 more problems)");
	IT_OUT_HAS("\nCRITICAL: hostname mismatch: ");
	IT_OUT_HAS("\nWARNING: chain misordered: ");
}
END_TEST

START_TEST(test_not_tls)
{
	chain_start((const char *const[]){ "--mode", "http", NULL });
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_HAS("speaks plaintext HTTP, not TLS: answered the ClientHello with "
	    "'HTTP/1.1 400 Bad Request'");
}
END_TEST

START_TEST(test_bad_ca_file)
{
	chain_start((const char *const[]){ NULL });
	snprintf(anchors, sizeof(anchors), "%s/none.pem", it_srv.dir);
	chain_run(LOCALHOST);
	ck_assert_int_eq(it_run.exit_code, 3);
	IT_HAS("TLS-CHAIN UNKNOWN: ");
	IT_HAS("cannot read CA file");
}
END_TEST

START_TEST(test_json)
{
	chain_start((const char *const[]){ "--omit-intermediate", NULL });
	chain_run((const char *const[]){ "-H", "localhost", "-o", "json",
	    NULL });
	ck_assert_int_eq(it_run.exit_code, 2);
	IT_OUT_HAS("\"plugin\":\"check_tls_chain\"");
	IT_OUT_HAS("\"state\":\"CRITICAL\",\"exit_code\":2");
	IT_OUT_HAS("\"metrics\":{\"chain_length\":1,");
	IT_OUT_HAS("\"findings\":[{\"state\":\"CRITICAL\",\"code\":"
	    "\"chain_incomplete\"");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("it_chain");
	TCase *tc = tcase_create("chain");

	tcase_add_checked_fixture(tc, NULL, chain_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_good_chain);
	tcase_add_test(tc, test_missing_intermediate);
	tcase_add_test(tc, test_missing_intermediate_hidden_locally);
	tcase_add_test(tc, test_untrusted_root);
	tcase_add_test(tc, test_untrusted_root_not_sent);
	tcase_add_test(tc, test_cross_signed_root);
	tcase_add_test(tc, test_self_signed);
	tcase_add_test(tc, test_expired_intermediate);
	tcase_add_test(tc, test_not_yet_valid_intermediate);
	tcase_add_test(tc, test_expired_leaf);
	tcase_add_test(tc, test_wrong_name);
	tcase_add_test(tc, test_wildcard);
	tcase_add_test(tc, test_ip_san);
	tcase_add_test(tc, test_cn_fallback);
	tcase_add_test(tc, test_sha1_leaf);
	tcase_add_test(tc, test_rsa1024_leaf);
	tcase_add_test(tc, test_misordered);
	tcase_add_test(tc, test_superfluous);
	tcase_add_test(tc, test_combined);
	tcase_add_test(tc, test_not_tls);
	tcase_add_test(tc, test_bad_ca_file);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
