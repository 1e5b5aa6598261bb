/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Follow-up probes after a handshake_failure: which failures call for
 * them, what they plan, and the words hand-built scans give the failure.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "followup.h"
#include "jtest.h"
#include "judge_expiry.h"

static const char *const base_args[] = {
    "-H", "www.example.org", "-w", "30", NULL};

static struct expiry_args  expiry;
static struct proto_args   pa;
static struct judge_run	   scan;
static struct probe_result failed;

static void
refuse(struct probe_result *r, int desc)
{
	r->err = PROBE_E_ALERT;
	r->stage = PROBE_S_HANDSHAKE;
	r->alert = desc;
	snprintf(r->reason, sizeof(r->reason),
	    "TLS handshake failed: the server sent fatal alert %s",
	    cls_alert_name(desc));
}

static void
accept_probe(int i, const char *suite)
{
	scan.res[i].err = PROBE_OK;
	scan.res[i].stage = PROBE_S_DONE;
	scan.res[i].hello_only = true;
	snprintf(scan.res[i].suite, sizeof(scan.res[i].suite), "%s", suite);
}

/*
 * check_tls_expiry -H www.example.org -w 30 failed with alert desc; the
 * scan is planned and every probe of it refused with handshake_failure.
 */
static void
setup_failed(int desc)
{
	int i;

	jtest_parse(&judge_expiry, &expiry, ARGS_OK, NULL, base_args);
	probe_result_init(&failed);
	refuse(&failed, desc);
	followup_plan(&expiry.c, 4200, &pa, &scan);
	for (i = 0; i < scan.n; i++)
		refuse(&scan.res[i], CLS_ALERT_HANDSHAKE_FAILURE);
}

START_TEST(test_wanted)
{
	struct probe_result r;

	probe_result_init(&r);
	refuse(&r, CLS_ALERT_HANDSHAKE_FAILURE);
	ck_assert(followup_wanted(&r));
	refuse(&r, 71); /* insufficient_security */
	ck_assert(followup_wanted(&r));
	refuse(&r, CLS_ALERT_PROTOCOL_VERSION);
	ck_assert(!followup_wanted(&r));
	refuse(&r, CLS_ALERT_UNRECOGNIZED_NAME);
	ck_assert(!followup_wanted(&r));
	/* A client-certificate demand is named by the probe itself. */
	refuse(&r, CLS_ALERT_HANDSHAKE_FAILURE);
	r.cert_requested = true;
	ck_assert(!followup_wanted(&r));
	r.cert_requested = false;
	r.err = PROBE_E_RESET;
	r.alert = CLS_ALERT_HANDSHAKE_FAILURE;
	ck_assert(!followup_wanted(&r));
	probe_result_init(&r);
	ck_assert(!followup_wanted(&r));
}
END_TEST

START_TEST(test_plan)
{
	int i;

	setup_failed(CLS_ALERT_HANDSHAKE_FAILURE);
	ck_assert_int_eq(scan.n, P_COUNT);
	ck_assert_ptr_nonnull(scan.opts[P_SSL3].raw_hello);
	for (i = 0; i < scan.n; i++) {
		/* The same server, the time left, no trust store. */
		ck_assert_str_eq(scan.opts[i].host, "www.example.org");
		ck_assert_uint_eq(scan.opts[i].timeout_ms, 4200);
		ck_assert(scan.opts[i].insecure_noverify);
	}
	ck_assert_ptr_nonnull(scan.opts[proto_default(V_TLS12)].priority);
	ck_assert_ptr_nonnull(
	    strstr(scan.opts[proto_default(V_TLS12)].priority, "1.2"));
	/* The expiry plugin's -w 30 is not a version list. */
	ck_assert_uint_eq(pa.warn, 0);
	ck_assert_uint_eq(pa.crit, 0);
}
END_TEST

START_TEST(test_no_common_cipher)
{
	setup_failed(CLS_ALERT_HANDSHAKE_FAILURE);
	accept_probe(proto_wide(V_TLS12), "TLS_RSA_3DES_EDE_CBC_SHA1");
	ck_assert(followup_explain(&pa, &scan, &failed));
	ck_assert_str_eq(failed.reason,
	    "TLS 1.2 accepted, but no cipher in common with modern clients "
	    "(server chose TLS_RSA_3DES_EDE_CBC_SHA1); a default handshake "
	    "fails with alert handshake_failure");
	ck_assert_int_eq(report_probe_cause(&failed), CAUSE_NO_COMMON_CIPHER);
	ck_assert_int_eq(failed.err, PROBE_E_ALERT);
}
END_TEST

START_TEST(test_insufficient_security)
{
	setup_failed(71);
	accept_probe(proto_wide(V_TLS12), "TLS_RSA_CAMELLIA_128_CBC_SHA1");
	ck_assert(followup_explain(&pa, &scan, &failed));
	ck_assert_ptr_nonnull(
	    strstr(failed.reason, "fails with alert insufficient_security"));
	ck_assert_int_eq(report_probe_cause(&failed), CAUSE_NO_COMMON_CIPHER);
}
END_TEST

START_TEST(test_old_versions_only)
{
	setup_failed(CLS_ALERT_HANDSHAKE_FAILURE);
	accept_probe(proto_wide(V_TLS10), "TLS_RSA_CAMELLIA_128_CBC_SHA1");
	ck_assert(followup_explain(&pa, &scan, &failed));
	ck_assert_str_eq(failed.reason,
	    "modern clients cannot connect: server accepts only TLS 1.0; a "
	    "default handshake fails with alert handshake_failure");
	ck_assert_int_eq(report_probe_cause(&failed), CAUSE_PROTOCOL_OBSOLETE);
}
END_TEST

/* A version modern clients use works alone: the cause lies elsewhere. */
START_TEST(test_modern_version_accepted)
{
	setup_failed(CLS_ALERT_HANDSHAKE_FAILURE);
	accept_probe(
	    proto_default(V_TLS12), "TLS_ECDHE_ECDSA_AES_256_GCM_SHA384");
	ck_assert(!followup_explain(&pa, &scan, &failed));
	ck_assert_str_eq(failed.reason,
	    "TLS handshake failed: the server sent fatal alert "
	    "handshake_failure");
	ck_assert_int_eq(report_probe_cause(&failed), CAUSE_HANDSHAKE_FAILED);
}
END_TEST

START_TEST(test_everything_refused)
{
	setup_failed(CLS_ALERT_HANDSHAKE_FAILURE);
	ck_assert(!followup_explain(&pa, &scan, &failed));
	ck_assert_int_eq(failed.followup_cause, 0);
	ck_assert_int_eq(report_probe_cause(&failed), CAUSE_HANDSHAKE_FAILED);
}
END_TEST

int
main(void)
{
	TCase *tc = tcase_create("followup");

	tcase_add_test(tc, test_wanted);
	tcase_add_test(tc, test_plan);
	tcase_add_test(tc, test_no_common_cipher);
	tcase_add_test(tc, test_insufficient_security);
	tcase_add_test(tc, test_old_versions_only);
	tcase_add_test(tc, test_modern_version_accepted);
	tcase_add_test(tc, test_everything_refused);
	return jtest_main("followup", tc);
}
