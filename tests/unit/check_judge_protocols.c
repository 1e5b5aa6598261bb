/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_protocols' judge on hand-built scans: policy, ciphers, failures. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "jtest.h"
#include "judge_protocols.h"

/* What every judged run is given before its own options. */
static const char *const base_args[] = {"-H", "www.example.org", NULL};

static struct probe_result res[P_COUNT];
static struct proto_args   pa;
static struct jtest	   jt = {
	   .judge = &judge_protocols,
	   .args = &pa,
	   .base = base_args,
	   .res = res,
	   .nres = P_COUNT,
};

static void
accept_probe(int i, const char *suite)
{
	res[i].err = PROBE_OK;
	res[i].stage = PROBE_S_DONE;
	res[i].hello_only = true;
	snprintf(res[i].suite, sizeof(res[i].suite), "%s", suite);
}

static void
alert_probe(int i, int desc)
{
	res[i].err = PROBE_E_ALERT;
	res[i].stage = PROBE_S_HANDSHAKE;
	res[i].alert = desc;
	snprintf(res[i].reason, sizeof(res[i].reason),
	    "TLS handshake failed: "
	    "the server sent fatal alert %s",
	    cls_alert_name(desc));
}

/* The SSL 3.0 probe's raw answer, all of it. */
static void
ssl3_answer(const char *bytes, size_t len)
{
	res[P_SSL3].err = PROBE_OK;
	res[P_SSL3].stage = PROBE_S_DONE;
	memcpy(res[P_SSL3].first, bytes, len);
	res[P_SSL3].nfirst = res[P_SSL3].nrecv = len;
	cls_classify((const unsigned char *)bytes, len, &res[P_SSL3].reply);
	if (res[P_SSL3].reply.kind == CLS_TLS_ALERT)
		res[P_SSL3].alert = res[P_SSL3].reply.alert_desc;
}

/* A modern server: TLS 1.2 and 1.3, everything else refused. */
static void
modern(void)
{
	int i;

	memset(res, 0, sizeof(res));
	for (i = 0; i < P_COUNT; i++) {
		res[i].alert = -1;
		alert_probe(i, 70);
	}
	ssl3_answer("\x15\x03\x00\x00\x02\x02\x28", 7);
	accept_probe(
	    proto_default(V_TLS12), "TLS_ECDHE_ECDSA_AES_256_GCM_SHA384");
	accept_probe(proto_wide(V_TLS12), "TLS_ECDHE_ECDSA_AES_256_GCM_SHA384");
	accept_probe(proto_default(V_TLS13), "TLS_AES_256_GCM_SHA384");
	/* A default client's whole handshake completes; no DHE at all. */
	accept_probe(P_FULL, "TLS_AES_256_GCM_SHA384");
	res[P_FULL].hello_only = false;
	snprintf(res[P_FULL].protocol, sizeof(res[0].protocol), "TLS1.3");
	snprintf(res[P_FULL].kx, sizeof(res[0].kx), "ECDHE");
	snprintf(res[P_FULL].group, sizeof(res[0].group), "X25519");
	alert_probe(P_DHE, 40);
}

/* The scan takes as long as its slowest probe. */
static void
setup(void)
{
	jt.elapsed = 0.042;
}

START_TEST(test_modern_ok)
{
	modern();
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS OK: www.example.org:443 accepts TLS 1.2, TLS 1.3 "
	    "| ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 tls1_2=1;;;0;1 "
	    "tls1_3=1;;;0;1 scan_time=0.042s;;;0;\n");
	JTEST_HAS(&jt, "\nSSL 3.0: refused (alert handshake_failure)\n");
	JTEST_HAS(&jt, "\nTLS 1.0: refused (alert protocol_version)\n");
	JTEST_HAS(
	    &jt, "\nTLS 1.2: accepted (TLS_ECDHE_ECDSA_AES_256_GCM_SHA384)\n");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_old_versions_warn)
{
	static const char *const none[] = {"-w", "none", NULL};
	static const char *const crit10[] = {"-c", "tls1.0,ssl3", NULL};

	modern();
	accept_probe(
	    proto_default(V_TLS10), "TLS_ECDHE_ECDSA_AES_256_CBC_SHA1");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_WARNING);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS WARNING: www.example.org:443 accepts TLS 1.0; "
	    "accepted: TLS 1.0, TLS 1.2, TLS 1.3 | ssl3=0;;;0;1 "
	    "tls1_0=1;;;0;1 ");
	JTEST_CAUSE(&jt, "protocol-legacy-enabled");
	ck_assert_int_eq(jtest_run(&jt, none, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
	ck_assert_int_eq(jtest_run(&jt, crit10, 0), STATE_CRITICAL);
	JTEST_CAUSE(&jt, "protocol-legacy-enabled");
}
END_TEST

START_TEST(test_ssl3_critical)
{
	modern();
	ssl3_answer("\x16\x03\x00\x00\x4a\x02\x00\x00\x46\x03\x00", 11);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 accepts SSL 3.0; "
	    "accepted: SSL 3.0, TLS 1.2, TLS 1.3 | ssl3=1;;;0;1 ");
	JTEST_CAUSE(&jt, "protocol-legacy-enabled");
}
END_TEST

START_TEST(test_only_old)
{
	modern();
	alert_probe(proto_default(V_TLS12), 70);
	alert_probe(proto_wide(V_TLS12), 70);
	alert_probe(proto_default(V_TLS13), 70);
	accept_probe(
	    proto_default(V_TLS10), "TLS_ECDHE_ECDSA_AES_256_CBC_SHA1");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 modern clients "
	    "cannot connect: server accepts only TLS 1.0 (and 1 more problem); "
	    "accepted: TLS 1.0 |");
	JTEST_CAUSE(&jt, "protocol-obsolete");
}
END_TEST

START_TEST(test_cipher_not_version)
{
	modern();
	alert_probe(proto_default(V_TLS12), 40);
	accept_probe(proto_wide(V_TLS12), "TLS_RSA_NULL_SHA256");
	alert_probe(proto_default(V_TLS13), 70);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 TLS 1.2 accepted, "
	    "but no cipher in common with modern clients (server chose "
	    "TLS_RSA_NULL_SHA256); accepted: TLS 1.2 | ");
	JTEST_HAS(&jt,
	    "\nTLS 1.2: accepted only with legacy ciphers "
	    "(TLS_RSA_NULL_SHA256)\n");
	JTEST_CAUSE(&jt, "no-common-cipher");
}
END_TEST

START_TEST(test_legacy_cipher_note)
{
	modern();
	alert_probe(proto_default(V_TLS10), 40);
	accept_probe(proto_wide(V_TLS10), "TLS_RSA_3DES_EDE_CBC_SHA1");
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_WARNING);
	JTEST_HAS(&jt,
	    "\nnote: TLS 1.0 accepted only with legacy ciphers (server chose "
	    "TLS_RSA_3DES_EDE_CBC_SHA1)\n");
	JTEST_CAUSE(&jt, "protocol-legacy-enabled");
}
END_TEST

START_TEST(test_require)
{
	static const char *const req[] = {"--require", "tls1.3,tls1.2", NULL};

	modern();
	alert_probe(proto_default(V_TLS13), 70);
	ck_assert_int_eq(jtest_run(&jt, req, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 TLS 1.3 is required "
	    "but refused (alert protocol_version); accepted: TLS 1.2 |");
	JTEST_CAUSE(&jt, "protocol-required-missing");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_local_policy)
{
	modern();
	res[proto_default(V_TLS10)].err = PROBE_E_POLICY;
	res[proto_wide(V_TLS10)].err = PROBE_E_POLICY;
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_UNKNOWN);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS UNKNOWN: www.example.org:443 TLS 1.0 cannot be "
	    "probed: the local GnuTLS policy forbids it; accepted: TLS 1.2, "
	    "TLS 1.3 |");
	JTEST_HAS(&jt, "\nTLS 1.0: not testable here (");
	JTEST_CAUSE(&jt, "local-error");
}
END_TEST

START_TEST(test_reset_is_a_refusal)
{
	modern();
	res[proto_default(V_TLS10)].err = PROBE_E_RESET;
	res[proto_default(V_TLS10)].stage = PROBE_S_HELLO;
	snprintf(res[proto_default(V_TLS10)].reason, sizeof(res[0].reason),
	    "connection reset by the server after our ClientHello, with no "
	    "reply");
	res[proto_wide(V_TLS10)] = res[proto_default(V_TLS10)];
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_OK);
	JTEST_HAS(&jt,
	    "\nTLS 1.0: refused (connection reset by the server after our "
	    "ClientHello, with no reply)\n");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_nothing_completes)
{
	int i;

	modern();
	for (i = P_DEFAULT; i < P_COUNT; i++)
		alert_probe(i, 40);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 no TLS version "
	    "completes: the server refuses every version and cipher offered "
	    "(TLS 1.2: alert handshake_failure) | ssl3=0;");
	JTEST_CAUSE(&jt, "handshake-failed");

	/* Nothing TLS-like came back at all: the probe's own cause. */
	for (i = P_DEFAULT; i < P_COUNT; i++) {
		res[i].err = PROBE_E_RESET;
		res[i].stage = PROBE_S_HELLO;
		res[i].alert = -1;
		snprintf(res[i].reason, sizeof(res[i].reason),
		    "connection reset by the server after our ClientHello, "
		    "with no reply");
	}
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 no TLS "
	    "version completes: connection reset by the server "
	    "after our ClientHello, with no reply | ssl3=0;");
	JTEST_CAUSE(&jt, "connection-reset");
}
END_TEST

START_TEST(test_not_tls)
{
	int i;

	modern();
	for (i = 0; i < P_COUNT; i++) {
		res[i].err = PROBE_E_NOT_TLS;
		res[i].stage = PROBE_S_HANDSHAKE;
		snprintf(res[i].reason, sizeof(res[i].reason),
		    "speaks plaintext HTTP, not TLS: answered the ClientHello "
		    "with 'HTTP/1.1 400 Bad Request'");
		res[i].nfirst = res[i].nrecv = 26;
		memcpy(res[i].first, "HTTP/1.1 400 Bad Request\r\n", 26);
		cls_classify(res[i].first, 26, &res[i].reply);
	}
	ssl3_answer("HTTP/1.1 400 Bad Request\r\n", 26);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 speaks plaintext "
	    "HTTP, not TLS: answered the ClientHello with 'HTTP/1.1 400 Bad "
	    "Request' |");
	JTEST_CAUSE(&jt, "plaintext-on-tls-port");
}
END_TEST

START_TEST(test_unreachable)
{
	int i;

	modern();
	for (i = 0; i < P_COUNT; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		res[i].err = PROBE_E_REFUSED;
		res[i].stage = PROBE_S_CONNECT;
		res[i].alert = -1;
		snprintf(res[i].reason, sizeof(res[i].reason),
		    "connection refused by 192.0.2.1 port 443");
	}
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	/* Nothing is known of any version: "U", not a 0 that graphs. */
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 "
	    "connection refused by 192.0.2.1 port 443 | ssl3=U;;;0;1 "
	    "tls1_0=U;;;0;1 ");
	JTEST_CAUSE(&jt, "connection-refused");

	/* Connected, then no reply to any ClientHello. */
	for (i = 0; i < P_COUNT; i++) {
		res[i].err = PROBE_E_TIMEOUT;
		res[i].stage = PROBE_S_HELLO;
		snprintf(res[i].reason, sizeof(res[i].reason),
		    "no reply to the ClientHello within 10 s");
	}
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 no reply "
	    "to the ClientHello within 10 s | ");
	JTEST_CAUSE(&jt, "timeout");
}
END_TEST

START_TEST(test_json)
{
	static const char *const json[] = {"-o", "json", NULL};

	modern();
	jt.elapsed = 0.01;
	ck_assert_int_eq(jtest_run(&jt, json, 0), STATE_OK);
	JTEST_HAS(&jt,
	    "\"metrics\":{\"ssl3\":0,\"tls1_0\":0,\"tls1_1\":0,"
	    "\"tls1_2\":1,\"tls1_3\":1,\"scan_time\":0.010}");
	JTEST_HAS(&jt,
	    "{\"version\":\"TLS "
	    "1.3\",\"result\":\"accepted\",\"detail\":\"TLS_AES_256_"
	    "GCM_SHA384\"}");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

/* A probe that got no reply (or, with bytes, part of one) in time. */
static void
timeout_probe(int i, size_t bytes)
{
	res[i].err = PROBE_E_TIMEOUT;
	res[i].stage = bytes > 0 ? PROBE_S_HANDSHAKE : PROBE_S_HELLO;
	res[i].alert = -1;
	res[i].nrecv = bytes;
	if (bytes == 0)
		snprintf(res[i].reason, sizeof(res[i].reason),
		    "no reply to the ClientHello within 10 s");
	else
		snprintf(res[i].reason, sizeof(res[i].reason),
		    "TLS handshake stalled: the server sent %zu bytes, then "
		    "nothing until the 10 s timeout",
		    bytes);
}

/*
 * A version that got no answer is neither accepted nor refused: the -t
 * state, its own words, "U" in its perfdata.
 */
START_TEST(test_timeout_is_no_refusal)
{
	static const char *const warn[] = {"-t", "10:warning", NULL};
	static const char *const json[] = {"-o", "json", NULL};

	modern();
	timeout_probe(P_SSL3, 0);
	timeout_probe(proto_default(V_TLS10), 0);
	timeout_probe(proto_wide(V_TLS10), 0);
	timeout_probe(proto_default(V_TLS11), 9);
	timeout_probe(proto_wide(V_TLS11), 9);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 no reply to the "
	    "ClientHello for SSL 3.0, TLS 1.0 within 10 s (and 1 more "
	    "problem); accepted: TLS 1.2, TLS 1.3 | ssl3=U;;;0;1 "
	    "tls1_0=U;;;0;1 tls1_1=U;;;0;1 tls1_2=1;;;0;1 tls1_3=1;;;0;1 ");
	JTEST_HAS(&jt,
	    "\nCRITICAL: handshake stalled for TLS 1.1: the server sent 9 "
	    "bytes, then nothing within 10 s\n");
	JTEST_HAS(&jt,
	    "\nTLS 1.0: neither accepted nor refused (no reply to the "
	    "ClientHello within 10 s)\n");
	JTEST_CAUSE(&jt, "timeout");
	ck_assert_int_eq(jtest_run(&jt, warn, 0), STATE_WARNING);
	JTEST_CAUSE(&jt, "timeout");
	ck_assert_int_eq(jtest_run(&jt, json, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "\"ssl3\":null,\"tls1_0\":null,\"tls1_1\":null,");
	JTEST_HAS(&jt, "{\"version\":\"TLS 1.0\",\"result\":\"timeout\",");

	/* A required version that got no answer is not called refused. */
	timeout_probe(proto_default(V_TLS13), 0);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_LACKS(&jt, "required but refused");
}
END_TEST

/* The SSL 3.0 probe's record cut short before it said anything. */
START_TEST(test_ssl3_stalled)
{
	modern();
	ssl3_answer("\x16\x03\x03\x40\x00\x02\x00\x3f\xfc", 9);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 handshake stalled "
	    "for SSL 3.0: the server sent 9 bytes, then nothing within 10 s; "
	    "accepted: TLS 1.2, TLS 1.3 | ssl3=U;");
	/* Closed after those bytes: an answer of sorts, not a stall. */
	res[P_SSL3].eof = true;
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_OK);
}
END_TEST

/* The versions' ServerHellos arrive; a whole handshake never ends. */
START_TEST(test_stall_after_serverhello)
{
	static const unsigned char hello[] = {
	    0x16, 0x03, 0x03, 0x00, 0x06, 0x02, 0x00, 0x00, 0x02, 0x03, 0x03};
	struct probe_result *f = &res[P_FULL];

	modern();
	timeout_probe(P_FULL, sizeof(hello));
	memcpy(f->first, hello, sizeof(hello));
	f->nfirst = sizeof(hello);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 accepts TLS 1.2, TLS "
	    "1.3, but no handshake completes: the server's certificate flight "
	    "never arrives (a ServerHello, then nothing for 10 s) | ssl3=0;");
	JTEST_HAS(&jt,
	    "\ndefault client: no handshake (TLS handshake "
	    "stalled: the server sent 11 bytes");
	JTEST_CAUSE(&jt, "stall-after-serverhello");
}
END_TEST

/* The default ClientHello, larger than the scan's, gets nothing back. */
START_TEST(test_large_hello_dropped)
{
	modern();
	res[proto_default(V_TLS12)].nsent = 220;
	res[proto_default(V_TLS12)].nrecv = 1500;
	res[proto_default(V_TLS13)].nsent = 342;
	res[proto_default(V_TLS13)].nrecv = 160;
	timeout_probe(P_FULL, 0);
	res[P_FULL].nsent = 391;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 accepts TLS 1.2, TLS "
	    "1.3, but no handshake completes: the default ClientHello (391 "
	    "bytes) got no reply within 10 s, those up to 342 bytes did: "
	    "large ClientHellos are dropped |");
	JTEST_CAUSE(&jt, "large-clienthello-dropped");

	/* A reset of it, the same. */
	res[P_FULL].err = PROBE_E_RESET;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "the default ClientHello (391 bytes) got a TCP reset, "
	    "those up to 342 bytes did");
	JTEST_CAUSE(&jt, "large-clienthello-dropped");

	/* No larger than the answered ones: size is not the reason. */
	res[P_FULL].err = PROBE_E_TIMEOUT;
	res[P_FULL].nsent = 300;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS CRITICAL: www.example.org:443 accepts TLS 1.2, TLS "
	    "1.3, but no handshake completes: the default ClientHello got no "
	    "reply within 10 s |");
	JTEST_CAUSE(&jt, "timeout");
}
END_TEST

/* No cipher in common already says why a default client fails. */
START_TEST(test_full_failure_explained_by_ciphers)
{
	modern();
	alert_probe(proto_default(V_TLS12), 40);
	accept_probe(proto_wide(V_TLS12), "TLS_RSA_CAMELLIA_128_CBC_SHA1");
	alert_probe(proto_default(V_TLS13), 70);
	alert_probe(P_FULL, 40);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_CAUSE(&jt, "no-common-cipher");
	JTEST_LACKS(&jt, "no handshake completes");
}
END_TEST

/* Mutual TLS: a demand by design, noted, not a version problem. */
START_TEST(test_client_cert_required_note)
{
	modern();
	alert_probe(P_FULL, 116);
	res[P_FULL].cert_requested = true;
	snprintf(res[P_FULL].reason, sizeof(res[0].reason),
	    "the server requires a client certificate: the handshake failed "
	    "after its CertificateRequest (alert certificate_required)");
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-PROTOCOLS OK: www.example.org:443 accepts TLS 1.2, TLS 1.3 "
	    "|");
	JTEST_HAS(&jt,
	    "\nnote: the server requires a client certificate: the handshake "
	    "failed after its CertificateRequest (alert "
	    "certificate_required)\n");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

/* The DHE-only handshake's group, against the thresholds. */
START_TEST(test_weak_dh)
{
	static const struct {
		int	    bits;
		bool	    prime, safe;
		enum state  want;
		const char *text;
	} rows[] = {
	    {2048, true, true, STATE_OK, NULL},
	    {4096, true, true, STATE_OK, NULL},
	    {1024, true, true, STATE_WARNING,
		"DHE uses a 1024-bit group, under 2048 bits; accepted: "},
	    {2047, true, true, STATE_WARNING, "DHE uses a 2047-bit group, "},
	    {1023, true, true, STATE_CRITICAL,
		"DHE uses a 1023-bit group, under 1024 bits; accepted: "},
	    {512, true, true, STATE_CRITICAL, "DHE uses a 512-bit group, "},
	    {2048, false, false, STATE_CRITICAL,
		"DHE uses a 2048-bit modulus that is not prime; accepted: "},
	    {2048, true, false, STATE_WARNING,
		"DHE uses a 2048-bit prime that is not a safe prime: its "
		"group may have small subgroups; accepted: "},
	};
	struct probe_result *d = &res[P_DHE];
	size_t		     i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		modern();
		accept_probe(P_DHE, "TLS_DHE_RSA_AES_256_GCM_SHA384");
		d->hello_only = false;
		d->dh_bits = rows[i].bits;
		d->dh_prime = rows[i].prime;
		d->dh_safe_prime = rows[i].safe;
		ck_assert_int_eq(jtest_run(&jt, NULL, 1), rows[i].want);
		JTEST_CAUSE(&jt, rows[i].want == STATE_OK ? "ok" : "weak-dh");
		if (rows[i].text != NULL)
			JTEST_HAS(&jt, rows[i].text);
	}
	/* A default client's own, other group is judged too. */
	modern();
	res[P_FULL].dh_bits = 1024;
	res[P_FULL].dh_prime = res[P_FULL].dh_safe_prime = true;
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_WARNING);
	JTEST_HAS(&jt, "DHE with a default client uses a 1024-bit group");
}
END_TEST

/* Version lists in every spelling, through -w, -c and --require. */
START_TEST(test_lists)
{
	static const char *const all[] = {"-w",
	    "ssl3,TLS1.0,tls1_1,tlsv1.2,tls1.3", "--require", "tls1.3", NULL};
	static const char *const none[] = {"-w", "none", NULL};
	static const char *const bad[] = {"-c", "tls1.0,tls9", NULL};
	static const char *const pipe[] = {"-w", "tls1.0|x", NULL};

	jtest_parse(&judge_protocols, &pa, ARGS_OK, base_args, all);
	ck_assert_uint_eq(pa.warn, 0x1f);
	ck_assert_uint_eq(pa.crit, 1u << V_SSL3);
	ck_assert_uint_eq(pa.require, 1u << V_TLS13);
	jtest_parse(&judge_protocols, &pa, ARGS_OK, base_args, none);
	ck_assert_uint_eq(pa.warn, 0);
	jtest_parse(&judge_protocols, &pa, ARGS_ERROR, base_args, bad);
	ck_assert_msg(
	    strstr(pa.c.why, "invalid value for -c/--critical: 'tls9'") != NULL,
	    "%s", pa.c.why);
	jtest_parse(&judge_protocols, &pa, ARGS_ERROR, base_args, pipe);
	ck_assert_ptr_null(strchr(pa.c.why, '|'));
}
END_TEST

/*
 * An empty list is a mistake (an unset macro in a Nagios command), never
 * a silent "no policy": 'none' says that.
 */
START_TEST(test_empty_lists)
{
	static const struct {
		const char *args[3];
		const char *why;
	} rows[] = {
	    {{"-w", "", NULL}, "invalid value for -w/--warning: empty"},
	    {{"-c", "", NULL}, "invalid value for -c/--critical: empty"},
	    {{"--require", "", NULL}, "invalid value for --require: empty"},
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		jtest_parse(
		    &judge_protocols, &pa, ARGS_ERROR, base_args, rows[i].args);
		ck_assert_msg(
		    strncmp(pa.c.why, rows[i].why, strlen(rows[i].why)) == 0,
		    "%s", pa.c.why);
	}
}
END_TEST

int
main(void)
{
	TCase *tc = tcase_create("judge");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_modern_ok);
	tcase_add_test(tc, test_old_versions_warn);
	tcase_add_test(tc, test_ssl3_critical);
	tcase_add_test(tc, test_only_old);
	tcase_add_test(tc, test_cipher_not_version);
	tcase_add_test(tc, test_legacy_cipher_note);
	tcase_add_test(tc, test_require);
	tcase_add_test(tc, test_local_policy);
	tcase_add_test(tc, test_reset_is_a_refusal);
	tcase_add_test(tc, test_nothing_completes);
	tcase_add_test(tc, test_not_tls);
	tcase_add_test(tc, test_unreachable);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_timeout_is_no_refusal);
	tcase_add_test(tc, test_ssl3_stalled);
	tcase_add_test(tc, test_stall_after_serverhello);
	tcase_add_test(tc, test_large_hello_dropped);
	tcase_add_test(tc, test_full_failure_explained_by_ciphers);
	tcase_add_test(tc, test_client_cert_required_note);
	tcase_add_test(tc, test_weak_dh);
	tcase_add_test(tc, test_lists);
	tcase_add_test(tc, test_empty_lists);
	return jtest_main("judge_protocols", tc);
}
