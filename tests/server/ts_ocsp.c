/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --ocsp: the OCSP response the server staples, minted at start-up for
 * the leaf and signed by the leaf's issuer. GnuTLS reads OCSP responses
 * but cannot make them, so this file writes the DER of RFC 6960 4.2.1
 * itself (a small DER writer) and signs with gnutls_privkey_sign_data.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>

#include "ts.h"

#define DER_MAX	  4096 /* any one structure here */
#define SHA1_SIZE 20
#define HOUR	  3600
#define DAY	  86400

/* The names --ocsp takes. */
const struct ts_enum ts_ocsp_kinds[] = {
    {"none", TS_OCSP_NONE},
    {"good", TS_OCSP_GOOD},
    {"revoked", TS_OCSP_REVOKED},
    {"unknown", TS_OCSP_UNKNOWN},
    {"expired", TS_OCSP_EXPIRED},
    {"wrong-key", TS_OCSP_WRONG_KEY},
    {"other-cert", TS_OCSP_OTHER_CERT},
    {NULL, 0},
};

/* ------------------------------------------------------------ DER */

/* DER under construction; over: something did not fit. */
struct der {
	unsigned char b[DER_MAX];
	size_t	      n;
	bool	      over;
};

static void
der_raw(struct der *d, const void *p, size_t len)
{
	if (len == 0) /* NULL content of a NULL or an empty status */
		return;
	if (d->over || len > sizeof(d->b) - d->n) {
		d->over = true;
		return;
	}
	memcpy(d->b + d->n, p, len);
	d->n += len;
}

/* Tag, length (X.690 8.1.3: short form below 128) and content. */
static void
der_tlv(struct der *d, unsigned char tag, const void *p, size_t len)
{
	unsigned char h[4] = {tag};
	size_t	      hn = 2;

	if (len < 0x80) {
		h[1] = (unsigned char)len;
	} else if (len < 0x100) {
		h[1] = 0x81;
		h[2] = (unsigned char)len;
		hn = 3;
	} else {
		h[1] = 0x82;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)len;
		hn = 4;
	}
	der_raw(d, h, hn);
	der_raw(d, p, len);
}

/* d's content, wrapped in tag, appended to out. */
static void
der_wrap(struct der *out, unsigned char tag, const struct der *d)
{
	if (d->over)
		out->over = true;
	der_tlv(out, tag, d->b, d->n);
}

/* An OBJECT IDENTIFIER from its dotted text (X.690 8.19). */
static void
der_oid(struct der *d, const char *dotted)
{
	unsigned char body[64], tmp[8];
	unsigned long arc[32];
	size_t	      narc = 0, n = 0, i, k;
	char	     *end;

	while (narc < 32) {
		arc[narc++] = strtoul(dotted, &end, 10);
		if (*end != '.')
			break;
		dotted = end + 1;
	}
	arc[1] += arc[0] * 40;
	for (i = 1; i < narc; i++) {
		k = 0;
		do {
			tmp[k++] = (unsigned char)(arc[i] & 0x7f);
			arc[i] >>= 7;
		} while (arc[i] != 0 && k < sizeof(tmp));
		/* Base 128, most significant first, high bit on all but last.
		 */
		while (k > 0 && n < sizeof(body)) {
			k--;
			body[n++] = (unsigned char)(tmp[k] |
			    (k > 0 ? 0x80 : 0));
		}
	}
	der_tlv(d, 0x06, body, n);
}

/* GeneralizedTime "YYYYMMDDHHMMSSZ" (RFC 5280 4.1.2.5.2). */
static void
der_time(struct der *d, time_t t)
{
	struct tm tm;
	char	  s[32];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y%m%d%H%M%SZ", &tm) == 0) {
		d->over = true;
		return;
	}
	der_tlv(d, 0x18, s, strlen(s));
}

/*
 * Read the DER TLV at p (within end): its tag and value. Returns the
 * byte after it, or NULL if it is malformed.
 */
static const unsigned char *
der_next(const unsigned char *p, const unsigned char *end, unsigned char *tag,
    const unsigned char **val, size_t *len)
{
	size_t n, i;

	if (p == NULL || end - p < 2)
		return NULL;
	*tag = p[0];
	n = p[1];
	p += 2;
	if (n & 0x80) {
		i = n & 0x7f;
		if (i == 0 || i > 2 || (size_t)(end - p) < i)
			return NULL;
		for (n = 0; i > 0; i--)
			n = n << 8 | *p++;
	}
	if ((size_t)(end - p) < n)
		return NULL;
	*val = p;
	*len = n;
	return p + n;
}

/* ------------------------------------------------------------ CertID */

/*
 * SHA-1 of the issuer's subjectPublicKey BIT STRING, without its unused
 * bits byte (RFC 6960 4.1.1): the issuerKeyHash. The
 * SubjectPublicKeyInfo is SEQUENCE { algorithm, BIT STRING }.
 */
static int
issuer_key_hash(gnutls_x509_crt_t issuer, unsigned char out[SHA1_SIZE])
{
	gnutls_pubkey_t	     pub = NULL;
	gnutls_datum_t	     spki = {NULL, 0};
	const unsigned char *end, *v = NULL, *after;
	unsigned char	     tag = 0;
	size_t		     len = 0;
	int		     rc;

	rc = gnutls_pubkey_init(&pub);
	if (rc >= 0)
		rc = gnutls_pubkey_import_x509(pub, issuer, 0);
	if (rc >= 0)
		rc = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki);
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	if (rc < 0)
		return ts_log_gnutls("the issuer's public key", rc);
	end = spki.data + spki.size;
	after = der_next(spki.data, end, &tag, &v, &len);
	if (after != NULL && tag == 0x30) {
		end = v + len;
		after = der_next(v, end, &tag, &v, &len); /* algorithm */
		after = der_next(after, end, &tag, &v, &len);
	}
	rc = -1;
	if (after != NULL && tag == 0x03 && len > 1 &&
	    gnutls_hash_fast(GNUTLS_DIG_SHA1, v + 1, len - 1, out) >= 0)
		rc = 0;
	else
		ts_log("the issuer's public key: no BIT STRING found");
	gnutls_free(spki.data);
	return rc;
}

/* CertID (RFC 6960 4.1.1) of the leaf, as its issuer names it. */
static int
cert_id(struct der *out, gnutls_x509_crt_t leaf, gnutls_x509_crt_t issuer,
    const unsigned char key_hash[SHA1_SIZE], bool other)
{
	static const unsigned char sha1_alg[] = {
	    0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00};
	unsigned char  name_hash[SHA1_SIZE], serial[64];
	size_t	       sz = sizeof(serial);
	gnutls_datum_t dn = {NULL, 0};
	struct der     id = {.n = 0};
	int	       rc;

	rc = gnutls_x509_crt_get_raw_dn(issuer, &dn);
	if (rc >= 0)
		rc = gnutls_hash_fast(
		    GNUTLS_DIG_SHA1, dn.data, dn.size, name_hash);
	gnutls_free(dn.data);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_serial(leaf, serial, &sz);
	if (rc < 0)
		return ts_log_gnutls("OCSP CertID", rc);
	/* Another certificate of the same issuer: another serial. */
	if (other)
		serial[sz - 1] ^= 0x01;
	der_raw(&id, sha1_alg, sizeof(sha1_alg));
	der_tlv(&id, 0x04, name_hash, sizeof(name_hash));
	der_tlv(&id, 0x04, key_hash, SHA1_SIZE);
	der_tlv(&id, 0x02, serial, sz);
	der_wrap(out, 0x30, &id);
	return 0;
}

/* ------------------------------------------------------------ response */

/* What one --ocsp kind puts in the response. */
struct ocsp_spec {
	enum ts_ocsp kind;
	time_t	     now;
};

/* certStatus, thisUpdate and nextUpdate of the one SingleResponse. */
static void
single_status(struct der *s, const struct ocsp_spec *sp)
{
	static const unsigned char key_compromise[] = {
	    0xa0, 0x03, 0x0a, 0x01, 0x01};
	struct der revoked = {.n = 0}, next = {.n = 0};
	time_t this_update = sp->now - HOUR, next_update = sp->now + 7 * DAY;

	switch (sp->kind) {
	case TS_OCSP_REVOKED:
		der_time(&revoked, sp->now - 2 * DAY);
		der_raw(&revoked, key_compromise, sizeof(key_compromise));
		der_wrap(s, 0xa1, &revoked);
		break;
	case TS_OCSP_UNKNOWN:
		der_tlv(s, 0x82, NULL, 0);
		break;
	default:
		der_tlv(s, 0x80, NULL, 0);
		break;
	}
	if (sp->kind == TS_OCSP_EXPIRED) {
		this_update = sp->now - 8 * DAY;
		next_update = sp->now - DAY;
	}
	der_time(s, this_update);
	der_time(&next, next_update);
	der_wrap(s, 0xa0, &next);
}

/*
 * tbsResponseData: responder by name (the issuer's subject, as OpenSSL's
 * responder says it), producedAt, one response.
 */
static int
response_data(struct der *out, const struct ts_pki *p,
    const struct pki_cert *issuer, const struct ocsp_spec *sp)
{
	unsigned char  key_hash[SHA1_SIZE];
	struct der     single = {.n = 0}, list = {.n = 0}, tbs = {.n = 0};
	gnutls_datum_t name = {NULL, 0};
	int	       rc;

	if (issuer_key_hash(issuer->crt, key_hash) == -1 ||
	    cert_id(&single, p->leaf.crt, issuer->crt, key_hash,
		sp->kind == TS_OCSP_OTHER_CERT) == -1)
		return -1;
	single_status(&single, sp);
	der_wrap(&list, 0x30, &single);
	rc = gnutls_x509_crt_get_raw_dn(issuer->crt, &name);
	if (rc < 0)
		return ts_log_gnutls("the issuer's name", rc);
	der_tlv(&tbs, 0xa1, name.data, name.size);
	gnutls_free(name.data);
	der_time(&tbs, sp->now - HOUR);
	der_wrap(&tbs, 0x30, &list);
	der_wrap(out, 0x30, &tbs);
	return 0;
}

/*
 * Sign what body holds (the tbsResponseData) with key and SHA-256, then
 * append signatureAlgorithm and signature: the body of a
 * BasicOCSPResponse. The AlgorithmIdentifier has GnuTLS's OID, with NULL
 * parameters for RSA and none for ECDSA (RFC 4055, RFC 5758).
 */
static int
sign_append(struct der *body, gnutls_x509_privkey_t key)
{
	gnutls_privkey_t pk = NULL;
	gnutls_datum_t	 data = {body->b, (unsigned int)body->n};
	gnutls_datum_t	 sig = {NULL, 0};
	struct der	 alg = {.n = 0}, bits = {.n = 0};
	int		 algo, rc;

	algo = gnutls_x509_privkey_get_pk_algorithm(key);
	rc = gnutls_privkey_init(&pk);
	if (rc >= 0)
		rc = gnutls_privkey_import_x509(pk, key, 0);
	if (rc >= 0)
		rc = gnutls_privkey_sign_data(
		    pk, GNUTLS_DIG_SHA256, 0, &data, &sig);
	if (pk != NULL)
		gnutls_privkey_deinit(pk);
	if (rc < 0)
		return ts_log_gnutls("signing the OCSP response", rc);
	der_oid(&alg,
	    gnutls_sign_get_oid(gnutls_pk_to_sign(
		(gnutls_pk_algorithm_t)algo, GNUTLS_DIG_SHA256)));
	if (algo == GNUTLS_PK_RSA)
		der_tlv(&alg, 0x05, NULL, 0);
	der_wrap(body, 0x30, &alg);
	der_raw(&bits, "", 1); /* no unused bits */
	der_raw(&bits, sig.data, sig.size);
	der_wrap(body, 0x03, &bits);
	gnutls_free(sig.data);
	return 0;
}

/* The whole OCSPResponse around a signed BasicOCSPResponse. */
static void
response_wrap(struct der *out, const struct der *basic)
{
	static const unsigned char successful[] = {0x0a, 0x01, 0x00};
	struct der		   bytes = {.n = 0}, body = {.n = 0};
	struct der		   explicit0 = {.n = 0};

	der_oid(&bytes, "1.3.6.1.5.5.7.48.1.1"); /* id-pkix-ocsp-basic */
	der_wrap(&bytes, 0x04, basic);
	der_wrap(&explicit0, 0x30, &bytes);
	der_raw(&body, successful, sizeof(successful));
	der_wrap(&body, 0xa0, &explicit0);
	der_wrap(out, 0x30, &body);
}

int
ts_ocsp_mint(gnutls_datum_t *out, const struct ts_pki *p,
    const struct ts_opts *o, const struct pki_cert *issuer)
{
	struct ocsp_spec sp = {o->ocsp, time(NULL)};
	struct pki_cert	 wrong = {NULL, NULL};
	struct der	*body, *basic, *resp;
	char		 why[PKI_WHY_SIZE];
	int		 rc = -1;

	out->data = NULL;
	out->size = 0;
	body = calloc(3, sizeof(*body));
	if (body == NULL) {
		ts_log("out of memory");
		return -1;
	}
	basic = body + 1;
	resp = body + 2;
	if (sp.kind == TS_OCSP_WRONG_KEY &&
	    pki_key_new(&wrong.key, PKI_KEY_ECDSA, 0, why, sizeof(why)) == -1) {
		ts_log("%s", why);
		goto out;
	}
	/* wrong-key: a key of its own, the issuer's name and key ID. */
	if (response_data(body, p, issuer, &sp) == -1 ||
	    sign_append(body, wrong.key ? wrong.key : issuer->key) == -1)
		goto out;
	der_wrap(basic, 0x30, body);
	response_wrap(resp, basic);
	if (resp->over) {
		ts_log("OCSP response: over %d bytes", DER_MAX);
		goto out;
	}
	out->data = gnutls_malloc(resp->n);
	if (out->data == NULL) {
		ts_log("out of memory");
		goto out;
	}
	memcpy(out->data, resp->b, resp->n);
	out->size = (unsigned int)resp->n;
	rc = 0;
out:
	pki_cert_release(&wrong);
	free(body);
	return rc;
}

/* gnutls_status_request_ocsp_func: a copy of the response, every time. */
static int
ocsp_staple(gnutls_session_t s, void *ptr, gnutls_datum_t *resp)
{
	const gnutls_datum_t *mine = ptr;

	(void)s;
	resp->data = gnutls_malloc(mine->size);
	if (resp->data == NULL)
		return GNUTLS_E_MEMORY_ERROR;
	memcpy(resp->data, mine->data, mine->size);
	resp->size = mine->size;
	return 0;
}

void
ts_ocsp_serve(gnutls_certificate_credentials_t cred, const gnutls_datum_t *resp)
{
	/*
	 * The credentials-wide function: GnuTLS 3.7.9 calls it for any
	 * chain, also one from a retrieve function (--order), and sends
	 * what it returns without checking it, as a broken server would.
	 */
	gnutls_certificate_set_ocsp_status_request_function(
	    cred, ocsp_staple, (void *)(uintptr_t)resp);
}
