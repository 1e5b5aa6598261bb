/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test PKI: keys, certificates and PEM files through GnuTLS X.509. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>

#include "pki.h"

#define SERIAL_LEN 16
#define KEYID_MAX  64

/* A GnuTLS failure as the reason: "what: error text". Returns -1. */
static int
fail(char *why, size_t whysz, const char *what, int rc)
{
	snprintf(why, whysz, "%s: %s", what, gnutls_strerror(rc));
	return -1;
}

time_t
pki_days_from(time_t now, double days)
{
	return now + (time_t)(days * PKI_DAY);
}

int
pki_key_new(gnutls_x509_privkey_t *key, enum pki_key_type type,
    unsigned int bits, char *why, size_t whysz)
{
	int rc;

	*key = NULL;
	rc = gnutls_x509_privkey_init(key);
	if (rc < 0) {
		*key = NULL;
		return fail(why, whysz, "gnutls_x509_privkey_init", rc);
	}
	if (type == PKI_KEY_RSA)
		rc = gnutls_x509_privkey_generate(
		    *key, GNUTLS_PK_RSA, bits != 0 ? bits : PKI_RSA_BITS, 0);
	else
		rc = gnutls_x509_privkey_generate(*key, GNUTLS_PK_ECDSA,
		    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (rc < 0) {
		gnutls_x509_privkey_deinit(*key);
		*key = NULL;
		return fail(why, whysz, "key generation", rc);
	}
	return 0;
}

/* A bounded DER writer: overflow is sticky and checked once at the end. */
struct der_buf {
	unsigned char *b;
	size_t	       cap;
	size_t	       n;
	bool	       overflow;
};

static void
der_put(struct der_buf *d, const void *p, size_t len)
{
	if (d->overflow || len > d->cap - d->n) {
		d->overflow = true;
		return;
	}
	memcpy(d->b + d->n, p, len);
	d->n += len;
}

/* Tag and definite length (X.690 8.1.3); lengths here stay below 16 MiB. */
static void
der_put_header(struct der_buf *d, unsigned char tag, size_t len)
{
	unsigned char h[5];
	size_t	      hl;

	h[0] = tag;
	if (len < 0x80) {
		h[1] = (unsigned char)len;
		hl = 2;
	} else if (len <= 0xff) {
		h[1] = 0x81;
		h[2] = (unsigned char)len;
		hl = 3;
	} else if (len <= 0xffff) {
		h[1] = 0x82;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)(len & 0xff);
		hl = 4;
	} else if (len <= 0xffffff) {
		h[1] = 0x83;
		h[2] = (unsigned char)(len >> 16);
		h[3] = (unsigned char)(len >> 8);
		h[4] = (unsigned char)(len & 0xff);
		hl = 5;
	} else {
		d->overflow = true;
		return;
	}
	der_put(d, h, hl);
}

static void
der_put_item(struct der_buf *d, unsigned char tag, const void *p, size_t len)
{
	der_put_header(d, tag, len);
	der_put(d, p, len);
}

/*
 * The SAN extension (RFC 5280 4.2.1.6 GeneralNames) encoded here and set
 * verbatim, bypassing the IDNA mapping of set_subject_alt_name().
 */
static int
sans_set_verbatim(
    gnutls_x509_crt_t crt, const struct pki_spec *spec, char *why, size_t whysz)
{
	struct der_buf body = {NULL, 0, 0, false}, ext = {NULL, 0, 0, false};
	unsigned char  tag;
	size_t	       i, need = 0;
	int	       rc = -1;

	/* Each entry: a tag, at most 4 length bytes and the data. */
	for (i = 0; i < spec->nsans && need <= PKI_SAN_DER_MAX; i++)
		need += 5 + spec->sans[i].len;
	if (need > PKI_SAN_DER_MAX) {
		snprintf(why, whysz, "SAN extension too large");
		return -1;
	}
	body.cap = need;
	ext.cap = need + 5;
	body.b = malloc(body.cap > 0 ? body.cap : 1);
	ext.b = malloc(ext.cap);
	if (body.b == NULL || ext.b == NULL) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	for (i = 0; i < spec->nsans; i++) {
		/* dNSName is [2] IA5String, iPAddress is [7] OCTET STRING */
		tag = spec->sans[i].type == PKI_SAN_IP ? 0x87 : 0x82;
		der_put_item(&body, tag, spec->sans[i].data, spec->sans[i].len);
	}
	if (!body.overflow)
		der_put_item(&ext, 0x30, body.b, body.n);
	if (body.overflow || ext.overflow) {
		snprintf(why, whysz, "SAN extension too large");
		goto out;
	}
	rc = gnutls_x509_crt_set_extension_by_oid(
	    crt, GNUTLS_X509EXT_OID_SAN, ext.b, ext.n, 0);
	if (rc < 0) {
		rc = fail(why, whysz, "set SAN extension", rc);
		goto out;
	}
	rc = 0;
out:
	free(ext.b);
	free(body.b);
	return rc;
}

/*
 * The SANs through GnuTLS, in order. Printable ASCII such as
 * "*.example.test" passes gnutls_idna_map() unchanged (3.7.9); other
 * names come out as IDNA A-labels.
 */
static int
sans_set(
    gnutls_x509_crt_t crt, const struct pki_spec *spec, char *why, size_t whysz)
{
	const struct pki_san *san;
	size_t		      i;
	int		      rc;

	if (spec->sans_verbatim)
		return sans_set_verbatim(crt, spec, why, whysz);
	for (i = 0; i < spec->nsans; i++) {
		san = &spec->sans[i];
		rc = gnutls_x509_crt_set_subject_alt_name(crt,
		    san->type == PKI_SAN_IP ? GNUTLS_SAN_IPADDRESS :
					      GNUTLS_SAN_DNSNAME,
		    san->data, (unsigned int)san->len,
		    i == 0 ? GNUTLS_FSAN_SET : GNUTLS_FSAN_APPEND);
		if (rc < 0)
			return fail(why, whysz,
			    san->type == PKI_SAN_IP ? "set IP SAN" :
						      "set DNS SAN",
			    rc);
	}
	return 0;
}

/* RFC 5280 4.1.2.2: a positive serial of at most 20 octets. */
static int
serial_set(gnutls_x509_crt_t crt, char *why, size_t whysz)
{
	unsigned char serial[SERIAL_LEN];
	int	      rc;

	rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial));
	if (rc < 0)
		return fail(why, whysz, "gnutls_rnd", rc);
	serial[0] = (unsigned char)((serial[0] & 0x7f) | 0x40);
	rc = gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
	if (rc < 0)
		return fail(why, whysz, "set_serial", rc);
	return 0;
}

/* Subject (O, then CN, each if given) and validity. */
static int
subject_set(
    gnutls_x509_crt_t crt, const struct pki_spec *spec, char *why, size_t whysz)
{
	size_t cn_len;
	int    rc;

	/* DER order O, CN: printed as "CN=...,O=..." (RFC 4514 2.1) */
	if (spec->org != NULL) {
		rc = gnutls_x509_crt_set_dn_by_oid(crt,
		    GNUTLS_OID_X520_ORGANIZATION_NAME, 0, spec->org,
		    (unsigned int)strlen(spec->org));
		if (rc < 0)
			return fail(why, whysz, "set O", rc);
	}
	if (spec->cn != NULL) {
		cn_len = spec->cn_len != 0 ? spec->cn_len : strlen(spec->cn);
		rc = gnutls_x509_crt_set_dn_by_oid(crt,
		    GNUTLS_OID_X520_COMMON_NAME, 0, spec->cn,
		    (unsigned int)cn_len);
		if (rc < 0)
			return fail(why, whysz, "set CN", rc);
	}
	rc = gnutls_x509_crt_set_activation_time(crt, spec->not_before);
	if (rc < 0)
		return fail(why, whysz, "set_activation_time", rc);
	rc = gnutls_x509_crt_set_expiration_time(crt, spec->not_after);
	if (rc < 0)
		return fail(why, whysz, "set_expiration_time", rc);
	return 0;
}

/* The extensions, in this order: the DER a client sees depends on it. */
static int
extensions_set(
    gnutls_x509_crt_t crt, const struct pki_spec *spec, char *why, size_t whysz)
{
	unsigned char kid[KEYID_MAX];
	size_t	      kidlen;
	int	      rc;

	rc = gnutls_x509_crt_set_basic_constraints(
	    crt, spec->is_ca ? 1 : 0, spec->is_ca ? spec->pathlen : -1);
	if (rc < 0)
		return fail(why, whysz, "set_basic_constraints", rc);
	rc = gnutls_x509_crt_set_key_usage(crt, spec->key_usage);
	if (rc < 0)
		return fail(why, whysz, "set_key_usage", rc);
	if (spec->server_auth) {
		rc = gnutls_x509_crt_set_key_purpose_oid(
		    crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
		if (rc < 0)
			return fail(why, whysz, "set_key_purpose_oid", rc);
	}
	kidlen = sizeof(kid);
	rc = gnutls_x509_crt_get_key_id(
	    crt, GNUTLS_KEYID_USE_SHA1, kid, &kidlen);
	if (rc < 0)
		return fail(why, whysz, "get_key_id", rc);
	rc = gnutls_x509_crt_set_subject_key_id(crt, kid, kidlen);
	if (rc < 0)
		return fail(why, whysz, "set_subject_key_id", rc);
	if (spec->nsans > 0)
		return sans_set(crt, spec, why, whysz);
	return 0;
}

int
pki_crt_new(gnutls_x509_crt_t *crt, const struct pki_spec *spec,
    gnutls_x509_privkey_t key, char *why, size_t whysz)
{
	int rc;

	*crt = NULL;
	rc = gnutls_x509_crt_init(crt);
	if (rc < 0) {
		*crt = NULL;
		return fail(why, whysz, "gnutls_x509_crt_init", rc);
	}
	rc = gnutls_x509_crt_set_version(*crt, 3);
	if (rc < 0)
		return fail(why, whysz, "set_version", rc);
	rc = gnutls_x509_crt_set_key(*crt, key);
	if (rc < 0)
		return fail(why, whysz, "set_key", rc);
	if (serial_set(*crt, why, whysz) == -1 ||
	    subject_set(*crt, spec, why, whysz) == -1)
		return -1;
	return extensions_set(*crt, spec, why, whysz);
}

int
pki_crt_sign(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    gnutls_x509_privkey_t issuer_key, gnutls_digest_algorithm_t dig, char *why,
    size_t whysz)
{
	unsigned char kid[KEYID_MAX];
	size_t	      kidlen;
	unsigned int  critical;
	int	      rc;

	kidlen = sizeof(kid);
	rc = gnutls_x509_crt_get_subject_key_id(
	    issuer, kid, &kidlen, &critical);
	if (rc < 0)
		return fail(why, whysz, "get_subject_key_id", rc);
	rc = gnutls_x509_crt_set_authority_key_id(crt, kid, kidlen);
	if (rc < 0)
		return fail(why, whysz, "set_authority_key_id", rc);
	rc = gnutls_x509_crt_sign2(crt, issuer, issuer_key, dig, 0);
	if (rc < 0)
		return fail(why, whysz, "gnutls_x509_crt_sign2", rc);
	return 0;
}

int
pki_cert_mint(struct pki_cert *out, const struct pki_spec *spec,
    enum pki_key_type type, unsigned int bits, const struct pki_cert *issuer,
    gnutls_digest_algorithm_t dig, char *why, size_t whysz)
{
	out->key = NULL;
	out->crt = NULL;
	if (pki_key_new(&out->key, type, bits, why, whysz) == -1 ||
	    pki_crt_new(&out->crt, spec, out->key, why, whysz) == -1)
		return -1;
	if (issuer == NULL)
		issuer = out;
	return pki_crt_sign(
	    out->crt, issuer->crt, issuer->key, dig, why, whysz);
}

void
pki_cert_release(struct pki_cert *c)
{
	if (c == NULL)
		return;
	if (c->crt != NULL)
		gnutls_x509_crt_deinit(c->crt);
	if (c->key != NULL)
		gnutls_x509_privkey_deinit(c->key);
	c->crt = NULL;
	c->key = NULL;
}

int
pki_same_subject_key(gnutls_x509_crt_t a, gnutls_x509_crt_t b, bool *same,
    char *why, size_t whysz)
{
	gnutls_datum_t dn_a = {NULL, 0}, dn_b = {NULL, 0};
	unsigned char  kid_a[KEYID_MAX], kid_b[KEYID_MAX];
	size_t	       len_a = sizeof(kid_a), len_b = sizeof(kid_b);
	int	       rc, ret = -1;

	*same = false;
	rc = gnutls_x509_crt_get_raw_dn(a, &dn_a);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_raw_dn(b, &dn_b);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_key_id(
		    a, GNUTLS_KEYID_USE_SHA256, kid_a, &len_a);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_key_id(
		    b, GNUTLS_KEYID_USE_SHA256, kid_b, &len_b);
	if (rc < 0) {
		fail(why, whysz, "compare subject and key", rc);
		goto out;
	}
	*same = dn_a.size == dn_b.size &&
	    memcmp(dn_a.data, dn_b.data, dn_a.size) == 0 && len_a == len_b &&
	    memcmp(kid_a, kid_b, len_a) == 0;
	ret = 0;
out:
	gnutls_free(dn_b.data);
	gnutls_free(dn_a.data);
	return ret;
}

/* Append one certificate as PEM to fp, named path in reasons. */
static int
pem_put(
    FILE *fp, const char *path, gnutls_x509_crt_t crt, char *why, size_t whysz)
{
	gnutls_datum_t pem;
	size_t	       n;
	int	       rc;

	rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem);
	if (rc < 0)
		return fail(why, whysz, "gnutls_x509_crt_export2", rc);
	n = fwrite(pem.data, 1, pem.size, fp);
	gnutls_free(pem.data);
	if (n != pem.size) {
		snprintf(why, whysz, "write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
pki_write_pem(const char *path, gnutls_x509_crt_t const *crts, size_t n,
    char *why, size_t whysz)
{
	FILE  *fp;
	size_t i;

	fp = fopen(path, "we");
	if (fp == NULL) {
		snprintf(why, whysz, "open '%s': %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (pem_put(fp, path, crts[i], why, whysz) == -1) {
			fclose(fp);
			return -1;
		}
	}
	if (fclose(fp) == EOF) {
		snprintf(why, whysz, "close '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
pki_export_der(
    gnutls_x509_crt_t crt, gnutls_datum_t *der, char *why, size_t whysz)
{
	int rc;

	der->data = NULL;
	der->size = 0;
	rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, der);
	if (rc < 0)
		return fail(why, whysz, "gnutls_x509_crt_export2", rc);
	return 0;
}
