/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The chain facts of a finished handshake: the certificates as sent, their
 * verification against the trust store, and our own walk of the path.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>

#include "probe_int.h"

/* Copy the certificates the session got into res; returns how many. */
static unsigned int
chain_copy(struct probe_ctx *x, struct probe_result *res)
{
	const gnutls_datum_t *peers;
	unsigned int	      n = 0, i;
	char		      why[128];

	if (gnutls_certificate_type_get(x->session) != GNUTLS_CRT_X509)
		return 0;
	peers = gnutls_certificate_get_peers(x->session, &n);
	if (peers == NULL || n == 0)
		return 0;
	res->nchain_sent = (int)n;
	for (i = 0; i < n && i < PROBE_CHAIN_MAX; i++) {
		if (cert_info_from_der(&res->chain[i], peers[i].data,
			peers[i].size, why, sizeof(why)) == -1) {
			/* Keep the position; mark what could not be read. */
			snprintf(res->chain[i].subject,
			    sizeof(res->chain[i].subject), "(%s)", why);
			snprintf(res->chain[i].name, sizeof(res->chain[i].name),
			    "(unparseable)");
		}
		res->nchain++;
	}
	return n;
}

int
probe_chain_facts(struct probe_ctx *x, struct probe_result *res)
{
	if (chain_copy(x, res) == 0) {
		probe_set_reason(res, PROBE_E_NO_CERT,
		    "the server sent no "
		    "certificate");
		return -1;
	}
	return 0;
}

/*
 * Every status bit GnuTLS 3.7.9 defines, in our words, in the order a
 * cause is named (first match wins): dates, issuer, name, algorithm,
 * revocation, signatures, OCSP, then the rarer ones. GNUTLS_CERT_INVALID
 * only says "not trusted" and has no row. Plugins read the phrases
 * through probe_verify_phrase, never GnuTLS's sentences.
 */
static const struct verify_word {
	unsigned int gnutls;
	unsigned int ours;
	const char  *phrase;
} verify_words[] = {
    {GNUTLS_CERT_EXPIRED, PROBE_V_EXPIRED,
	"a certificate in the chain has expired"},
    {GNUTLS_CERT_NOT_ACTIVATED, PROBE_V_NOT_ACTIVATED,
	"a certificate in the chain is not yet valid"},
    {GNUTLS_CERT_SIGNER_NOT_FOUND, PROBE_V_SIGNER_NOT_FOUND,
	"the issuer is neither sent nor trusted here"},
    {GNUTLS_CERT_SIGNER_NOT_CA, PROBE_V_SIGNER_NOT_CA,
	"a certificate is issued by one that is not a CA"},
    {GNUTLS_CERT_UNEXPECTED_OWNER, PROBE_V_UNEXPECTED_OWNER,
	"the certificate is for another name"},
    {GNUTLS_CERT_INSECURE_ALGORITHM, PROBE_V_INSECURE_ALGORITHM,
	"a signature in the chain uses an insecure algorithm"},
    {GNUTLS_CERT_REVOKED, PROBE_V_REVOKED,
	"a certificate in the chain is revoked"},
    {GNUTLS_CERT_SIGNATURE_FAILURE, PROBE_V_SIGNATURE_FAILURE,
	"a signature in the chain does not verify"},
    {GNUTLS_CERT_MISSING_OCSP_STATUS, PROBE_V_MISSING_OCSP_STATUS,
	"the certificate requires a stapled OCSP response (must-staple) "
	"and the server sent none"},
    {GNUTLS_CERT_INVALID_OCSP_STATUS, PROBE_V_INVALID_OCSP_STATUS,
	"the stapled OCSP response is not valid for this certificate"},
    {GNUTLS_CERT_PURPOSE_MISMATCH, PROBE_V_PURPOSE_MISMATCH,
	"the certificate is not meant for TLS servers (extended key "
	"usage)"},
    {GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, PROBE_V_SIGNER_CONSTRAINTS,
	"an issuer's constraints (path length or names) forbid a "
	"certificate below it"},
    {GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, PROBE_V_UNKNOWN_CRIT_EXTENSIONS,
	"a certificate has a critical extension no client knows"},
    {GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, PROBE_V_REVOCATION_SUPERSEDED,
	"the revocation data is older than data already seen"},
    {GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, PROBE_V_REVOCATION_FUTURE,
	"the revocation data is dated in the future"},
    {GNUTLS_CERT_MISMATCH, PROBE_V_MISMATCH,
	"the certificate is not the one expected (pinned) here"},
};

#define NVERIFY_WORDS (sizeof(verify_words) / sizeof(verify_words[0]))

/* Any bit without a row of its own, and failures with no bit at all. */
static const char other_phrase[] = "verification failed";

unsigned int
probe_verify_bits_of(unsigned int st)
{
	unsigned int bits = 0, known = GNUTLS_CERT_INVALID;
	size_t	     i;

	for (i = 0; i < NVERIFY_WORDS; i++) {
		known |= verify_words[i].gnutls;
		if (st & verify_words[i].gnutls)
			bits |= verify_words[i].ours;
	}
	/* INVALID alone still means "not trusted": never pass it. */
	if ((st & ~known) != 0 || (st != 0 && bits == 0))
		bits |= PROBE_V_OTHER;
	return bits;
}

const char *
probe_verify_phrase(unsigned int bit)
{
	size_t i;

	for (i = 0; i < NVERIFY_WORDS; i++)
		if (verify_words[i].ours == bit)
			return verify_words[i].phrase;
	return other_phrase;
}

const char *
probe_verify_cause(unsigned int bits)
{
	size_t i;

	if (bits == 0)
		return "";
	for (i = 0; i < NVERIFY_WORDS; i++)
		if (bits & verify_words[i].ours)
			return verify_words[i].phrase;
	return other_phrase;
}

size_t
probe_verify_words(unsigned int bits, char *buf, size_t bufsz)
{
	struct out_buf b;
	size_t	       i;
	bool	       any = false;

	out_buf_init(&b, buf, bufsz);
	for (i = 0; i < NVERIFY_WORDS; i++) {
		if ((bits & verify_words[i].ours) == 0)
			continue;
		out_buf_add(
		    &b, "%s%s", any ? ", " : "", verify_words[i].phrase);
		any = true;
	}
	if (bits & PROBE_V_OTHER)
		out_buf_add(&b, "%s%s", any ? ", " : "", other_phrase);
	return b.len;
}

/* The typed data verification checks: the name (if any) and the purpose. */
static unsigned int
verify_data(const char *vname, gnutls_typed_vdata_st data[2])
{
	unsigned int n = 0;

	if (vname[0] != '\0') {
		data[n].type = GNUTLS_DT_DNS_HOSTNAME;
		data[n].data = (unsigned char *)(uintptr_t)vname;
		data[n].size = 0;
		n++;
	}
	data[n].type = GNUTLS_DT_KEY_PURPOSE_OID;
	data[n].data = (unsigned char *)(uintptr_t)GNUTLS_KP_TLS_WWW_SERVER;
	data[n].size = 0;
	n++;
	return n;
}

/* A verification's return r and status st into res, in our words. */
static void
verify_result(struct probe_result *res, int r, unsigned int st)
{
	gnutls_datum_t txt = {NULL, 0};

	res->verified = true;
	if (r < 0) {
		res->verify_status = GNUTLS_CERT_INVALID;
		res->verify_bits = PROBE_V_OTHER;
		snprintf(res->verify_cause, sizeof(res->verify_cause), "%s",
		    other_phrase);
		/* -vvv: GnuTLS's words, with the error's name and number. */
		snprintf(res->verify_detail, sizeof(res->verify_detail),
		    "%s (%s, %d)", gnutls_strerror(r), gnutls_strerror_name(r),
		    r);
		return;
	}
	res->verify_status = st;
	res->verify_bits = probe_verify_bits_of(st);
	snprintf(res->verify_cause, sizeof(res->verify_cause), "%s",
	    probe_verify_cause(res->verify_bits));
	if (gnutls_certificate_verification_status_print(
		st, GNUTLS_CRT_X509, &txt, 0) >= 0) {
		out_escape(res->verify_detail, sizeof(res->verify_detail),
		    txt.data, txt.size);
		gnutls_free(txt.data);
	}
}

void
probe_chain_verify(struct probe_ctx *x, struct probe_result *res)
{
	gnutls_typed_vdata_st data[2];
	unsigned int	      n, st = 0;
	int		      r;

	n = verify_data(x->vname, data);
	r = gnutls_certificate_verify_peers(x->session, data, n, &st);
	verify_result(res, r, st);
}

/* Do two certificates hold the same public key? */
static bool
same_key(gnutls_x509_crt_t a, gnutls_x509_crt_t b)
{
	unsigned char ka[64], kb[64];
	size_t	      la = sizeof(ka), lb = sizeof(kb);

	return gnutls_x509_crt_get_key_id(
		   a, GNUTLS_KEYID_USE_SHA256, ka, &la) >= 0 &&
	    gnutls_x509_crt_get_key_id(b, GNUTLS_KEYID_USE_SHA256, kb, &lb) >=
	    0 &&
	    la == lb && memcmp(ka, kb, la) == 0;
}

/* A trust anchor's display name, by the same rules as a sent certificate's. */
static void
store_name(gnutls_x509_crt_t crt, char *buf, size_t bufsz)
{
	gnutls_datum_t	 d = {NULL, 0};
	struct cert_info ci;
	char		 why[64];

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &d) < 0)
		return;
	if (cert_info_from_der(&ci, d.data, d.size, why, sizeof(why)) == 0)
		snprintf(buf, bufsz, "%s", ci.name);
	cert_info_release(&ci);
	gnutls_free(d.data);
}

/* The certificates sent as GnuTLS objects; -1 when one cannot be. */
static int
chain_import(const struct probe_result *res, gnutls_x509_crt_t crt[])
{
	int i;

	for (i = 0; i < res->nchain; i++) {
		gnutls_datum_t d = {
		    res->chain[i].der, (unsigned int)res->chain[i].der_len};

		if (d.data == NULL || gnutls_x509_crt_init(&crt[i]) < 0)
			return -1;
		if (gnutls_x509_crt_import(crt[i], &d, GNUTLS_X509_FMT_DER) < 0)
			return -1;
	}
	return 0;
}

static void
chain_deinit(gnutls_x509_crt_t crt[], int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (crt[i] != NULL)
			gnutls_x509_crt_deinit(crt[i]);
}

/*
 * The path from the leaf, each time to a not yet used certificate that
 * issued the current one, in whatever order they were sent.
 */
static void
walk_path(struct probe_result *res, gnutls_x509_crt_t crt[])
{
	int cur = res->leaf, n = res->nchain;

	res->path[res->npath++] = cur;
	res->on_path[cur] = true;
	res->misordered = cur != 0;
	for (;;) {
		int j;

		/* A self-signed certificate ends the path. */
		if (res->chain[cur].self_signed)
			break;
		for (j = 0; j < n; j++)
			if (!res->on_path[j] &&
			    gnutls_x509_crt_check_issuer(crt[cur], crt[j]))
				break;
		if (j == n)
			break;
		if (j != res->npath)
			res->misordered = true;
		res->path[res->npath++] = j;
		res->on_path[j] = true;
		cur = j;
	}
	res->top_self_signed = res->chain[cur].self_signed;
}

/*
 * Climb the path until the store takes over. A cross-signed or re-issued
 * root sent by the server sits above that point: GnuTLS trusts the chain
 * through the store's copy, and so do we.
 */
static void
walk_store(struct probe_result *res, gnutls_x509_crt_t crt[],
    gnutls_x509_trust_list_t tl)
{
	gnutls_x509_crt_t iss = NULL;
	int		  k;

	for (k = 0; k < res->npath && res->anchor < 0; k++) {
		gnutls_x509_crt_t c = crt[res->path[k]];

		if (gnutls_x509_trust_list_get_issuer(
			tl, c, &iss, GNUTLS_TL_GET_COPY) < 0 ||
		    iss == NULL)
			continue;
		if (res->chain[res->path[k]].self_signed) {
			/* The same name is not enough: the same key. */
			if (same_key(iss, c)) {
				res->anchor = k;
				res->top_trusted = true;
			}
		} else {
			res->anchor = k;
			res->issuer_in_store = true;
			res->store_issuer_is_root =
			    gnutls_x509_crt_check_issuer(iss, iss) != 0;
			store_name(
			    iss, res->store_issuer, sizeof(res->store_issuer));
		}
		gnutls_x509_crt_deinit(iss);
		iss = NULL;
	}
}

/*
 * The AIA caIssuers URL of the top of the path (RFC 5280 4.2.2.1): where
 * its issuer's certificate is published, evidence that the issuer is a
 * CA's intermediate that the server could send.
 */
static void
walk_top_aia(struct probe_result *res, gnutls_x509_crt_t top)
{
	gnutls_datum_t d = {NULL, 0};
	unsigned int   seq;
	int	       r;

	for (seq = 0; seq < 64; seq++) {
		r = gnutls_x509_crt_get_authority_info_access(
		    top, seq, GNUTLS_IA_CAISSUERS_URI, &d, NULL);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return;
		if (r < 0)
			continue; /* an OCSP URL, or another kind */
		out_escape(res->top_ca_issuers, sizeof(res->top_ca_issuers),
		    d.data, d.size);
		gnutls_free(d.data);
		return;
	}
}

/*
 * Verify a chain GnuTLS refused in the handshake, from the leaf found:
 * the path in order, then whatever else was sent.
 */
static void
verify_list(struct probe_ctx *x, struct probe_result *res,
    gnutls_x509_crt_t crt[], gnutls_x509_trust_list_t tl)
{
	gnutls_x509_crt_t     list[PROBE_CHAIN_MAX];
	gnutls_typed_vdata_st data[2];
	unsigned int	      n = 0, nd, st = 0;
	int		      i, k, r;

	for (k = 0; k < res->npath; k++)
		list[n++] = crt[res->path[k]];
	for (i = 0; i < res->nchain; i++)
		if (!res->on_path[i])
			list[n++] = crt[i];
	nd = verify_data(x->vname, data);
	r = gnutls_x509_trust_list_verify_crt2(
	    tl, list, n, data, nd, 0, &st, NULL);
	verify_result(res, r, st);
}

const char *
probe_ocsp_reason_name(int reason)
{
	/* RFC 5280 5.3.1 CRLReason; 7 is not used. */
	static const char *const names[] = {"unspecified", "keyCompromise",
	    "cACompromise", "affiliationChanged", "superseded",
	    "cessationOfOperation", "certificateHold", NULL, "removeFromCRL",
	    "privilegeWithdrawn", "aACompromise"};

	if (reason >= 0 && (size_t)reason < sizeof(names) / sizeof(names[0]) &&
	    names[reason] != NULL)
		return names[reason];
	return "unspecified";
}

/* Does the leaf demand a staple (RFC 7633 TLS feature status_request)? */
static bool
ocsp_must_staple(gnutls_x509_crt_t leaf)
{
	gnutls_x509_tlsfeatures_t f = NULL;
	unsigned int		  i, feature;
	bool			  must = false;

	if (gnutls_x509_tlsfeatures_init(&f) < 0)
		return false;
	if (gnutls_x509_crt_get_tlsfeatures(leaf, f, 0, NULL) >= 0)
		for (i = 0; gnutls_x509_tlsfeatures_get(f, i, &feature) >= 0;
		     i++)
			if (feature == 5)
				must = true;
	gnutls_x509_tlsfeatures_deinit(f);
	return must;
}

/*
 * The single response about the leaf (RFC 6960 4.2.1): the first whose
 * CertID names it, else the first; its status and dates into res.
 * Returns -1 when there is none.
 */
static int
ocsp_single(
    struct probe_result *res, gnutls_ocsp_resp_t resp, gnutls_x509_crt_t leaf)
{
	unsigned int i, pick = 0, cs = 0, reason = 0;
	time_t	     next = -1, revoked = -1;
	int	     r;

	for (i = 0; i < 64; i++) {
		r = gnutls_ocsp_resp_check_crt(resp, i, leaf);
		if (r == 0) {
			pick = i;
			res->ocsp_for_leaf = true;
			break;
		}
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
	}
	if (gnutls_ocsp_resp_get_single(resp, pick, NULL, NULL, NULL, NULL, &cs,
		&res->ocsp_this_update, &next, &revoked, &reason) < 0)
		return -1;
	res->ocsp_next_update = next;
	res->ocsp_status = cs == GNUTLS_OCSP_CERT_GOOD ? PROBE_OCSP_GOOD :
	    cs == GNUTLS_OCSP_CERT_REVOKED	       ? PROBE_OCSP_REVOKED :
							 PROBE_OCSP_UNKNOWN;
	if (res->ocsp_status == PROBE_OCSP_REVOKED) {
		res->ocsp_revoked_at = revoked;
		res->ocsp_reason = (int)reason;
	}
	return 0;
}

/*
 * Check the response's signature against the leaf's issuer: the one
 * sent, else the store's (a leaf issued by a trusted root), else a
 * self-signed leaf itself. GnuTLS also accepts a delegated responder's
 * certificate in the response, if the issuer signed it for OCSP.
 */
static void
ocsp_signature(struct probe_result *res, gnutls_ocsp_resp_t resp,
    gnutls_x509_crt_t crt[], gnutls_x509_trust_list_t tl)
{
	gnutls_x509_crt_t iss = NULL, stored = NULL;
	unsigned int	  v = 0;
	char		  name[OUT_SHORT + 4], full[OUT_FIELD_SIZE] = "";
	const char	 *what = "issuer";

	if (res->npath >= 2) {
		iss = crt[res->path[1]];
		out_short(res->chain[res->path[1]].name, name, sizeof(name));
	} else if (tl != NULL &&
	    gnutls_x509_trust_list_get_issuer(
		tl, crt[res->leaf], &stored, GNUTLS_TL_GET_COPY) >= 0 &&
	    stored != NULL) {
		iss = stored;
		what = "trusted issuer";
		store_name(stored, full, sizeof(full));
		out_short(full, name, sizeof(name));
	} else if (res->top_self_signed) {
		iss = crt[res->leaf];
		what = "the certificate";
		out_short(res->chain[res->leaf].name, name, sizeof(name));
	} else {
		return;
	}
	snprintf(
	    res->ocsp_signer, sizeof(res->ocsp_signer), "%s '%s'", what, name);
	res->ocsp_sig_checked = true;
	res->ocsp_sig_ok =
	    gnutls_ocsp_resp_verify_direct(resp, iss, &v, 0) >= 0 && v == 0;
	if (stored != NULL)
		gnutls_x509_crt_deinit(stored);
}

/* What the server stapled for the leaf, if anything, and what it says. */
static void
walk_ocsp(struct probe_ctx *x, struct probe_result *res,
    gnutls_x509_crt_t crt[], gnutls_x509_trust_list_t tl)
{
	gnutls_ocsp_resp_t resp = NULL;
	gnutls_datum_t	   d = {NULL, 0};

	res->must_staple = ocsp_must_staple(crt[res->leaf]);
	/* A refused handshake got no staple worth the name. */
	if (res->chain_on_failure ||
	    gnutls_ocsp_status_request_get2(x->session, 0, &d) < 0 ||
	    d.size == 0)
		return;
	res->ocsp_stapled = true;
	res->ocsp_len = d.size;
	res->ocsp_next_update = -1;
	res->ocsp_reason = -1;
	res->ocsp_status = PROBE_OCSP_UNPARSEABLE;
	if (gnutls_ocsp_resp_init(&resp) < 0)
		return;
	if (gnutls_ocsp_resp_import(resp, &d) < 0 ||
	    gnutls_ocsp_resp_get_status(resp) != GNUTLS_OCSP_RESP_SUCCESSFUL ||
	    ocsp_single(res, resp, crt[res->leaf]) == -1) {
		res->ocsp_status = PROBE_OCSP_UNPARSEABLE;
		res->ocsp_for_leaf = false;
	} else {
		ocsp_signature(res, resp, crt, tl);
	}
	gnutls_ocsp_resp_deinit(resp);
}

/*
 * Walk the presented certificates from the leaf (res->leaf), then ask
 * the trust store about that path and about the OCSP staple.
 */
void
probe_chain_walk(struct probe_ctx *x, struct probe_result *res)
{
	gnutls_x509_crt_t	 crt[PROBE_CHAIN_MAX] = {NULL};
	gnutls_x509_trust_list_t tl = NULL;

	res->anchor = -1;
	if (res->leaf < 0 || res->leaf >= res->nchain ||
	    chain_import(res, crt) == -1)
		goto out;
	walk_path(res, crt);
	walk_top_aia(res, crt[res->path[res->npath - 1]]);
	gnutls_certificate_get_trust_list(x->cred, &tl);
	walk_ocsp(x, res, crt, tl);
	if (tl == NULL)
		goto out;
	walk_store(res, crt, tl);
	if (res->chain_on_failure)
		verify_list(x, res, crt, tl);
out:
	chain_deinit(crt, res->nchain);
}

/* Did certificate i issue another one sent? */
static bool
issued_another(gnutls_x509_crt_t crt[], int n, int i)
{
	int j;

	for (j = 0; j < n; j++)
		if (j != i && gnutls_x509_crt_check_issuer(crt[j], crt[i]))
			return true;
	return false;
}

/*
 * The server's own certificate among those sent: one that issued none of
 * the others and is no CA, the one that covers the name if several do;
 * failing that, the first that issued none of the others; -1 for none.
 */
static int
find_leaf(
    const struct probe_result *res, gnutls_x509_crt_t crt[], const char *vname)
{
	int i, best = -1, bottom = -1;

	for (i = 0; i < res->nchain; i++) {
		if (issued_another(crt, res->nchain, i))
			continue;
		if (bottom < 0)
			bottom = i;
		if (res->chain[i].is_ca)
			continue;
		if (vname[0] != '\0' &&
		    cert_matches_name(&res->chain[i], vname))
			return i;
		if (best < 0)
			best = i;
	}
	return best >= 0 ? best : bottom;
}

/* The reason for a refused chain, once the leaf is looked for. */
static void
refused_reason(struct probe_result *res)
{
	const struct cert_info *c = &res->chain[0];
	char			first[OUT_SHORT + 4], leaf[OUT_SHORT + 4];

	out_short(c->name, first, sizeof(first));
	if (res->leaf == 0)
		probe_set_reason(res, PROBE_E_TLS,
		    "TLS handshake failed: the server's certificate '%s' is "
		    "used against its key usage",
		    first);
	else if (res->leaf < 0)
		probe_set_reason(res, PROBE_E_TLS,
		    "TLS handshake failed: certificate #0 '%s' is %s, and "
		    "none of the %d certificates sent is a server's",
		    first,
		    c->is_ca ? "a CA certificate" :
			       "used against its key usage",
		    res->nchain_sent);
	else
		probe_set_reason(res, PROBE_E_TLS,
		    "chain misordered: certificate #0 '%s' is %s; the leaf "
		    "'%s' is sent at #%d",
		    first,
		    c->is_ca ? "a CA certificate" : "not the server's own",
		    out_short(res->chain[res->leaf].name, leaf, sizeof(leaf)),
		    res->leaf);
}

void
probe_chain_refused(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	gnutls_x509_crt_t crt[PROBE_CHAIN_MAX] = {NULL};

	if (chain_copy(x, res) == 0)
		return;
	res->leaf = chain_import(res, crt) == 0 ?
	    find_leaf(res, crt, x->vname) :
	    -1;
	chain_deinit(crt, res->nchain);
	refused_reason(res);
	if (res->leaf <= 0)
		return;
	res->chain_on_failure = true;
	if (x->vname[0] != '\0') {
		out_escape(
		    res->name, sizeof(res->name), x->vname, strlen(x->vname));
		res->name_checked = true;
		res->name_matches = cert_matches_name(
		    &res->chain[res->leaf], x->vname);
		res->name_cn_only = !res->name_matches &&
		    cert_cn_matches_name(&res->chain[res->leaf], x->vname);
	}
	if (!o->insecure_noverify)
		probe_chain_walk(x, res);
}
