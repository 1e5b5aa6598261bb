/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chain judge on hand-built chains: each finding, alone and combined. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "jtest.h"
#include "judge_chain.h"
#include "pki.h"

#define NOW ((time_t)1790000000)
#define DAY 86400

struct cspec {
	const char *name;
	const char *issuer;   /* CN of the issuer */
	int	    from, to; /* validity, days from now */
	bool	    ca, self_signed, weak_sig;
	const char *key; /* "RSA", "ECDSA" */
	unsigned    bits;
};

/*
 * c from a real DER whose only SAN is name, so that cert_sans() finds it;
 * the caller then sets the other facts by hand.
 */
static void
add_der(struct cert_info *c, const char *name)
{
	struct pki_san	san = {PKI_SAN_DNS, name, strlen(name)};
	struct pki_cert pc = {NULL, NULL};
	struct pki_spec spec;
	gnutls_datum_t	der;
	char		why[PKI_WHY_SIZE];

	memset(&spec, 0, sizeof(spec));
	spec.cn = name;
	spec.not_before = NOW - DAY;
	spec.not_after = NOW + DAY;
	spec.sans = &san;
	spec.nsans = 1;
	spec.sans_verbatim = true;
	ck_assert_int_eq(pki_cert_mint(&pc, &spec, PKI_KEY_ECDSA, 0, NULL,
			     GNUTLS_DIG_SHA256, why, sizeof(why)),
	    0);
	ck_assert_int_eq(pki_export_der(pc.crt, &der, why, sizeof(why)), 0);
	ck_assert_int_eq(
	    cert_info_from_der(c, der.data, der.size, why, sizeof(why)), 0);
	gnutls_free(der.data);
	pki_cert_release(&pc);
}

static void
add(struct probe_result *res, const struct cspec *s)
{
	struct cert_info *c = &res->chain[res->nchain++];

	add_der(c, s->name);
	snprintf(c->name, sizeof(c->name), "%s", s->name);
	snprintf(c->subject, sizeof(c->subject), "CN=%s", s->name);
	snprintf(c->issuer, sizeof(c->issuer), "CN=%s", s->issuer);
	snprintf(c->issuer_name, sizeof(c->issuer_name), "%s", s->issuer);
	c->not_before = NOW + (time_t)s->from * DAY;
	c->not_after = NOW + (time_t)s->to * DAY;
	c->is_ca = s->ca;
	c->self_signed = s->self_signed;
	c->sig_weak = s->weak_sig;
	snprintf(c->sig_hash, sizeof(c->sig_hash), "%s",
	    s->weak_sig ? "SHA1" : "SHA256");
	snprintf(c->sig_alg, sizeof(c->sig_alg), "%s",
	    s->weak_sig ? "RSA-SHA1" : "ECDSA-SHA256");
	snprintf(
	    c->key_type, sizeof(c->key_type), "%s", s->key ? s->key : "ECDSA");
	c->key_bits = s->bits ? s->bits : 256;
	res->nchain_sent = res->nchain;
}

static const struct cspec LEAF = {
    "www.example.org", "Example Int", -10, 80, false, false, false, NULL, 0};
static const struct cspec INT = {
    "Example Int", "Example Root", -100, 900, true, false, false, NULL, 0};
static const struct cspec ROOT = {
    "Example Root", "Example Root", -1000, 3000, true, true, false, NULL, 0};

/* A result as the probe leaves it: path given by positions sent. */
static void
result(struct probe_result *res, const int *path, int npath)
{
	int k;

	res->err = PROBE_OK;
	res->stage = PROBE_S_DONE;
	res->now = NOW;
	res->alert = -1;
	res->handshake_time = 0.004;
	res->verified = true;
	snprintf(res->name, sizeof(res->name), "www.example.org");
	res->name_checked = true;
	res->name_matches = true;
	for (k = 0; k < npath; k++) {
		res->path[k] = path[k];
		res->on_path[path[k]] = true;
		if (path[k] != k)
			res->misordered = true;
	}
	res->npath = npath;
	res->top_self_signed = res->chain[path[npath - 1]].self_signed;
	res->anchor = -1; /* nothing trusted until a test says so */
}

/* The store holds the root that issued the highest non-root on the path. */
static void
trusted_by_root(struct probe_result *res)
{
	int k;

	for (k = res->npath - 1; k > 0; k--)
		if (!res->chain[res->path[k]].self_signed)
			break;
	res->anchor = k;
	res->issuer_in_store = true;
	res->store_issuer_is_root = true;
	snprintf(res->store_issuer, sizeof(res->store_issuer), "Example Root");
}

/* What every judged run is given before its own options. */
static const char *const base_args[] = {"-H", "www.example.org", NULL};
static const char *const json_args[] = {"-o", "json", NULL};
static const char *const v1_args[] = {"-v", NULL};

static struct probe_result res;
static struct chain_args   ca;
static struct jtest	   jt = {
	   .judge = &judge_chain,
	   .args = &ca,
	   .base = base_args,
	   .res = &res,
	   .nres = 1,
};

static void
setup(void)
{
	memset(&res, 0, sizeof(res));
}

static void
teardown(void)
{
	probe_result_release(&res);
}

START_TEST(test_good_chain)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN OK: www.example.org:443 chain of 2 certificates "
	    "verifies to trusted root 'Example Root'; name "
	    "'www.example.org' covered | chain_length=2;;;0; "
	    "handshake_time=0.004s;;;0;");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_missing_intermediate)
{
	add(&res, &LEAF);
	result(&res, (const int[]){0}, 1);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	/* The evidence: the leaf names its issuer (AIA caIssuers). */
	snprintf(res.top_ca_issuers, sizeof(res.top_ca_issuers),
	    "http://ca.example.org/int.der");
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 chain incomplete: "
	    "server does not send the intermediate that issued leaf "
	    "'www.example.org' (issuer 'Example Int') | chain_length=1;");
	JTEST_HAS(&jt,
	    "\nnote: the leaf names its issuer's certificate at "
	    "'http://ca.example.org/int.der' (AIA caIssuers): the server "
	    "should send it after the leaf\n");
	JTEST_CAUSE(&jt, "chain-incomplete");
}
END_TEST

/*
 * A leaf alone, issued by a name nothing here knows, and nothing says an
 * intermediate exists: an interception product's root ("Superfish,
 * Inc.") as likely as a forgotten intermediate.
 */
START_TEST(test_issuer_unknown_without_evidence)
{
	static const struct cspec intercepted = {"www.example.org",
	    "Superfish, Inc.", -10, 80, false, false, false, NULL, 0};

	add(&res, &intercepted);
	result(&res, (const int[]){0}, 1);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 leaf 'www.example.org' "
	    "is issued by 'Superfish, Inc.', which is neither sent nor "
	    "trusted here: an untrusted or private root, or a missing "
	    "intermediate | chain_length=1;");
	JTEST_LACKS(&jt, "server does not send");
	JTEST_LACKS(&jt, "caIssuers");
	JTEST_CAUSE(&jt, "chain-untrusted");
}
END_TEST

START_TEST(test_missing_intermediate_hidden_by_local_store)
{
	add(&res, &LEAF);
	result(&res, (const int[]){0}, 1);
	res.anchor = 0;
	res.issuer_in_store = true;
	res.store_issuer_is_root = false;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_WARNING);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN WARNING: www.example.org:443 chain incomplete: "
	    "server does not send the intermediate that issued leaf "
	    "'www.example.org' (issuer 'Example Int'); it verifies here "
	    "only because the local store holds it, other clients will fail");
	JTEST_CAUSE(&jt, "chain-incomplete");
}
END_TEST

START_TEST(test_top_intermediate_unknown)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	/* An intermediate's AIA names its issuer, maybe a root: no evidence. */
	snprintf(res.top_ca_issuers, sizeof(res.top_ca_issuers),
	    "http://ca.example.org/root.der");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "intermediate 'Example Int' is issued by 'Example Root', which is "
	    "neither sent nor trusted here: an untrusted or private root, or "
	    "a missing intermediate");
	JTEST_CAUSE(&jt, "chain-untrusted");
}
END_TEST

START_TEST(test_untrusted_root)
{
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &ROOT);
	result(&res, (const int[]){0, 1, 2}, 3);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 untrusted root: the "
	    "chain ends at 'Example Root', which is not a trusted root "
	    "here | ");
	JTEST_HAS(&jt, "note: the server also sends the root 'Example Root'");
	JTEST_CAUSE(&jt, "chain-untrusted");
}
END_TEST

START_TEST(test_sent_trusted_root_is_a_note)
{
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &ROOT);
	result(&res, (const int[]){0, 1, 2}, 3);
	trusted_by_root(&res);
	ck_assert_int_eq(res.anchor, 1);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN OK: www.example.org:443 chain of 3 certificates "
	    "verifies to trusted root 'Example Root'");
	JTEST_HAS(&jt,
	    "\nnote: the server also sends the root 'Example Root' "
	    "(harmless; clients use their own copy)\n");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_cross_signed_root_above_anchor)
{
	static const struct cspec cross = {
	    "Example Root", "Old Root", -500, 500, true, false, false, NULL, 0};

	/* leaf, int, and the new root cross-signed by an old, gone root. */
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &cross);
	result(&res, (const int[]){0, 1, 2}, 3);
	res.anchor = 1;
	res.issuer_in_store = true;
	res.store_issuer_is_root = true;
	snprintf(res.store_issuer, sizeof(res.store_issuer), "Example Root");
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN OK: www.example.org:443 chain of 3 certificates "
	    "verifies to trusted root 'Example Root'");
	JTEST_HAS(&jt,
	    "\nnote: the server also sends 'Example Root' (issued by 'Old "
	    "Root'), which clients trusting 'Example Root' do not need\n");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_verified_without_anchor_is_believed)
{
	/* GnuTLS verified a path the walk did not find: no trust finding. */
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	res.verify_bits = 0;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN OK: www.example.org:443 chain of 2 certificates "
	    "verifies to trusted root '(from the store)'");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_self_signed)
{
	static const struct cspec self = {"www.example.org", "www.example.org",
	    -1, 300, false, true, false, NULL, 0};
	static const char *const  allow[] = {"--allow-self-signed", NULL};

	add(&res, &self);
	result(&res, (const int[]){0}, 1);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "CRITICAL: www.example.org:443 self-signed certificate "
	    "'www.example.org': no client trusts it unless it is installed "
	    "there |");
	JTEST_CAUSE(&jt, "self-signed");
	ck_assert_int_eq(jtest_run(&jt, allow, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN OK: www.example.org:443 self-signed certificate "
	    "'www.example.org' accepted (--allow-self-signed); name "
	    "'www.example.org' covered |");
	JTEST_CAUSE(&jt, "ok");
	/* Pinned through --ca-file: trusted, nothing to say. */
	res.top_trusted = true;
	res.anchor = 0;
	res.verify_bits = 0;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_expired_intermediate)
{
	static const struct cspec old = {"Example Int", "Example Root", -900,
	    -2, true, false, false, NULL, 0};
	char			  date[32], want[256];

	add(&res, &LEAF);
	add(&res, &old);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_EXPIRED;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	snprintf(want, sizeof(want),
	    "TLS-CHAIN CRITICAL: www.example.org:443 "
	    "intermediate 'Example Int' expired 2 days ago (%s) |",
	    cert_time_str(NOW - 2 * DAY, date, sizeof(date)));
	JTEST_FIRST(&jt, want);
	JTEST_CAUSE(&jt, "chain-cert-expired");
}
END_TEST

START_TEST(test_not_yet_valid_leaf)
{
	static const struct cspec future = {"www.example.org", "Example Int", 3,
	    90, false, false, false, NULL, 0};

	add(&res, &future);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_NOT_ACTIVATED;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "leaf 'www.example.org' is not yet valid: valid from ");
	JTEST_HAS(&jt,
	    "(in 3 days); if that date looks wrong, check this host's clock");
	JTEST_CAUSE(&jt, "cert-not-yet-valid");
}
END_TEST

START_TEST(test_anchor_expired)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_EXPIRED;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "the trust anchor in the local store is expired");
	JTEST_CAUSE(&jt, "local-error");
}
END_TEST

START_TEST(test_name_mismatch)
{
	static const struct cspec other = {"other.example", "Example Int", -1,
	    80, false, false, false, NULL, 0};

	add(&res, &other);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.name_matches = false;
	res.verify_bits = PROBE_V_UNEXPECTED_OWNER;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 hostname mismatch: the "
	    "certificate does not cover 'www.example.org'; it covers "
	    "'other.example' |");
	JTEST_CAUSE(&jt, "hostname-mismatch");
}
END_TEST

/*
 * GnuTLS's name check (UNEXPECTED_OWNER) differs between its patch
 * levels; our own match decides, both ways.
 */
START_TEST(test_name_ours_not_gnutls)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_status = 0x40;
	res.verify_bits = PROBE_V_UNEXPECTED_OWNER;
	snprintf(res.verify_cause, sizeof(res.verify_cause),
	    "certificate is for another name");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_OK);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN OK: www.example.org:443 chain of 2 certificates "
	    "verifies to trusted root 'Example Root'; name 'www.example.org' "
	    "covered |");
	JTEST_CAUSE(&jt, "ok");
	res.verify_status = 0;
	res.verify_bits = 0;
	res.verify_cause[0] = '\0';
	res.name_matches = false;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_CAUSE(&jt, "hostname-mismatch");
}
END_TEST

START_TEST(test_no_hostname)
{
	static const char *const nohost[] = {"--no-hostname", NULL};

	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.name_checked = false;
	res.name[0] = '\0';
	ck_assert_int_eq(jtest_run(&jt, nohost, 0), STATE_OK);
	JTEST_LACKS(&jt, "name '");
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_weak_signature)
{
	static const struct cspec sha1 = {"www.example.org", "Example Int", -1,
	    80, false, false, true, NULL, 0};
	static const struct cspec sha1root = {"Example Root", "Example Root",
	    -1000, 3000, true, true, true, NULL, 0};

	add(&res, &sha1);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_INSECURE_ALGORITHM;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 weak signature: leaf "
	    "'www.example.org' is signed with SHA1 (RSA-SHA1) |");
	JTEST_CAUSE(&jt, "weak-signature");

	/* A root's own SHA-1 self-signature is nobody's concern. */
	probe_result_release(&res);
	memset(&res, 0, sizeof(res));
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &sha1root);
	result(&res, (const int[]){0, 1, 2}, 3);
	trusted_by_root(&res);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");
}
END_TEST

START_TEST(test_weak_key)
{
	static const struct cspec rsa1024 = {"www.example.org", "Example Int",
	    -1, 80, false, false, false, "RSA", 1024};
	static const struct cspec ec192 = {"www.example.org", "Example Int", -1,
	    80, false, false, false, "ECDSA", 192};
	static const char *const  lower[] = {"--min-key-bits", "1024", NULL};

	add(&res, &rsa1024);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "weak key: leaf 'www.example.org' has a 1024-bit RSA key "
	    "(minimum 2048) |");
	JTEST_CAUSE(&jt, "weak-key");
	ck_assert_int_eq(jtest_run(&jt, lower, 0), STATE_OK);
	JTEST_CAUSE(&jt, "ok");

	probe_result_release(&res);
	memset(&res, 0, sizeof(res));
	add(&res, &ec192);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	ck_assert_int_eq(jtest_run(&jt, lower, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "has a 192-bit ECDSA key (minimum 224)");
	JTEST_CAUSE(&jt, "weak-key");
}
END_TEST

START_TEST(test_misordered_and_superfluous)
{
	static const struct cspec extra = {
	    "Unrelated", "Other CA", -1, 80, false, false, false, NULL, 0};

	/* Sent as leaf, root, int: the path by position is 0, 2, 1. */
	add(&res, &LEAF);
	add(&res, &ROOT);
	add(&res, &INT);
	add(&res, &extra);
	result(&res, (const int[]){0, 2, 1}, 3);
	trusted_by_root(&res);
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_WARNING);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN WARNING: www.example.org:443 chain misordered: a "
	    "certificate is sent before the one it signs (issuer path by "
	    "position sent: #0, #2, #1) (and 1 more problem) |");
	JTEST_HAS(&jt,
	    "\nWARNING: superfluous certificate #3 'Unrelated' is on no path "
	    "to the leaf\n");
	JTEST_HAS(&jt, "\nnote: the server also sends the root 'Example Root'");
	JTEST_CAUSE(&jt, "chain-misordered");
}
END_TEST

START_TEST(test_combined_worst_first)
{
	static const struct cspec bad = {"other.example", "Example Int", -100,
	    -5, false, false, false, "RSA", 1024};

	add(&res, &bad);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	res.name_matches = false;
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND | PROBE_V_EXPIRED |
	    PROBE_V_UNEXPECTED_OWNER;
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 intermediate 'Example "
	    "Int' is issued by 'Example Root', which is neither sent nor "
	    "trusted here");
	JTEST_HAS(&jt, "(and 3 more problems) |");
	JTEST_HAS(&jt, "\nCRITICAL: leaf 'other.example' expired 5 days ago");
	JTEST_HAS(&jt,
	    "\nCRITICAL: hostname mismatch: the certificate does not cover "
	    "'www.example.org'");
	JTEST_HAS(&jt,
	    "\nCRITICAL: weak key: leaf 'other.example' has a 1024-bit RSA");
	JTEST_CAUSE(&jt, "chain-untrusted");
}
END_TEST

START_TEST(test_unexplained_status_never_passes)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_OTHER;
	snprintf(res.verify_detail, sizeof(res.verify_detail),
	    "The certificate chain uses a strange thing.");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "verification failed for a reason without words of ours (-vvv "
	    "shows the library's)");
	/* GnuTLS's sentence is for -vvv, never the first line. */
	JTEST_LACKS(&jt, "strange");
	JTEST_CAUSE(&jt, "chain-untrusted");
	probe_result_release(&res);
	memset(&res, 0, sizeof(res));
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_REVOKED;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, "a certificate in the chain is revoked");
	JTEST_CAUSE(&jt, "ocsp-revoked");
}
END_TEST

/*
 * Every verification bit no other finding explains is a finding in our
 * words, with GnuTLS's text (verify_detail) kept off the first line.
 */
static const struct {
	unsigned int bit;
	const char  *first; /* the first line, after the target */
	const char  *cause;
} leftover[] = {
    {PROBE_V_REVOKED, "a certificate in the chain is revoked |",
	"ocsp-revoked"},
    {PROBE_V_MISSING_OCSP_STATUS,
	"the certificate requires a stapled OCSP response (must-staple) and "
	"the server sent none |",
	"ocsp-staple-missing"},
    {PROBE_V_INVALID_OCSP_STATUS,
	"the stapled OCSP response is not valid for this certificate |",
	"ocsp-staple-missing"},
    {PROBE_V_SIGNATURE_FAILURE, "a signature in the chain does not verify |",
	"chain-untrusted"},
    {PROBE_V_SIGNER_NOT_CA, "a certificate is issued by one that is not a CA |",
	"chain-untrusted"},
    {PROBE_V_PURPOSE_MISMATCH,
	"the certificate is not meant for TLS servers (extended key usage) |",
	"chain-untrusted"},
    {PROBE_V_SIGNER_CONSTRAINTS,
	"an issuer's constraints (path length or names) forbid a certificate "
	"below it |",
	"chain-untrusted"},
    {PROBE_V_UNKNOWN_CRIT_EXTENSIONS,
	"a certificate has a critical extension no client knows |",
	"chain-untrusted"},
    {PROBE_V_REVOCATION_SUPERSEDED,
	"the revocation data is older than data already seen |",
	"chain-untrusted"},
    {PROBE_V_REVOCATION_FUTURE, "the revocation data is dated in the future |",
	"chain-untrusted"},
    {PROBE_V_MISMATCH,
	"the certificate is not the one expected (pinned) here |",
	"chain-untrusted"},
    /*
     * Named by other findings, which found nothing: still not passed.
     * Not UNEXPECTED_OWNER: our own match decides names
     * (test_name_ours_not_gnutls).
     */
    {PROBE_V_INSECURE_ALGORITHM,
	"verification failed: a signature in the chain uses an insecure "
	"algorithm |",
	"chain-untrusted"},
};

START_TEST(test_leftover_bit_in_own_words)
{
	static const char *const v1[] = {"-v", NULL};
	static const char *const v3[] = {"-vvv", NULL};
	char			 want[256];

	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = leftover[_i].bit;
	snprintf(res.verify_detail, sizeof(res.verify_detail),
	    "The certificate is NOT trusted. GnuTLS says so.");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	snprintf(want, sizeof(want),
	    "TLS-CHAIN CRITICAL: www.example.org:443 %s", leftover[_i].first);
	JTEST_FIRST(&jt, want);
	JTEST_LACKS(&jt, "NOT trusted");
	JTEST_CAUSE(&jt, leftover[_i].cause);
	/* -vvv may add the library's sentence; -v does not. */
	ck_assert_int_eq(jtest_run(&jt, v1, 1), STATE_CRITICAL);
	JTEST_LACKS(&jt, "NOT trusted");
	ck_assert_int_eq(jtest_run(&jt, v3, 3), STATE_CRITICAL);
	JTEST_HAS(&jt, "\ntrust detail: The certificate is NOT trusted.");
}
END_TEST

/*
 * The CA certificates first (root, intermediate, leaf): the probe kept
 * the chain of a refused handshake and walked it from the leaf found.
 */
START_TEST(test_ca_first)
{
	add(&res, &ROOT);
	add(&res, &INT);
	add(&res, &LEAF);
	result(&res, (const int[]){2, 1, 0}, 3);
	trusted_by_root(&res);
	res.err = PROBE_E_TLS;
	res.stage = PROBE_S_HANDSHAKE;
	res.chain_on_failure = true;
	res.leaf = 2;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 chain misordered: "
	    "certificate #0 'Example Root' is a CA certificate; the leaf "
	    "'www.example.org' is sent at #2 | chain_length=3;;;0; ");
	JTEST_CAUSE(&jt, "chain-misordered");
	/* Named once, as the handshake failure it is, not as advice. */
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_LACKS(&jt, "issuer path by position");
	JTEST_HAS(&jt, "\n[2] leaf: subject 'CN=www.example.org'");
	JTEST_HAS(&jt, "\n[0] root: subject 'CN=Example Root'");
	/* The leaf's own problems follow it wherever it was sent. */
	res.name_matches = false;
	ck_assert_int_eq(jtest_run(&jt, NULL, 1), STATE_CRITICAL);
	JTEST_HAS(&jt, "(and 1 more problem)");
	JTEST_HAS(&jt,
	    "\nCRITICAL: hostname mismatch: the certificate does not cover "
	    "'www.example.org'; it covers 'www.example.org'\n");
	JTEST_CAUSE(&jt, "chain-misordered");
}
END_TEST

/* The OCSP staple, hand-built: each finding and its words. */
static const struct {
	const char	      *name;
	enum probe_ocsp_status st;
	bool		       stapled, must, for_leaf, checked, sig_ok;
	int		       next_days; /* nextUpdate, days from now */
	unsigned int	       bits;	  /* what GnuTLS said */
	enum state	       want;
	const char	      *first; /* after the target */
	const char	      *cause;
} ocsp_rows[] = {
    {"good", PROBE_OCSP_GOOD, true, false, true, true, true, 6, 0, STATE_OK,
	"chain of 2 certificates verifies", "ok"},
    /* Our end-to-end check outranks GnuTLS's own quirks. */
    {"good, GnuTLS disagrees", PROBE_OCSP_GOOD, true, false, true, true, true,
	6, PROBE_V_INVALID_OCSP_STATUS, STATE_OK,
	"chain of 2 certificates verifies", "ok"},
    {"good, signature unchecked, GnuTLS disagrees", PROBE_OCSP_GOOD, true,
	false, true, false, false, 6, PROBE_V_INVALID_OCSP_STATUS,
	STATE_CRITICAL,
	"the stapled OCSP response is not valid for this certificate |",
	"ocsp-staple-missing"},
    {"revoked", PROBE_OCSP_REVOKED, true, false, true, true, true, 6,
	PROBE_V_REVOKED, STATE_CRITICAL,
	"leaf 'www.example.org' is revoked since 2026-09-19 14:13 UTC (2 days ago, reason keyCompromise), says the stapled OCSP response |",
	"ocsp-revoked"},
    {"unknown", PROBE_OCSP_UNKNOWN, true, false, true, true, true, 6, 0,
	STATE_WARNING,
	"the stapled OCSP response does not know leaf 'www.example.org' "
	"(status unknown): clients get no proof it is not revoked |",
	"ocsp-staple-missing"},
    {"stale", PROBE_OCSP_GOOD, true, false, true, true, true, -2,
	PROBE_V_REVOCATION_SUPERSEDED, STATE_WARNING,
	"the stapled OCSP response for leaf 'www.example.org' is stale: its "
	"next update was due 2 days ago (",
	"ocsp-stale"},
    {"bad signature", PROBE_OCSP_GOOD, true, false, true, true, false, 6,
	PROBE_V_INVALID_OCSP_STATUS, STATE_CRITICAL,
	"the stapled OCSP response for leaf 'www.example.org' is not signed "
	"by issuer 'Example Int' (its signature does not verify) |",
	"ocsp-staple-missing"},
    {"other certificate", PROBE_OCSP_GOOD, true, false, false, true, true, 6,
	PROBE_V_INVALID_OCSP_STATUS, STATE_CRITICAL,
	"the stapled OCSP response is about another certificate, not leaf "
	"'www.example.org' |",
	"ocsp-staple-missing"},
    {"garbage", PROBE_OCSP_UNPARSEABLE, true, false, false, false, false, 6,
	PROBE_V_INVALID_OCSP_STATUS, STATE_CRITICAL,
	"the server staples 300 bytes that are no OCSP response |",
	"ocsp-staple-missing"},
    {"must-staple, none", PROBE_OCSP_NONE, false, true, false, false, false, 0,
	PROBE_V_MISSING_OCSP_STATUS, STATE_CRITICAL,
	"the certificate requires a stapled OCSP response (must-staple) and "
	"the server sent none |",
	"ocsp-staple-missing"},
    /* Named once even when GnuTLS does not flag it. */
    {"must-staple, none, GnuTLS silent", PROBE_OCSP_NONE, false, true, false,
	false, false, 0, 0, STATE_CRITICAL,
	"the certificate requires a stapled OCSP response (must-staple) and "
	"the server sent none |",
	"ocsp-staple-missing"},
};

START_TEST(test_ocsp_staple)
{
	char want[512];

	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.ocsp_requested = true;
	res.ocsp_status = ocsp_rows[_i].st;
	res.ocsp_stapled = ocsp_rows[_i].stapled;
	res.must_staple = ocsp_rows[_i].must;
	res.ocsp_for_leaf = ocsp_rows[_i].for_leaf;
	res.ocsp_sig_checked = ocsp_rows[_i].checked;
	res.ocsp_sig_ok = ocsp_rows[_i].sig_ok;
	res.ocsp_len = 300;
	res.ocsp_this_update = NOW - 3600;
	res.ocsp_next_update = NOW + ocsp_rows[_i].next_days * DAY;
	res.ocsp_revoked_at = NOW - 2 * DAY;
	res.ocsp_reason = 1;
	snprintf(
	    res.ocsp_signer, sizeof(res.ocsp_signer), "issuer 'Example Int'");
	res.verify_bits = ocsp_rows[_i].bits;
	ck_assert_msg(jtest_run(&jt, NULL, 0) == ocsp_rows[_i].want, "%s: %s",
	    ocsp_rows[_i].name, jt.out);
	snprintf(want, sizeof(want), "TLS-CHAIN %s: www.example.org:443 %s",
	    state_name(ocsp_rows[_i].want), ocsp_rows[_i].first);
	JTEST_FIRST(&jt, want);
	JTEST_CAUSE(&jt, ocsp_rows[_i].cause);
	/* One finding, never two for one staple. */
	JTEST_LACKS(&jt, "more problem");
	if (res.ocsp_stapled && res.ocsp_status != PROBE_OCSP_UNPARSEABLE)
		JTEST_HAS(&jt, " ocsp_age=3600s;;;0;");
	else
		JTEST_LACKS(&jt, "ocsp_age");
}
END_TEST

START_TEST(test_ocsp_facts)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.ocsp_requested = true;
	ck_assert_int_eq(jtest_run(&jt, json_args, 0), STATE_OK);
	JTEST_HAS(&jt, ",\"ocsp_age\":null}");
	JTEST_HAS(&jt,
	    "\"ocsp\":{\"requested\":true,\"must_staple\":false,"
	    "\"stapled\":false,\"status\":\"none\",\"for_leaf\":false,"
	    "\"this_update\":null,");
	ck_assert_int_eq(jtest_run(&jt, v1_args, 1), STATE_OK);
	JTEST_HAS(&jt, "\nOCSP: no staple (requested)\n");

	res.ocsp_stapled = true;
	res.ocsp_status = PROBE_OCSP_REVOKED;
	res.ocsp_for_leaf = true;
	res.ocsp_sig_checked = res.ocsp_sig_ok = true;
	res.ocsp_len = 471;
	res.ocsp_this_update = NOW - 90;
	res.ocsp_next_update = -1;
	res.ocsp_revoked_at = NOW - 2 * DAY;
	res.ocsp_reason = 9;
	snprintf(
	    res.ocsp_signer, sizeof(res.ocsp_signer), "issuer 'Example Int'");
	ck_assert_int_eq(jtest_run(&jt, json_args, 0), STATE_CRITICAL);
	JTEST_HAS(&jt, ",\"ocsp_age\":90}");
	JTEST_HAS(&jt,
	    "\"status\":\"revoked\",\"for_leaf\":true,\"this_update\":1789999910,"
	    "\"this_update_text\":\"2026-09-21 14:11 UTC\",\"next_update\":null,"
	    "\"next_update_text\":null,\"revoked_at\":1789827200,");
	JTEST_HAS(&jt, "\"revocation_reason\":\"privilegeWithdrawn\"");
	ck_assert_int_eq(jtest_run(&jt, v1_args, 1), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "\nOCSP: staple revoked, for the leaf, this update 2026-09-21 "
	    "14:11 UTC, next update none given\n");
	JTEST_HAS(&jt,
	    "\nOCSP: signature verifies against issuer 'Example Int', 471 "
	    "bytes\n");
}
END_TEST

START_TEST(test_superfluous_alone)
{
	static const struct cspec extra = {
	    "Unrelated", "Other CA", -1, 80, false, false, false, NULL, 0};

	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &extra);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_WARNING);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN WARNING: www.example.org:443 superfluous certificate "
	    "#2 'Unrelated' is on no path to the leaf |");
	JTEST_CAUSE(&jt, "chain-superfluous");
}
END_TEST

START_TEST(test_bad_signature_and_issuer)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_SIGNATURE_FAILURE;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 a signature "
	    "in the chain does not verify |");
	JTEST_CAUSE(&jt, "chain-untrusted");
	res.verify_bits = PROBE_V_SIGNER_NOT_CA;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 a certificate "
	    "is issued by one that is not a CA |");
	JTEST_CAUSE(&jt, "chain-untrusted");
}
END_TEST

START_TEST(test_expired_leaf)
{
	static const struct cspec old = {"www.example.org", "Example Int", -100,
	    -1, false, false, false, NULL, 0};

	add(&res, &old);
	add(&res, &INT);
	result(&res, (const int[]){0, 1}, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_EXPIRED;
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "CRITICAL: www.example.org:443 leaf 'www.example.org' "
	    "expired 24 hours ago (");
	JTEST_CAUSE(&jt, "cert-expired");
}
END_TEST

START_TEST(test_unparseable_leaf)
{
	add(&res, &LEAF);
	result(&res, (const int[]){0}, 1);
	cert_info_release(&res.chain[0]);
	snprintf(res.chain[0].subject, sizeof(res.chain[0].subject),
	    "(unparseable)");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 the server's "
	    "certificate cannot be parsed: (unparseable) |");
	JTEST_CAUSE(&jt, "handshake-failed");
}
END_TEST

START_TEST(test_connection_failure)
{
	result(&res, (const int[]){0}, 1);
	res.err = PROBE_E_NOT_TLS;
	res.stage = PROBE_S_HELLO;
	snprintf(res.reason, sizeof(res.reason),
	    "speaks SSH, not TLS: "
	    "banner 'SSH-2.0-x'");
	res.nfirst = res.nrecv = 11;
	memcpy(res.first, "SSH-2.0-x\r\n", res.nfirst);
	cls_classify(res.first, res.nfirst, &res.reply);
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 speaks SSH, not TLS: "
	    "banner 'SSH-2.0-x' | handshake_time=");
	JTEST_CAUSE(&jt, "not-tls-ssh");

	probe_result_release(&res);
	memset(&res, 0, sizeof(res));
	res.err = PROBE_E_REFUSED;
	res.stage = PROBE_S_CONNECT;
	snprintf(res.reason, sizeof(res.reason),
	    "connection refused by "
	    "192.0.2.1 port 443");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_FIRST(&jt,
	    "TLS-CHAIN CRITICAL: www.example.org:443 connection "
	    "refused by 192.0.2.1 port 443\n");
	JTEST_CAUSE(&jt, "connection-refused");

	res.err = PROBE_E_TIMEOUT;
	res.stage = PROBE_S_HELLO;
	snprintf(res.reason, sizeof(res.reason),
	    "no reply to the ClientHello "
	    "within 10 s");
	ck_assert_int_eq(jtest_run(&jt, NULL, 0), STATE_CRITICAL);
	JTEST_CAUSE(&jt, "timeout");
}
END_TEST

START_TEST(test_json_findings)
{
	add(&res, &LEAF);
	result(&res, (const int[]){0}, 1);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	snprintf(res.top_ca_issuers, sizeof(res.top_ca_issuers),
	    "http://ca.example.org/int.der");
	ck_assert_int_eq(jtest_run(&jt, json_args, 0), STATE_CRITICAL);
	JTEST_HAS(&jt,
	    "\"findings\":[{\"state\":\"CRITICAL\","
	    "\"code\":\"chain_incomplete\",\"text\":\"chain "
	    "incomplete: ");
	JTEST_HAS(&jt, "\"top_ca_issuers\":\"http://ca.example.org/int.der\"");
	JTEST_HAS(&jt, "\"chain\":[{\"position\":0");
	JTEST_CAUSE(&jt, "chain-incomplete");
}
END_TEST

struct bad_args {
	const char *args[6];
	const char *words;
};

static const struct bad_args bad[] = {
    {{"-H", "x", "-w", "1", NULL}, "-w/-c are not used"},
    {{"-H", "x", "--name", "a", "--no-hostname", NULL},
	"--name and --no-hostname exclude each other"},
    {{"-H", "x", "--min-key-bits", "100", NULL},
	"invalid value for --min-key-bits: '100'"},
    {{"-H", "x", "--name", "a|b", NULL}, "invalid value for --name: 'a\\x7cb'"},
};

START_TEST(test_bad_args)
{
	const struct bad_args *b = &bad[_i];

	jtest_parse(&judge_chain, &ca, ARGS_ERROR, NULL, b->args);
	ck_assert_msg(strstr(ca.c.why, b->words) != NULL, "why '%s'", ca.c.why);
}
END_TEST

int
main(void)
{
	TCase *tc = tcase_create("judge");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_good_chain);
	tcase_add_test(tc, test_missing_intermediate);
	tcase_add_test(tc, test_issuer_unknown_without_evidence);
	tcase_add_test(tc, test_missing_intermediate_hidden_by_local_store);
	tcase_add_test(tc, test_top_intermediate_unknown);
	tcase_add_test(tc, test_untrusted_root);
	tcase_add_test(tc, test_sent_trusted_root_is_a_note);
	tcase_add_test(tc, test_cross_signed_root_above_anchor);
	tcase_add_test(tc, test_verified_without_anchor_is_believed);
	tcase_add_test(tc, test_self_signed);
	tcase_add_test(tc, test_expired_intermediate);
	tcase_add_test(tc, test_not_yet_valid_leaf);
	tcase_add_test(tc, test_anchor_expired);
	tcase_add_test(tc, test_name_mismatch);
	tcase_add_test(tc, test_name_ours_not_gnutls);
	tcase_add_test(tc, test_no_hostname);
	tcase_add_test(tc, test_weak_signature);
	tcase_add_test(tc, test_weak_key);
	tcase_add_test(tc, test_misordered_and_superfluous);
	tcase_add_test(tc, test_combined_worst_first);
	tcase_add_test(tc, test_unexplained_status_never_passes);
	tcase_add_loop_test(tc, test_leftover_bit_in_own_words, 0,
	    sizeof(leftover) / sizeof(leftover[0]));
	tcase_add_test(tc, test_ca_first);
	tcase_add_loop_test(
	    tc, test_ocsp_staple, 0, sizeof(ocsp_rows) / sizeof(ocsp_rows[0]));
	tcase_add_test(tc, test_ocsp_facts);
	tcase_add_test(tc, test_superfluous_alone);
	tcase_add_test(tc, test_bad_signature_and_issuer);
	tcase_add_test(tc, test_expired_leaf);
	tcase_add_test(tc, test_unparseable_leaf);
	tcase_add_test(tc, test_connection_failure);
	tcase_add_test(tc, test_json_findings);
	tcase_add_loop_test(tc, test_bad_args, 0, sizeof(bad) / sizeof(bad[0]));
	return jtest_main("judge_chain", tc);
}
